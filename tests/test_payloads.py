"""Script payloads in every text field that reaches a page stay text; internal markers stay
off the public site (the audit of ``tools.hostile``, in make test).

One build of the sample with a payload in each of the placements and a marker in every
internal field. Every placement is refused by check or reaches a page as text; no page of
either site holds one as markup; Chromium opens, for each placement, a page that shows it and
runs none; no marker is in any public file (pages, search index, sitemap, downloads, the text
inside office files).
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from tools import hostile


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> hostile.Audit:
    return hostile.run(tmp_path_factory.mktemp("hostile"))


def _pages_showing(site: Path, n: int) -> list[str]:
    """Pages (public first) whose text shows placement ``n``'s payload."""
    needle = f"__zd_pwn({n})"
    return [f"{part}/{p.relative_to(site / part).as_posix()}"
            for part in ("public", "internal")
            for p in sorted((site / part).rglob("*.html"))
            if needle in html.unescape(p.read_text("utf-8", "replace"))]


def test_every_placement_is_refused_or_reaches_the_output(audit: hostile.Audit) -> None:
    """Else the audit would prove nothing for it (site.title only reaches the exports)."""
    shown: set[int] = set()
    for part in ("public", "internal"):
        for _, text in hostile.site_texts(audit.site / part):
            shown.update(int(n) for n in hostile.PWN.findall(html.unescape(text)))
    unseen = [name for n, name in audit.placements.items()
              if n not in audit.refused and n not in shown]
    assert unseen == []


def test_no_payload_stands_as_markup(audit: hostile.Audit) -> None:
    live = {audit.placements[n]: pages[:3] for n, pages in audit.live.items()}
    assert live == {}


def test_no_internal_marker_on_the_public_site(audit: hostile.Audit) -> None:
    assert len(audit.markers) > 500
    assert audit.leaked == {}


def test_no_payload_runs_in_chromium(audit: hostile.Audit, browser) -> None:
    site = audit.site
    pages: list[str] = []
    for n in audit.placements:
        showing = _pages_showing(site, n)
        if showing and not any(p in pages for p in showing):
            pages.append(showing[0])
    ran, opened = hostile.execute(site, [p.split("/", 1)[1] for p in pages], browser)
    assert opened >= len(pages)
    assert {audit.placements[n]: where for n, where in ran.items()} == {}
