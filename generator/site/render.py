"""Render one audience's site: the view of every declared page type, in registry order.

Nothing is written here: pages and files go to a ``sink`` (the build's docs writer) or are
kept in memory (tests). Every page must be at the address of a declared page type.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.figures.compute import compute
from generator.history.log import History
from generator.model.dataset import Dataset
from generator.pages import registry
from generator.pages.context import File, NavItem, Output, Page, PageType, RenderContext
from generator.pages.memo import RenderMemo
from generator.present.charts import ChartCache
from generator.present.photos import PhotoCache
from generator.present.templates import environment
from generator.rules.visibility import Audience, view

Sink = Callable[[str, bytes], None]


@dataclass
class SiteContent:
    audience: Audience
    pages: dict[str, str] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    files: dict[str, File] = field(default_factory=dict)  # docs path → file
    timings: dict[str, float] = field(default_factory=dict)  # seconds per page type

    # Where pages go as they are rendered: kept in ``pages`` when None; a build writes
    # them straight to disk instead, so that ten thousand pages are never all in memory.
    sink: Sink | None = field(default=None, repr=False)
    paths: list[str] = field(default_factory=list)  # every page, in the order rendered
    _seen: set[str] = field(default_factory=set, init=False, repr=False)

    def add(self, outputs: Iterable[Output], declared: list[PageType]) -> int:
        """Take a view's pages and files; return how many pages. A page outside every
        declared address, or a second page at one address, is a bug: raise."""
        count = 0
        for out in outputs:
            if out.path in self._seen:
                raise ValueError(f"two pages at {out.path}")
            self._seen.add(out.path)
            if isinstance(out, File):
                self.files[out.path] = out
                continue
            if registry.type_of(out.path, declared) is None:
                raise ValueError(f"a page at {out.path} matches no declared page type")
            count += 1
            self.paths.append(out.path)
            if self.sink is None:
                self.pages[out.path] = out.text
            else:
                self.sink(out.path, out.text.encode())
        return count


def render_site(full: Dataset, audience: Audience, chart_cache: Path | ChartCache | None = None,
                history: History | None = None,
                progress: Callable[[str], None] | None = None,
                sink: Sink | None = None,
                group: str | None = None,
                photo_cache: Path | None = None,
                memo: RenderMemo | None = None,
                inputs: str | None = None,
                prepared: Dataset | None = None) -> SiteContent:
    """Every page of one audience's site, rendered from that audience's view of the data.

    ``history`` (from ``history.log.read_history``) adds the changelog and last-change dates.
    ``progress`` hears of each page type as it is done; ``site.timings`` keeps the seconds.
    With ``sink``, each page goes there as it is rendered instead of into ``site.pages``.
    ``group`` renders only the page types of that process group (None: all of them); the
    nav is made with the group "main". ``chart_cache`` is the folder of a ``ChartCache``, or
    one to use as it is (tests pass one that keeps the SVGs, or draws none). ``photo_cache``
    keeps cleaned photos between builds. ``memo`` gives back the pages of the last build
    whose template inputs have not changed, and with ``inputs`` (``memo.files_digest`` of
    data/ and content/) whole views whose inputs have not changed. ``prepared`` is
    ``view(full, audience)`` when the caller made it already.
    """
    site = SiteContent(audience, sink=sink)
    ds = prepared if prepared is not None else view(full, audience)
    charts = chart_cache if isinstance(chart_cache, ChartCache) else ChartCache(chart_cache)
    # The public site takes permitted county totals from the complete data (figures.targets).
    whole = None if audience == "internal" else full
    ctx = RenderContext(ds=ds, audience=audience, env=environment(), full=full,
                        types=registry.BY_NAME, compute=lambda: compute(ds, whole),
                        charts=charts, photos=PhotoCache(photo_cache), history=history,
                        last_change=history.last_change if history else {}, memo=memo)
    declared = registry.for_audience(audience)
    chosen = [t for t in declared if group is None or t.group == group]
    clock = time.perf_counter()
    # A view reads the data files, the hand-written pages and the history; nothing else.
    reads = None
    if memo is not None and inputs is not None:
        reads = memo.key((inputs, history))
    for kind in chosen:
        if kind.view is None:
            continue  # rendered by the view of the type that names it in ``also``
        if memo is not None and reads is not None:
            pages = site.add(_remembered(memo, kind, ctx, reads), declared)
        else:
            pages = site.add(kind.view(ctx), declared)
        clock = _done(site, progress, kind.name, kind.label, pages, clock)
    if group in (None, "main"):
        site.nav = registry.navigation(ctx)
    site.timings["compute"] = ctx.compute_seconds  # part of the first view's time
    return site


def _remembered(memo: RenderMemo, kind: PageType, ctx: RenderContext,
                reads: str) -> Iterator[Output]:
    """The view's outputs as the last build wrote them, if it read the same; else the
    view's own, remembered for the next build."""
    key = memo.key((kind.name, ctx.audience, reads))
    known = memo.recall_view(kind.name, key)
    if known is not None:
        for path, text in known:
            yield Page(path, text) if text is not None else File(path, source=memo.docs / path)
        return
    outputs: list[tuple[str, bool]] = []
    for out in kind.view(ctx):  # type: ignore[misc]
        outputs.append((out.path, isinstance(out, Page)))
        yield out
    memo.remember_view(kind.name, key, outputs)


def _done(site: SiteContent, progress: Callable[[str], None] | None, step: str, label: str,
          pages: int, clock: float) -> float:
    now = time.perf_counter()
    site.timings[step] = now - clock
    if progress is not None:
        progress(f"      {site.audience}: {label} {pages} 页 ({site.timings[step]:.1f}s)")
    return now
