"""MkDocs hooks that make ten thousand generated pages build in time (see bench/README.md).

The build writes ``zd-build.json`` beside each site's ``mkdocs.yml``; without it every hook
does nothing and MkDocs builds as usual. With it:

* **Fast Markdown.** Pages that are only raw HTML blocks and plain ``##`` headings (every
  project page) skip Python-Markdown: ``generator.fastmd`` produces the same HTML and table
  of contents. Anything else goes through Python-Markdown. ``verify`` converts both ways
  and fails the build on any difference (the tests turn it on).
* **Slim search entries.** Generated pages (all but ``full_search``, the hand-written ones)
  are indexed as one entry: the title and the opening text up to the second ``<h2>``, cut
  to ``slim_text_chars``: for a project page its name, code, level, domain, township,
  units and summary, then the page's ``zd_search`` front matter: the other words it is
  found by (contractors, bidders, tenders, unit aliases, intranet problems; see
  ``generator.present.search``). Material's own indexing of every section, long tables
  included, made the index 13 MB at 5,000 projects and took half the build. Chinese is segmented with
  jieba exactly as Material does it (each run of Han characters on its own), with the
  segmentation of a run remembered: unit and place names recur on thousands of pages.
* **UTF-8 index.** ``search_index.json`` is written as UTF-8 rather than with every Chinese
  character escaped as ``\\uXXXX`` (about half the bytes); the offline plugin, which runs
  after this hook, inlines the same text into ``search_index.js``.
* **Page cache.** Pages outside the nav are cached as their final HTML and search entries,
  under a key that hashes the page source with a fingerprint of everything else that shapes
  a page: the site's config and nav, the theme and its overrides, these hooks, the package
  versions and the build date. A page whose key is cached is not converted, indexed or put
  through the theme template again; the search index is still written whole, from cached
  and fresh entries in page order, so an incremental build gives the same bytes as a full
  one. Pages in the nav are always rebuilt (their output depends on other pages' titles).
* **Shared nav.** A page outside the nav renders the same nav and tabs as every other such
  page at its depth, so those two partials are rendered once per depth.

The fast paths are checked where it matters: ``tests/test_build.py`` builds with
``verify`` and compares every HTML file with a stock MkDocs build of the same pages. They
are used only with the package versions they were verified against: ``build.mkdocs_paths``
writes a stock ("plain") config, or turns ``fast_markdown`` off, when others are installed.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
import os
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.toc import get_toc

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of the package
    sys.path.insert(0, str(_ROOT))

from generator.model.verified import VERIFIED, installed_version  # noqa: E402
from generator.site import fastmd  # noqa: E402

SETTINGS = "zd-build.json"
SEARCH_META = "zd_search"  # = generator.present.search.SEARCH_META (not imported: no pydantic here)
PROGRESS_MARK = "zd-progress "  # generator.build passes these lines on as progress
PROGRESS_EVERY = 2000  # pages
STATS = "zd-build-stats.json"
HIT_TEMPLATE = "zd-cached-page.html"
# Extensions whose effect on raw HTML blocks and plain headings fastmd reproduces.
FAST_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition",
    "pymdownx.tasklist", "def_list", "footnotes", "abbr", "sane_lists", "smarty",
    "markdown.extensions.toc", "markdown.extensions.tables", "markdown.extensions.attr_list",
    "markdown.extensions.md_in_html", "markdown.extensions.admonition",
})
# Partials whose output, for a page outside the nav, depends only on the page's depth.
SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html")
# Packages whose version shapes a page: those the hooks and fastmd were verified against.
_VERSIONED = sorted({name for piece in ("markdown", "mkdocs-hooks") for name in VERIFIED[piece]})


@dataclass
class _Page:
    key: str = ""
    mode: str = "markdown"  # markdown | fast | hit
    cacheable: bool = False
    slim: bool = False
    expected: fastmd.Converted | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    entries_before: int = 0
    boost: Any = None  # the page's search boost (front matter search.boost), for its entry


@dataclass
class FastBuild:
    """One MkDocs build's fast path: its settings, page states, cache and counters.

    MkDocs calls module-level hook functions; the module binds them to one instance of
    this class (see the end of the module), so the state of a build lives in one object.
    """

    enabled: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    cache: Path | None = None
    toc: tuple[Any, str] | None = None
    search: Any = None
    nav_pages: set[str] = field(default_factory=set)
    nav_urls: list[str] = field(default_factory=list)
    pages: dict[str, _Page] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    folders: set[Path] = field(default_factory=set)
    memo: dict[tuple[str, str], str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: {"hit": 0, "fast": 0, "markdown": 0})
    total: int = 0
    done: int = 0

    def on_config(self, config: Any) -> None:
        vars(self).update(vars(FastBuild()))  # a rebuild (mkdocs serve) starts afresh
        try:
            import jieba  # its loading notices would otherwise fill every build log

            jieba.setLogLevel(logging.WARNING)
        except ImportError:
            pass
        settings = _settings(config)
        if settings is None:
            return
        self.enabled = True
        self.settings = settings
        self.fingerprint = _fingerprint(config, settings)
        if settings.get("cache"):
            self.cache = Path(settings["cache"])
            self.cache.mkdir(parents=True, exist_ok=True)
        if settings.get("fast_markdown", True):
            self.toc = _fast_toc(config)
        for plugin in config.plugins.values():
            if hasattr(plugin, "search_index") or type(plugin).__name__ == "SearchPlugin":
                self.search = plugin

    def on_nav(self, nav: Any, config: Any, files: Any) -> None:
        if self.enabled:
            self.total = len(files.documentation_pages())
            self.nav_pages = {page.file.src_uri for page in nav.pages}
            self.nav_urls = [page.url for page in nav.pages]

    def on_env(self, env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment | None:
        if not self.enabled:
            return None
        # A cached page goes through an empty template; on_post_page puts its HTML back.
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({HIT_TEMPLATE: ""}), env.loader])
        if self.cache is not None:
            # Material's templates compiled once, not on every build (a third of a second
            # of each run); Jinja checks each template's source against what it compiled.
            folder = self.cache.parent / "jinja-bytecode"
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        for name in SHARED_PARTIALS:
            try:
                template = env.get_template(name)
            except jinja2.TemplateNotFound:
                continue
            template.root_render_func = self._shared(name, template.root_render_func)
        return env

    def _shared(self, name: str, render: Any) -> Any:
        """Render ``name`` once per parent folder for pages outside the nav.

        For such a page the nav marks nothing as current, and its links are relative to the
        page's folder ``P/x``: when nothing the nav links to lies inside ``P/x/``, every link
        is ``../`` plus the link from ``P``, the same for every page in ``P``. Pages in the nav,
        and pages with a nav target below their own folder, are rendered as usual.
        """

        def shared(context: Any) -> Any:
            page = context.get("page")
            if page is None or page.file.src_uri in self.nav_pages:
                yield from render(context)
                return
            folder = posixpath.dirname(page.url)
            if folder and any(t.startswith(folder + "/") for t in self.nav_urls):
                yield from render(context)
                return
            key = (name, posixpath.dirname(folder), bool(folder))
            if key not in self.memo:
                self.memo[key] = "".join(render(context))
            yield self.memo[key]

        return shared

    def _key(self, page: Any, markdown: str) -> str:
        digest = hashlib.sha256()
        meta = json.dumps(page.meta, sort_keys=True, ensure_ascii=False, default=str)
        for part in (self.fingerprint, page.file.src_uri, meta, markdown):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return digest.hexdigest()

    @event_priority(-100)  # after any plugin that edits the Markdown
    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str | None:
        if not self.enabled:
            return None
        uri = page.file.src_uri
        state = _Page()
        self.pages[uri] = state
        state.slim = self.settings.get("slim_search", False) and uri not in self.settings.get(
            "full_search", [])
        state.cacheable = self.cache is not None and uri not in self.nav_pages
        if state.cacheable:
            state.key = self._key(page, markdown)
            saved = self._read_cached(state.key, header_only=True)
            if saved is not None:
                state.mode = "hit"
                state.entries = saved[0]["entries"]
                state.anchors = set(saved[0]["anchors"])
                page.meta["template"] = HIT_TEMPLATE
                page.meta["search"] = {"exclude": True}  # entries come from the cache
                self._skip_render(page, None)
                self.counts["hit"] += 1
                return ""
        if state.slim:
            wanted = page.meta.get("search")
            if isinstance(wanted, dict) and "boost" in wanted:  # kept, as Material keeps it
                state.boost = wanted["boost"]
            page.meta["search"] = {"exclude": True}  # indexed by on_page_context below
        if self.toc is not None:
            converted = fastmd.convert(markdown, *self.toc)
            if converted is not None:
                if self.settings.get("verify"):
                    state.expected = converted
                    self.counts["markdown"] += 1
                    return None
                state.mode = "fast"
                state.anchors = converted.anchor_ids
                self._skip_render(page, converted)
                self.counts["fast"] += 1
                return ""
        self.counts["markdown"] += 1
        return None

    def _skip_render(self, page: Any, converted: fastmd.Converted | None) -> None:
        """Stand in for ``Page.render``: no Python-Markdown instance for this page at all."""

        def render(config: Any, files: Any) -> None:
            page.content = converted.html if converted is not None else ""
            page.toc = get_toc(converted.toc_tokens if converted is not None else [])
            page._title_from_render = converted.title if converted is not None else None
            page.present_anchor_ids = set(self.pages[page.file.src_uri].anchors)
            page.links_to_anchors = {}

        page.render = render

    @event_priority(100)  # before other plugins see the content
    def on_page_content(self, html_text: str, page: Any, config: Any, files: Any) -> str | None:
        state = self.pages.get(page.file.src_uri) if self.enabled else None
        if state is None:
            return None
        if state.mode in ("hit", "fast"):
            return None
        if state.expected is not None:
            fast = state.expected
            if html_text != fast.html or _toc_shape(page.toc) != _toc_shape(
                    get_toc(fast.toc_tokens)) or page._title_from_render != fast.title:
                raise RuntimeError(f"fastmd differs from Python-Markdown on {page.file.src_uri}")
        state.anchors = set(page.present_anchor_ids or ())
        return None

    @event_priority(100)  # before the search plugin indexes the page
    def _before_search(self, context: Any, page: Any, config: Any, nav: Any) -> None:
        state = self.pages.get(page.file.src_uri) if self.enabled else None
        if state is not None and self.search is not None:
            state.entries_before = len(self.search.search_index.entries)

    @event_priority(-100)  # after it
    def _after_search(self, context: Any, page: Any, config: Any, nav: Any) -> None:
        state = self.pages.get(page.file.src_uri) if self.enabled else None
        if state is None or self.search is None or not self.search.config.enabled:
            return
        entries = self.search.search_index.entries
        if state.mode == "hit":
            entries.extend(state.entries)
            return
        if state.slim:
            title = str(page.meta.get("title") or page.title or "")
            entries.append(slim_entry(page.url, title, page.content or "",
                                      int(self.settings.get("slim_text_chars", 300)),
                                      page.meta.get(SEARCH_META), state.boost))
        state.entries = entries[state.entries_before:]

    @event_priority(-100)  # last: the HTML as written
    def on_post_page(self, output: str, page: Any, config: Any) -> str | None:
        state = self.pages.get(page.file.src_uri) if self.enabled else None
        if state is None:
            return None
        page.content = ""  # every page's HTML would otherwise stay in memory to the end
        self.done += 1
        if self.done % PROGRESS_EVERY == 0 or self.done == self.total:
            print(f"{PROGRESS_MARK}{self.done}/{self.total}", flush=True)
        if not state.cacheable:
            return None
        self.used.add(state.key)
        if state.mode == "hit":
            saved = self._read_cached(state.key)
            if saved is None:  # removed while building: nothing else gives the right bytes
                raise RuntimeError(f"page cache entry vanished: {page.file.src_uri}")
            return saved[1]
        body = output.encode("utf-8", errors="xmlcharrefreplace")
        header = {"entries": state.entries, "anchors": sorted(state.anchors), "size": len(body)}
        path = self._cache_path(state.key)
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        path.write_bytes(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + body)
        return None

    def _cache_path(self, key: str) -> Path:
        assert self.cache is not None
        return self.cache / key[:2] / key

    def _read_cached(self, key: str, header_only: bool = False) -> tuple[dict[str, Any], str] | None:
        """One file per page: a JSON line (search entries, anchors, size), then the HTML. A file
        cut short by a killed build has the wrong size and counts as missing."""
        path = self._cache_path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        head, _, body = data.partition(b"\n")
        try:
            header = json.loads(head)
        except ValueError:
            return None
        if header.get("size") != len(body):
            return None
        return header, "" if header_only else body.decode("utf-8")

    @event_priority(-50)  # after the search plugin wrote its index, before offline inlines it
    def on_post_build(self, config: Any) -> None:
        if not self.enabled:
            return
        search = self.search
        if search is not None and search.config.enabled and self.settings.get("utf8_index", True):
            index = search.search_index
            data = {
                "config": {k: index.config[k] for k in ("lang", "separator", "pipeline", "fields")},
                "docs": index.entries,
            }
            text = json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)
            path = Path(config.site_dir) / "search" / "search_index.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        if self.cache is not None:
            for path in self.cache.glob("*/*"):
                if path.name not in self.used:
                    path.unlink()
        stats = Path(config.config_file_path).parent / STATS
        stats.write_text(json.dumps(self.counts, sort_keys=True) + "\n", "utf-8")


def _settings(config: Any) -> dict[str, Any] | None:
    path = Path(config.config_file_path).parent / SETTINGS
    if not path.is_file():
        return None
    return json.loads(path.read_text("utf-8"))


def _fingerprint(config: Any, settings: dict[str, Any]) -> str:
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    # verify changes no output (it fails the build instead), so it is not part of the key
    shaping = {k: v for k, v in settings.items() if k not in ("cache", "verify")}
    add("settings", json.dumps(shaping, sort_keys=True).encode())
    config_path = Path(config.config_file_path)
    # Where the docs come from and the site goes shape no page: a moved output folder keeps
    # its cache.
    own = yaml.safe_load(config_path.read_text("utf-8")) or {}
    own = {k: v for k, v in own.items() if k not in ("docs_dir", "site_dir")}
    add("config", json.dumps(own, sort_keys=True, ensure_ascii=False, default=str).encode())
    inherit = config_path.parent / "mkdocs.yml"
    for line in config_path.read_text("utf-8").splitlines():
        if line.startswith("INHERIT:"):
            inherit = config_path.parent / line.split(":", 1)[1].strip()
            add("inherit", inherit.read_bytes())
    import material

    packaged = Path(material.__file__).resolve().parent  # covered by its version below
    for theme_dir in config.theme.dirs:
        if Path(theme_dir).resolve().is_relative_to(packaged):
            continue
        for path in sorted(Path(theme_dir).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                add(f"theme:{path.relative_to(theme_dir).as_posix()}", path.read_bytes())
    for module in (Path(__file__), Path(fastmd.__file__)):
        add(f"code:{module.name}", module.read_bytes())
    for name in _VERSIONED:
        add(f"version:{name}", (installed_version(name) or "-").encode())
    add("python", sys.version.encode())
    add("date", os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return digest.hexdigest()


def _fast_toc(config: Any) -> tuple[Any, str] | None:
    names = {e if isinstance(e, str) else getattr(e, "__module__", "?")
             for e in config.markdown_extensions}
    if not names <= FAST_EXTENSIONS:
        return None
    return fastmd.supported_toc_config(dict(config.mdx_configs.get("toc", {})))


def _toc_shape(items: Any) -> list[Any]:
    return [(i.title, i.id, i.level, _toc_shape(i.children)) for i in items]


def _slim_text(content: str, limit: int) -> str:
    """The opening of a page as one line of text: everything before its second <h2>."""
    first = content.find("<h2")
    second = content.find("<h2", first + 3) if first >= 0 else -1
    part = content if second < 0 else content[:second]
    part = re.sub(r"<(script|style|svg|figure)\b.*?</\1>", " ", part, flags=re.S | re.I)
    part = re.sub(r"<h\d[^>]*>.*?</h\d>", " ", part, flags=re.S)  # headings are not facts
    part = re.sub(r"<[^>]+>", " ", part)
    text = " ".join(html.unescape(part).split())
    return text[:limit]


@functools.cache
def _han() -> Any:
    try:
        import jieba  # noqa: F401  Material segments only when jieba is installed
        from backrefs import bre
    except ImportError:
        return None
    return bre.compile(r"(\p{script: Han}+)", bre.UNICODE)  # Material's expression


@functools.lru_cache(maxsize=200_000)
def _segment_run(value: str) -> str:
    import jieba

    return "\u200b" + "\u200b".join(jieba.cut(value.encode("utf-8"))) + "\u200b"


def _segment(text: str) -> str:
    """``SearchIndex._segment_chinese``: the same output, each Han run segmented once."""
    han = _han()
    if han is None:
        return text
    return han.sub(lambda m: _segment_run(m.group(0)), text).strip("\u200b")


def slim_entry(location: str, title: str, content: str, limit: int, terms: object = None,
               boost: Any = None) -> dict[str, Any]:
    """The one search entry of a generated page, from its title, HTML and the search terms
    of its front matter (what else it is found by: contractors, aliases … see
    present.search). The leak test computes the public index with it, without MkDocs."""
    text = _slim_text(content, limit)
    if terms:
        text = f"{text} {html.unescape(str(terms))}"
    entry: dict[str, Any] = {
        "location": location,
        "title": _segment(html.escape(title, quote=False)),
        "text": _segment(html.escape(text, quote=False)),
    }
    if boost is not None:
        entry["boost"] = boost
    return entry


# The hook functions MkDocs looks up in this module, bound to this build's state.
_build = FastBuild()
on_config = _build.on_config
on_nav = _build.on_nav
on_env = _build.on_env
on_page_markdown = _build.on_page_markdown
on_page_content = _build.on_page_content
on_page_context = CombinedEvent(_build._before_search, _build._after_search)
on_post_page = _build.on_post_page
on_post_build = _build.on_post_build
