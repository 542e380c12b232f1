"""A worksheet's rows as the XML openpyxl writes for them, without a cell object per value.

openpyxl makes a ``Cell`` for every value and writes each through lxml: about 20 µs a cell,
most of an open-data export of ten thousand projects. ``rows_xml`` writes the same
``<row>`` elements as text for the values an export holds (text, numbers, booleans, None);
``to_xlsx`` in ``opendata`` lets openpyxl write the rest of the workbook and puts these
rows in its sheet. Verified byte for byte against openpyxl (``model.verified``, piece
``xlsx``; ``tests/test_opendata.py`` compares whole files).

Anything else, and text openpyxl or lxml would refuse or read otherwise (control
characters, U+FFFE, U+FFFF, lone surrogates, an error code such as ``#N/A``), returns None:
the caller takes openpyxl's own path, which gives the stock behaviour.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

# openpyxl's limits and readings of text (openpyxl.cell.cell): longer text is cut, these
# characters are refused (control characters by openpyxl; U+FFFE, U+FFFF and lone surrogates
# by lxml as it writes), these strings become error cells.
MAX_TEXT = 32767
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
# lxml writes text with these escaped, and, having no encoding, every other character
# beyond ASCII as a character reference.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_NUMBERS = (int, float)


def column_letters(count: int) -> list[str]:
    """A, B, … Z, AA, … for the first ``count`` columns."""
    out = []
    for n in range(1, count + 1):
        letters = ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(65 + rest) + letters
        out.append(letters)
    return out


def _text(value: str) -> str:
    return value.translate(_ESCAPES).encode("ascii", "xmlcharrefreplace").decode("ascii")


def rows_xml(rows: Sequence[Sequence[Any]], first: int, quoted_style: int,
             quote: Callable[[str], bool]) -> tuple[str, bool] | None:
    """The ``<row>`` elements for ``rows`` from sheet row ``first`` on, and whether any text
    was written with the quote-prefix style ``quoted_style`` (text for which ``quote`` is
    true); None when a value is one openpyxl would write otherwise than here."""
    width = max((len(r) for r in rows), default=0)
    letters = column_letters(width)
    out: list[str] = []
    quoted = False
    for number, row in enumerate(rows, first):
        cells = []
        for letter, value in zip(letters, row, strict=False):
            kind = type(value)
            if value is None:
                continue
            ref = f"{letter}{number}"
            if kind is str:
                text = value[:MAX_TEXT]
                if text in _ERROR_CODES or _REFUSED.search(text):
                    return None
                style = ""
                if quote(text):
                    style, quoted = f' s="{quoted_style}"', True
                if not text:
                    cells.append(f'<c r="{ref}"{style} t="inlineStr"></c>')
                    continue
                space = ' xml:space="preserve"' if text != text.strip() else ""
                cells.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>'
                             f"{_text(text)}</t></is></c>")
            elif kind is bool:
                cells.append(f'<c r="{ref}" t="b"><v>{"1" if value else "0"}</v></c>')
            elif kind in _NUMBERS or isinstance(value, float):
                # openpyxl's safe_string, to the letter
                shown = ("" if math.isnan(value) or math.isinf(value)
                         else "%.16g" % value)  # noqa: UP031
                cells.append(f'<c r="{ref}" t="n"><v>{shown}</v></c>')
            else:
                return None
        out.append(f'<row r="{number}">{"".join(cells)}</row>')
    return "".join(out), quoted
