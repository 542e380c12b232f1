"""Whole builds of hostile-looking but possible data: what the built HTML shows.

One build of a copy of the sample serves two concerns, to keep the suite's build count down:

- Names with characters outside the BMP (CJK Extension B such as 𠀾, common in Chinese
  personal and place names; emoji) in a project, a township, a unit and a plan: each page
  keeps its title and heading exactly, and the public search index finds the name.
- A region in site.yaml that holds markup. ``check`` may refuse it; the build must not rely
  on that, so the test hands the build a data set whose region was changed after checking,
  and no built page may carry the markup as markup.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.rules.check import check
from generator.rules.visibility import disclosure
from generator.site import build as build_module
from generator.site.build import build_sites

DATA = Path(__file__).resolve().parent.parent / "data"
RARE = "𠀾"  # U+2003E, CJK Extension B
HOSTILE_REGION = "示例县<img src=x onerror=alert(1)>"
RAW_MARKUP = "<img src=x onerror"

TOWNSHIP, UNIT, PLAN = "城关镇", "县发展改革局", "kuoda-youxiao-touzi"
NEW_TOWNSHIP = f"城关{RARE}镇🌾"
NEW_UNIT = f"县发展{RARE}改革局🏗️"


def _rename_everywhere(data: Path, old: str, new: str) -> None:
    """Rename a township or unit in every file that names it, so references still agree."""
    for path in sorted(data.rglob("*")):
        if path.suffix in {".yaml", ".csv"}:
            text = path.read_text("utf-8")
            if old in text:
                path.write_text(text.replace(old, new), "utf-8")


def _public_project(data: Path) -> str:
    dataset, _ = check(data)
    assert dataset is not None
    return next(code for code, p in dataset.projects.items()
                if disclosure(p, dataset.config).public and p.township == TOWNSHIP)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("output-safety")
    data = tmp / "data"
    shutil.copytree(DATA, data)
    code = _public_project(data)
    path = data / "projects" / f"{code}.yaml"
    project = yaml.safe_load(path.read_text("utf-8"))
    project_name = f"{project['name']}{RARE}🚧"
    path.write_text(yaml.safe_dump(dict(project, name=project_name), allow_unicode=True,
                                   sort_keys=False), "utf-8")
    plan_path = data / "plans" / f"{PLAN}.yaml"
    plan = yaml.safe_load(plan_path.read_text("utf-8"))
    plan_title = f"{plan['title']}{RARE}📋"
    plan_path.write_text(yaml.safe_dump(dict(plan, title=plan_title), allow_unicode=True,
                                        sort_keys=False), "utf-8")
    _rename_everywhere(data, TOWNSHIP, NEW_TOWNSHIP)
    _rename_everywhere(data, UNIT, NEW_UNIT)

    real_check = build_module.check

    def check_then_region(root: Path, cache: Path | None = None):  # type: ignore[no-untyped-def]
        dataset, findings = real_check(root, cache=cache)
        assert dataset is not None, [str(f) for f in findings]
        # After checking: whatever check refuses in a region, the output must be safe anyway.
        config = dataset.config.model_copy(update={"region": HOSTILE_REGION})
        return dataclasses.replace(dataset, config=config), findings

    out = tmp / "site"
    patch = pytest.MonkeyPatch()
    patch.setattr(build_module, "check", check_then_region)
    try:
        build_sites(data, out, progress=lambda _: None, zip_internal=False)
    finally:
        patch.undo()
    names = {"project": project_name, "code": code, "township": NEW_TOWNSHIP,
             "unit": NEW_UNIT, "plan": plan_title}
    return out, names


def _title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found, "no <title>"
    return html.unescape(found.group(1))


def _h1(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found, "no <h1>"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def _article(page: str) -> str:
    start = page.index('<article class="md-content__inner')
    return page[start:page.index("</article>", start)]


def _page_with_heading(site: Path, pattern: str, text: str) -> str:
    """The one page under ``site`` matching ``pattern`` whose <h1> holds ``text``."""
    pages = [p.read_text("utf-8") for p in sorted(site.glob(pattern))]
    found = [page for page in pages if text in _h1(page)]
    assert len(found) == 1, f"{len(found)} pages {pattern} headed {text!r}"
    return found[0]


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize("kind", ["project", "township", "unit", "plan"])
def test_rare_characters_keep_titles_and_headings(built: tuple[Path, dict[str, str]],
                                                  audience: str, kind: str) -> None:
    out, names = built
    site = out / audience
    name = names[kind]
    page = {
        "project": lambda: (site / "projects" / names["code"] / "index.html").read_text("utf-8"),
        "township": lambda: _page_with_heading(site, "by/township/*/index.html", name),
        "unit": lambda: _page_with_heading(site, "units/*/index.html", name),
        "plan": lambda: (site / "plans" / PLAN / "index.html").read_text("utf-8"),
    }[kind]()
    assert name in _title(page) and not _title(page).startswith("Index")
    assert name in _h1(page)
    body = _article(page)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    # Front matter that failed to parse shows as a rule and "title: ..." text on top.
    assert not text.lstrip().startswith("---") and "title:" not in text
    assert "<hr" not in body[:300]


def test_the_public_search_index_finds_rare_names(built: tuple[Path, dict[str, str]]) -> None:
    out, names = built
    raw = (out / "public" / "search" / "search_index.json").read_text("utf-8")
    assert "\\ud8" not in raw.lower()  # no character escaped as surrogate halves
    # The index puts a zero-width space between the words jieba finds: without them, the
    # names are there exactly.
    docs = json.loads(raw.replace("\u200b", ""))["docs"]
    titles = [html.unescape(doc["title"]) for doc in docs]
    texts = [html.unescape(doc["text"]) for doc in docs]
    project = next(d for d in docs if d["location"].startswith(f"projects/{names['code']}/"))
    assert names["project"] in html.unescape(project["title"])
    for kind in ("project", "township", "unit", "plan"):
        assert any(names[kind] in t for t in titles + texts), kind


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_markup_in_the_region_is_text_on_every_page(built: tuple[Path, dict[str, str]],
                                                     audience: str) -> None:
    out, _ = built
    # Pages, and what a page script reads into one; the open-data downloads hold the region
    # as data (JSON strings, cells), which is what they are for.
    site = out / audience
    files = [*sorted(site.rglob("*.html")), site / "search" / "search_index.json"]
    assert len(files) > 50
    carrying = [p.relative_to(out).as_posix() for p in files
                if RAW_MARKUP in p.read_text("utf-8", "replace")]
    assert carrying == []
    home = (out / audience / "index.html").read_text("utf-8")
    assert "示例县&lt;img src=x onerror=alert(1)&gt;" in home  # shown, as text
