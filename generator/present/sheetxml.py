"""A worksheet's rows as the XML openpyxl writes for them, without a cell object per value.

openpyxl makes a ``Cell`` for every value and writes each through lxml: about 20 µs a cell,
most of an open-data export of ten thousand projects. ``rows_xml`` writes the same
``<row>`` elements as text for the values an export holds (text, numbers, booleans, None);
``to_xlsx`` in ``opendata`` lets openpyxl write the rest of the workbook and puts these
rows in its sheet. Verified byte for byte against openpyxl (``model.verified``, piece
``xlsx``; ``tests/test_sheetxml.py`` compares whole files).

Anything else, and text openpyxl or lxml would refuse or read otherwise (control
characters, U+FFFE, U+FFFF, lone surrogates: ``ooxml.NOT_XML``; an error code such as
``#N/A``), returns None: the caller takes openpyxl's own path, which gives the stock
behaviour.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from generator.present.ooxml import NOT_XML, xml_text

MAX_TEXT = 32767  # openpyxl cuts longer text (openpyxl.cell.cell.Cell.check_string)


def _text(value: str) -> str:
    """As lxml writes character data with no encoding: beyond ASCII as references."""
    return xml_text(value).encode("ascii", "xmlcharrefreplace").decode("ascii")


def rows_xml(rows: Sequence[Sequence[Any]], first: int, quoted_style: int,
             quote: Callable[[str], bool]) -> tuple[str, bool] | None:
    """The ``<row>`` elements for ``rows`` from sheet row ``first`` on, and whether any text
    was written with the quote-prefix style ``quoted_style`` (text for which ``quote`` is
    true); None when a value is one openpyxl would write otherwise than here."""
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.utils import get_column_letter

    width = max((len(r) for r in rows), default=0)
    letters = [get_column_letter(n) for n in range(1, width + 1)]
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
                if text in ERROR_CODES or NOT_XML.search(text):
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
            elif kind is int or isinstance(value, float):
                # openpyxl's safe_string, to the letter
                shown = ("" if math.isnan(value) or math.isinf(value)
                         else "%.16g" % value)  # noqa: UP031
                cells.append(f'<c r="{ref}" t="n"><v>{shown}</v></c>')
            else:
                return None
        out.append(f'<row r="{number}">{"".join(cells)}</row>')
    return "".join(out), quoted
