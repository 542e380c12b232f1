"""Build both sites: check → compute → render → write Markdown → MkDocs → swap into place.

Each site's Markdown goes to a work directory that persists between builds, and a page is
rewritten only when its bytes change. MkDocs then builds into a temporary directory; the
published directory is replaced only when that succeeds, so a failed build leaves the last
good site untouched.

Speed (bench/README.md has the numbers): each site renders, writes its Markdown and runs
MkDocs in its own process, so the two sites use both cores from the start. The MkDocs
config of mode "fast" (the default) loads ``generator/mkdocs_hooks.py``: project pages skip
Python-Markdown, are indexed for search by their opening facts only, and pages outside the
nav are kept in a cache keyed by their source and everything else that shapes them, so a
rebuild after one project changed runs MkDocs' theme and search only for what changed.
Mode "plain" is stock MkDocs with the same nav; "naive" puts every page in the nav, as a
first version would, and exists for the benchmark.

Each fast path (the hooks, fastmd, the Word writer, the YAML reader) was verified against
certain package versions (``generator.model.verified``). With another version installed the
build says so once and takes that piece's stock path: "fast" becomes "plain" for the hooks,
Python-Markdown stands in for fastmd, python-docx for the Word writer, ``parse_yaml`` for
the YAML reader.
"""

from __future__ import annotations

import gc
import hashlib
import html
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any, Literal

import yaml

from generator.rules.check import check
from generator.model.findings import DataErrors
from generator.model.dataset import Dataset
from generator.model.verified import VERIFIED, installed_version, use_fast_path
from generator.pages.memo import RenderMemo, code_digest, files_digest
from generator.site.render import SiteContent
from generator.site.warm_engine import WarmEngine
from generator.rules.visibility import Audience


ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "site_templates" / "assets"
OVERRIDES = ROOT / "site_templates" / "overrides"
BASE_CONFIG = ROOT / "mkdocs.yml"
CONTENT = ROOT / "content"  # hand-written pages (generator.pages.content reads them)
HOOKS = Path(__file__).resolve().parent / "mkdocs_hooks.py"
PROGRESS_MARK = "zd-progress "  # mkdocs_hooks.py prints this before "done/total"
STAMP = "published.stamp"  # in a site's work folder: what its published copy was built from
Mode = Literal["fast", "plain", "naive"]
MODES: tuple[Mode, ...] = ("fast", "plain", "naive")
# Generated pages are indexed for search by their title and opening text, cut to this many
# characters; hand-written pages (content/) by Material, section by section.
SLIM_TEXT_CHARS = 300
AUDIENCES: tuple[Audience, ...] = ("public", "internal")
SITE_NAMES = {"public": "{region}重点项目信息公开", "internal": "{region}重点项目调度平台(内部)"}

Progress = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class SiteReport:
    audience: Audience
    pages: int
    project_pages: int
    written: int  # pages whose Markdown changed
    seconds: float  # MkDocs
    render_seconds: float = 0.0  # rendering and writing the pages (its longest part), before MkDocs
    metrics_seconds: float = 0.0  # of which computing the numbers (generator.compute)
    cache: dict[str, int] = field(default_factory=dict)  # pages hit/fast/markdown in MkDocs
    zip_seconds: float = 0.0  # writing internal.zip
    files: int = 0  # other files of the docs folder: assets, photos, downloads
    files_written: int = 0  # of which changed
    recalled: int = 0  # pages not rendered again: their inputs had not changed
    removed: int = 0  # docs no page or asset asked for any more, deleted
    unchanged: bool = False  # nothing changed since the last build: MkDocs did not run


@dataclass
class BuildReport:
    counts: dict[str, int]
    sites: dict[str, SiteReport] = field(default_factory=dict)
    warnings: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # check, sites, zip, total

    def lines(self) -> list[str]:
        out = [
            "读取 (read): " + ", ".join(f"{k} {v}" for k, v in self.counts.items()),
        ]
        for site in self.sites.values():
            out.append(
                f"{site.audience}: {site.pages} pages ({site.project_pages} project pages), "
                f"{site.written} rewritten, mkdocs {site.seconds:.1f}s"
            )
        return out


def build_sites(
    data: Path,
    out: Path,
    *,
    audiences: tuple[Audience, ...] = AUDIENCES,
    progress: Progress = _stderr,
    zip_internal: bool = True,
    mode: Mode = "fast",
    verify: bool = False,
    engine: WarmEngine | None = None,
) -> BuildReport:
    """Build the sites from ``data`` into ``out/<audience>``; raise DataErrors on bad data.

    ``verify`` makes the fast Markdown path check itself against Python-Markdown. With
    ``engine`` (``make serve``'s, made by ``warm_engine()``) MkDocs runs in that loaded
    process instead of starting afresh.
    """
    if mode not in MODES:
        raise ValueError(f"mode: expected one of {MODES}, got {mode!r}")
    started = time.perf_counter()
    # Decided here, before the site processes fork, so each notice is logged once.
    mode, fast_markdown = mkdocs_paths(mode, progress)
    for piece in ("yaml", "docx", "xlsx"):
        use_fast_path(piece, progress)
    progress(f"[1/2] 校验数据 {data} …")
    dataset, findings = check(data, cache=out / ".work" / "parse")
    if dataset is None:
        raise DataErrors(findings)
    report = BuildReport(counts=dataset.count_summary(), warnings=len(findings))
    report.timings["check"] = time.perf_counter() - started
    building = [out / f".building-{audience}" for audience in audiences]
    building.append(out / ".building-internal.zip")
    for path in building:
        _remove(path)  # left by a build that was killed
    # Each site's stamp says what its published copy was built from; it is taken away now
    # and written back only once the new site is in place.
    stamps = {audience: _take(out / ".work" / audience / STAMP) for audience in audiences}
    job = _SiteJob(dataset, data, out, mode, verify, progress,
                   zip_internal and "internal" in audiences, fast_markdown, render_salt(),
                   stamps, files_digest([data, CONTENT]), engine=engine)
    progress(f"[2/2] 计算指标, 生成页面并用 MkDocs 构建 {', '.join(audiences)} (并行) …")
    began = time.perf_counter()
    try:
        results = _run_parallel(job, audiences)
    except BaseException:
        for path in building:
            _remove(path)
        raise
    report.timings["sites"] = time.perf_counter() - began
    for audience in audiences:
        report.sites[audience] = results[audience]
        if not results[audience].unchanged:
            publish(out / f".building-{audience}", out / audience)
    if job.zip_internal and job.zip_path.exists():  # written while the other site finished
        job.zip_path.replace(out / "internal.zip")
        report.timings["zip"] = results["internal"].zip_seconds
    elif "internal" in audiences and not results["internal"].unchanged:
        # Not zipped (make serve): the old zip is of the old site. Gone, the next build that
        # zips makes it again, even when it keeps the site as it is.
        _remove(out / "internal.zip")
    for audience in audiences:
        _write_if_changed(out / ".work" / audience / STAMP, job.stamp(audience))
    report.timings["total"] = time.perf_counter() - started
    progress(f"完成, 用时 {report.timings['total']:.1f}s")
    return report


def render_salt() -> bytes:
    """What every page's rendering depends on besides its inputs: our code and templates,
    and the libraries that turn a template into text."""
    versions = [f"{name} {installed_version(name)}" for name in ("Jinja2", "MarkupSafe",
                                                                 "pydantic", "pandas")]
    versions += [f"{name} {installed_version(name)}" for piece in VERIFIED.values()
                 for name in piece]
    return code_digest([ROOT / "generator", ROOT / "site_templates"], sorted(set(versions)))


def mkdocs_paths(mode: Mode, progress: Progress = _stderr) -> tuple[Mode, bool]:
    """The MkDocs mode to build with, and whether fastmd may stand in for Python-Markdown.

    Mode "fast" needs the MkDocs, Material, Jinja2 and jieba the hooks were verified
    against, else it is "plain" (stock MkDocs); fastmd needs the MkDocs, Markdown and
    pymdown-extensions it was verified against, else the hooks let MkDocs convert every
    page. A piece not verified against what is installed says so in ``progress``.
    """
    if mode != "fast":
        return mode, False
    if not use_fast_path("mkdocs-hooks", progress):
        return "plain", False
    return mode, use_fast_path("markdown", progress)


# Sites whose process groups (``PageType.group``) render side by side: the intranet's
# bulletins are a third of its rendering at 10⁴ projects, so both cores stay busy to the end.
# The public site is smaller and renders in one process.
SPLIT: frozenset[Audience] = frozenset({"internal"})
ALL = None  # the part that renders every group


def parts(audience: Audience) -> list[str | None]:
    """The parts of a site that render in processes of their own: its groups, or all."""
    from generator.pages import registry

    return list(registry.groups(audience)) if audience in SPLIT else [ALL]


@dataclass
class Rendered:
    """What rendering one part of a site hands back to the build."""

    audience: Audience
    pages: int
    project_pages: int
    written: int  # pages rewritten
    files: int  # files that are not pages
    files_written: int
    wanted: set[str]  # docs paths the part wrote or found unchanged
    seconds: float
    metrics_seconds: float
    config: Path | None  # the site's MkDocs config, from the part that has the nav
    recalled: int = 0  # pages whose inputs had not changed: taken from the last build


@dataclass
class _SiteJob:
    dataset: Dataset
    data: Path
    out: Path
    mode: Mode
    verify: bool
    progress: Progress
    zip_internal: bool
    fast_markdown: bool = True
    salt: bytes = b""  # code_digest of the package and templates; empty: no render memo
    stamps: dict[Audience, str | None] = field(default_factory=dict)  # of the last build
    inputs: str = ""  # files_digest of data/ and content/: what the views read
    views: dict[Audience, Dataset] = field(default_factory=dict)  # made before the fork
    engine: WarmEngine | None = None  # a loaded MkDocs (make serve), else one started per site

    def stamp(self, audience: Audience) -> str:
        """What a site's MkDocs output follows besides its docs folder: the config and the
        hooks' settings (both in its work folder), the mkdocs.yml it inherits, our code and
        templates, the mode."""
        work = self.out / ".work" / audience
        digest = hashlib.blake2b(self.salt, digest_size=20)
        for path in (work / "mkdocs.yml", work / "zd-build.json", BASE_CONFIG):
            digest.update(path.name.encode() + b"\0"
                          + (path.read_bytes() if path.exists() else b""))
        digest.update(f"{self.mode} {self.verify} {self.fast_markdown}".encode())
        return digest.hexdigest() + "\n"

    def unchanged(self, site: SiteReport) -> bool:
        """Whether the published site is what MkDocs would build now: no page or file of
        its docs changed, appeared or went, and it was built from the same config and code."""
        if site.written or site.files_written or site.removed or not self.salt:
            return False
        published = self.out / site.audience
        return published.is_dir() and self.stamps.get(site.audience) == self.stamp(site.audience)

    @property
    def zip_path(self) -> Path:
        return self.out / ".building-internal.zip"

    def render(self, audience: Audience, part: str | None) -> Rendered:
        """Render one part of a site straight into its docs folder."""
        # pandas and altair load slowly: imported here to keep `check` fast
        from generator.history.log import read_history
        from generator.site.render import render_site

        work = self.out / ".work"
        began = time.perf_counter()
        writer = DocsWriter(work / audience / "docs")
        history = read_history(self.data, audience, cache=work / "history")
        memo = RenderMemo(work / audience / f"memo-{part or 'all'}.json", writer.docs,
                          self.salt) if self.salt else None
        content = render_site(self.dataset, audience, chart_cache=work / "charts",
                                    history=history, progress=self.progress,
                                    sink=writer.put, group=part,
                                    photo_cache=work / "photos", memo=memo,
                                    inputs=self.inputs or None,
                                    prepared=self.views.get(audience))
        writer.finish(content)
        if memo is not None:
            memo.save()
        config = None
        if part in (ALL, "main"):  # the part that has the nav writes the config
            config = write_config(self.dataset.config.region, audience, content, writer.docs,
                                  self.out / f".building-{audience}", work / audience,
                                  mode=self.mode, verify=self.verify,
                                  fast_markdown=self.fast_markdown)
        return Rendered(audience, len(content.paths),
                        sum(p.startswith("projects/") for p in content.paths), writer.written,
                        len(content.files), writer.files_written,
                        {p.relative_to(writer.docs).as_posix() for p in writer.wanted},
                        time.perf_counter() - began, content.timings.get("compute", 0.0), config,
                        memo.hits if memo is not None else 0)

    def assemble(self, audience: Audience, parts: list[Rendered]) -> tuple[SiteReport, Path]:
        """Once every part of a site is written: drop stale docs, sum up, find the config."""
        docs = self.out / ".work" / audience / "docs"
        removed = remove_stale(docs, {docs / rel for part in parts for rel in part.wanted})
        config = next(part.config for part in parts if part.config is not None)
        site = SiteReport(audience, sum(p.pages for p in parts),
                          sum(p.project_pages for p in parts), sum(p.written for p in parts),
                          0.0, render_seconds=max(p.seconds for p in parts),
                          metrics_seconds=sum(p.metrics_seconds for p in parts),
                          files=sum(p.files for p in parts),
                          files_written=sum(p.files_written for p in parts),
                          recalled=sum(p.recalled for p in parts), removed=removed)
        # Pages and other files are counted apart: "191 页, 其中 207 页有变化" counted both.
        self.progress(f"      {audience}: {site.pages} 页 (其中 {site.written} 页有变化, "
                      f"{site.recalled} 页输入未变、未重新生成), "
                      f"{site.files} 个其他文件 (其中 {site.files_written} 个有变化); MkDocs …")
        return site, config

    def mkdocs(self, site: SiteReport, config: Path) -> SiteReport:
        if self.unchanged(site):
            return self.kept(site)
        seconds = run_mkdocs({site.audience: config}, self.dataset.config.report_date.end(),
                             self.progress, self.engine)
        site.seconds = seconds[site.audience]
        return self.built(site, config)

    def kept(self, site: SiteReport) -> SiteReport:
        """The published site stays: MkDocs would build the same bytes."""
        site.unchanged = True
        self.progress(f"      {site.audience}: 与上次构建相同, 保留已发布的站点 (MkDocs 未运行)")
        if (site.audience == "internal" and self.zip_internal
                and not (self.out / "internal.zip").exists()):
            write_zip(self.out / "internal", self.zip_path, self.dataset.config.report_date.end())
        return site

    def built(self, site: SiteReport, config: Path) -> SiteReport:
        """After MkDocs: read what the page cache served; zip the intranet for offline use."""
        stats = config.parent / "zd-build-stats.json"
        if self.mode == "fast" and stats.is_file():
            site.cache = json.loads(stats.read_text("utf-8"))
        if site.audience == "internal" and self.zip_internal:
            self.progress("      internal: 打包离线内部站点 internal.zip …")
            began = time.perf_counter()
            write_zip(self.out / ".building-internal", self.zip_path,
                      self.dataset.config.report_date.end())
            site.zip_seconds = time.perf_counter() - began
        return site


def _run_parallel(job: _SiteJob, audiences: tuple[Audience, ...],
                  forking: bool = True) -> dict[str, SiteReport]:
    """Each part of each site is rendered in a forked child (no copy of the data set is
    pickled); a site's MkDocs starts as soon as all its parts are written, while other
    parts may still be rendering. This process renders nothing itself, so that it stays
    safe to fork; where forking is unsafe (below), the parts are rendered here in turn."""
    jobs = [(audience, part) for audience in audiences for part in parts(audience)]
    if len(jobs) < 2 or not forking or not _fork_is_safe():
        rendered = [job.render(audience, part) for audience, part in jobs]
        sites = [job.assemble(a, [r for r in rendered if r.audience == a]) for a in audiences]
        kept = {site.audience: job.kept(site) for site, _ in sites if job.unchanged(site)}
        sites = [(site, config) for site, config in sites if site.audience not in kept]
        seconds = run_mkdocs({site.audience: config for site, config in sites},
                             job.dataset.config.report_date.end(), job.progress, job.engine)
        for site, _ in sites:
            site.seconds = seconds[site.audience]
        return kept | {site.audience: job.built(site, config) for site, config in sites}
    _preload()
    _prepare(job, audiences)
    if not _fork_is_safe():  # an import started threads a fork would not carry over
        return _run_parallel(job, audiences, forking=False)
    context = multiprocessing.get_context("fork")
    # The data set is read-only from here: keep it out of the children's garbage collections,
    # which would walk (and, by touching, copy) every object of it again and again.
    gc.freeze()
    children: dict[Audience, list[tuple[Any, Any]]] = {audience: [] for audience in audiences}
    for audience, part in jobs:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(job, audience, part, send), daemon=False)
        child.start()
        send.close()
        children[audience].append((child, receive))
    results: dict[str, SiteReport] = {}
    errors: list[BaseException] = []

    def finish(audience: Audience) -> None:
        parts: list[Rendered] = []
        for child, receive in children[audience]:
            try:
                status, value = receive.recv()
            except EOFError:
                status, value = "error", RuntimeError(f"{audience}: build process died")
            child.join()
            if status != "ok":
                errors.append(value)
                return
            parts.append(value)
        try:
            results[audience] = job.mkdocs(*job.assemble(audience, parts))
        except BaseException as exc:
            errors.append(exc)

    gc.unfreeze()
    threads = [threading.Thread(target=finish, args=(audience,)) for audience in audiences]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def _preload() -> None:
    """Load once, before the render processes fork, what each of them needs: pandas,
    Altair, pypinyin's dictionaries, the compiled templates. Each would otherwise load them
    itself (a second or more apiece on this machine's two cores) and keep its own copy."""
    import pypinyin  # noqa: F401  its dictionaries load on import

    from generator.history.log import read_history  # noqa: F401
    from generator.present.templates import environment
    from generator.site.render import render_site  # noqa: F401

    env = environment()
    for name in env.list_templates():
        env.get_template(name)


def _prepare(job: _SiteJob, audiences: tuple[Audience, ...]) -> None:
    """Each site's view of the data and its records table, made once before the render
    processes fork: the intranet's two processes would each make their own, and each
    process's copy would be its own memory rather than pages shared with this one."""
    from generator.figures.records import shared_records_frame
    from generator.rules.visibility import view

    for audience in audiences:
        job.views[audience] = view(job.dataset, audience)
        shared_records_frame(job.views[audience])


def _fork_is_safe() -> bool:
    """False once vl-convert has run in this process (a test session, say): its V8 and
    tokio threads do not survive a fork, and a forked child that renders a chart hangs."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return False
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/comm", encoding="utf-8") as f:
                name = f.read()
        except OSError:
            continue
        if name.startswith(("tokio", "V8 ")):
            return False
    return True


def _child(job: _SiteJob, audience: Audience, part: str | None, send: Any) -> None:
    if audience == "public":
        os.nice(5)  # the intranet's parts and MkDocs are the longer road: they go first
    try:
        result: tuple[str, Any] = ("ok", job.render(audience, part))
    except BaseException as exc:
        import traceback

        text = "".join(traceback.format_exception(exc))
        result = ("error", exc if _picklable(exc) else RuntimeError(text))
    send.send(result)
    send.close()


def _picklable(value: object) -> bool:
    import pickle

    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


class DocsWriter:
    """A site's docs folder, written as pages arrive: a file is touched only when its bytes
    change (MkDocs' page cache and file times stay valid), and whatever no page or asset
    asked for is removed at the end."""

    def __init__(self, docs: Path) -> None:
        self.docs = docs
        self.wanted: set[Path] = set()
        self.written = 0  # pages (.md) rewritten
        self.files_written = 0  # other files rewritten
        self._folders: set[Path] = set()

    def put(self, rel: str, data: bytes) -> None:
        path = self.docs / rel
        self.wanted.add(path)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return
        except FileNotFoundError:
            pass
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        if rel.endswith(".md"):
            self.written += 1
        else:
            self.files_written += 1

    def finish(self, content: SiteContent) -> None:
        """Write the pages still in memory and the files."""
        for rel, text in content.pages.items():
            self.put(rel, text.encode())
        for rel, file in content.files.items():
            data = file.data if file.data is not None else file.source.read_bytes()  # type: ignore[union-attr]
            self.put(rel, data)


def remove_stale(docs: Path, wanted: set[Path]) -> int:
    """Delete what no page or asset of this build asked for, and emptied folders; return
    how many files went."""
    removed = 0
    if docs.exists():
        for path in sorted(docs.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return removed


def write_config(region: str, audience: Audience, content: SiteContent, docs: Path,
                 site_dir: Path, work: Path, *, mode: Mode = "fast", verify: bool = False,
                 fast_markdown: bool = True) -> Path:
    from generator.pages import registry
    from generator.pages.content import handwritten

    plugins: list[object] = [{"search": {"lang": "zh", "separator": r"[\s\u200b\-]+"}}]
    if audience == "internal":
        plugins.append("offline")  # search and navigation from file:// without a server
    config = {
        "INHERIT": str(BASE_CONFIG),
        # Material prints site_name unescaped (<title>, header); check refuses markup in
        # the region, and this keeps a value that slipped through inert all the same.
        "site_name": html.escape(SITE_NAMES[audience].format(region=region)),
        "docs_dir": str(docs.resolve()),
        "site_dir": str(site_dir.resolve()),
        "theme": {"custom_dir": str(OVERRIDES)},
        "nav": content.nav,
        "not_in_nav": "\n".join(registry.not_in_nav(audience)) + "\n",
        "plugins": plugins,
        "extra": {"internal": audience == "internal", "region": region,
                  "generator": False},
    }
    if audience == "internal":
        # Material's offline plugin otherwise loads this shim from unpkg.com at run time.
        config["extra"]["polyfills"] = ["assets/vendor/iframe-worker/shim.js"]
        # Sorting and filtering of long tables (the problem ledger), our own and offline.
        config["extra_javascript"] = ["assets/zd-tables.js"]
    if mode == "naive":  # every page in the nav, the way a first version would do it
        del config["nav"]
        config["not_in_nav"] = ""
    settings = work / "zd-build.json"
    if mode == "fast":
        config["hooks"] = [str(HOOKS)]
        _write_if_changed(settings, json.dumps({
            "cache": str((work / "page-cache").resolve()),
            "fast_markdown": fast_markdown,
            "slim_search": True,
            "full_search": handwritten(),
            "slim_text_chars": SLIM_TEXT_CHARS,
            "utf8_index": True,
            "verify": verify,
        }, indent=1, sort_keys=True) + "\n")
    else:
        settings.unlink(missing_ok=True)
        shutil.rmtree(work / "page-cache", ignore_errors=True)
    path = work / "mkdocs.yml"
    _write_if_changed(path, yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return path


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


# The engine that reads each site's mkdocs.yml: ProperDocs, the maintained continuation of
# MkDocs 1.6 (no MkDocs release since 2024-08). It runs Material and the hooks unchanged
# (their ``mkdocs.*`` imports resolve to it); "mkdocs" would write the same pages but for
# the generator meta tag, which names the engine.
ENGINE = "properdocs"


def engine_env() -> dict[str, str]:
    """The environment every MkDocs run gets, whether started afresh or warm."""
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    # Material's end-of-life notice is for site authors, not for a county's build logs. It
    # prints only when run as `mkdocs`, so ProperDocs never shows it; this switch, the one
    # Material names for it, keeps it out under ENGINE = "mkdocs" too.
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def warm_engine() -> WarmEngine:
    """The site engine loaded once, to build site after site (``make serve``)."""
    return WarmEngine(ENGINE, ROOT, engine_env())


def run_mkdocs(configs: dict[Audience, Path], report_day: object,
               progress: Progress = _stderr,
               engine: WarmEngine | None = None) -> dict[Audience, float]:
    """Run one ``properdocs build`` (``ENGINE``) per site, in parallel (one after the other
    in a warm ``engine``); raise if any fails.

    The hooks print a progress line now and then (``PROGRESS_MARK``); those are passed on
    as they come, everything else MkDocs says is kept for the error message or printed.
    """
    dated = {"SOURCE_DATE_EPOCH": str(_epoch(report_day))}  # sitemap dates from the data
    env = engine_env() | dated
    seconds: dict[Audience, float] = {}
    outputs: dict[Audience, list[str]] = {}
    codes: dict[Audience, int] = {}

    def run(audience: Audience, config: Path) -> None:
        began = time.perf_counter()
        lines = outputs.setdefault(audience, [])

        def heard(line: str) -> None:
            if line.startswith(PROGRESS_MARK):
                progress(f"      {audience}: MkDocs {line[len(PROGRESS_MARK):].strip()} 页")
            else:
                lines.append(line)

        if engine is not None:
            try:
                codes[audience] = engine.build(config, dated, heard)
            except RuntimeError as exc:  # the engine process ended; the next build starts one
                lines.append(f"{exc}\n")
                codes[audience] = 1
        else:
            proc = subprocess.Popen(
                [sys.executable, "-m", ENGINE, "build", "-q", "-f", str(config)],
                env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )
            assert proc.stdout is not None
            for line in proc.stdout:
                heard(line)
            codes[audience] = proc.wait()
        seconds[audience] = time.perf_counter() - began

    threads = [threading.Thread(target=run, args=item) for item in configs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failures = []
    for audience in configs:
        output = "".join(outputs.get(audience, []))
        if codes.get(audience) != 0:
            failures.append(f"{ENGINE} build ({audience}) failed:\n{output}")
        elif output.strip():
            _stderr(output.rstrip())
    if failures:
        raise RuntimeError("\n".join(failures))
    return seconds


def _epoch(report_day: object) -> int:
    moment = datetime.combine(report_day, dtime(0, 0), tzinfo=UTC)  # type: ignore[arg-type]
    return int(moment.timestamp())


def _take(path: Path) -> str | None:
    """A file's text, removing the file."""
    try:
        text = path.read_text("utf-8")
    except OSError:
        return None
    path.unlink()
    return text


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def publish(built: Path, target: Path) -> None:
    """Swap the new site into place; the old one is removed only after the swap."""
    old = target.with_name(f".old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_zip(site: Path, zip_path: Path, report_day: object) -> None:
    """A byte-stable zip: sorted entries, fixed timestamps and permissions."""
    stamp = datetime.combine(report_day, dtime(0, 0)).timetuple()[:6]  # type: ignore[arg-type]
    tmp = zip_path.with_name(zip_path.name + ".tmp")
    # Level 1: at 10⁴ projects 2.3 times faster than level 6 for a zip a fifth larger.
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"internal/{path.relative_to(site).as_posix()}", stamp)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    tmp.replace(zip_path)
