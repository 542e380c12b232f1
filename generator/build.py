"""Build both sites: check → compute → render → write Markdown → MkDocs → swap into place.

Each site's Markdown goes to a work directory that persists between builds, and a page is
rewritten only when its bytes change. MkDocs then builds into a temporary directory; the
published directory is replaced only when that succeeds, so a failed build leaves the last
good site untouched. Both MkDocs builds run side by side as subprocesses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as dtime
from pathlib import Path

import yaml

from .check import check
from .findings import DataErrors
from .render import SiteContent
from .visibility import Audience

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
ASSETS = ROOT / "site_templates" / "assets"
OVERRIDES = ROOT / "site_templates" / "overrides"
BASE_CONFIG = ROOT / "mkdocs.yml"
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
    written: int
    seconds: float


@dataclass
class BuildReport:
    counts: dict[str, int]
    sites: dict[str, SiteReport] = field(default_factory=dict)
    warnings: int = 0

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
) -> BuildReport:
    """Build the sites from ``data`` into ``out/<audience>``; raise DataErrors on bad data."""
    from .history import read_history
    from .pages import render_site  # pandas and altair load slowly; keep `check` fast

    started = time.perf_counter()
    progress(f"[1/5] 校验数据 {data} …")
    dataset, findings = check(data)
    if dataset is None:
        raise DataErrors(findings)
    report = BuildReport(counts=dataset.count_summary(), warnings=len(findings))
    work = out / ".work"
    configs: dict[Audience, Path] = {}
    for step, audience in enumerate(audiences, start=2):
        progress(f"[{step}/5] 计算指标并生成 {audience} 页面 ({len(dataset.projects)} 个项目) …")
        history = read_history(data, audience, cache=work / "history")
        content = render_site(dataset, audience, chart_cache=work / "charts", history=history)
        docs = work / audience / "docs"
        written = write_docs(content, docs)
        configs[audience] = write_config(dataset.config.region, audience, content, docs,
                                         out / f".building-{audience}", work / audience)
        report.sites[audience] = SiteReport(
            audience, len(content.pages),
            sum(p.startswith("projects/") for p in content.pages), written, 0.0,
        )
        progress(f"      {audience}: {len(content.pages)} 页, 其中 {written} 页有变化")
    progress(f"[4/5] MkDocs 构建 {', '.join(audiences)} (并行) …")
    building = [out / f".building-{audience}" for audience in audiences]
    for path in building:
        shutil.rmtree(path, ignore_errors=True)  # left by a build that was killed
    try:
        seconds = run_mkdocs(configs, dataset.config.report_date.end())
    except BaseException:
        for path in building:
            shutil.rmtree(path, ignore_errors=True)
        raise
    for audience in audiences:
        report.sites[audience].seconds = seconds[audience]
        publish(out / f".building-{audience}", out / audience)
    if zip_internal and "internal" in audiences:
        progress("[5/5] 打包离线内部站点 internal.zip …")
        write_zip(out / "internal", out / "internal.zip", dataset.config.report_date.end())
    progress(f"完成, 用时 {time.perf_counter() - started:.1f}s")
    return report


def write_docs(content: SiteContent, docs: Path) -> int:
    """Write pages and assets; touch only files whose bytes change; delete stale ones."""
    wanted: dict[Path, bytes] = {docs / p: t.encode() for p, t in content.pages.items()}
    for rel, src in content.assets.items():
        wanted[docs / rel] = src.read_bytes()
    for rel, data in content.generated_assets.items():
        wanted[docs / rel] = data
    written = 0
    for path, data in wanted.items():
        if path.exists() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written += 1
    if docs.exists():
        for path in sorted(docs.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def write_config(region: str, audience: Audience, content: SiteContent, docs: Path,
                 site_dir: Path, work: Path) -> Path:
    plugins: list[object] = [{"search": {"lang": "zh", "separator": r"[\s\u200b\-]+"}}]
    if audience == "internal":
        plugins.append("offline")  # search and navigation from file:// without a server
    config = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": SITE_NAMES[audience].format(region=region),
        "docs_dir": str(docs.resolve()),
        "site_dir": str(site_dir.resolve()),
        "theme": {"custom_dir": str(OVERRIDES)},
        "nav": content.nav,
        "plugins": plugins,
        "extra": {"internal": audience == "internal", "region": region,
                  "generator": False},
    }
    if audience == "internal":
        # Material's offline plugin otherwise loads this shim from unpkg.com at run time.
        config["extra"]["polyfills"] = ["assets/vendor/iframe-worker/shim.js"]
    path = work / "mkdocs.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def run_mkdocs(configs: dict[Audience, Path], report_day: object) -> dict[Audience, float]:
    """Run one ``mkdocs build`` per site, in parallel; raise if any fails."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(_epoch(report_day))  # sitemap dates from the data
    env.setdefault("PYTHONHASHSEED", "0")
    env["NO_MKDOCS_2_WARNING"] = "1"  # the notice is for authors, not for build logs
    procs = {}
    starts = {}
    for audience, config in configs.items():
        starts[audience] = time.perf_counter()
        procs[audience] = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
    seconds: dict[Audience, float] = {}
    failures = []
    for audience, proc in procs.items():
        output, _ = proc.communicate()
        seconds[audience] = time.perf_counter() - starts[audience]
        if proc.returncode != 0:
            failures.append(f"mkdocs build ({audience}) failed:\n{output}")
        elif output.strip():
            _stderr(output.rstrip())
    if failures:
        raise RuntimeError("\n".join(failures))
    return seconds


def _epoch(report_day: object) -> int:
    moment = datetime.combine(report_day, dtime(0, 0), tzinfo=UTC)  # type: ignore[arg-type]
    return int(moment.timestamp())


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
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"internal/{path.relative_to(site).as_posix()}", stamp)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    tmp.replace(zip_path)
