"""The page registry: one declaration per page type, read by rendering, the nav, the MkDocs
config's not_in_nav, the build's process groups and the browser tests.

The main test declares two new page types in one place (plus their template and view
function, nothing else) and finds them built, in the nav or not as declared, and on the
list of pages the browser tests visit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browser_support import page_params

from generator.pages import registry
from generator.pages.context import NavEntry, Page, PageType, RenderContext
from generator.present import templates
from generator.site import build as build_module
from generator.site.build import build_sites
from generator.site.render import render_site

DATA = Path(__file__).resolve().parent.parent / "data"

TEMPLATE = """{% import "_macros.md" as m %}
{{ m.front(title) }}
# {{ title }}

<p class="zd-extra">{{ count }} 个项目 {{ badge("✔ 新页面", "ok") }}</p>
"""


def _summary_view(ctx: RenderContext) -> Iterator[Page]:
    yield ctx.page("extra-summary", {"title": "新增汇总页", "count": len(ctx.ds.projects)})
    if ctx.internal:  # a page of a type the audience does not get would fail the render
        for n in (1, 2):
            yield ctx.page("extra-part", {"title": f"分页{n}", "count": n}, n=n)


EXTRA = (
    PageType("extra-summary", "extra/index.md", "extra.md", _summary_view, "新增汇总页",
             nav=(NavEntry("新增汇总页", "extra/index.md", "进度"),), also=("extra-part",)),
    PageType("extra-part", "extra/{n}/index.md", "extra.md", None, "新增汇总页",
             audiences=("internal",)),
)


@pytest.fixture
def declared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[PageType, ...]:
    """The registry with the two new types declared after the changelog."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "extra.md").write_text(TEMPLATE, encoding="utf-8")
    monkeypatch.setattr(templates, "FOLDERS", [templates.TEMPLATES, folder])
    types = (*registry.PAGE_TYPES, *EXTRA)
    monkeypatch.setattr(registry, "PAGE_TYPES", types)
    monkeypatch.setattr(registry, "BY_NAME", {t.name: t for t in types})
    return types


def test_a_declared_page_type_is_built_placed_and_visited(
    declared: tuple[PageType, ...], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build_sites(DATA, out, progress=lambda _: None, zip_internal=False)
    for audience in ("public", "internal"):
        root = out / audience
        assert (root / "extra" / "index.html").is_file()
        page = (root / "extra" / "index.html").read_text(encoding="utf-8")
        assert "新增汇总页" in page and "✔ 新页面" in page
        config = yaml.safe_load((out / ".work" / audience / "mkdocs.yml").read_text("utf-8"))
        progress = next(item["进度"] for item in config["nav"] if "进度" in item)
        assert {"新增汇总页": "extra/index.md"} in progress
        home = (root / "index.html").read_text(encoding="utf-8")
        assert 'href="extra/index.html"' in home  # the nav on every page links to it
        parts = sorted((root / "extra").glob("*/index.html"))
        if audience == "internal":
            assert [p.parent.name for p in parts] == ["1", "2"]
            assert "/extra/*/index.md" in config["not_in_nav"].split()
        else:
            assert parts == []  # declared for the intranet only
    visited = {p.id for p in page_params()}
    assert {"public-extra-summary", "internal-extra-summary", "internal-extra-part"} <= visited
    assert "public-extra-part" not in visited


def test_every_page_rendered_is_of_a_declared_type() -> None:
    from generator.rules.check import check

    ds, _ = check(DATA)
    assert ds is not None
    for audience in ("public", "internal"):
        site = render_site(ds, audience)
        kinds = {registry.type_of(path).name for path in site.pages}  # type: ignore[union-attr]
        declared = {t.name for t in registry.for_audience(audience)}
        assert kinds == declared, f"{audience}: declared but not built: {declared - kinds}"


def test_an_undeclared_page_fails_the_render(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.rules.check import check

    ds, _ = check(DATA)
    assert ds is not None
    home = registry.BY_NAME["home"]

    def stray(ctx: RenderContext) -> Iterator[Page]:
        yield Page("stray/index.md", "# 未声明\n")

    patched = dataclasses.replace(home, view=stray)
    types = tuple(patched if t.name == "home" else t for t in registry.PAGE_TYPES)
    monkeypatch.setattr(registry, "PAGE_TYPES", types)
    with pytest.raises(ValueError, match=r"stray/index\.md matches no declared page type"):
        render_site(ds, "public")


def test_process_groups_come_from_the_declarations() -> None:
    assert registry.groups("internal") == ["main", "bulletins"]
    assert build_module.parts("internal") == ["main", "bulletins"]
    assert build_module.parts("public") == [None]  # one process renders every group


def test_nav_and_not_in_nav_cover_every_type() -> None:
    for audience in ("public", "internal"):
        globs = registry.not_in_nav(audience)
        for kind in registry.for_audience(audience):
            assert bool(kind.nav) != (f"/{kind.glob}" in globs), kind.name
