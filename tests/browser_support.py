"""Shared machinery of the browser and link tests: one build, one server, one browser.

``build_once`` builds both sites from ``data/`` once per test session. Under pytest-xdist
the workers share one build: the first worker to take a file lock builds, the others wait
for it and reuse the result. Measured on the 2-core machine: one build took 41 s, two
side by side 69 s, so one build and a wait is quicker, and leaves a core for other tests.
``internal.zip`` is unpacked so that the intranet site is tested as it is delivered,
opened from disk over file://.

``open_page`` opens a URL in a fresh browser context that routes every request: anything
that is not the local test server (public site) or a file:// URL (intranet site) is
recorded and aborted, so a test can assert that a page reaches no outside host.

Chromium is Debian's (``/usr/bin/chromium``); when it is missing the tests fail with the
command that installs it, they are never skipped.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request, Route

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
VENDOR = Path(__file__).resolve().parent / "vendor"
AXE_JS = VENDOR / "axe-core" / "axe.min.js"  # axe-core 4.14.1 (MPL-2.0), from npm
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "run 'apt-get install chromium fonts-noto-cjk' or 'make test' as root"
MARKING = "内部资料 注意保密"
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/phone-shots")


# --- the built sites ------------------------------------------------------------------


@dataclass(frozen=True)
class Sites:
    out: Path  # what build_sites wrote: public/, internal/, internal.zip
    public: Path  # site/public, served over http
    internal: Path  # internal.zip unpacked, opened over file://

    def root(self, site: str) -> Path:
        return self.public if site == "public" else self.internal

    @property
    def shared(self) -> Path:
        """A directory all xdist workers of this session share."""
        return self.out.parent


def session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of this test session that all its xdist workers share."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return tmp_path_factory.getbasetemp().parent  # one directory per session
    return tmp_path_factory.getbasetemp()


def build_once(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    """Build both sites once per session (once for all xdist workers)."""
    shared = session_dir(tmp_path_factory)
    base = shared / "zd-sites"
    with locked(shared / "zd-sites.lock"):  # the others wait here while one worker builds
        if not (base / "done").is_file():
            _build(base)
    return Sites(base / "out", base / "out" / "public", base / "unzipped" / "internal")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock shared by the xdist workers of a session (and nothing else)."""
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(base: Path) -> None:
    """``python -m generator build`` in a child process, as ``make site`` runs it.

    Not ``build_sites()`` in this process: the build forks a process per site, and a fork
    of a pytest worker that holds a browser, a server thread and vl-convert's runtime can
    hang. The child also keeps pandas and the charts out of the test worker's memory.
    """
    shutil.rmtree(base, ignore_errors=True)
    out = base / "out"
    started = time.perf_counter()
    command = [sys.executable, "-m", "generator", "build", "--data", str(DATA), "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(
            f"the build failed ({' '.join(command)}):\n{done.stderr[-4000:]}", pytrace=False
        )
    with zipfile.ZipFile(out / "internal.zip") as archive:
        archive.extractall(base / "unzipped")
    (base / "done").write_text(f"{time.perf_counter() - started:.1f}s\n")


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yield the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _has_chinese_font() -> bool:
    if not shutil.which("fc-list"):
        return True  # cannot tell; Chromium will still draw the pages
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(fonts.stdout.strip())


@contextmanager
def launch_browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need it; {INSTALL_HINT}", pytrace=False
        )
    if not _has_chinese_font():
        pytest.fail(f"no Chinese font: pages would show boxes; {INSTALL_HINT}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- page types -------------------------------------------------------------------------


class PageTypeMissing(AssertionError):
    """A page type is not in the built site (xfail only for features still being built)."""


@dataclass(frozen=True)
class PageType:
    """A declared page type (``generator.pages.registry``) as the browser tests visit it."""

    name: str
    audiences: tuple[str, ...]
    building: bool = False  # a feature still being built: its absence → xfail (none now)

    def pages(self, root: Path) -> list[Path]:
        """The built pages of this type: HTML files whose source page is of this type."""
        from generator.pages import registry

        found = []
        for path in root.rglob("*.html"):
            source = path.relative_to(root).with_suffix(".md").as_posix()
            kind = registry.type_of(source)
            if kind is not None and kind.name == self.name:
                found.append(path)
        return sorted(found)

    def find(self, root: Path) -> Path:
        """The page of this type with the most content; PageTypeMissing if there is none."""
        found = self.pages(root)
        if found:
            return max(found, key=lambda p: p.stat().st_size)
        raise PageTypeMissing(f"page type {self.name!r} is missing from {root.name}")


def page_types() -> tuple[PageType, ...]:
    """Every page type the registry declares: the browser tests visit one page of each."""
    from generator.pages import registry

    return tuple(PageType(t.name, t.audiences) for t in registry.PAGE_TYPES)


SITES = ("public", "internal")

NOT_BUILT_YET = pytest.mark.xfail(
    strict=False, raises=PageTypeMissing, reason="page type not built yet"
)


def page_params() -> list:
    """pytest params ``(site, PageType)`` for every declared type of each site."""
    return [
        pytest.param(
            site, kind, id=f"{site}-{kind.name}", marks=[NOT_BUILT_YET] if kind.building else []
        )
        for site in SITES
        for kind in page_types()
        if site in kind.audiences
    ]


# --- pages in the browser -----------------------------------------------------------------


@dataclass
class PageLog:
    """What a page did that a test may object to."""

    allowed: tuple[str, ...]
    outside: list[str] = field(default_factory=list)  # requests to any other host (aborted)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.allowed):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def on_request(self, request: Request) -> None:  # requests the router never saw
        url = request.url
        if not url.startswith(self.allowed) and url not in self.outside:
            self.outside.append(url)


@dataclass(frozen=True)
class SiteUrls:
    public: str  # http://127.0.0.1:PORT/
    internal: str  # file:///…/internal/

    def base(self, site: str) -> str:
        return self.public if site == "public" else self.internal


@contextmanager
def open_page(
    browser: Browser,
    urls: SiteUrls,
    site: str,
    rel: str,
    *,
    viewport: dict[str, int] | None = None,
) -> Iterator[tuple[Page, PageLog]]:
    """Open ``rel`` of ``site`` in a fresh context that blocks and records outside hosts."""
    base = urls.base(site)
    allowed = (base,) if site == "public" else ("file://",)
    log = PageLog((*allowed, "data:", "blob:", "about:"))
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    try:
        context.route("**/*", log.route)
        context.on("request", log.on_request)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and log.errors.append(_console(m)))
        page.on("pageerror", lambda e: log.errors.append(f"uncaught: {e}"))
        page.goto(base + rel, wait_until="load")
        yield page, log
    finally:
        context.close()


def _console(message: Any) -> str:
    where = message.location or {}
    return f"console.error: {message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})"


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core violations of impact serious or critical, with their first elements."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                            nodes: v.nodes.slice(0, 3).map(n => ({
                                target: n.target.join(' '), html: n.html.slice(0, 160)}))}));
        }"""
    )


def format_axe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}, {v['count']} elements): {v['help']}")
        lines.extend(f"    {n['target']}  {n['html']}" for n in v["nodes"])
    return "\n".join(lines)


def search(page: Page, query: str, timeout: float = 10_000) -> tuple[str, list[str]]:
    """Type ``query`` into Material's search box; return the result summary and the links."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("input.md-search__input")
    try:
        box.wait_for(state="visible", timeout=timeout)
    except PlaywrightTimeout:
        return "the search box is not visible: search did not start", []
    box.focus()
    # The last query's results first go: else its count and items, still shown, read as
    # this query's when the new results are slow to come (seen under load).
    box.fill("")
    box.dispatch_event("keyup")
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => document.querySelector('.md-search-result__item') === null",
            timeout=timeout)
    box.fill(query)
    box.dispatch_event("keyup")  # Material reads the query on keyup; fill() sends none
    meta = page.locator(".md-search-result__meta")
    # "N 个符合条件的结果" / "没有找到符合条件的结果"; until then "正在初始化搜索引擎".
    # A timeout is reported by the caller, with what the page shows.
    # The count is shown before the result items are drawn: wait for both (under load the
    # gap was long enough to read an empty list).
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => { const meta = (document.querySelector('.md-search-result__meta') || {})"
            ".textContent || '';"
            " return meta.includes('没有找到') || (meta.includes('结果')"
            " && document.querySelector('.md-search-result__item > a') !== null); }",
            timeout=timeout,
        )
    links = page.locator(".md-search-result__item > a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return meta.inner_text(), links
