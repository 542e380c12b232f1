"""Render one audience's site as Markdown pages held in memory.

Each page module in ``generator.pages`` yields ``Page`` objects from a ``RenderContext``;
this module runs them in a fixed order and assembles the navigation. Nothing is written
here: ``build`` decides where the pages go.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup

from generator.figures.compute import Computed
from generator.model.dataset import Dataset
from generator.present import formatting
from generator.present.formatting import escape
from generator.rules.visibility import Audience

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "pages"


@dataclass(frozen=True)
class Page:
    path: str  # relative to the docs directory, always ending in .md
    text: str


NavItem = str | dict[str, Any]


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=formatting.escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(formatting.FILTERS)
    return env


@dataclass
class RenderContext:
    """What every page module needs: the audience's data view and shared helpers."""

    ds: Dataset
    audience: Audience
    env: jinja2.Environment
    full: Dataset  # the complete data set, for counts that reconcile (internal only)
    compute: Callable[[], Computed] = field(repr=False)  # called once, when first needed
    last_change: dict[str, str] = field(default_factory=dict)  # project code → date

    @functools.cached_property
    def computed(self) -> Computed:
        """The shared numbers; bulletins rendered on their own never need them."""
        return self.compute()

    @property
    def internal(self) -> bool:
        return self.audience == "internal"

    @property
    def report_label(self) -> str:
        """1—10月: the period of the report year that figures cover."""
        month = self.ds.config.report_date.month
        return f"{self.ds.config.report_date.year}年1—{month}月" if month > 1 else (
            f"{self.ds.config.report_date.year}年1月")

    def anchor(self, page_path: str, target: str, text: object) -> Markup:
        return Markup(f'<a href="{markupsafe.escape(link(page_path, target))}">{escape(text)}</a>')

    def photo_url(self, page_path: str, file: str) -> str:
        """Photos are copied under assets/ (their data/ path is already validated)."""
        return link(page_path, f"assets/{file}")

    def render(self, template: str, page_path: str, **values: Any) -> Page:
        text = self.env.get_template(template).render(
            site=self.ds.config,
            internal=self.internal,
            link=lambda target: link(page_path, target),
            **values,
        )
        return Page(page_path, text)


def link(from_page: str, to_page: str) -> str:
    """A relative URL from one docs page to another page or file, for raw HTML.

    Sites are built with ``use_directory_urls: false``, so ``a/index.md`` is served as
    ``a/index.html``: the same link works from a web server and from disk (file://).
    """
    target, anchor = to_page, ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    if target.endswith(".md"):
        target = target[:-3] + ".html"
    return _relative(target, posixpath.dirname(from_page)) + anchor


def _plain(path: str) -> bool:
    """A normalised relative path: no empty, "." or ".." parts."""
    return not (path.startswith(("/", "./", "../")) or path.endswith(("/", "/.", "/..", "."))
                or "//" in path or "/./" in path or "/../" in path)


def _relative(target: str, folder: str) -> str:
    """``posixpath.relpath(target, folder or ".")`` for the normalised relative paths of
    docs/, without its calls to the working directory (a tenth of a bulletin's rendering)."""
    first = folder.split("/", 1)[0]
    if (folder and target != first and not target.startswith(first + "/") and _plain(target)
            and _plain(folder)):
        return "../" * (folder.count("/") + 1) + target  # the usual case: nothing in common
    to = [part for part in target.split("/") if part not in ("", ".")]
    base = [part for part in folder.split("/") if part not in ("", ".")]
    if ".." in to or ".." in base:
        return posixpath.relpath(target, folder or ".")
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


PageBuilder = Callable[[RenderContext], Iterable[Page]]


def project_page_path(code: str) -> str:
    return f"projects/{code}/index.md"
