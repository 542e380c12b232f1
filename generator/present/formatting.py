"""Display formats: money in 万元/亿元, rates, dates, and escaping for Markdown pages.

Every data value reaches a page through ``escape`` (the Jinja ``finalize`` hook), which
makes it inert both as HTML and as Markdown: ``<script>`` shows as text and ``*bold*`` or
``[link](x)`` stay literal characters.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import Markup

from generator.figures.rates import missing
from generator.model.dates import PartialDate

# One pass over the text: HTML's specials as entities, then the characters Markdown (and
# the extensions we enable) would interpret, as numeric entities. Two passes would escape
# the "#" of an entity the first one wrote.
_ENTITIES = {
    ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;",
    **{ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}|~^=#!:$"},
    # Control characters show nothing, and \x02/\x03 are Python-Markdown's own placeholder
    # marks: make them visible as U+FFFD instead.
    **{c: "\ufffd" for c in range(32) if chr(c) not in "\t\n\r"},
}


def escape(value: Any) -> Markup:
    """Text that renders exactly as written, inside HTML blocks and inline Markdown alike."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return _safe("")
    if isinstance(value, PartialDate):
        return _safe(value.chinese())
    text = str(value).translate(_ENTITIES)
    if "\n" in text:
        return _safe("<br>".join(line.strip() for line in text.replace("\r\n", "\n").split("\n")))
    return _safe(text.strip())


def _safe(text: str) -> Markup:
    """``Markup(text)`` for a str, without Markup's own ``__new__`` (which looks for
    ``__html__`` first): every value of every page passes here."""
    return str.__new__(Markup, text)


def wan(value: float | None, *, unit: bool = True) -> str:
    """万元 with at most two decimals: 1234.5 → 1,234.5万元; ``unit=False`` where a heading
    names the unit (12000 → 12,000)."""
    if missing(value):
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if text == "-0":  # a tiny negative rounds to zero, which has no sign
        text = "0"
    return f"{text}万元" if unit else text


def yi(value: float | None, *, unit: bool = True, digits: int = 2) -> str:
    """亿元 from 万元: 123456 → 12.35亿元."""
    if missing(value):
        return "—"
    text = f"{value / 10000:,.{digits}f}"
    return f"{text}亿元" if unit else text


def money(value: float | None) -> str:
    """亿元 from 1亿 upwards, 万元 below: the way bulletins write amounts."""
    if missing(value):
        return "—"
    return yi(value) if abs(value) >= 10000 else wan(value)


def pct(value: float | None, digits: int = 1) -> str:
    """A rate (0.896) as a percentage (89.6%)."""
    if missing(value):
        return "—"
    return f"{value * 100:.{digits}f}%"


def pp(value: float | None) -> str:
    """Percentage points with sign: +3.2个百分点."""
    if missing(value):
        return "—"
    return f"{value:+.1f}个百分点"


def day(value: PartialDate | None) -> str:
    return "—" if value is None else value.chinese()


def html_text(value: object) -> str:
    """HTML-escaped text for values MkDocs places into HTML unescaped (page titles)."""
    return html.escape(str(value), quote=True)


# Characters a YAML reader refuses or folds even inside a quoted string (C0/C1 controls,
# line separators, non-characters, lone surrogates), written as escapes instead.
_NOT_YAML = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufffe\\uffff]")


def front_matter(value: object) -> Markup:
    """A front-matter value: HTML-escaped text as a double-quoted YAML string.

    Characters outside the BMP (CJK Extension B such as 𠀾, common in names; emoji) are
    written as they are: escaped as JSON surrogate pairs they would reach MkDocs as two
    broken halves and the page would lose its title.
    """
    text = json.dumps(html_text(value), ensure_ascii=False)
    # Markup: it is already what the front matter must hold, not HTML to escape again.
    return Markup(_NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text))




def threshold_amount(value: float) -> str:
    """A round amount as rules state it: 10亿元, 1亿元, 5000万元 (no padding decimals)."""
    return f"{value / 10000:g}亿元" if value >= 10000 else f"{value:g}万元"


def target_amount(value: float | None, unit: str) -> str:
    """A target's value or result in its unit (TargetResult.unit): 43.90亿元, 85.0%, 12个."""
    if missing(value):
        return "—"
    if unit == "万元":
        return money(value)
    if unit == "%":
        return f"{value:.1f}%"
    return f"{value:g}{unit}"


FILTERS = {"html_text": html_text, "front_matter": front_matter, "wan": wan, "yi": yi, "money": money, "pct": pct, "pp": pp,
           "day": day, "target_amount": target_amount}
