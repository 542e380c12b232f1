"""名词解释: one entry per term, terms linked where pages use them, text kept as text."""

from __future__ import annotations

from markupsafe import Markup

from generator.model import vocab
from generator.present import glossary
from generator.present.formatting import escape

VALUES = {"tolerance": "5", "threshold": "1,000万元"}


def test_every_term_has_one_entry_and_the_issue_s_terms_are_there() -> None:
    slugs = [t.slug for t in glossary.TERMS]
    assert len(slugs) == len(set(slugs))
    assert all(s.isascii() and " " not in s for s in slugs)
    words = set(glossary.BY_WORD)
    for word in ("三个一批", "五明确", "序时进度", "挂牌督办", "四率", "专项债", "资金拨付率",
                 *vocab.STAGES):
        assert word in words, word
    assert {t.group for t in glossary.TERMS} == set(glossary.GROUPS)


def test_definitions_say_this_site_s_rules() -> None:
    lag = glossary.BY_WORD["滞后"]
    assert "超过 5 个百分点" in glossary.definition(lag, VALUES)
    assert "{" not in "".join(glossary.definition(t, VALUES) for t in glossary.TERMS)


def test_first_use_is_linked_longest_word_first() -> None:
    seen: set[str] = set()
    text = escape("投资完成率低于序时进度；序时进度为10/12。<b>完成率</b>")
    out = glossary.link_terms(text, "../glossary/index.html", VALUES, seen)
    assert isinstance(out, Markup)
    assert out.count('href="../glossary/index.html#schedule-rate"') == 1
    assert 'href="../glossary/index.html#completion-rate"' in out
    assert out.count("zd-term") == 2  # 完成率 was linked as part of 投资完成率 already
    assert "&lt;b&gt;" in out and "<b>" not in out
    again = glossary.link_terms(escape("序时进度"), "x", VALUES, seen)
    assert "<a" not in again  # linked once per page


def test_everyday_words_are_not_linked_in_running_text() -> None:
    out = glossary.link_terms(escape("项目已竣工，正在调度。"), "g", VALUES, set())
    assert "<a" not in out
    assert "<a" in glossary.term_link("g", "竣工", VALUES)  # where a page asks for it


def test_both_sites_link_terms_to_their_glossary(built_sites) -> None:
    import re

    from browser_support import SITES

    for site in SITES:
        root = built_sites.root(site)
        page = (root / "glossary" / "index.html").read_text(encoding="utf-8")
        ids = set(re.findall(r'<dt id="([^"]+)"', page))
        assert ids == {t.slug for t in glossary.TERMS}, site
        bulletin = sorted((root / "bulletins").glob("*/index.html"))[-1]
        for path in (root / "index.html", next((root / "projects").glob("*/index.html")),
                     bulletin):
            found = re.findall(r'class="zd-term" href="[./]*glossary/index\.html#([^"]+)"',
                               path.read_text(encoding="utf-8"))
            assert found and set(found) <= ids, f"{site} {path.relative_to(root)}: {found}"
