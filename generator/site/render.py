"""Assemble one audience's site: which page modules run, in what order, and the nav."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.figures.compute import compute
from generator.history.log import History
from generator.model.dataset import Dataset
from generator.pages.context import NavItem, Page, RenderContext, make_environment
from generator.rules.visibility import Audience, view
from generator.pages import (
    bulletins,
    changelog,
    content,
    disclosure,
    home,
    indexes,
    opendata,
    plans,
    project,
    rankings,
)
from generator.pages import progress as progress_pages
from generator.pages.indexes import DIMENSIONS, overview_path

# A site is rendered whole ("all") or in two parts that can run side by side: the monthly
# bulletins (a third of the intranet's rendering at 10⁴ projects) and everything else.
Part = Literal["all", "main", "bulletins"]


@dataclass
class SiteContent:
    audience: Audience
    pages: dict[str, str] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    assets: dict[str, Path] = field(default_factory=dict)  # docs path → source file
    generated_assets: dict[str, bytes] = field(default_factory=dict)  # docs path → bytes
    timings: dict[str, float] = field(default_factory=dict)  # seconds per group of pages

    # Where pages go as they are rendered: kept in ``pages`` when None; a build writes
    # them straight to disk instead, so that ten thousand pages are never all in memory.
    sink: Callable[[str, str], None] | None = field(default=None, repr=False)
    paths: list[str] = field(default_factory=list)  # every page, in the order rendered
    _seen: set[str] = field(default_factory=set, init=False, repr=False)

    def add(self, pages: Iterable[Page]) -> None:
        for page in pages:
            if page.path in self._seen:
                raise ValueError(f"two pages at {page.path}")
            self._seen.add(page.path)
            self.paths.append(page.path)
            if self.sink is None:
                self.pages[page.path] = page.text
            else:
                self.sink(page.path, page.text)


def render_site(full: Dataset, audience: Audience, chart_cache: Path | None = None,
                history: History | None = None,
                progress: Callable[[str], None] | None = None,
                sink: Callable[[str, str], None] | None = None,
                part: Part = "all") -> SiteContent:
    """Every page of one audience's site, rendered from that audience's view of the data.

    ``history`` (from ``history.read_history``) adds the changelog and last-change dates.
    ``progress`` hears of each group of pages as it is done; ``site.timings`` keeps the
    seconds each took. With ``sink``, each page goes there as it is rendered instead of
    into ``site.pages``. ``part`` renders only the bulletins, or all but them (with the nav
    and assets).
    """
    site = SiteContent(audience, sink=sink)
    clock = time.perf_counter()

    def done(step: str, label: str, pages: int | None = None) -> None:
        nonlocal clock
        now = time.perf_counter()
        site.timings[step] = now - clock
        clock = now
        if progress is not None:
            count = f" {pages} 页" if pages is not None else ""
            progress(f"      {audience}: {label}{count} ({site.timings[step]:.1f}s)")

    ds = view(full, audience)
    ctx = RenderContext(ds=ds, audience=audience, env=make_environment(), full=full,
                        compute=lambda: compute(ds, chart_cache),
                        last_change=history.last_change if history else {})
    if part != "bulletins":
        ctx.computed  # noqa: B018  computed first, so that its time is reported apart
        done("compute", "计算指标")
    steps: list[tuple[str, str, Callable[[], Iterable[Page]]]] = [
        ("home", "首页", lambda: home.pages(ctx)),
        ("projects", "项目页", lambda: project.pages(ctx)),
        ("indexes", "分类索引", lambda: indexes.pages(ctx)),
        ("progress", "进度与目标", lambda: progress_pages.pages(ctx)),
        ("plans", "行动方案", lambda: plans.pages(ctx)),
        ("disclosure", "信息公开", lambda: disclosure.pages(ctx)),
        ("changelog", "更新记录", lambda: changelog.pages(ctx, history)),
    ]
    generators = [("bulletins", "月度通报", bulletins.render),
                  ("opendata", "开放数据", opendata.render)]
    if part == "bulletins":
        steps, generators = [], generators[:1]
    elif part == "main":
        generators = generators[1:]
    for step, label, pages in steps:
        before = len(site.paths)
        site.add(pages())
        done(step, label, len(site.paths) - before)
    for step, label, generate in generators:
        generated = generate(ctx)
        site.add(generated.pages)
        site.generated_assets.update(generated.files)
        done(step, label, len(generated.pages))
    if part == "bulletins":
        return site
    site.add(rankings.pages(ctx))
    handwritten = content.pages(ctx)
    site.add(handwritten.pages)
    site.assets.update(content.assets(ctx))
    site.nav = navigation(ctx, handwritten.nav)
    done("other", "排名与说明页")
    return site


def navigation(ctx: RenderContext, handwritten: list[NavItem]) -> list[NavItem]:
    progress_nav: list[NavItem] = [{"攻坚目标": progress_pages.TARGETS_INDEX}]
    if ctx.internal:
        progress_nav += [{"滞后项目": progress_pages.LAGGING_INDEX},
                         {"信息公开情况": disclosure.DISCLOSURE_INDEX}]
    audience_nav: list[NavItem] = [{"开放数据": opendata.OPENDATA_INDEX}]
    if ctx.internal:
        audience_nav = [{"排名": [{"赛马排名": rankings.RANKINGS_INDEX},
                                  {"分包领导": rankings.LEADERS_INDEX},
                                  {"工作专班": rankings.TASKFORCES_INDEX}]}]
    return [
        {"首页": "index.md"},
        {"项目": [{d.title: overview_path(d)} for d in DIMENSIONS]},
        {"进度": progress_nav},
        {"行动方案": [{"落实情况": plans.PLANS_INDEX}, {"责任单位": plans.UNITS_INDEX}]},
        {"月度通报": bulletins.BULLETINS_INDEX},
        *audience_nav,
        *handwritten,
        {"数据更新记录": changelog.CHANGELOG_INDEX},
    ]
