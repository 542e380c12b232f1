"""Numbers and yes/no as data files may hold them: plain decimal, true/false, 是/否.

YAML 1.1 (what PyYAML reads, whatever ``%YAML`` header the file has) turns ``0631`` into
409 (octal), ``1:30`` into 90 (base 60), ``0x16C0`` into 5824 and ``6_000`` into 6000, and
``yes``/``on`` into true. A clerk who types ``0631`` means 631; the site must neither
publish 409 nor guess. So the YAML reader builds a number only from plain decimal
(``DECIMAL_INT``, ``DECIMAL_FLOAT``) and keeps every other such scalar as the text typed;
the readers here refuse that text in a number field with the decimal to write when there is
exactly one (``0631`` → 631, ``8.0e+3`` → 8000), or say which notation it is.

Exponents are refused too (``1e3``): nobody keeps accounts that way, and the tables refuse
them already. Amounts (万元) have a ceiling, ``MAX_AMOUNT``: 10^9 万元 is 10 万亿元, far
above any single project or target (a figure past it is almost always one in 元).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from generator.model.codes import CodedError

MAX_AMOUNT = 1_000_000_000  # 万元: 10 万亿元
# At most 20 integer digits: a number stays a small int and a float never overflows.
DECIMAL_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,19})")
DECIMAL_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,19})\.[0-9]+")
# What YAML 1.1 (or a careless hand) writes for a number that has one decimal reading:
# leading zeros, a + sign, _ between digits, a bare or trailing point, an exponent.
_LOOSE = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?")
# Notations YAML 1.1 reads as another number: hexadecimal, octal, binary, base 60.
_NOTATION = re.compile(
    r"[-+]?(?:0[xX][0-9a-fA-F_]*|0[oO][0-7_]*|0[bB][01_]*|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?)"
)
_NOT_FINITE = re.compile(r"[-+]?\.?(?:inf|infinity|nan)", re.IGNORECASE)
# Longer suggestions are no help: the number is refused as too large or as notation.
_MAX_SUGGESTION = 24


def number(value: Any, limit: float | None = None) -> Any:
    """A finite int or float from a field's input; other input is left for the field's type.

    YAML gives plain decimal as int or float and anything else as text; a table gives the
    float its amount parser read. Text is read here, never by pydantic, whose lax parsing
    takes ``0631``, ``1_000`` and ``1e3`` without a word. With ``limit``, a number beyond
    it either way is refused as too large (an amount: ``MAX_AMOUNT``).
    """
    if isinstance(value, bool):
        raise CodedError("not-a-number", got=value)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CodedError("not-finite", got=value)
        return _within(value, value, limit)
    if not isinstance(value, str):
        return value  # a list or a map: the field's type says what it should be
    text = value.strip()
    if DECIMAL_INT.fullmatch(text):
        return _within(int(text), value, limit)
    if DECIMAL_FLOAT.fullmatch(text):
        return _within(float(text), value, limit)
    if _NOT_FINITE.fullmatch(text):
        raise CodedError("not-finite", got=value)
    if _LOOSE.fullmatch(text):
        read = Decimal(text.replace("_", ""))
        _within(read, value, limit)
        # adjusted() first: formatting 1e999999999 would spell out a billion digits.
        if abs(read.adjusted()) <= _MAX_SUGGESTION and len(_plain(read)) <= _MAX_SUGGESTION:
            raise CodedError("number-not-decimal", got=value, write=_plain(read))
        raise CodedError("number-notation", got=value)
    if _NOTATION.fullmatch(text):
        raise CodedError("number-notation", got=value)
    raise CodedError("not-a-number", got=value)


def amount(value: Any) -> Any:
    """An amount in 万元: ``number``, at most ``MAX_AMOUNT`` either way."""
    return number(value, MAX_AMOUNT)


def _within(read: Any, value: Any, limit: float | None) -> Any:
    if limit is not None and abs(read) > limit:
        raise CodedError("amount-too-large", got=value, limit=limit)
    return read


def year(value: Any) -> Any:
    """A year as a whole number: ``2025``; ``2025.0`` or ``'2_025'`` are shown how to write."""
    return whole(value)


def whole(value: Any) -> Any:
    """A whole number (a year, a count of days): ``15``; ``15.0`` is shown how to write."""
    read = number(value)
    if isinstance(read, float):
        if not read.is_integer():  # 7.5 days, year 2025.5: no whole number to suggest
            raise CodedError("not-a-whole-number", got=value)
        written = _plain(Decimal(str(read)))
        raise CodedError("number-not-decimal", got=value, write=written)
    return read


def flag(value: Any) -> Any:
    """true/false, or 是/否 as the tables take them; nothing else is read as yes or no.

    YAML 1.1 also reads ``yes``, ``no``, ``on`` and ``off`` as booleans (and pydantic
    ``y``, ``n``, ``1``, ``0``, ``t``, ``f``); YAML 1.2 and JSON read them as text. These
    flags decide what the public site shows, so only spellings no reader takes otherwise
    count. The YAML reader leaves ``yes`` and the like as text, and they are refused here.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in {"是", "否"}:
        return value.strip() == "是"
    raise CodedError("not-yes-no", got=value)


def _plain(number: Decimal) -> str:
    """``number`` as plain decimal, without exponent or trailing zeros after the point."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
