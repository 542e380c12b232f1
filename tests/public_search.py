"""The search entries MkDocs would write for a rendered site's generated pages, without MkDocs.

The build's hooks index each generated page as one slim entry (``mkdocs_hooks.slim_entry``)
from its title and its HTML, and the HTML of a generated page comes from ``fastmd`` (the
build checks that this equals Python-Markdown's). This module repeats that page by page with
the same functions, so that the leak test can search the index of every data set it draws;
``test_build`` checks that the result equals the index of a real build. Hand-written pages
(content/) are indexed by Material section by section; they hold no data and are left out.
"""

from __future__ import annotations

import functools
import posixpath
from typing import Any

import markdown
import yaml
from markdown.extensions.toc import slugify
from properdocs.utils import meta as front_matter  # the engine that builds the sites

from generator.pages.content import handwritten
from generator.pages.context import NavItem
from generator.site import fastmd
from generator.site.build import BASE_CONFIG, SLIM_TEXT_CHARS
from generator.site.mkdocs_hooks import SEARCH_META, slim_entry
from generator.site.render import SiteContent


def search_entries(site: SiteContent) -> list[dict[str, Any]]:
    """One entry per generated page of ``site`` (pages kept in memory), in page order."""
    titles = nav_titles(site.nav)
    skip = set(handwritten())
    entries = []
    for path, text in site.pages.items():
        if path in skip:
            continue
        source, meta = front_matter.get_data(text)
        converted = fastmd.convert(source, slugify, "-")
        content = converted.html if converted is not None else _markdown(source)
        h1 = converted.title if converted is not None else None
        # MkDocs' order: the hook reads the front-matter title, then Page.title (the nav's
        # title, the first <h1>, else a name made from the file's).
        title = str(meta.get("title") or titles.get(path) or h1 or _file_title(path))
        wanted = meta.get("search")
        boost = wanted.get("boost") if isinstance(wanted, dict) else None
        entries.append(slim_entry(path[: -len(".md")] + ".html", title, content, SLIM_TEXT_CHARS,
                                  meta.get(SEARCH_META), boost))
    return entries


def nav_titles(nav: list[NavItem]) -> dict[str, str]:
    """Docs path → title, for every page the nav names."""
    out: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for title, target in item.items():
                if isinstance(target, list):
                    out.update(nav_titles(target))
                else:
                    out[target] = title
    return out


def _file_title(path: str) -> str:
    name = posixpath.splitext(posixpath.basename(path))[0]
    if name == "index":
        name = posixpath.basename(posixpath.dirname(path)) or "Home"
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


@functools.cache
def _extensions() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions of the shared MkDocs config, for a page fastmd declines."""
    config = yaml.safe_load(BASE_CONFIG.read_text("utf-8"))
    names: list[Any] = []
    options: dict[str, Any] = {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            ((name, settings),) = entry.items()
            names.append(name)
            options[name] = settings or {}
        else:
            names.append(entry)
    return names, options


def _markdown(source: str) -> str:
    names, options = _extensions()
    return markdown.markdown(source, extensions=names, extension_configs=options)
