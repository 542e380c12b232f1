"""Read a month's ``.xlsx``: the one visible data sheet, cell by cell, within fixed bounds.

A workbook is untrusted input, read the way the CSV is: what is certain, or a finding.

- **Bounds.** The sheet is streamed row by row as its XML lists them, and only cells that
  hold something count: the ``dimension`` tag and empty (formatted) cells such as one at
  XFD1048576 are ignored, so a 5 KB file cannot make the reader walk 17 billion cells.
  Data beyond ``MAX_ROWS`` rows or ``MAX_COLUMNS`` columns stops the read with a finding
  naming the cell. The zip's expanded size and its XML tags are bounded before anything
  is parsed, and empty cells and rows cost no more than a skip.
- **Which sheet.** Hidden sheets are never read (the contributor cannot see what they would
  send). Of the visible sheets, the data sheet is the one whose row 1 names at least one
  column of the table; other visible sheets (a 说明 sheet) and hidden sheets with content
  are ignored with a warning. Two data sheets, or several sheets with content and none
  with the header, are refused: the reader does not guess which one is meant. When the one
  visible sheet with content has no header, it is read, so its header findings show.
- **Cells.** Numbers stay the numbers Excel stored; a formula is read as the value Excel
  last calculated (refused when there is none); merged cells are refused; a number whose
  format shows something else (50% for 0.5) is kept as a ``FormattedNumber`` for the
  column to refuse (``numformat``).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from generator.inputs.numformat import FormattedNumber, format_effect
from generator.inputs.tables import (
    MAX_COLUMNS,
    MAX_ROWS,
    Table,
    TableError,
    TableProblem,
    column_letter,
    known_names,
    names_a_column,
    rows_to_table,
    xlsx_value,
)

# An .xlsx is a zip: refuse one that would expand past this before openpyxl reads it.
MAX_XLSX_UNCOMPRESSED = 30 * 1024 * 1024
MAX_XLSX_PARTS = 1000
# XML tags in all parts: a full month (20,000 rows of 7 cells) has about 800,000.
MAX_XLSX_TAGS = 1_000_000
# Tags in styles.xml: Excel's own limit of 64,000 cell formats needs about 130,000.
MAX_STYLE_TAGS = 150_000


def read_xlsx(raw: bytes, columns: dict[str, str], required: Iterable[str] = ()) -> Table:
    """Read the data sheet of an ``.xlsx`` (see the module docstring for which and how)."""
    import openpyxl  # imported here: only months sent as .xlsx need it

    _check_zip(raw)
    with warnings.catch_warnings():
        # openpyxl warns about parts it drops (extensions, data validation): not our concern.
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # a damaged or hostile workbook fails in many ways
            raise _unreadable(exc) from None
        try:
            sheet, problems = _choose_sheet(book, columns)
            rows, formulas = _sheet_rows(book, sheet)
        except TableError:
            raise
        except Exception as exc:
            raise _unreadable(exc) from None
        finally:
            book.close()

    # Every row as wide as the data, as Excel shows the sheet (a title alone in row 1 is
    # then a title row, not a one-column header).
    width = max((len(values) for _, values in rows), default=0)

    def records() -> Iterator[tuple[int, int | None, list[Any]]]:
        if not rows or rows[0][0] != 1:
            yield 1, None, [None] * width  # row 1 is the header, even when it is empty
        for number, values in rows:
            if number in formulas:
                cell, formula = formulas[number]
                raise TableError("xlsx-formula-no-value", row=number, cell=cell,
                                 formula=formula)
            yield number, None, values + [None] * (width - len(values))

    table = rows_to_table(records(), columns, required, "xlsx")
    table.problems[:0] = problems
    return table


def _unreadable(exc: BaseException) -> TableError:
    return TableError("xlsx-unreadable", detail=f"{type(exc).__name__}: {exc}"[:200])


def _check_zip(raw: bytes) -> None:
    """Refuse a workbook too big to read, before openpyxl parses any of it.

    Two bounds: the bytes the zip expands to, and the XML tags in its parts (counted as
    ``<``, in C): openpyxl spends microseconds and hundreds of bytes on each element, so
    a few megabytes of ``<c/>``, ``<row/>`` or ``<xf/>`` would take minutes and gigabytes.
    The cell formats (styles.xml) cost the most each and get a bound of their own.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_XLSX_UNCOMPRESSED or len(members) > MAX_XLSX_PARTS:
                raise TableError("xlsx-too-large", size_mb=total / 1048576, parts=len(members),
                                 limit_mb=MAX_XLSX_UNCOMPRESSED // 1048576)
            tags = 0
            for member in members:
                count = archive.read(member).count(b"<")
                tags += count
                if member.filename.lower().endswith("styles.xml") and count > MAX_STYLE_TAGS:
                    raise TableError("xlsx-too-complex", where=member.filename, count=count,
                                     limit=MAX_STYLE_TAGS)
                if tags > MAX_XLSX_TAGS:
                    raise TableError("xlsx-too-complex", where="整个文件", count=tags,
                                     limit=MAX_XLSX_TAGS)
    except TableError:
        raise
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        # Not a zip, or a damaged or encrypted one: a file saved as .xlsx that is not one.
        raise TableError("xlsx-not-a-workbook") from None
    except Exception as exc:  # zlib and zipfile raise several other kinds on damaged members
        raise _unreadable(exc) from None


# --- which sheet --------------------------------------------------------------------------


def _choose_sheet(book: Any, columns: dict[str, str]) -> tuple[Any, list[TableProblem]]:
    """The data sheet and the warnings about sheets left unread (module docstring)."""
    known = known_names(columns)
    visible: list[tuple[Any, bool]] = []  # (sheet, row 1 names a column), sheets with content
    hidden: list[Any] = []
    for sheet in book.worksheets:
        first_row = _first_content(book, sheet)
        if first_row is None:
            continue
        if sheet.sheet_state == "visible":
            visible.append((sheet, any(names_a_column(v, known) for v in first_row)))
        else:
            hidden.append(sheet)
    headed = [sheet for sheet, has_header in visible if has_header]
    if len(headed) == 1:
        chosen = headed[0]
    elif len(headed) > 1 or len(visible) > 1:
        names = headed if len(headed) > 1 else [sheet for sheet, _ in visible]
        raise TableError("xlsx-several-sheets", sheets=_names(names))
    elif visible:
        chosen = visible[0][0]
    elif hidden:
        raise TableError("xlsx-no-visible-sheet", sheets=_names(hidden))
    else:
        raise TableError("table-empty")
    problems = [
        TableProblem(None, "", "xlsx-extra-sheet", {"sheet": chosen.title, "other": s.title})
        for s, _ in visible if s is not chosen
    ] + [
        TableProblem(None, "", "xlsx-hidden-sheet", {"sheet": chosen.title, "other": s.title})
        for s in hidden
    ]
    return chosen, problems


def _names(sheets: list[Any]) -> str:
    return "、".join(repr(s.title) for s in sheets)


def _first_content(book: Any, sheet: Any) -> list[str] | None:
    """None for a sheet with nothing in it; else the texts of row 1 ([] when it is empty)."""
    with _sheet_xml(book, sheet) as parser:
        for number, cells in parser.parse():
            present = [c for c in cells if _has_content(c)]
            if present and number == 1:
                return [str(c["value"]) for c in present if c["value"] is not None]
            if present:
                return []
    return None


# --- cells --------------------------------------------------------------------------------


def _sheet_rows(
    book: Any, sheet: Any
) -> tuple[list[tuple[int, list[Any]]], dict[int, tuple[str, str]]]:
    """The rows that hold something, as (row number, values from column A), within bounds;
    and, by row, the first formula cell without a calculated value."""
    rows: list[tuple[int, list[Any]]] = []
    formulas: dict[int, tuple[str, str]] = {}
    formats: dict[int, str] = {}  # number format by style id
    with _sheet_xml(book, sheet) as parser:
        for number, cells in parser.parse():
            row = _row_values(book, number, cells, formats, formulas)
            if row is not None:
                if rows and number <= rows[-1][0]:
                    raise TableError("xlsx-unreadable",
                                     detail=f"row {number} is listed twice or out of order")
                rows.append((number, row))
        merged = _first_merged(parser)
    if merged is not None:
        raise TableError("xlsx-merged-cells", row=merged[0], cells=merged[1])
    return rows, formulas


def _row_values(book: Any, number: int, cells: list[dict[str, Any]], formats: dict[int, str],
                formulas: dict[int, tuple[str, str]]) -> list[Any] | None:
    """The values of one row from column A, or None when it holds nothing."""
    present = [c for c in cells if _has_content(c)]
    if not present:
        return None
    for cell in present:
        if cell["row"] != number:
            raise TableError("xlsx-unreadable",
                             detail=f"cell {_coordinate(cell)} is listed in row {number}")
        if cell["row"] > MAX_ROWS or cell["column"] > MAX_COLUMNS:
            raise TableError("xlsx-cell-out-of-range", row=number, cell=_coordinate(cell),
                             corner=f"{column_letter(MAX_COLUMNS - 1)}{MAX_ROWS}",
                             rows=MAX_ROWS, columns=MAX_COLUMNS)
    values: list[Any] = [None] * max(c["column"] for c in present)
    for cell in present:
        value = cell["value"]
        if value is None:  # a formula without a value: reported when its row is read
            formulas.setdefault(number, (_coordinate(cell), cell["formula"]))
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            style = cell["style_id"]
            if style not in formats:
                formats[style] = _number_format(book, style)
            effect = format_effect(formats[style], value)
            if effect:
                value = FormattedNumber(float(value), formats[style], _coordinate(cell), effect)
        if values[cell["column"] - 1] is not None:
            raise TableError("xlsx-unreadable", detail=f"cell {_coordinate(cell)} is listed twice")
        values[cell["column"] - 1] = xlsx_value(value)
    return values


def _has_content(cell: dict[str, Any]) -> bool:
    value = cell["value"]
    if value is None:
        return cell.get("formula") is not None
    return not (isinstance(value, str) and not value.strip())


def _coordinate(cell: dict[str, Any]) -> str:
    return f"{column_letter(cell['column'] - 1)}{cell['row']}"


def _number_format(book: Any, style_id: int) -> str:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    number_format_id = book._cell_styles[style_id].numFmtId
    if number_format_id < BUILTIN_FORMATS_MAX_SIZE:
        return str(BUILTIN_FORMATS.get(number_format_id, "General"))
    return str(book._number_formats[number_format_id - BUILTIN_FORMATS_MAX_SIZE])


# --- the sheet's XML ----------------------------------------------------------------------


@contextmanager
def _sheet_xml(book: Any, sheet: Any) -> Iterator[Any]:
    """A parser of the sheet's XML: ``parse()`` yields the rows it lists, each a list of
    cell dicts, and ``first_merge`` is set once they are read.

    openpyxl's own iteration pads every row to the sheet's ``dimension`` and fills the rows
    between, which is what a hostile dimension exploits; its parser yields only what the XML
    holds. It is openpyxl's parser, so values, shared strings and dates are read as openpyxl
    reads them (the version is pinned in constraints.txt).
    """
    parser = _cell_parser()(
        sheet._get_source(),
        sheet._shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    try:
        yield parser
    finally:
        parser.source.close()


def _first_merged(parser: Any) -> tuple[int, str] | None:
    """The first merged range of a parsed sheet, as (row, range)."""
    if parser.first_merge is None:
        return None
    from openpyxl.worksheet.cell_range import CellRange

    cell_range = CellRange(parser.first_merge)
    return cell_range.min_row, cell_range.coord


_PARSER: type | None = None


def _cell_parser() -> type:
    """openpyxl's sheet parser, reading rows, cells and merged ranges and nothing else.

    The rows are found with lxml's parser (entities not expanded, nothing fetched), which
    builds elements in C: openpyxl's defusedxml parser takes 20 µs an element. Empty cells
    get no dict. Everything else in the sheet (column widths, conditional formats, print
    settings) is not built at all. A formula without a calculated value is kept as text.
    Built on first use, so that openpyxl is imported only when a workbook is read.
    """
    global _PARSER
    if _PARSER is not None:
        return _PARSER
    from lxml import etree
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import FORMULA_TAG, ROW_TAG, SHEET_MAIN_NS, WorkSheetParser

    merge_tag = f"{{{SHEET_MAIN_NS}}}mergeCell"

    class CellParser(WorkSheetParser):  # type: ignore[misc]
        first_merge: str | None = None

        def parse(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
            events = etree.iterparse(self.source, events=("end",), tag=(ROW_TAG, merge_tag),
                                     resolve_entities=False, no_network=True, load_dtd=False)
            for _, element in events:
                if element.tag != ROW_TAG:
                    if self.first_merge is None:
                        self.first_merge = element.get("ref", "")
                    continue
                if len(element):
                    yield self.parse_row(element)
                else:  # a row without cells (a height, a style): only its number counts
                    number = element.get("r")
                    self.row_counter = self.row_counter + 1 if number is None else int(number)
                element.clear(keep_tail=False)
                parent = element.getparent()
                while element.getprevious() is not None:  # rows already read
                    del parent[0]

        def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
            number = row.get("r")
            self.row_counter = self.row_counter + 1 if number is None else int(number)
            self.col_counter = 0
            cells = []
            skipped = None  # the reference of the last empty cell, read only when needed
            for element in row:
                ref = element.get("r")
                if skipped is not None and ref is None:  # a cell placed after it
                    self.col_counter = coordinate_to_tuple(skipped)[1]
                    skipped = None
                if len(element):  # a value, a formula or an inline string
                    skipped = None
                    cells.append(self.parse_cell(element))
                elif ref is None:
                    self.col_counter += 1
                else:
                    skipped = ref
            return self.row_counter, cells

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None:
                formula = self.parse_formula(element)  # also learns shared formulas
                if cell["value"] is None:
                    cell["formula"] = str(getattr(formula, "text", formula))
            return cell

    _PARSER = CellParser
    return _PARSER
