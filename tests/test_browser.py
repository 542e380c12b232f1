"""Both sites in a real browser (Debian Chromium through Playwright).

The public site is served over http from 127.0.0.1, the intranet site is opened from the
unpacked internal.zip over file://, as a user double-clicking it would. For every page type
on both sites: no console errors, no request to any outside host, charts that render, the
intranet marking, axe-core accessibility (no serious or critical violation) and a phone
layout without horizontal scrolling. Search must find a project by a word of its name and
by its code. The public site must not contain anything that belongs to the intranet.

Page types are those the page registry declares (``generator.pages.registry``): one page
of each type on each site that gets it is visited. A missing page type fails, naming it.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
import yaml
from browser_support import (
    DATA,
    MARKING,
    PHONE,
    SHOTS,
    SITES,
    PageType,
    format_axe,
    locked,
    open_page,
    page_params,
    run_axe,
    search,
)

CHARTS_JS = """() => Array.from(document.querySelectorAll('figure.zd-chart'))
    .filter(f => f.getClientRects().length > 0)
    .map((f, i) => {
        const sizes = Array.from(f.querySelectorAll('svg, canvas')).map(e => {
            const r = e.getBoundingClientRect();
            return [e.tagName.toLowerCase(), Math.round(r.width), Math.round(r.height)];
        });
        return {figure: f.id || ('#' + (i + 1)), sizes: sizes,
                ok: sizes.some(([, w, h]) => w > 50 && h > 50)};
    })"""

OVERFLOW_JS = """() => {
    const limit = window.innerWidth + 1;
    const clipped = e => {  // inside a scroller such as .zd-table: that one scrolls, not the page
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
    };
    const name = e => e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className
        ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    const wide = Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > limit)
        .filter(e => !clipped(e)).slice(0, 5)
        .map(e => name(e) + ' right=' + Math.round(e.getBoundingClientRect().right));
    // A table of records shows as cards: every cell (the lagging list's 原因 too) on screen.
    const cut = Array.from(document.querySelectorAll('.zd-cards td'))
        .filter(c => c.getClientRects().length).filter(c => {
            const r = c.getBoundingClientRect();
            return r.left < -1 || r.right > limit;
        }).slice(0, 3).map(c => (c.dataset.label || '?') + ' right='
            + Math.round(c.getBoundingClientRect().right));
    // A table that scrolls in its box keeps its first column in view (position: sticky).
    const unfixed = Array.from(document.querySelectorAll('.zd-table'))
        .filter(t => t.getClientRects().length && t.scrollWidth > t.clientWidth + 1)
        .filter(t => {
            const first = t.querySelector('tbody td:first-child, tbody th:first-child');
            return !t.classList.contains('zd-scroll') || !first
                || getComputedStyle(first).position !== 'sticky';
        }).slice(0, 3).map(t => name(t) + ' ' + (t.getAttribute('aria-label') || ''));
    return {scrollWidth: document.scrollingElement.scrollWidth, wide: wide, cut: cut,
            unfixed: unfixed};
}"""

MARKING_WORD = MARKING.split()[0]  # 内部资料
# Page types whose phone layout is saved as a screenshot (SHOTS) for a person to look at.
SHOT_TYPES = ("home", "project", "group", "lagging", "rankings", "bulletin", "glossary")
SEARCH_WORDS = ("水库", "供水")  # two-character words from project names in data/projects


def _rel(built_sites, site: str, kind: PageType) -> str:
    root = built_sites.root(site)
    return kind.find(root).relative_to(root).as_posix()


# --- every page type in the browser ---------------------------------------------------


@dataclass
class Visit:
    """One page: what it did at desktop size, what axe-core found, its phone layout."""

    rel: str
    errors: list[str]
    outside: list[str]
    charts: list[dict]
    banners: int
    marking: str
    axe: list[dict]
    phone: dict


def visit(browser, site_urls, built_sites, site: str, kind: PageType) -> Visit:
    """Open a page once per session; the page, accessibility and phone tests share it.

    xdist workers share the result through a file (``--dist loadgroup`` cannot keep the
    three tests together: pytest 9.2 ignores the node ids xdist 3.8 rewrites for groups).
    The page opens at 1280×900; after the desktop checks and axe the window shrinks to a
    phone's 390×844 (CSS media queries apply as on a phone), saving a second page load.
    """
    rel = _rel(built_sites, site, kind)  # PageTypeMissing before anything is opened
    store = built_sites.shared / "visits"
    store.mkdir(exist_ok=True)
    saved = store / f"{site}-{kind.name}.json"
    with locked(store / f"{site}-{kind.name}.lock"):
        if not saved.is_file():
            seen = _open_and_check(browser, site_urls, site, kind, rel)
            saved.write_text(json.dumps(asdict(seen), ensure_ascii=False), encoding="utf-8")
    return Visit(**json.loads(saved.read_text(encoding="utf-8")))


def _open_and_check(browser, site_urls, site: str, kind: PageType, rel: str) -> Visit:
    with open_page(browser, site_urls, site, rel) as (page, log):
        charts = page.evaluate(CHARTS_JS)
        banner = page.locator(".zd-classified")
        banners = banner.count()
        marked = banners > 0 and banner.first.is_visible()
        marking = " ".join(banner.first.inner_text().split()) if marked else ""
        page.wait_for_timeout(100)  # late console errors from scripts run after load
        errors, outside = list(log.errors), list(log.outside)
        violations = run_axe(page)
        page.set_viewport_size(PHONE)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        if kind.name in SHOT_TYPES:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{site}-{kind.name}.png"), full_page=True)
        phone = page.evaluate(OVERFLOW_JS)
    return Visit(rel, errors, outside, charts, banners, marking, violations, phone)


@pytest.mark.parametrize(("site", "kind"), page_params())
def test_page_loads_cleanly(browser, site_urls, built_sites, site, kind):
    """No console error, no outside request, charts with a real size, the right marking."""
    seen = visit(browser, site_urls, built_sites, site, kind)
    problems = []
    if seen.errors:
        problems.append("console errors:\n  " + "\n  ".join(seen.errors))
    if seen.outside:
        problems.append("requests to outside hosts (aborted):\n  " + "\n  ".join(seen.outside))
    broken = [c for c in seen.charts if not c["ok"]]
    if broken:
        problems.append(f"charts without a drawing larger than 50 px: {broken}")
    if site == "internal" and seen.marking != MARKING:
        problems.append(f"the visible marking {MARKING!r} is missing (found {seen.marking!r})")
    if site == "public" and seen.banners:
        problems.append("the intranet marking is on a public page")
    assert not problems, f"{site} {kind.name} page {seen.rel}:\n" + "\n".join(problems)


@pytest.mark.parametrize(("site", "kind"), page_params())
def test_accessibility(browser, site_urls, built_sites, site, kind):
    """axe-core finds no violation of impact serious or critical."""
    seen = visit(browser, site_urls, built_sites, site, kind)
    assert not seen.axe, f"axe on {site} {kind.name} page {seen.rel}:\n{format_axe(seen.axe)}"


@pytest.mark.parametrize(("site", "kind"), page_params())
def test_phone_layout(browser, site_urls, built_sites, site, kind):
    """At 390×844 the page never scrolls sideways; a table of records becomes cards with
    every cell on screen, a table of figures scrolls in its box with its first column fixed."""
    seen = visit(browser, site_urls, built_sites, site, kind)
    assert seen.phone["scrollWidth"] <= PHONE["width"] + 1, (
        f"{site} {kind.name} page {seen.rel} scrolls sideways on a phone: scrollWidth "
        f"{seen.phone['scrollWidth']} > {PHONE['width']}; widest elements: {seen.phone['wide']}"
    )
    assert not seen.phone["cut"], (
        f"{site} {kind.name} page {seen.rel}: table cards with cells off-screen on a phone: "
        f"{seen.phone['cut']}")
    assert not seen.phone["unfixed"], (
        f"{site} {kind.name} page {seen.rel}: tables that scroll on a phone without a fixed "
        f"first column: {seen.phone['unfixed']}")


# --- search ---------------------------------------------------------------------------


def _projects() -> list[dict]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((DATA / "projects").glob("*.yaml"))
    ]


def _search_target(root: Path) -> tuple[str, str, str]:
    """(word, code, name): a project on this site whose name contains a search word."""
    for word in SEARCH_WORDS:
        for project in _projects():
            code, name = project["code"], project["name"]
            if word in name and (root / "projects" / code / "index.html").is_file():
                return word, code, name
    pytest.fail(f"no project on {root.name} has any of {SEARCH_WORDS} in its name")


def _pages(links: list[str]) -> list[str]:
    """Result links → the pages they open, in order, without duplicates."""
    pages: list[str] = []
    for link in links:
        page = re.sub(r"[?#].*$", "", link)
        if page not in pages:
            pages.append(page)
    return pages


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("by", ["word", "code"])
def test_search_finds_project(browser, site_urls, built_sites, site, by):
    """Chinese search: a two-character word of the name, or the code, finds the project."""
    word, code, name = _search_target(built_sites.root(site))
    query = word if by == "word" else code
    with open_page(browser, site_urls, site, "index.html") as (page, log):
        summary, links = search(page, query)
    pages = _pages(links)
    wanted = f"projects/{code}/index.html"
    rank = next((i for i, p in enumerate(pages) if p.endswith(wanted)), None)
    # A code names exactly one project: it must come first. A word may match several.
    # A code such as SL-2025-012 is split on "-", so SL-2024-012 matches "012" too: the
    # project must be among the first results, not necessarily first.
    best = 3 if by == "code" else 5
    context = (
        f"search {query!r} on the {site} site should find {code} {name} "
        f"(within the first {best} pages); it shows {summary!r}, first pages: "
        f"{[p.rsplit('/', 3)[-3:] for p in pages[:5]]}"
    )
    if log.outside:
        context += f"; blocked requests to outside hosts: {log.outside}"
    if log.errors:
        context += f"; console errors: {log.errors}"
    assert rank is not None and rank < best, context


def _found(page, query: str) -> tuple[str, list[str]]:
    summary, links = search(page, query)
    return summary, _pages(links)


def _public(root: Path, code: str) -> bool:
    return (root / "projects" / code / "index.html").is_file()


def _firm_word(name: str) -> str:
    """The word a reader types for a firm: its trade name, after the place (示例市裕丰… → 裕丰)."""
    import jieba

    return next(iter(jieba.cut(re.sub(r"^示例[省市县]", "", name))))


def _search_cases(root: Path, site: str) -> list[tuple[str, str, str, int]]:
    """(kind, query, pages (one of them) expected among the first ``best`` results, best)."""
    import yaml as _yaml

    projects = [p for p in _projects() if _public(root, p["code"]) or site == "internal"]
    cases: list[tuple[str, str, str, int]] = []
    site_yaml = _yaml.safe_load((DATA / "site.yaml").read_text(encoding="utf-8"))
    town = next(t for t in site_yaml["townships"]
                if (root / "by" / "township" / t["code"] / "index.html").is_file())
    cases.append(("place", town["name"], f"by/township/{town['code']}/index.html", 3))
    units = _yaml.safe_load((DATA / "units.yaml").read_text(encoding="utf-8"))
    unit = next(u for u in units if u["code"] == "fgj")  # 县发展改革局, 又称 县发改局
    cases.append(("alias", "发改局", f"units/{unit['code']}/index.html", 3))
    # A firm's trade name, choosing the rarest, so that its projects are the first results.
    words: dict[str, list[str]] = {}
    bidders: dict[str, list[str]] = {}
    for p in projects:
        builder = (p.get("contractors") or {}).get("builder")
        if builder:
            words.setdefault(_firm_word(builder), []).append(p["code"])
        for t in p.get("tenders", []):
            if t.get("winner") and t["winner"] != builder:
                bidders.setdefault(_firm_word(t["winner"]), []).append(p["code"])
    word, codes = min(words.items(), key=lambda item: (len(item[1]), item[0]))
    cases.append(("contractor", word, f"projects/{codes[0]}/index.html", 10))
    word, codes = min(bidders.items(), key=lambda item: (len(item[1]), item[0]))
    cases.append(("bidder", word, f"projects/{codes[0]}/index.html", 10))
    items: dict[str, list[str]] = {}
    for p in projects:
        for t in p.get("tenders", []):
            items.setdefault(t["item"], []).append(p["code"])
    item, codes = min(items.items(), key=lambda pair: (len(pair[1]), pair[0]))
    cases.append(("tender", item, " ".join(f"projects/{c}/index.html" for c in codes), 10))
    return cases


@pytest.mark.parametrize("site", SITES)
def test_search_finds_each_kind(browser, site_urls, built_sites, site):
    """Places, unit aliases (发改局 → 县发展改革局), contractors, winning bidders and tender
    names find their pages; words of a page's far end are indexed, not only its opening."""
    root = built_sites.root(site)
    missed = []
    with open_page(browser, site_urls, site, "index.html") as (page, log):
        for kind, query, wanted, best in _search_cases(root, site):
            summary, pages = _found(page, query)
            rank = next((i for i, p in enumerate(pages)
                         if any(p.endswith(w) for w in wanted.split())), None)
            if rank is None or rank >= best:
                missed.append(f"{kind} {query!r}: {wanted} not in the first {best} ({summary}; "
                              f"{[p.rsplit('/', 3)[-3:] for p in pages[:5]]})")
    assert not missed and not log.errors, "\n".join(missed + log.errors)


def test_search_finds_problems_on_the_intranet_only(browser, site_urls, built_sites):
    """征迁 and other problem words find the projects on the intranet; on the public site a
    project found by a word shows that word on its page (problems are never indexed there)."""
    import csv

    with open(DATA / "problems.csv", encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["问题类别"] == "征迁"]
    assert rows, "the sample has no 征迁 problem"
    with open_page(browser, site_urls, "internal", "index.html") as (page, _):
        _, pages = _found(page, "征迁")
    wanted = {f"projects/{r['项目编号']}/index.html" for r in rows}
    assert any(p.endswith(w) for p in pages[:10] for w in wanted), pages[:10]
    with open_page(browser, site_urls, "public", "index.html") as (page, _):
        _, pages = _found(page, "征迁")
    for rel in (p.split("/", 3)[-1] for p in pages if "/projects/" in p):
        text = html.unescape((built_sites.public / rel).read_text(encoding="utf-8"))
        assert "征迁" in ZERO_WIDTH.sub("", text), f"public search '征迁' found {rel}"
    # A problem's own words are nowhere in the public index (a longer query is cut into words,
    # and a page may be found by 项目 or 范围 alone, so the index itself is what to look at).
    index = (built_sites.public / "search" / "search_index.json").read_text(encoding="utf-8")
    for row in rows:
        assert row["问题描述"][:12] not in ZERO_WIDTH.sub("", html.unescape(index))


# --- links lead where they say (a reader's click) --------------------------------------


@pytest.mark.parametrize("site", SITES)
def test_project_mentions_open_their_pages(browser, site_urls, built_sites, site):
    """On a project page, clicking the township, the responsible unit and (intranet) the
    leader opens the page of that township, unit or leader."""
    root = built_sites.root(site)
    rel = next(p.relative_to(root).as_posix() for p in sorted((root / "projects").glob("*/index.html"))
               if 'units/fgj/index.html' in p.read_text(encoding="utf-8"))
    labels = ["所在乡镇", "责任单位"] + (["分包领导"] if site == "internal" else [])
    opened = {}
    for label in labels:
        with open_page(browser, site_urls, site, rel) as (page, log):
            link = page.locator(f"tr:has(th:has-text('{label}')) td a").first
            text = link.inner_text()
            link.click()
            page.wait_for_load_state("load")
            opened[label] = (text, page.locator("h1").first.inner_text(), page.url)
            assert not log.errors, log.errors
    for label, (text, heading, url) in opened.items():
        assert text in heading, f"{site} {rel}: {label} {text!r} opened {url} titled {heading!r}"


@pytest.mark.parametrize("site", SITES)
def test_map_points_open_their_projects(browser, site_urls, built_sites, site):
    """The home page's map (drawn at build time, nothing fetched) links each point to its
    project page; clicking one opens that project; the public map links public projects
    only."""
    from generator.rules.check import check
    from generator.rules.visibility import view

    dataset, _ = check(DATA)
    assert dataset is not None
    allowed = set(view(dataset, site).projects)
    with open_page(browser, site_urls, site, "index.html") as (page, log):
        svg = page.locator("figure.zd-chart svg[role=group]:has(a[href*='projects/'])").first
        hrefs = svg.locator("a[href*='projects/']").evaluate_all(
            "els => els.map(a => a.getAttribute('href'))")
        codes = {re.search(r"projects/([^/]+)/", h).group(1) for h in hrefs}
        assert codes and codes <= allowed, sorted(codes - allowed)
        first = svg.locator("a[href*='projects/']").first
        name = first.get_attribute("aria-label").split("，")[0]
        # Markers overlap at phone width; the link is the point. Wait for the navigation the
        # click starts, not for the load state of the page being left.
        with page.expect_navigation(wait_until="load", timeout=30_000):
            first.dispatch_event("click")
        assert name in page.locator("h1").first.inner_text(timeout=30_000)
        assert not log.errors, log.errors


@pytest.mark.parametrize("site", SITES)
def test_photos_load_thumbnails_that_open_the_full_copy(browser, site_urls, built_sites, site):
    root = built_sites.root(site)
    rel = next(p.relative_to(root).as_posix() for p in sorted((root / "projects").glob("*/index.html"))
               if "zd-photos" in p.read_text(encoding="utf-8"))
    with open_page(browser, site_urls, site, rel) as (page, log):
        images = page.locator(".zd-photos img")
        images.first.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.querySelectorAll('.zd-photos img')]"
                               ".every(i => i.complete && i.naturalWidth > 0)")
        sizes = images.evaluate_all("els => els.map(i => [i.naturalWidth, i.naturalHeight])")
        assert sizes and all(w <= 480 and h <= 360 for w, h in sizes), sizes
        with page.expect_navigation(wait_until="load", timeout=30_000):
            page.locator(".zd-photos a").first.click()
        assert "/thumbs/" not in page.url and page.url.endswith(".jpg")
        assert page.evaluate("document.images[0].naturalWidth") > 480
        assert not log.errors, log.errors


# --- what the public site must never contain (no browser) ----------------------------


TEXT_SUFFIXES = {".html", ".json", ".xml", ".js", ".txt", ".css", ".svg", ".csv", ".md"}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # the search index segments words


def _texts(root: Path):
    """(path, text) of every file a visitor could read, with escapes and archives opened."""
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        elif zipfile.is_zipfile(io.BytesIO(data)):  # downloads such as .xlsx
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = b"\n".join(archive.read(n) for n in archive.namelist())
        elif path.suffix not in TEXT_SUFFIXES:
            continue
        text = data.decode("utf-8", errors="replace")
        if path.suffix == ".json":
            text += json.dumps(json.loads(text), ensure_ascii=False)
        text = ZERO_WIDTH.sub("", html.unescape(text))
        yield path.relative_to(root).as_posix(), text


def _internal_only() -> dict[str, str]:
    """Text that belongs to the intranet: marking, leaders, problems, withheld projects."""
    from generator.rules.check import check
    from generator.rules.visibility import view

    forbidden = {MARKING_WORD: "the intranet marking"}
    for project in _projects():
        if project.get("leader"):
            forbidden[str(project["leader"])] = f"leader of {project['code']}"
    with open(DATA / "problems.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            forbidden[row["问题描述"].strip()] = f"problem {row['问题编号']}"
    dataset, findings = check(DATA)
    assert dataset is not None, f"data/ does not pass check: {findings[:3]}"
    public = set(view(dataset, "public").projects)
    for code in dataset.projects:
        if code not in public:
            forbidden[code] = "code of a project that is not disclosed"
    return {text: why for text, why in forbidden.items() if text}


def test_public_site_has_no_internal_text(built_sites):
    forbidden = _internal_only()
    pattern = re.compile("|".join(map(re.escape, sorted(forbidden, key=len, reverse=True))))
    leaks: dict[str, set[str]] = {}
    for rel, text in _texts(built_sites.public):
        for match in pattern.finditer(text):
            if match.group() == MARKING_WORD and rel.endswith(".css"):
                continue  # the stylesheet both sites share prints the marking on intranet paper
            leaks.setdefault(match.group(), set()).add(rel)
    assert not leaks, "internal-only text on the public site:\n" + "\n".join(
        f"  {text!r} ({forbidden[text]}) in {sorted(files)[:5]}" for text, files in leaks.items()
    )
    for must in ("search/search_index.json", "sitemap.xml"):
        assert (built_sites.public / must).is_file(), f"{must} was not checked: it is missing"


def test_disclosed_projects_are_public(built_sites):
    from generator.rules.check import check
    from generator.rules.visibility import view

    dataset, _ = check(DATA)
    assert dataset is not None
    public = sorted(view(dataset, "public").projects)
    assert public, "no project is disclosed: the public site would be empty"
    missing = [
        c for c in public if not (built_sites.public / "projects" / c / "index.html").exists()
    ]
    assert not missing, f"disclosed projects without a public page: {missing}"


def test_every_internal_page_is_marked(built_sites):
    """The marking is in the banner and the footer of every intranet page."""
    unmarked = []
    for path in sorted(built_sites.internal.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        banner = re.search(r'class="zd-classified">([^<]*)<', text)
        footer = re.search(r'class="zd-classified-footer">([^<]*)<', text)
        if not (banner and footer and banner[1] == MARKING and footer[1] == MARKING):
            unmarked.append(path.relative_to(built_sites.internal).as_posix())
    assert not unmarked, f"intranet pages without the marking {MARKING!r}: {unmarked[:10]}"
