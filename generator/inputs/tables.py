"""Read the tables departments send: CSV exported from Excel or WPS, or the ``.xlsx`` itself.

The rule is to read what is certain and refuse what is not. Certain: UTF-8 (with or
without BOM) and GBK/GB18030 text; Chinese or English headers, with or without the unit;
full-width digits; thousands separators in groups of three; an amount with its unit
(``1.2亿元`` is 12000 万元); blank rows and columns Excel leaves at the end. Not certain,
so refused with the row and column: ``1,2``, ``约500``, ``500-600``, ``1.2E+04`` (Excel's
display of a number it may have rounded), ``5000元``, text in a column without a header,
and a file whose encoding is neither of the two or a mix of both.

Row numbers are the spreadsheet's (the header is row 1), which is what a contributor sees
in Excel; for CSV the text line of each row is kept as well, for annotations on the file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

ENCODINGS = ("utf-8", "gb18030")
MAX_ROWS = 20_000
MAX_COLUMNS = 200
# An .xlsx is a zip: refuse one that would expand past this before openpyxl reads it.
MAX_XLSX_UNCOMPRESSED = 30 * 1024 * 1024

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
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class TableError(ValueError):
    """A problem that stops the whole file from being read."""

    def __init__(self, message: str, row: int | None = None, line: int | None = None) -> None:
        self.row = row
        self.line = line
        self.message = message
        super().__init__(message)


class CellError(ValueError):
    """A cell whose value cannot be read with certainty; the message shows what came."""


@dataclass(frozen=True)
class TableProblem:
    """A problem with one row or column that does not stop the other rows from being read."""

    row: int | None
    column: str
    message: str
    severity: str = "error"


@dataclass
class Table:
    """Rows as dicts of canonical column name to cell value, with spreadsheet row numbers.

    Cell values are stripped text, or for ``.xlsx`` number cells the number Excel stored.
    Empty cells are left out. ``lines`` maps a row number to the text line it starts on
    (CSV only); ``problems`` are header and row problems found while reading.
    """

    rows: list[tuple[int, dict[str, Any]]]
    encoding: str
    lines: dict[int, int] = field(default_factory=dict)
    problems: list[TableProblem] = field(default_factory=list)


# --- encodings ------------------------------------------------------------------------


def decode(raw: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or GB18030, the encodings Excel and WPS write here.

    UTF-8 is tried first: GBK text with more than a few Chinese characters is practically
    never valid UTF-8, so a file that decodes as UTF-8 is UTF-8. Otherwise GB18030 (a
    superset of GBK and GB2312), unless the file starts with a UTF-8 BOM or has lines that
    are valid UTF-8 Chinese beside lines that are not: that is a file pasted together from
    two encodings, and reading it either way would garble one part. Anything else (UTF-16,
    binary, an encoding that is neither) is refused rather than guessed.

    >>> decode("项目".encode("gbk"))
    ('项目', 'gb18030')
    """
    if raw.startswith(_UTF16_BOMS):
        raise TableError("文件是 UTF-16 编码 (Excel“Unicode 文本”); 请另存为“CSV UTF-8(逗号分隔)”")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise TableError("文件含有空字节, 不是文本 CSV (expected UTF-8 or GBK text)", line=line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
    else:
        return (text[1:], "utf-8-sig") if text.startswith("\ufeff") else (text, "utf-8")
    if raw.startswith(_UTF8_BOM):
        raise TableError(
            f"文件以 UTF-8 标记开头, 但第 {bad_line} 行不是 UTF-8 (mixed encodings; "
            "请在 Excel 中整表另存为“CSV UTF-8”)",
            line=bad_line,
        )
    utf8_line = _first_utf8_chinese_line(raw)
    if utf8_line is not None:
        raise TableError(
            f"文件混用了两种编码: 第 {utf8_line} 行是 UTF-8, 第 {bad_line} 行不是 (mixed "
            "encodings; 请在 Excel 中整表另存为“CSV UTF-8”)",
            line=bad_line,
        )
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TableError(
            f"无法识别文件编码 (line {line}; expected UTF-8 or GBK/GB18030)", line=line
        ) from None


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


def _norm(text: str) -> str:
    """A header as compared: NFKC (full-width to half-width), no spaces, no ``*`` marks."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).strip("*")


def _unit_of(title: str) -> str | None:
    match = _HEADER_UNIT.search(_norm(title))
    return match[1] if match else None


def _bare(title: str) -> str:
    """A header without its unit: 本月完成投资(万元) → 本月完成投资."""
    return _HEADER_UNIT.sub("", _norm(title))


def _map_header(
    names: list[str], columns: dict[str, str], required: Iterable[str]
) -> tuple[list[str], list[TableProblem], bool]:
    """Canonical name per column ('' to skip), problems, and whether rows can be read."""
    exact: dict[str, str] = {}
    bare: dict[str, str] = {}
    for name, title in columns.items():
        exact[_norm(name)] = name
        exact[_norm(title)] = name
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
        key = _norm(text)
        canonical = exact.get(key)
        if canonical is None and _bare(text) in bare:
            canonical = bare[_bare(text)]
            expected_unit = _unit_of(columns[canonical])
            got_unit = _unit_of(text)
            if got_unit is not None and got_unit != expected_unit:
                problems.append(
                    TableProblem(
                        1,
                        text,
                        f"列的单位不对 (column {letter}: got "
                        f"{got_unit}, expected {expected_unit}; 请换算后填写)",
                    )
                )
                header.append("")
                refused.add(canonical)
                continue
        if canonical is None:
            problems.append(
                TableProblem(1, text, f"未知列名 (column {letter}; expected one of {known})")
            )
            header.append("")
            continue
        if canonical in where:
            problems.append(
                TableProblem(
                    1,
                    text,
                    f"列重复 (columns {where[canonical]} and {letter} are both {canonical})",
                )
            )
            header.append("")
            continue
        where[canonical] = letter
        header.append(canonical)
    readable = not (refused & set(required))
    for name in required:
        if name not in where and name not in refused:
            problems.append(
                TableProblem(
                    1,
                    f"{name}({columns[name]})",
                    "缺少必需的列 (expected a column with this header)",
                )
            )
            readable = False
    return header, problems, readable


# --- rows -----------------------------------------------------------------------------


def _rows_to_table(
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
            raise TableError("文件为空 (expected a header row and data rows)")
        raise TableError("第 1 行应为表头, 但是空行 (expected column names in row 1)", row=1)
    names = [_cell_text(v) for v in first[2]]
    named = [n.strip() for n in names if n.strip()]
    if len(named) > MAX_COLUMNS:
        raise TableError(f"列数过多 (got {len(named)}, expected at most {MAX_COLUMNS})", row=1)
    known = (
        {_norm(n) for n in columns}
        | {_norm(t) for t in columns.values()}
        | {_bare(t) for t in columns.values()}
    )
    if (
        len(named) == 1
        and len(names) > 1
        and _norm(named[0]) not in known
        and _bare(named[0]) not in known
    ):
        raise TableError(
            f"第 1 行应为表头, 看起来是标题 (got {named[0]!r}; 请删除标题行, 让列名在第 1 行)",
            row=1,
        )
    header, problems, readable = _map_header(names, columns, required)
    table = Table([], encoding, problems=problems)
    if not readable:
        return table
    for number, line, values in iterator:
        if number > MAX_ROWS and any(_present(v) for v in values):
            raise TableError(f"行数过多 (expected at most {MAX_ROWS} rows)", row=number)
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
            name = header[index] if index < len(header) else ""
            if name:
                cells[name] = cell
            elif index >= len(names) or not names[index].strip():
                table.problems.append(
                    TableProblem(
                        number,
                        f"{column_letter(index)}列",
                        f"无列名的列中有数据 (got {_cell_text(value)!r}; 请补上列名或删除)",
                    )
                )
        if cells:
            table.rows.append((number, cells))
            if line is not None:
                table.lines[number] = line
    return table


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(raw: bytes, columns: dict[str, str], required: Iterable[str] = ()) -> Table:
    """Parse CSV bytes; ``columns`` maps each canonical name to its Chinese title."""
    text, encoding = decode(raw)
    if not text.strip():
        raise TableError("文件为空 (expected a header row and data rows)")

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
                    message = (
                        '引号未闭合 (a cell in this row opens " and the file ends before '
                        "it is closed)"
                    )
                else:
                    message = f"CSV 格式错误 (line {reader.line_num}: {exc})"
                raise TableError(message, row=number + 1, line=start) from None
            number += 1
            yield number, start, values

    first_line = text.split("\n", 1)[0]
    if "," not in first_line and ("\t" in first_line or ";" in first_line):
        raise TableError("分隔符应为逗号 (got tabs or semicolons; 请在 Excel 中另存为 CSV)", row=1)
    return _rows_to_table(records(), columns, required, encoding)


def read_xlsx(raw: bytes, columns: dict[str, str], required: Iterable[str] = ()) -> Table:
    """Read the first worksheet of an ``.xlsx``; numbers stay the numbers Excel stored.

    Formulas are read as the value Excel last calculated; a formula without one (a file
    written by a tool that does not calculate) is refused, as are merged cells in the data.
    """
    import openpyxl  # imported here: only months sent as .xlsx need it
    from openpyxl.utils.exceptions import InvalidFileException

    _check_zip(raw)
    try:
        values_book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
        formula_book = openpyxl.load_workbook(io.BytesIO(raw), data_only=False)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        OSError,
    ) as exc:
        raise TableError(f"无法读取 xlsx 文件 ({type(exc).__name__}: {exc})") from None
    sheet = values_book.worksheets[0]
    formulas = formula_book.worksheets[0]
    problems: list[TableProblem] = []
    for other in values_book.worksheets[1:]:
        if other.max_row > 1 or other.max_column > 1 or other.cell(1, 1).value is not None:
            problems.append(
                TableProblem(
                    None,
                    "",
                    f"只读取第一个工作表 {sheet.title!r}; 工作表 {other.title!r} 中的内容被忽略",
                    severity="warning",
                )
            )
    for merged in sheet.merged_cells.ranges:
        raise TableError(
            f"表中有合并单元格 {merged.coord} (expected one value per cell; 请取消合并并逐行填写)",
            row=merged.min_row,
        )

    def records() -> Iterable[tuple[int, int | None, list[Any]]]:
        for cells, formula_cells in zip(sheet.iter_rows(), formulas.iter_rows(), strict=True):
            values = []
            for cell, formula in zip(cells, formula_cells, strict=True):
                value = cell.value
                if (
                    value is None
                    and isinstance(formula.value, str)
                    and formula.value.startswith("=")
                ):
                    raise TableError(
                        f"单元格 {cell.coordinate} 的公式没有计算结果 (got {formula.value!r}; "
                        "请在 Excel 中打开并保存, 或改为数值)",
                        row=cell.row,
                    )
                values.append(_xlsx_value(value))
            yield cells[0].row, None, values

    table = _rows_to_table(records(), columns, required, "xlsx")
    table.problems[:0] = problems
    return table


def _check_zip(raw: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise TableError(
            "不是有效的 xlsx 文件 (expected an Excel 2007+ workbook; .xls 请另存为 .xlsx 或 CSV)"
        ) from None
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_UNCOMPRESSED or len(members) > 1000:
        raise TableError(
            f"xlsx 解压后过大 (got {total / 1048576:.0f} MB in {len(members)} parts, "
            f"expected at most {MAX_XLSX_UNCOMPRESSED // 1048576} MB)"
        )


def _xlsx_value(value: Any) -> Any:
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
    if isinstance(value, bool):
        raise CellError(f"应为数字 (got {value!r}, expected a number such as 1200 or 1.2亿元)")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(f"应为数字 (got {value!r}, expected a number such as 1200)")
        return float(value)
    original = str(value).strip()
    if not original:
        return None
    # Spaces between digits group thousands like commas (and are held to the same rule);
    # spaces elsewhere, as in "3000 万元", are dropped.
    text = re.sub(r"(?<=\d)\s+(?=\d)", ",", unicodedata.normalize("NFKC", original))
    text = re.sub(r"\s+", "", text)
    got = f"got {original!r}"
    if text in _PLACEHOLDERS:
        raise CellError(f"不是数字 ({got}; 没有数据请留空, 为零请填 0)")
    if _SCIENTIFIC.match(text.replace(",", "")):
        raise CellError(
            f"科学计数法不能确定原数 ({got}; 在 Excel 中把单元格设为“数值”格式后重新导出)"
        )
    if _APPROXIMATE.search(text):
        raise CellError(f"不是确定的数字 ({got}, expected one number such as 1200 or 1.2亿元)")
    match = _AMOUNT.match(text)
    if not match:
        raise CellError(f"应为数字 ({got}, expected a number such as 1200 or 1.2亿元)")
    number, unit = match["number"], match["unit"]
    if unit is not None and unit not in _UNIT_FACTOR:
        raise CellError(f"单位须为万元或亿元 ({got}; 数据以万元为单位, 请换算后填写)")
    if "," in number:
        if not _GROUPED.match(number):
            raise CellError(
                f"逗号位置不对, 无法确定数值 ({got}; 千分位应为 1,234 或不用逗号, 小数点用 .)"
            )
        number = number.replace(",", "")
    if not _NUMBER.match(number):
        raise CellError(f"应为数字 ({got}, expected a number such as 1200 or 1.2亿元)")
    try:
        amount = Decimal(number) * _UNIT_FACTOR[unit]
    except InvalidOperation:  # pragma: no cover - the patterns above admit only decimals
        raise CellError(f"应为数字 ({got})") from None
    return float(amount)


def normalise_code(value: Any) -> Any:
    """A code typed with full-width letters or digits (ＸＣ－００１) is the same code."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    return value
