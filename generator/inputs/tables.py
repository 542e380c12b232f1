"""Read the tables departments send: CSV exported from Excel or WPS (``.xlsx``: ``workbook``).

The rule is to read what is certain and refuse what is not. Certain: UTF-8 (with or
without BOM) and GBK/GB18030 text; Chinese or English headers, with or without the unit;
full-width digits; thousands separators in groups of three; an amount with its unit
(``1.2亿元`` is 12000 万元); blank rows and columns Excel leaves at the end. Not certain,
so refused with the row and column: ``1,2``, ``约500``, ``500-600``, ``1.2E+04`` (Excel's
display of a number it may have rounded), ``5000元``, text in a column without a header,
and a file whose encoding is neither of the two or a mix of both; UTF-16 and Big5 are named
(``encodings``).

Row numbers are the spreadsheet's (the header is row 1), which is what a contributor sees
in Excel; for CSV the text line of each row is kept as well, for annotations on the file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.inputs.encodings import garbled_gb, is_utf16
from generator.inputs.numformat import FormattedNumber
from generator.model.codes import CODES, CodedError, Severity, render
from generator.model.finding_limit import MAX_PER_CODE

ENCODINGS = ("utf-8", "gb18030")
MAX_ROWS = 20_000
MAX_COLUMNS = 200

_UNIT_FACTOR = {
    None: Decimal(1),
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
}
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$")
# Most cells are a plain amount such as 1234.5: read those without the checks below. At most
# 21 digits, so Decimal (28 digits) holds it exactly and float() rounds it the same way.
_PLAIN_AMOUNT = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,6})?")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_AMOUNT = re.compile(r"^(?P<number>[-+]?[\d.,]+)(?P<unit>亿元|亿|万元|万|[^\d.,]*元)?$")
_SCIENTIFIC = re.compile(r"^[-+]?\d+(?:\.\d*)?[eE][-+]?\d+$")
_APPROXIMATE = re.compile(r"约|左右|大约|以上|以下|多|余|~|～|至|到|<|>|≈|\d\s*[-—]\s*\d")
_PLACEHOLDERS = {"-", "—", "——", "－", "/", "／", "无", "暂无", "N/A", "n/a", "NA", "null", "None"}
_HEADER_UNIT = re.compile(r"[(（]([^)）]*)[)）]$")
_UTF8_BOM = b"\xef\xbb\xbf"


class TableError(CodedError):
    """A problem that stops the whole file from being read: a code, its values, and where."""

    def __init__(self, code: str, /, *, row: int | None = None, line: int | None = None,
                 **values: Any) -> None:
        self.row = row
        self.line = line
        super().__init__(code, **values)


class CellError(CodedError):
    """A cell whose value cannot be read with certainty; the message shows what came."""


@dataclass(frozen=True)
class TableProblem:
    """A problem with one row or column that does not stop the other rows from being read."""

    row: int | None
    column: str
    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.values)

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity


@dataclass
class Table:
    """Rows as dicts of canonical column name to cell value, with spreadsheet row numbers.

    Cell values are stripped text, or for ``.xlsx`` number cells the number Excel stored
    (a ``FormattedNumber`` when its format shows something else). Empty cells are left out. ``lines`` maps a row number to the text line it starts on
    (CSV only); ``problems`` are header and row problems found while reading.
    """

    rows: list[tuple[int, dict[str, Any]]]
    encoding: str
    lines: dict[int, int] = field(default_factory=dict)
    problems: list[TableProblem] = field(default_factory=list)
    # No cell below the header holds anything (the header was read).
    header_only: bool = False
    # Problems not kept, by code: how many and the first row (see finding_limit).
    left_out: dict[str, tuple[int, int]] = field(default_factory=dict)


# --- encodings ------------------------------------------------------------------------


def decode(raw: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or GB18030, the encodings Excel and WPS write here.

    UTF-8 is tried first: GBK text with more than a few Chinese characters is practically
    never valid UTF-8, so a file that decodes as UTF-8 is UTF-8. Otherwise GB18030 (a
    superset of GBK and GB2312), unless the file starts with a UTF-8 BOM or has lines that
    are valid UTF-8 Chinese beside lines that are not: that is a file pasted together from
    two encodings, and reading it either way would garble one part. GB18030 decodes nearly
    any bytes, Big5 among them, so the text it gives must read as ordinary Chinese
    (``encodings.garbled_gb``). Anything else (UTF-16, binary, an encoding that is neither)
    is refused rather than guessed, and UTF-16 and Big5 are named.

    >>> decode("项目".encode("gbk"))
    ('项目', 'gb18030')
    """
    if is_utf16(raw):
        raise TableError("csv-utf16")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise TableError("csv-nul-bytes", line=line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
    else:
        return (text[1:], "utf-8-sig") if text.startswith("\ufeff") else (text, "utf-8")
    if raw.startswith(_UTF8_BOM):
        raise TableError("bom-not-utf8", line=bad_line, bad_line=bad_line)
    utf8_line = _first_utf8_chinese_line(raw)
    if utf8_line is not None:
        raise TableError("mixed-encodings", line=bad_line, utf8_line=utf8_line,
                         bad_line=bad_line)
    try:
        gb_text: str | None = raw.decode("gb18030")
        error_line = 0
    except UnicodeDecodeError as exc:
        gb_text = None
        error_line = raw[: exc.start].count(b"\n") + 1
    garbled = garbled_gb(raw, gb_text)
    if garbled is not None and garbled.big5:
        raise TableError("csv-big5", line=garbled.line, bad_line=garbled.line)
    if garbled is not None:
        raise TableError("csv-garbled", line=garbled.line, bad_line=garbled.line,
                         got=garbled.sample)
    if gb_text is None:
        raise TableError("unknown-encoding", line=error_line, bad_line=error_line)
    return gb_text, "gb18030"


def _first_utf8_chinese_line(raw: bytes) -> int | None:
    """The first line that decodes as UTF-8 and holds at least two CJK characters."""
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= 2:
            return number
    return None


# --- headers --------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def norm(text: str) -> str:
    """A header as compared: NFKC (full-width to half-width), no spaces, no ``*`` marks."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).strip("*")


def _unit_of(title: str) -> str | None:
    match = _HEADER_UNIT.search(norm(title))
    return match[1] if match else None


def _bare(title: str) -> str:
    """A header without its unit: 本月完成投资(万元) → 本月完成投资."""
    return _HEADER_UNIT.sub("", norm(title))


def _map_header(
    names: list[str], columns: dict[str, str], required: Iterable[str]
) -> tuple[list[str], list[TableProblem], bool]:
    """Canonical name per column ('' to skip), problems, and whether rows can be read."""
    exact: dict[str, str] = {}
    bare: dict[str, str] = {}
    for name, title in columns.items():
        exact[norm(name)] = name
        exact[norm(title)] = name
        bare[_bare(title)] = name
    known = "、".join(f"{n}/{t}" for n, t in columns.items())
    header: list[str] = []
    problems: list[TableProblem] = []
    where: dict[str, str] = {}
    refused: set[str] = set()
    for index, raw_name in enumerate(names):
        text = raw_name.strip()
        letter = column_letter(index)
        if not text:
            header.append("")  # checked per row: a column without a name must stay empty
            continue
        key = norm(text)
        canonical = exact.get(key)
        if canonical is None and _bare(text) in bare:
            canonical = bare[_bare(text)]
            expected_unit = _unit_of(columns[canonical])
            got_unit = _unit_of(text)
            if got_unit is not None and got_unit != expected_unit:
                problems.append(TableProblem(1, text, "column-unit", {
                    "column": letter, "got": got_unit, "expected": expected_unit}))
                header.append("")
                refused.add(canonical)
                continue
        if canonical is None:
            problems.append(TableProblem(1, text, "unknown-column",
                                         {"column": letter, "known": known}))
            header.append("")
            continue
        if canonical in where:
            problems.append(TableProblem(1, text, "duplicate-column", {
                "first": where[canonical], "second": letter, "name": canonical}))
            header.append("")
            continue
        where[canonical] = letter
        header.append(canonical)
    readable = not (refused & set(required))
    for name in required:
        if name not in where and name not in refused:
            problems.append(TableProblem(1, f"{name}({columns[name]})", "missing-column"))
            readable = False
    return header, problems, readable


# --- rows -----------------------------------------------------------------------------


def rows_to_table(
    records: Iterable[tuple[int, int | None, list[Any]]],
    columns: dict[str, str],
    required: Iterable[str],
    encoding: str,
) -> Table:
    """Shared by CSV and xlsx: ``records`` yields (row number, text line, cells)."""
    iterator = iter(records)
    first = next(iterator, None)
    if first is None or not any(_present(v) for v in first[2]):
        if first is None or not any(any(_present(v) for v in r[2]) for r in iterator):
            raise TableError("table-empty")
        raise TableError("header-blank", row=1)
    names = [_cell_text(v) for v in first[2]]
    named = [n.strip() for n in names if n.strip()]
    if len(named) > MAX_COLUMNS:
        raise TableError("too-many-columns", row=1, count=len(named), limit=MAX_COLUMNS)
    known = known_names(columns)
    if len(named) == 1 and len(names) > 1 and not names_a_column(named[0], known):
        raise TableError("header-is-title", row=1, got=named[0])
    header, problems, readable = _map_header(names, columns, required)
    table = Table([], encoding, problems=problems)
    if not readable:
        return table
    unnamed = 0  # cells in columns without a header: a hostile row can have millions
    seen = False
    for number, line, values in iterator:
        if number > MAX_ROWS and any(_present(v) for v in values):
            raise TableError("too-many-rows", row=number, limit=MAX_ROWS)
        cells: dict[str, Any] = {}
        for index, value in enumerate(values):
            # _present() inlined: this loop runs for every cell of every table.
            if isinstance(value, str):
                cell = value.strip()
                if not cell:
                    continue
            elif value is None:
                continue
            else:
                cell = value
            seen = True
            name = header[index] if index < len(header) else ""
            if name:
                cells[name] = cell
            elif index >= len(names) or not names[index].strip():
                unnamed += 1
                if unnamed <= MAX_PER_CODE:
                    table.problems.append(TableProblem(number, f"{column_letter(index)}列",
                                                       "unnamed-column-data",
                                                       {"got": _cell_text(value)}))
                elif unnamed == MAX_PER_CODE + 1:
                    table.left_out["unnamed-column-data"] = (1, number)
                else:
                    count, first = table.left_out["unnamed-column-data"]
                    table.left_out["unnamed-column-data"] = (count + 1, first)
        if cells:
            table.rows.append((number, cells))
            if line is not None:
                table.lines[number] = line
    table.header_only = not seen
    return table


def known_names(columns: dict[str, str]) -> set[str]:
    """Every header that names a column: its name, its title, its title without the unit."""
    return (
        {norm(n) for n in columns}
        | {norm(t) for t in columns.values()}
        | {_bare(t) for t in columns.values()}
    )


def names_a_column(text: str, known: set[str]) -> bool:
    """Whether a header cell names one of ``known`` (``known_names``), in any unit."""
    return norm(text) in known or _bare(text) in known


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, FormattedNumber):
        value = value.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(raw: bytes, columns: dict[str, str], required: Iterable[str] = ()) -> Table:
    """Parse CSV bytes; ``columns`` maps each canonical name to its Chinese title."""
    text, encoding = decode(raw)
    if not text.strip():
        raise TableError("table-empty")

    def records() -> Iterable[tuple[int, int | None, list[Any]]]:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        number = 0
        while True:
            start = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "unexpected end of data" in str(exc):
                    raise TableError("csv-unclosed-quote", row=number + 1, line=start) from None
                raise TableError("csv-syntax", row=number + 1, line=start,
                                 at_line=reader.line_num, detail=str(exc)) from None
            number += 1
            yield number, start, values

    first_line = text.split("\n", 1)[0]
    if "," not in first_line and ("\t" in first_line or ";" in first_line):
        raise TableError("csv-separator", row=1)
    return rows_to_table(records(), columns, required, encoding)


def xlsx_value(value: Any) -> Any:
    """Numbers stay numbers; text is stripped; dates become ISO text; booleans true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return float(value)
    return value


# --- cells ----------------------------------------------------------------------------


def parse_amount(value: Any) -> float | None:
    """An amount in 万元 from a cell; ``None`` for an empty cell; CellError when uncertain.

    >>> parse_amount("1,234.5"), parse_amount("1.2亿元"), parse_amount("３０００万")
    (1234.5, 12000.0, 3000.0)
    """
    if type(value) is str and _PLAIN_AMOUNT.fullmatch(value):
        return float(value)
    if value is None:
        return None
    if isinstance(value, FormattedNumber):
        value = _as_stored(value, money=True)
    if isinstance(value, bool):
        raise CellError("not-a-number", got=value)
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("not-finite", got=value)
        return float(value)
    original = str(value).strip()
    if not original:
        return None
    # Spaces between digits group thousands like commas (and are held to the same rule);
    # spaces elsewhere, as in "3000 万元", are dropped.
    text = re.sub(r"(?<=\d)\s+(?=\d)", ",", unicodedata.normalize("NFKC", original))
    text = re.sub(r"\s+", "", text)
    if text in _PLACEHOLDERS:
        raise CellError("amount-placeholder", got=original)
    if _SCIENTIFIC.match(text.replace(",", "")):
        raise CellError("amount-scientific", got=original)
    if _APPROXIMATE.search(text):
        raise CellError("amount-approximate", got=original)
    match = _AMOUNT.match(text)
    if not match:
        raise CellError("not-a-number", got=original)
    number, unit = match["number"], match["unit"]
    if unit is not None and unit not in _UNIT_FACTOR:
        raise CellError("amount-unit", got=original)
    if "," in number:
        if not _GROUPED.match(number):
            raise CellError("amount-comma", got=original)
        number = number.replace(",", "")
    if not _NUMBER.match(number):
        raise CellError("not-a-number", got=original)
    try:
        amount = Decimal(number) * _UNIT_FACTOR[unit]
    except InvalidOperation:  # pragma: no cover - the patterns above admit only decimals
        raise CellError("not-a-number", got=original) from None
    return float(amount)


def text_cell(value: Any) -> str:
    """A text column's cell: the text, or an xlsx number as Excel shows it in General format."""
    if isinstance(value, str):
        return value
    if isinstance(value, FormattedNumber):
        value = _as_stored(value, money=False)
    return _cell_text(value)


# Text a money cell's format may show: the unit its numbers are in anyway.
_MONEY_FORMAT_TEXT = {"万元", "万"}


def _as_stored(cell: FormattedNumber, money: bool) -> float:
    """The number in a cell whose format changes what it shows, if the change is harmless.

    A percentage or a scaling format always changes what the contributor sees; text beside
    the number is harmless only as the unit of a money column (``numformat``).
    """
    effect = cell.effect
    got = _cell_text(cell.value)
    if effect.percent:
        raise CellError("xlsx-percent-format", cell=cell.cell, shown=cell.shown(), got=got)
    if effect.factor != 1:
        raise CellError("xlsx-scaled-format", cell=cell.cell,
                        number_format=cell.number_format, factor=effect.factor, got=got)
    if effect.words and not (money and effect.words in _MONEY_FORMAT_TEXT):
        raise CellError("xlsx-format-text", cell=cell.cell, number_format=cell.number_format,
                        text=effect.text, got=got)
    return cell.value


def normalise_code(value: Any) -> Any:
    """A code typed with full-width letters or digits (ＸＣ－００１) is the same code."""
    if isinstance(value, FormattedNumber):
        value = _as_stored(value, money=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    return value
