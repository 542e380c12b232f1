"""``formatting.escape``: any text shows exactly as written, and Markdown sees no syntax in it;
and amounts read the same wherever they appear."""

from __future__ import annotations

import html

import markdown
from hypothesis import given
from hypothesis import strategies as st

from generator.present.formatting import escape, wan

ONE_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@given(ONE_LINE)
def test_a_browser_shows_the_text_as_written(text: str) -> None:
    assert html.unescape(str(escape(text))) == text.strip()


def test_quotes_and_hashes_are_one_entity_each() -> None:
    # Escaping in two passes turned ' into &&#35;x27; and pages showed "&#x27;".
    assert str(escape("O'Brien #1")) == "O&#39;Brien &#35;1"


@given(ONE_LINE)
def test_markdown_leaves_the_text_alone(text: str) -> None:
    rendered = markdown.markdown(f"<p>{escape(text)}</p>", extensions=["md_in_html"])
    assert html.unescape(rendered) == f"<p>{text.strip()}</p>"


def test_lines_become_line_breaks() -> None:
    assert str(escape("第一行 \r\n 第二行\n")) == "第一行<br>第二行<br>"


def test_control_characters_show_as_replacement_marks() -> None:
    # \x02 and \x03 delimit Python-Markdown's stash of raw HTML; a value must not reach it.
    assert str(escape("a\x02klzzwxh:0000\x03b")) == "a\ufffdklzzwxh&#58;0000\ufffdb"


def test_wan_without_unit_and_without_negative_zero() -> None:
    # The change report's tables name the unit in the heading; a rounding remainder of
    # -0.001 is no change, and "-0" would read as one.
    assert wan(12000.0, unit=False) == "12,000"
    assert wan(1234.567) == "1,234.57万元"
    assert wan(-0.001, unit=False) == "0"
    assert wan(-5.5, unit=False) == "-5.5"
