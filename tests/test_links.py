"""Links in both built sites, checked without a browser.

Every relative href/src must name a file that exists, and every #anchor an id in the page
it points to. The intranet site is checked as delivered (internal.zip, unpacked): opened
from disk there is no web server, so a link must name a file, never a directory or a
root-relative path. No page may load anything from another host: the intranet has no
internet, and the public site must not tell outside hosts who reads it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import SITES

# Attributes that make the browser fetch something (not <a href>, which the reader follows).
LOADING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}
LINKING = {"a": ("href",), "area": ("href",), "form": ("action",)}
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, url)


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.ids.add(values[name])
        for attr in LOADING.get(tag, ()) + LINKING.get(tag, ()):
            value = values.get(attr)
            if value is None:
                continue
            urls = [part.split()[0] for part in value.split(",") if part.strip()]
            if attr != "srcset":
                urls = [value.strip()]
            self.page.refs.extend((tag, attr, url) for url in urls)
        if tag in ("use", "image") and "href" in values:  # <svg><use href="#…">
            self.page.refs.append((tag, "href", values["href"]))

    handle_startendtag = handle_starttag


def parse(path: Path) -> Page:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


@pytest.fixture(scope="module")
def parsed(built_sites) -> dict[str, dict[Path, Page]]:
    return {
        site: {p: parse(p) for p in sorted(built_sites.root(site).rglob("*.html"))}
        for site in SITES
    }


def _is_outside(url: str) -> bool:
    scheme = urlsplit(url).scheme.lower()
    return url.startswith("//") or (scheme not in ("", "file") and not url.startswith(SKIP_SCHEMES))


@pytest.mark.parametrize("site", SITES)
def test_internal_links_resolve(built_sites, parsed, site):
    root = built_sites.root(site).resolve()
    pages = parsed[site]
    assert len(pages) > 10, f"only {len(pages)} pages in {site}: did the build run?"
    broken: list[str] = []
    for path, page in pages.items():
        rel = path.relative_to(root).as_posix()
        for tag, attr, url in page.refs:
            if not url or url.startswith(SKIP_SCHEMES) or _is_outside(url):
                continue
            parts = urlsplit(url)
            where = f"{rel}: <{tag} {attr}={url!r}>"
            base = path.parent
            if parts.path.startswith("/"):
                if rel != "404.html":  # served for any missing path, so MkDocs roots it at /
                    broken.append(f"{where} is root-relative: it breaks when opened from disk")
                    continue
                base = root
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else path
            if not target.is_relative_to(root):
                broken.append(f"{where} points outside the site")
                continue
            if target.is_dir() or parts.path.endswith("/"):
                broken.append(f"{where} names a directory: from disk it needs …/index.html")
                continue
            if not target.is_file():
                broken.append(f"{where}: {target.relative_to(root).as_posix()} does not exist")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    broken.append(f"{where}: no id {fragment!r} in {target.relative_to(root)}")
    assert not broken, f"{len(broken)} broken links in {site}:\n" + "\n".join(broken[:40])


@pytest.mark.parametrize("site", SITES)
def test_no_outside_host_is_loaded(built_sites, parsed, site):
    """script/link/img/iframe… never load from another host (the intranet has no internet)."""
    root = built_sites.root(site)
    found = [
        f"{path.relative_to(root).as_posix()}: <{tag} {attr}={url!r}>"
        for path, page in parsed[site].items()
        for tag, attr, url in page.refs
        if tag not in LINKING and _is_outside(url)
    ]
    for css in sorted(root.rglob("*.css")):
        for url in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if _is_outside(url.strip()):
                found.append(f"{css.relative_to(root).as_posix()}: url({url})")
    assert not found, f"{site} loads from outside hosts:\n" + "\n".join(sorted(set(found))[:40])


# --- mentions link to the pages of what they mention ------------------------------------

FACT = re.compile(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', re.S)
HREF = re.compile(r'^<a href="([^"]+)">([^<]*)</a>$')
# Facts of a project page that name something with a page of its own, and how to find it.
MENTIONS = {"所在乡镇": "township", "责任单位": "unit", "分包领导": "leader", "工作专班": "taskforce",
            "建设阶段": "stage", "所属领域": "domain", "项目级别": "level"}


def _expected_page(root: Path, kind: str, text: str) -> Path | None:
    """The page a mention should link to on this site, or None when the site has none."""
    import yaml

    from generator.model import vocab
    from generator.model.models import Unit
    from generator.model.units import UnitRegister
    from generator.pages.entities import slug

    data = Path(__file__).resolve().parent.parent / "data"
    if kind == "township":
        site = yaml.safe_load((data / "site.yaml").read_text(encoding="utf-8"))
        code = next((t["code"] for t in site["townships"] if t["name"] == text), None)
        page = None if code is None else root / "by" / "township" / code / "index.html"
    elif kind == "unit":
        units = yaml.safe_load((data / "units.yaml").read_text(encoding="utf-8"))
        unit = UnitRegister([Unit(**u) for u in units]).resolve(text)
        page = None if unit is None else root / "units" / unit.code / "index.html"
    elif kind in ("leader", "taskforce"):
        page = root / f"{kind}s" / slug(text) / "index.html"
    else:
        slugs = {"stage": vocab.STAGES, "domain": vocab.DOMAINS, "level": vocab.LEVELS}[kind]
        page = root / "by" / kind / slugs[text] / "index.html"
    return page if page is not None and page.is_file() else None


@pytest.mark.parametrize("site", SITES)
def test_project_facts_link_to_their_pages(built_sites, site):
    """Township, unit, leader, task force, stage, domain and level on a project page link to
    their pages where this site has them (the public site: only the pages it has)."""
    root = built_sites.root(site)
    wrong: list[str] = []
    linked = 0
    for path in sorted((root / "projects").glob("*/index.html")):
        text = path.read_text(encoding="utf-8")
        for label, cell in FACT.findall(text):
            kind = MENTIONS.get(label)
            if kind is None:
                continue
            found = HREF.match(cell.strip())
            shown = html.unescape(found.group(2) if found else cell.strip())
            expected = _expected_page(root, kind, shown) if shown != "—" else None
            where = f"{path.relative_to(root).as_posix()} {label} {shown!r}"
            if expected is None and found:
                wrong.append(f"{where} links to {found.group(1)}, a page the site does not have")
            elif expected is not None and not found:
                wrong.append(f"{where} is plain text; {expected.relative_to(root)} exists")
            elif expected is not None and (path.parent / found.group(1)).resolve() != expected:
                wrong.append(f"{where} links to {found.group(1)}, not {expected.relative_to(root)}")
            linked += bool(found)
    assert not wrong, "\n".join(wrong[:20])
    assert linked > 20, f"only {linked} mentions linked on {site} project pages"
