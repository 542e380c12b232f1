"""Whole builds: counts that reconcile, escaping, no leaks in any output file, same bytes twice,
and a failed build that leaves the last good site in place."""

from __future__ import annotations

import filecmp
import hashlib
import json
import pickle
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from browser_support import locked, session_dir
from public_search import search_entries
from test_photos import GPS_TEXT, gps_jpeg

from generator.history.log import read_history
from generator.inputs import yamlsource
from generator.model import verified
from generator.model.findings import DataErrors
from generator.pages.content import handwritten
from generator.present import docx as docx_writer
from generator.rules.check import check
from generator.rules.visibility import disclosure
from generator.site import build as build_module
from generator.site.build import build_sites, warm_engine
from generator.site.render import render_site

DATA = Path(__file__).resolve().parent.parent / "data"
SCRIPT_NAME = "<script>alert(1)</script>水库*加固*[链接](http://evil.example)"
SECRET_LEADER = "SECRETLEADER甲乙"


def _hostile_copy(tmp: Path) -> Path:
    """The sample plus one disclosed project whose text is HTML and Markdown."""
    data = tmp / "data"
    shutil.copytree(DATA, data)
    template = yaml.safe_load((DATA / "projects" / "SL-2022-001.yaml").read_text("utf-8"))
    template.update(
        {
            "code": "XSS-001",
            "name": SCRIPT_NAME,
            "leader": SECRET_LEADER,
            "public": None,
            "scale": "| a | b |\n# 标题\n<img src=x onerror=alert(2)>",
            "government_invested": True,
            "stage": "续建",
            "photos": [{"file": "photos/XSS-001/site.jpg", "caption": "现场"}],
        }
    )
    (data / "photos" / "XSS-001").mkdir(parents=True)
    (data / "photos" / "XSS-001" / "site.jpg").write_bytes(gps_jpeg())
    template = {k: v for k, v in template.items() if v is not None}
    text = yaml.safe_dump(template, allow_unicode=True, sort_keys=False)
    (data / "projects" / "XSS-001.yaml").write_text(text, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    """One build for the whole session: xdist spreads this module's tests over both workers,
    and a build per worker cost each a minute and a half under load. The first worker to
    take the lock builds, the other waits and reads the same files; tests that change
    anything do so on copies."""
    base = session_dir(tmp_path_factory) / "zd-hostile"
    saved = base / "report.pickle"
    with locked(base.with_name("zd-hostile.lock")):
        if not saved.is_file():
            shutil.rmtree(base, ignore_errors=True)
            data = _hostile_copy(base)
            # verify: every page that takes the fast Markdown path is converted by
            # Python-Markdown too, and the build fails on any difference.
            report = build_sites(data, base / "site", progress=lambda _: None, verify=True)
            saved.write_bytes(pickle.dumps(report))
    return base / "data", base / "site", pickle.loads(saved.read_bytes())


def _changed_copy(data: Path, tmp_path: Path, **fields: object) -> Path:
    """``tmp_path/data``, a copy of ``data`` made the first time, with fields of project
    SL-2022-001 set as an editor would."""
    changed = tmp_path / "data"
    if not changed.exists():
        shutil.copytree(data, changed)
    path = changed / "projects" / "SL-2022-001.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc.update(fields)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return changed


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_every_project_file_is_one_internal_page(built: tuple[Path, Path, object]) -> None:
    data, out, report = built
    codes = sorted(p.stem for p in (data / "projects").glob("*.yaml"))
    pages = sorted(p.parent.name for p in (out / "internal" / "projects").glob("*/index.html"))
    assert pages == codes
    assert report.counts["projects"] == len(codes)  # type: ignore[attr-defined]
    assert report.sites["internal"].project_pages == len(codes)  # type: ignore[attr-defined]


def test_public_site_has_exactly_the_disclosed_projects(built: tuple[Path, Path, object]) -> None:
    data, out, report = built
    dataset, _ = check(data)
    assert dataset is not None
    expected = sorted(
        c for c, p in dataset.projects.items() if disclosure(p, dataset.config).public
    )
    pages = sorted(p.parent.name for p in (out / "public" / "projects").glob("*/index.html"))
    assert pages == expected
    assert 0 < len(expected) < len(dataset.projects)
    assert report.sites["public"].project_pages == len(expected)  # type: ignore[attr-defined]


def test_build_prints_counts_that_reconcile(built: tuple[Path, Path, object]) -> None:
    _, _, report = built
    lines = report.lines()  # type: ignore[attr-defined]
    assert lines[0].startswith("读取 (read): projects 65,")
    assert any(line.startswith("internal: ") and "(65 project pages)" in line for line in lines)


def test_hostile_text_is_shown_as_text(built: tuple[Path, Path, object]) -> None:
    _, out, _ = built
    for site in ("public", "internal"):
        html = (out / site / "projects" / "XSS-001" / "index.html").read_text("utf-8")
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert 'href="http://evil.example"' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src&#61;x onerror&#61;alert(2)&gt;" in html


def test_no_internal_text_in_any_public_file(built: tuple[Path, Path, object]) -> None:
    _, out, _ = built
    public_files = _files(out / "public")
    assert any(p.name == "search_index.json" for p in public_files)
    assert any(p.name == "sitemap.xml" for p in public_files)
    for path in public_files:
        data = path.read_bytes()
        assert SECRET_LEADER.encode() not in data, path
        assert "内部资料".encode() not in data, path
    internal = (out / "internal" / "projects" / "XSS-001" / "index.html").read_text("utf-8")
    assert SECRET_LEADER in internal


def test_internal_pages_carry_the_classification_marking(built: tuple[Path, Path, object]) -> None:
    _, out, _ = built
    pages = [p for p in _files(out / "internal") if p.suffix == ".html"]
    assert pages
    for page in pages:
        if page.name == "404.html":
            continue
        assert "内部资料 注意保密" in page.read_text("utf-8"), page


def test_internal_zip_is_written(built: tuple[Path, Path, object]) -> None:
    _, out, _ = built
    assert (out / "internal.zip").stat().st_size > 10_000


def test_photos_reach_both_sites_and_the_zip_without_metadata(
    built: tuple[Path, Path, object],
) -> None:
    _, out, _ = built
    photo = "assets/photos/XSS-001/site.jpg"
    served = [(out / site / photo).read_bytes() for site in ("public", "internal")]
    with zipfile.ZipFile(out / "internal.zip") as archive:
        served += [archive.read(n) for n in archive.namelist() if n.endswith(photo)]
    assert len(served) == 3 and len(set(served)) == 1  # one clean copy everywhere
    assert GPS_TEXT not in served[0] and b"Exif" not in served[0]


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in _files(root)
        if ".work" not in p.relative_to(root).parts
    }


def test_two_builds_are_byte_identical(built: tuple[Path, Path, object], tmp_path: Path) -> None:
    """A second build from scratch gives the same bytes. Built once more with nothing
    changed, MkDocs does not run and the published folders stay as they are; a change the
    public site does not show (a leader) rebuilds the intranet only."""
    data, out, _ = built
    second = tmp_path / "again"
    build_sites(data, second, progress=lambda _: None)
    first_digest, second_digest = _tree_digest(out), _tree_digest(second)
    assert first_digest.keys() == second_digest.keys()
    differing = [k for k in first_digest if first_digest[k] != second_digest[k]]
    assert differing == []

    before = {site: (second / site).stat().st_ino for site in ("public", "internal")}
    zipped = (second / "internal.zip").read_bytes()
    said: list[str] = []
    report = build_sites(data, second, progress=said.append)
    assert [report.sites[s].unchanged for s in ("public", "internal")] == [True, True]
    assert {site: (second / site).stat().st_ino for site in before} == before
    assert sum("MkDocs 未运行" in line for line in said) == 2
    assert _tree_digest(second) == second_digest
    assert (second / "internal.zip").read_bytes() == zipped

    changed = _changed_copy(data, tmp_path, leader="新任分包领导")
    report = build_sites(changed, second, progress=lambda _: None)
    assert report.sites["public"].unchanged and not report.sites["internal"].unchanged
    assert (second / "public").stat().st_ino == before["public"]
    page = (second / "internal" / "projects" / "SL-2022-001" / "index.html").read_text()
    assert "新任分包领导" in page
    assert (second / "internal.zip").read_bytes() != zipped



def test_bad_data_leaves_the_previous_site(
    built: tuple[Path, Path, object], tmp_path: Path
) -> None:
    data, out, _ = built
    copy = tmp_path / "site"
    shutil.copytree(out, copy, symlinks=True)
    broken = tmp_path / "broken"
    shutil.copytree(data, broken)
    (broken / "projects" / "XSS-001.yaml").write_text("code: XSS-001\nname: [unclosed\n", "utf-8")
    with pytest.raises(DataErrors) as caught:
        build_sites(broken, copy, progress=lambda _: None)
    assert "XSS-001.yaml" in str(caught.value.findings[0])
    assert filecmp.dircmp(out / "public", copy / "public").diff_files == []
    assert (copy / "public" / "index.html").read_bytes() == (
        out / "public" / "index.html"
    ).read_bytes()


def test_failed_mkdocs_leaves_the_previous_site(
    built: tuple[Path, Path, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, out, _ = built
    copy = tmp_path / "site"
    shutil.copytree(out, copy, symlinks=True)
    before = _tree_digest(copy / "public")
    # a change both sites show, so that MkDocs runs for both
    changed = _changed_copy(data, tmp_path, progress="主体结构封顶。")

    def failing(configs: dict, report_day: object, progress: object = None,
                engine: object = None) -> dict:
        for config in configs.values():  # as if MkDocs died half-way through writing
            site_dir = Path(yaml.safe_load(config.read_text())["site_dir"])
            site_dir.mkdir(parents=True, exist_ok=True)
            (site_dir / "index.html").write_text("half")
        raise RuntimeError("mkdocs build (public) failed")

    stamps = [copy / ".work" / site / build_module.STAMP for site in ("public", "internal")]
    assert all(stamp.is_file() for stamp in stamps)
    monkeypatch.setattr(build_module, "run_mkdocs", failing)
    with pytest.raises(RuntimeError):
        build_sites(changed, copy, progress=lambda _: None)
    assert _tree_digest(copy / "public") == before
    # The docs are written now, but the sites were not built from them: without the stamps
    # the next build runs MkDocs, whatever the docs look like.
    assert not any(stamp.exists() for stamp in stamps)


def test_sites_are_built_by_the_engine_the_fast_paths_were_verified_against(
    built: tuple[Path, Path, object],
) -> None:
    """Every page names its engine in Material's generator tag: ProperDocs at the version in
    generator.model.verified (the tag is the one place the engine shows in the output)."""
    _, out, _ = built
    engine = verified.VERIFIED["mkdocs-hooks"]["properdocs"]
    material = verified.VERIFIED["mkdocs-hooks"]["mkdocs-material"]
    tag = (f'<meta name="generator" content="mkdocs-ProperDocs {engine}, '
           f'mkdocs-material-{material}">').encode()
    pages = [p for site in ("public", "internal") for p in (out / site).rglob("*.html")]
    assert len(pages) > 100
    assert [p for p in pages if tag not in p.read_bytes()] == []


@pytest.mark.parametrize("engine", ["properdocs", "mkdocs"])
def test_the_engine_leaves_the_build_log_clean(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """Material's end-of-life notice (printed when run as `mkdocs`) and ProperDocs' own
    notices are for site authors: a build prints neither, whichever engine runs."""
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)
    monkeypatch.setattr(build_module, "ENGINE", engine)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 重点项目\n\n示例县\n", "utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({
        "site_name": "示例县", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material", "language": "zh"},
        "plugins": [],  # Material's search would load jieba, which announces itself
    }, allow_unicode=True), "utf-8")
    said: list[str] = []
    build_module.run_mkdocs({"public": config}, date(2025, 11, 30), said.append)
    assert (tmp_path / "site" / "index.html").is_file()
    captured = capfd.readouterr()
    assert (said, captured.out, captured.err) == ([], "", "")


SEARCH_INDEXES = {"search/search_index.json", "search/search_index.js"}


def test_fast_build_is_stock_mkdocs_but_for_the_search_index(
    built: tuple[Path, Path, object], tmp_path: Path
) -> None:
    """The hooks (fast Markdown, shared nav, page cache) change no page: every file is the
    one stock MkDocs writes, except the search index, which is slimmer by design."""
    data, out, _ = built
    plain = tmp_path / "plain"
    build_sites(data, plain, progress=lambda _: None, mode="plain", zip_internal=False)
    for site in ("public", "internal"):
        fast_digest, plain_digest = _tree_digest(out / site), _tree_digest(plain / site)
        assert fast_digest.keys() == plain_digest.keys()
        differing = sorted(k for k in fast_digest if fast_digest[k] != plain_digest[k])
        assert set(differing) <= SEARCH_INDEXES, differing[:5]


def test_search_index_is_utf8_and_one_entry_per_project(built: tuple[Path, Path, object]) -> None:
    _, out, _ = built
    raw = (out / "public" / "search" / "search_index.json").read_bytes()
    assert b"\\u" not in raw[raw.index(b'"docs"'):]  # Chinese written as UTF-8, not escaped
    index = json.loads(raw)
    projects = [d for d in index["docs"] if d["location"].startswith("projects/")]
    locations = [d["location"] for d in projects]
    assert len(locations) == len(set(locations)) > 0
    assert all(len(d["text"]) < 1000 for d in projects)
    hostile = next(d for d in projects if d["location"].startswith("projects/XSS-001/"))
    assert "<script>" not in hostile["title"] + hostile["text"]
    assert "XSS-001" in hostile["text"]


def test_search_index_holds_what_people_search_for(built: tuple[Path, Path, object]) -> None:
    """Beyond a page's opening: firms without their place, unit aliases, tenders; problems
    on the intranet only; pages of units and places ranked above project pages."""
    _, out, _ = built

    def docs(site: str) -> dict[str, dict]:
        index = json.loads((out / site / "search" / "search_index.json").read_text("utf-8"))
        return {d["location"]: d for d in index["docs"]}

    public, internal = docs("public"), docs("internal")
    project = yaml.safe_load((DATA / "projects" / "SL-2022-001.yaml").read_text("utf-8"))
    text = public["projects/SL-2022-001/index.html"]["text"].replace("\u200b", "")
    for wanted in ("示例市瑞丰规划设计研究院有限公司", "瑞丰规划设计研究院有限公司", "施工总承包",
                   "发改局", "中央预算内投资"):
        assert wanted in text, wanted
    assert project["leader"] not in text
    assert project["leader"] in internal["projects/SL-2022-001/index.html"]["text"].replace(
        "\u200b", "")
    with open(DATA / "problems.csv", encoding="utf-8-sig") as f:
        problem = next(line.split(",") for line in f if "征迁" in line)
    page = internal[f"projects/{problem[1]}/index.html"]["text"].replace("\u200b", "")
    assert "征迁" in page and problem[4][:10] in page
    assert not any(problem[4][:10] in d["text"].replace("\u200b", "") for d in public.values())
    assert public["units/fgj/index.html"].get("boost") == 2
    assert "boost" not in public["projects/SL-2022-001/index.html"]


def test_leak_test_computes_the_search_index_of_a_real_build(
    built: tuple[Path, Path, object],
) -> None:
    """The leak test searches the public index without running MkDocs (public_search.py):
    for every generated page, its entry is the one a real build writes."""
    data, out, _ = built
    dataset, _ = check(data)
    assert dataset is not None
    site = render_site(dataset, "public", chart_cache=out / ".work" / "charts",
                       history=read_history(data, "public"))
    index = json.loads((out / "public" / "search" / "search_index.json").read_bytes())
    hand = {path[: -len(".md")] + ".html" for path in handwritten()}
    real = {d["location"]: d for d in index["docs"] if d["location"].split("#")[0] not in hand}
    computed = {d["location"]: d for d in search_entries(site)}
    assert computed.keys() == real.keys()
    assert [k for k in real if computed[k] != real[k]] == []


def test_rebuild_after_one_change_equals_a_full_build(
    built: tuple[Path, Path, object], tmp_path: Path
) -> None:
    """The page cache serves every page but the changed project's; the result has the
    same bytes as a build from scratch, search index included. The build log counts what
    each build rewrote: the one changed page on the rebuild, every page and file from
    scratch, and never more pages than the site has. The rebuild runs MkDocs in a warm
    engine, as ``make serve`` does; the build from scratch starts it afresh."""
    data, out, _ = built
    changed = _changed_copy(data, tmp_path, progress="主体结构封顶, 进入装饰装修阶段。")
    incremental = tmp_path / "incremental"
    shutil.copytree(out, incremental, symlinks=True)
    engine = warm_engine()
    try:
        report = build_sites(changed, incremental, progress=lambda _: None, zip_internal=False,
                             engine=engine)
    finally:
        engine.close()
    assert not report.sites["internal"].unchanged  # MkDocs ran in the engine
    # Not zipped, as make serve builds: the zip of the old intranet went, and the next
    # build that zips makes it again, though it keeps the site as it is.
    assert not (incremental / "internal.zip").exists()
    kept = build_sites(changed, incremental, progress=lambda _: None)
    assert kept.sites["internal"].unchanged
    with zipfile.ZipFile(incremental / "internal.zip") as archive:
        page = archive.read("internal/projects/SL-2022-001/index.html").decode("utf-8")
    assert "主体结构封顶" in page
    internal = report.sites["internal"].cache
    assert internal["hit"] > internal["fast"] + internal["markdown"]
    # The render memo gave back most pages as they were; the changed one was rendered.
    site = report.sites["internal"]
    assert site.pages // 2 < site.recalled < site.pages
    full = tmp_path / "full"
    scratch = build_sites(changed, full, progress=lambda _: None, zip_internal=False)
    for site in ("public", "internal"):
        assert _tree_digest(incremental / site) == _tree_digest(full / site), site
        again, new = report.sites[site], scratch.sites[site]
        assert (again.pages, again.files) == (new.pages, new.files)
        assert again.written == 1 and again.files_written <= again.files  # SL-2022-001's page
        assert (new.written, new.files_written) == (new.pages, new.files)
        docs = full / ".work" / site / "docs"
        assert new.pages == sum(1 for _ in docs.rglob("*.md"))
        assert new.files == sum(1 for p in docs.rglob("*") if p.is_file()) - new.pages
    page = (incremental / "internal" / "projects" / "SL-2022-001" / "index.html").read_text()
    assert "主体结构封顶" in page


def _never(*args: object) -> None:
    raise AssertionError("a fast path was taken")


def test_unverified_versions_take_the_stock_paths(
    built: tuple[Path, Path, object], tmp_path: Path, fake_versions: dict[str, str | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a Material, python-docx and PyYAML the fast paths were not verified against, the
    build says so, one line each, and builds with stock MkDocs, python-docx and parse_yaml:
    every file is the fast build's, Word files included, but for Material's own index."""
    data, out, _ = built
    fake_versions.update({"mkdocs-material": "9.9.0", "python-docx": "1.3.0", "PyYAML": "7.0"})
    monkeypatch.setattr(yamlsource, "parse_plain_yaml", _never)
    monkeypatch.setattr(docx_writer, "fast_docx_bytes", _never)
    said: list[str] = []
    stock = tmp_path / "stock"
    build_sites(data, stock, progress=said.append, zip_internal=False)
    notices = [line for line in said if line.startswith("提示")]
    assert [line.split(", ")[0] for line in notices] == [
        "提示: 已安装 mkdocs-material 9.9.0", "提示: 已安装 PyYAML 7.0",
        "提示: 已安装 python-docx 1.3.0",
    ]
    assert all(line.endswith("using the stock path)") for line in notices)
    for site in ("public", "internal"):
        work = stock / ".work" / site
        assert "hooks" not in yaml.safe_load((work / "mkdocs.yml").read_text("utf-8"))
        assert not (work / "zd-build.json").exists()
        fast_digest, stock_digest = _tree_digest(out / site), _tree_digest(stock / site)
        assert fast_digest.keys() == stock_digest.keys()
        assert any(k.endswith(".docx") for k in stock_digest)
        differing = sorted(k for k in fast_digest if fast_digest[k] != stock_digest[k])
        assert "search/search_index.json" in differing  # Material's index: the stock path
        assert set(differing) <= SEARCH_INDEXES, differing[:5]


def test_unverified_markdown_lets_mkdocs_convert_every_page(
    built: tuple[Path, Path, object], tmp_path: Path, fake_versions: dict[str, str | None]
) -> None:
    """Another Markdown: the hooks stay, Python-Markdown converts every page, and the site
    is the same bytes, search index included."""
    data, out, _ = built
    fake_versions["Markdown"] = "3.12.0"
    said: list[str] = []
    again = tmp_path / "markdown"
    report = build_sites(data, again, audiences=("public",), progress=said.append,
                         zip_internal=False)
    assert [line for line in said if line.startswith("提示")] == [
        "提示: 已安装 Markdown 3.12.0, Markdown 转换的快速路径按 Markdown 3.11.3 验证; 本次使用"
        "标准路径 (Markdown conversion: fast path verified against Markdown 3.11.3; using the "
        "stock path)"
    ]
    cache = report.sites["public"].cache
    assert cache["fast"] == 0 and cache["markdown"] > 0
    assert _tree_digest(again / "public") == _tree_digest(out / "public")
