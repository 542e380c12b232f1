"""Every sheet of a workbook as a grid of cells, from ``.xlsx``, ``.xls`` or ``.csv``.

A county's ledger (项目台账) comes as whatever its office saves: ``.xlsx`` from Excel,
``.xls`` from WPS or Excel 2003, or a CSV in UTF-8 or GB18030. This module only turns the
file into sheets of cell values (numbers as stored, text as typed, dates as ISO text) with
their merged ranges; what the cells mean is ``generator.inputs.ledger``'s business.

``.xls`` is read with xlrd (pure Python, so no platform wheel; it keeps a cell's type, so a
number stays the number Excel stored, and with ``formatting_info`` it gives the merged
ranges). The zip's bounds are checked as ``generator.inputs.workbook`` checks a month's
xlsx, and a CSV is decoded as ``generator.inputs.tables`` decodes one.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from generator.inputs.tables import MAX_ROWS, TableError, decode, xlsx_value
from generator.inputs.workbook import _check_zip

# The start of an OLE2 compound file: an .xls, or an .xlsx that Excel encrypted with a
# password (it is then a compound file holding "EncryptionInfo" and "EncryptedPackage").
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), b"EncryptedPackage")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


class WorkbookError(TableError):
    """The file cannot be read as a workbook at all: a code and its values."""


@dataclass(frozen=True)
class Merged:
    """A merged range, 1-based and inclusive, as Excel numbers rows and columns."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def coord(self) -> str:
        from generator.inputs.tables import column_letter

        first = f"{column_letter(self.min_col - 1)}{self.min_row}"
        return f"{first}:{column_letter(self.max_col - 1)}{self.max_row}"


@dataclass
class Sheet:
    """One sheet: ``rows[i]`` is Excel row ``i + 1``; a cell is None, a float or stripped text.

    ``formulas`` holds the cells (row, column, 1-based) whose formula has no stored value:
    a file written by a program that does not calculate.
    """

    name: str
    rows: list[list[Any]]
    merged: list[Merged] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def cell(self, row: int, col: int) -> Any:
        """The value at 1-based ``row`` and ``col`` (None beyond the grid)."""
        if 1 <= row <= len(self.rows):
            values = self.rows[row - 1]
            if 1 <= col <= len(values):
                return values[col - 1]
        return None


@dataclass
class Workbook:
    sheets: list[Sheet]
    kind: str  # "xlsx", "xls" or the CSV's encoding


def read_workbook(raw: bytes, suffix: str, name: str = "") -> Workbook:
    """Read ``raw`` by its file suffix (``.xlsx``, ``.xls``, ``.csv``); WorkbookError if not.

    A file whose content is another format than its suffix says is read as what it is
    (WPS saves .xls under an .xlsx name and the reverse), and a password-protected or
    damaged workbook is refused with a code that says which.
    """
    suffix = suffix.lower()
    if raw.startswith(_OLE2):
        if any(marker in raw for marker in _ENCRYPTED_MARKERS):
            raise WorkbookError("ledger-encrypted")
        return _read_xls(raw)
    if raw.startswith(b"PK\x03\x04"):
        return _read_xlsx(raw)
    if suffix in {".xlsx", ".xlsm", ".xls", ".et"}:
        raise WorkbookError("ledger-unreadable", detail="既不是 xlsx 也不是 xls 文件")
    if suffix == ".csv":
        return _read_csv(raw, name)
    raise WorkbookError("ledger-format", name=name or suffix)


def _read_xlsx(raw: bytes) -> Workbook:
    import openpyxl  # imported here: a CSV ledger does not need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        _check_zip(raw)
    except TableError as exc:
        if exc.code == "xlsx-not-a-workbook":
            raise WorkbookError("ledger-unreadable", detail="压缩包已损坏") from None
        raise WorkbookError(exc.code, **exc.values) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
        # Formulas are read as the value Excel stored; the formulas themselves are read only
        # when a sheet has any, to name those that have no stored value.
        formula_book = (openpyxl.load_workbook(io.BytesIO(raw), data_only=False)
                        if _has_formulas(raw) else None)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError,
            OSError, EOFError) as exc:
        raise WorkbookError("ledger-unreadable", detail=f"{type(exc).__name__}: {exc}") from None
    sheets = []
    for index, ws in enumerate(book.worksheets):
        rows: list[list[Any]] = []
        for cells in ws.iter_rows(values_only=True):
            if len(rows) >= MAX_ROWS and any(c is not None for c in cells):
                raise WorkbookError("too-many-rows", row=len(rows) + 1, limit=MAX_ROWS)
            rows.append([_clean(xlsx_value(c)) for c in cells])
        merged = [Merged(r.min_row, r.min_col, r.max_row, r.max_col)
                  for r in ws.merged_cells.ranges]
        formulas: dict[tuple[int, int], str] = {}
        if formula_book is not None:
            for cells in formula_book.worksheets[index].iter_rows():
                for cell in cells:
                    text = cell.value
                    if (isinstance(text, str) and text.startswith("=")
                            and _cell(rows, cell.row, cell.column) is None):
                        formulas[(cell.row, cell.column)] = text
        sheets.append(Sheet(ws.title, _trim(rows), sorted(merged, key=_merge_key), formulas))
    return Workbook(sheets, "xlsx")


def _has_formulas(raw: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return any(
            _FORMULA_TAG.search(archive.read(info))
            for info in archive.infolist()
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        )


def _read_xls(raw: bytes) -> Workbook:
    import xlrd  # imported here: only .xls ledgers need it

    try:
        try:
            book = xlrd.open_workbook(file_contents=raw, formatting_info=True, on_demand=False)
        except NotImplementedError:  # formatting of some files xlrd cannot read: values only
            book = xlrd.open_workbook(file_contents=raw, on_demand=False)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise WorkbookError("ledger-encrypted") from None
        raise WorkbookError("ledger-unreadable", detail=str(exc)) from None
    except Exception as exc:
        raise WorkbookError("ledger-unreadable", detail=f"{type(exc).__name__}: {exc}") from None
    sheets = []
    for ws in book.sheets():
        if ws.nrows > MAX_ROWS:
            raise WorkbookError("too-many-rows", row=MAX_ROWS + 1, limit=MAX_ROWS)
        rows = [[_clean(_xls_value(ws.cell(r, c), book.datemode)) for c in range(ws.ncols)]
                for r in range(ws.nrows)]
        merged = [Merged(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in ws.merged_cells]
        sheets.append(Sheet(ws.name, _trim(rows), sorted(merged, key=_merge_key)))
    return Workbook(sheets, "xls")


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        return float(cell.value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlsx_value(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except (ValueError, OverflowError):
            return float(cell.value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "true" if cell.value else "false"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return cell.value


def _read_csv(raw: bytes, name: str) -> Workbook:
    text, encoding = decode(raw)
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for values in reader:
            if len(rows) >= MAX_ROWS and any(v.strip() for v in values):
                raise WorkbookError("too-many-rows", row=len(rows) + 1, limit=MAX_ROWS)
            rows.append([_clean(v) for v in values])
    except csv.Error as exc:
        raise WorkbookError("csv-syntax", row=len(rows) + 1, at_line=reader.line_num,
                            detail=str(exc)) from None
    return Workbook([Sheet(name or "CSV", _trim(rows))], encoding)


def _clean(value: Any) -> Any:
    """Stripped text (None when blank), numbers as float, anything else as it is."""
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return float(value)
    return value


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop the empty rows at the end and the empty cells at the end of each row."""
    out = []
    for values in rows:
        end = len(values)
        while end and values[end - 1] is None:
            end -= 1
        out.append(values[:end])
    while out and not out[-1]:
        out.pop()
    return out


def _cell(rows: list[list[Any]], row: int, col: int) -> Any:
    if 1 <= row <= len(rows) and 1 <= col <= len(rows[row - 1]):
        return rows[row - 1][col - 1]
    return None


def _merge_key(m: Merged) -> tuple[int, int]:
    return (m.min_row, m.min_col)
