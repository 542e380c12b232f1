"""Excel number formats that make a cell show something other than the number it holds.

An ``.xlsx`` number cell holds one number; its format decides what Excel shows. Most formats
change only the look (decimals, thousands separators, colours, 五百 for 500), and the number
read is the number seen. Three kinds change what a contributor sees it as:

- a percentage: ``0%`` shows 0.5 as 50%, so a cell that reads "50%" holds 0.5;
- a scaling comma: ``#,##0,`` shows 123456 as 123 (each comma after the last digit divides
  by 1000), and the 万 trick ``0!.0,"万"`` shows it as 12.3万;
- text the cell does not hold: ``0"元"`` shows 6000000 as 6000000元, ``"XC-"000`` shows 1
  as XC-001, ``"是";;"否"`` shows 1 as 是.

``format_effect`` finds these in a format; the reader keeps such a cell as a
``FormattedNumber`` and the column decides (``tables``): refused everywhere, except a money
column's 万元 (the unit its numbers are in anyway).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

_PLACEHOLDERS = "0#?"
# Characters a format may show that say nothing about the number: signs, brackets, spaces,
# currency symbols (a money column's ¥ is decoration: the header says 万元).
_DECORATION = re.compile(r"[\s\-+()（）:/¥￥$€£,.]")
_CONDITION = re.compile(r"\[[<>=]")


@dataclass(frozen=True)
class FormatEffect:
    """What a format does besides showing the number: see the module docstring."""

    percent: bool = False
    decimals: int = 0  # digits after the point, for showing a percentage as Excel does
    factor: int = 1  # the shown number is the stored one divided by this
    text: str = ""  # literal text shown beside the number, as the format writes it

    @property
    def words(self) -> str:
        """The literal text without decoration: what may change how the number is read."""
        return _DECORATION.sub("", self.text)

    def __bool__(self) -> bool:
        return self.percent or self.factor != 1 or bool(self.words)


@dataclass(frozen=True)
class FormattedNumber:
    """A number from an xlsx cell whose format changes what it shows (``format_effect``)."""

    value: float
    number_format: str
    cell: str  # the cell's coordinate, e.g. B3
    effect: FormatEffect

    def shown(self) -> str:
        """The percentage as Excel shows it (Excel rounds halves away from zero)."""
        try:
            number = Decimal(repr(self.value)) * 100
            places = Decimal(1).scaleb(-self.effect.decimals)
            return f"{number.quantize(places, rounding=ROUND_HALF_UP)}%"
        except InvalidOperation:
            return f"{self.value * 100}%"


def format_effect(number_format: str, value: float) -> FormatEffect:
    """What ``number_format`` does to ``value`` besides showing it; falsy when nothing.

    >>> bool(format_effect("#,##0.00", 5)), format_effect("0.0%", 0.5).percent
    (False, True)
    >>> format_effect('0!.0,"万"', 123456).factor, format_effect('"XC-"000', 1).text
    (1000, 'XC-')
    """
    sections = _split_sections(number_format)
    if any(_CONDITION.search(s) for s in sections):
        chosen = sections[:3]  # conditions pick the section: judge every numeric one
    elif value < 0 and len(sections) > 1:
        chosen = [sections[1]]
    elif value == 0 and len(sections) > 2:
        chosen = [sections[2]]
    else:
        chosen = [sections[0]]
    effects = [_section_effect(s) for s in chosen]
    return FormatEffect(
        percent=any(e.percent for e in effects),
        decimals=max(e.decimals for e in effects),
        factor=max(e.factor for e in effects),
        text="".join(dict.fromkeys(e.text for e in effects if e.text)),
    )


def _split_sections(number_format: str) -> list[str]:
    """The ``;``-separated sections of a format, quotes and escapes respected."""
    sections: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in number_format:
        if escaped:
            escaped = False
        elif ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\\!":
            escaped = True
        elif not quoted and ch == ";":
            sections.append("".join(current))
            current = []
            continue
        current.append(ch)
    sections.append("".join(current))
    return sections


@lru_cache(maxsize=1024)
def _section_effect(section: str) -> FormatEffect:
    """The effect of one section: its literal text, percent sign and scaling commas."""
    skeleton: list[str] = []  # placeholders, commas, points, percent signs, in order
    text: list[str] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            text.append(section[i + 1 : end])
            i = end + 1
            continue
        if ch in "\\!" and i + 1 < len(section):
            text.append(section[i + 1])
            i += 2
            continue
        if ch in "_*":  # _x: a space as wide as x; *x: fill with x
            i += 2
            continue
        if ch == "[":
            end = section.find("]", i + 1)
            end = len(section) if end < 0 else end
            inner = section[i + 1 : end]
            if inner.startswith("$"):  # [$¥-804]: a currency symbol and a locale
                text.append(inner[1:].split("-", 1)[0])
            i = end + 1
            continue
        if ch in _PLACEHOLDERS or ch in ",.%":
            skeleton.append(ch)
        elif not ch.isascii():
            text.append(ch)  # a character Excel shows as typed, such as 元 without quotes
        i += 1
    shape = "".join(skeleton)
    decimals = 0
    if "." in shape:
        after = shape.split(".", 1)[1]
        decimals = len(re.match(r"[0#?]*", after)[0])  # type: ignore[index]
    # A comma after a placeholder and before no further placeholder scales by 1000.
    scaling = sum(len(run) for run in re.findall(r"(?<=[0#?.])(,+)(?![0#?,])", shape))
    return FormatEffect("%" in shape, decimals, 1000**scaling, "".join(text).strip())
