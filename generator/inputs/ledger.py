"""Read a county's project ledger (项目台账) as counties keep it, into rows of fields.

A ledger is a sheet made for people, not for programs: a title row, a row such as
"填报单位：…　截止日期：2025年10月31日　单位：万元", a header of one or two rows with merged
cells, a totals row (合计（30个）), section rows with subtotals (一、工业项目（9个）) whose label
carries the domain, level or stage of the rows under them, footnotes (注：…), and often a
second sheet of instructions. This module finds each of these, reads every data row into
fields (``LEDGER_FIELDS``), checks every subtotal and the total against the rows, and
reports each problem with the sheet, the Excel row and the column letter.

It reads only what the ledger itself says. Matching rows to the projects in data/ and
deciding what to write is ``generator.rules.ledger``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.inputs.ledger_book import Sheet, read_workbook
from generator.inputs.ledger_columns import ColumnTable, Header, field_title, norm
from generator.inputs.tables import (
    CellError,
    TableError,
    column_letter,
    normalise_code,
    parse_amount,
)
from generator.model import vocab
from generator.model.codes import CodedError
from generator.model.dates import PartialDate
from generator.model.findings import Finding
from generator.model.models import CODE_RE

AMOUNT_FIELDS = ("total", "annual_plan", "month", "ytd", "cumulative")
_HEADER_SEARCH_ROWS = 20
_UNITS = {"万元": Decimal(1), "万": Decimal(1), "亿元": Decimal(10000), "亿": Decimal(10000)}
_PLACEHOLDERS = {"-", "—", "——", "－", "/", "／", "\\", "无", "暂无", "--"}
_CHINESE_NUMERAL = "一二三四五六七八九十"
_SECTION_TOP = re.compile(rf"^[{_CHINESE_NUMERAL}]+\s*[、.．]")
_SECTION_SUB = re.compile(rf"^[（(][{_CHINESE_NUMERAL}]+[)）]")
_BARE_NUMERAL = re.compile(rf"^[（(]?[{_CHINESE_NUMERAL}]+[)）、.．]?$")
_COUNT = re.compile(r"[（(]\s*(\d+)\s*个(?:项目)?\s*[)）]")
_TOTAL = re.compile(r"^(?:全县|全市|全区|总)?(?:合计|总计|汇总)")
_FOOTNOTE = re.compile(r"^(?:注|说明|备注|填表说明|填报人|填表人|审核人|联系人|联系电话|制表|"
                       r"单位负责人|负责人|统计人)\s*[:：0-9一二三、.]")
_REPORT_DATE = re.compile(
    r"(?:截止|截至|时间|日期)[^0-9]{0,8}(\d{4})\s*[年./-]\s*(\d{1,2})\s*(?:月底|月末|月份|月)?"
    r"(?:\s*[./-]?\s*(\d{1,2})\s*日?)?")
_UNIT_TEXT = re.compile(r"单位\s*[:：]\s*(万元|亿元|元)")
_YEARS = re.compile(r"(\d{4})\s*年?(?:\s*[.．/-]?\s*(\d{1,2})\s*月?)?")
_PERIOD_SPLIT = re.compile(r"\s*(?:[-—–~～至到]+)\s*")
_SECTION_WORDS = {
    # Section labels that name a domain without its exact word.
    "社会事业": "社会民生", "民生": "社会民生", "农业": "农业农村", "乡村振兴": "农业农村",
    "城镇化": "新型城镇化", "城市建设": "新型城镇化", "服务业": "现代服务业", "生态": "生态环保",
    "环保": "生态环保", "新基建": "新型基础设施", "产业": "工业",
}
_STAGE_WORDS = {
    "新开工": "新开工", "新建": "新开工", "续建": "续建", "竣工": "竣工", "建成": "竣工",
    "投产": "投产", "达产达效": "达产达效", "前期": "前期", "预备": "前期", "储备": "储备",
    "谋划": "谋划",
}


@dataclass
class LedgerRow:
    """One project row: its fields as read, and where each came from."""

    sheet: str
    row: int
    values: dict[str, Any]
    letters: dict[str, str]  # field → column letter
    sections: dict[str, str] = field(default_factory=dict)  # domain/level/stage from sections


@dataclass
class Ledger:
    file: str
    rows: list[LedgerRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    title: str | None = None
    report_date: PartialDate | None = None
    unit: str | None = None
    ytd_month: int | None = None
    plan_year: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # field → "sheet!C列(header)"
    unmapped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)  # sheet, row, why
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[str] = field(default_factory=list)

    def add(self, code: str, sheet: str | None, row: int | None, letter: str = "",
            header: str = "", **values: Any) -> None:
        where = ""
        if sheet is not None:
            where = sheet
            if letter:
                where += f"!{letter}列" + (f"({header})" if header else "")
        self.findings.append(Finding.of(code, self.file, row, where, row=row is not None,
                                        **values))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


@dataclass
class _Column:
    index: int  # 0-based
    text: str  # the header as shown, upper/lower for two rows
    header: Header

    @property
    def letter(self) -> str:
        return column_letter(self.index)


def read_ledger(raw: bytes, suffix: str, file: str, table: ColumnTable | None = None, *,
                month: str | None = None, unit: str | None = None) -> Ledger:
    """Read a ledger's bytes; ``month`` (YYYY-MM) and ``unit`` supply what it may not say."""
    ledger = Ledger(file)
    table = table or ColumnTable()
    try:
        book = read_workbook(raw, suffix, name=file.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    except TableError as exc:
        ledger.add(exc.code, None, exc.row, **exc.values)
        return ledger
    found_header = False
    for sheet in book.sheets:
        header_row = _find_header(sheet, table)
        if header_row is None:
            ledger.sheets_skipped.append(sheet.name)
            continue
        found_header = True
        ledger.sheets_read.append(sheet.name)
        _read_sheet(ledger, sheet, header_row, table, unit)
    if not found_header:
        names = "、".join(s.name for s in book.sheets) or "无"
        ledger.add("ledger-no-name-column", None, None, sheets=names,
                   names="、".join(table_spellings(table, "name")))
        return ledger
    if month is not None:
        ledger.report_date = PartialDate.parse(month)
    if ledger.report_date is None:
        ledger.add("ledger-no-report-date", ledger.sheets_read[0], None)
    elif ledger.ytd_month is not None and ledger.ytd_month != ledger.report_date.month:
        ledger.add("ledger-date-mismatch", ledger.sheets_read[0], None,
                   date=ledger.report_date.chinese(), month=ledger.ytd_month)
    return ledger


def table_spellings(table: ColumnTable, name: str) -> list[str]:
    return [text for text, field_name in table.by_text.items() if field_name == name]


def _find_header(sheet: Sheet, table: ColumnTable) -> int | None:
    for number, values in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS], start=1):
        for value in values:
            if isinstance(value, str) and table.header(value).field == "name":
                return number
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_sheet(ledger: Ledger, sheet: Sheet, header_row: int, table: ColumnTable,
                unit_override: str | None) -> None:
    name = sheet.name
    above = [" ".join(_text(v) for v in sheet.rows[r] if v is not None)
             for r in range(header_row - 1)]
    if ledger.title is None:
        ledger.title = next((line for line in above if line), None)
    meta = " ".join(above)
    if ledger.report_date is None and (match := _REPORT_DATE.search(meta)):
        try:
            year, month = int(match[1]), int(match[2])
            day = int(match[3]) if match[3] else None
            ledger.report_date = PartialDate.parse(
                f"{year}-{month}" + (f"-{day}" if day else ""))
        except CodedError:
            ledger.add("ledger-no-report-date", name, None)
    sheet_unit = unit_override
    if sheet_unit is None and (match := _UNIT_TEXT.search(meta)):
        sheet_unit = match[1]
    if ledger.unit is None:
        ledger.unit = sheet_unit
    header_end, columns = _header(sheet, header_row, table)
    by_field: dict[str, _Column] = {}
    for column in columns:
        label = f"{name}!{column.letter}列({column.text})"
        fld = column.header.field
        if fld is None:
            if column.text:
                ledger.unmapped.append(label)
            continue
        if fld == "ignored":
            ledger.ignored.append(label)
            continue
        if fld in by_field:
            first = by_field[fld]
            ledger.add("ledger-duplicate-column", name, header_row, column.letter, column.text,
                       first=f"{first.letter}列({first.text})", title=field_title(fld))
            continue
        if fld in AMOUNT_FIELDS and column.header.unit not in (None, *_UNITS):
            ledger.add("ledger-header-unit", name, header_row, column.letter, column.text,
                       got=column.header.unit)
            continue
        by_field[fld] = column
        ledger.headers.setdefault(fld, label)
        if fld == "ytd" and column.header.month is not None:
            ledger.ytd_month = column.header.month
        if column.header.year is not None and fld == "annual_plan":
            ledger.plan_year = column.header.year
    amount_columns = [c for f, c in by_field.items() if f in AMOUNT_FIELDS]
    if amount_columns and sheet_unit is None and any(c.header.unit is None for c in amount_columns):
        ledger.add("ledger-no-unit", name, None)
    factors = {f: _UNITS[c.header.unit or sheet_unit or "万元"]
               for f, c in by_field.items() if f in AMOUNT_FIELDS}
    _read_rows(ledger, sheet, header_end, by_field, factors)


def _header(sheet: Sheet, header_row: int, table: ColumnTable) -> tuple[int, list[_Column]]:
    """The last header row and the columns, reading a second header row where there is one."""
    upper = list(sheet.rows[header_row - 1])
    lower_row = header_row + 1
    lower = list(sheet.rows[lower_row - 1]) if lower_row <= len(sheet.rows) else []
    width = max([len(upper), len(lower)] + [m.max_col for m in sheet.merged
                                            if m.min_row == header_row])
    upper += [None] * (width - len(upper))
    lower += [None] * (width - len(lower))
    two_rows = False
    for merged in sheet.merged:
        if merged.min_row != header_row:
            continue
        if merged.max_row > header_row:
            two_rows = True  # a header cell merged down over two rows
        elif merged.max_col > merged.min_col and any(
                lower[c - 1] is not None for c in range(merged.min_col, merged.max_col + 1)):
            two_rows = True  # 1-10月完成投资 over 金额 and 占年度计划(%)
    if not sheet.merged and lower:
        # A CSV has no merged cells: a second header row is one of text under the header,
        # with no project name, whose cells read as headers (金额, 占年度计划(%)).
        name_cols = [i for i, v in enumerate(upper)
                     if isinstance(v, str) and table.header(v).field == "name"]
        texts = [v for v in lower if v is not None]
        two_rows = (
            bool(texts) and all(isinstance(v, str) for v in texts)
            and all(lower[i] is None for i in name_cols)
            and any(split_generic(v) or table.two_rows(_text(upper[i]), v).field is not None
                    for i, v in enumerate(lower) if isinstance(v, str))
            and not any(_section_level(v) for v in texts)
        )
    if two_rows:
        for merged in sheet.merged:
            if merged.min_row == header_row and merged.max_row == header_row:
                for c in range(merged.min_col, merged.max_col + 1):
                    upper[c - 1] = upper[merged.min_col - 1]
        for merged in sheet.merged:
            if merged.min_row == header_row and merged.max_row > header_row:
                for c in range(merged.min_col, merged.max_col + 1):
                    lower[c - 1] = None
    columns = []
    for index in range(width):
        top, bottom = _text(upper[index]), _text(lower[index]) if two_rows else ""
        if two_rows and bottom:
            header = table.two_rows(top, bottom)
            text = f"{top}/{bottom}" if top else bottom
        else:
            header = table.header(top)
            text = top
        columns.append(_Column(index, norm(text), header))
    return (lower_row if two_rows else header_row), columns


def split_generic(text: str) -> bool:
    from generator.inputs.ledger_columns import GENERIC, split_unit

    return split_unit(norm(text))[0] in GENERIC


def _section_level(text: str) -> int:
    """1 for 一、…, 2 for （一）…, 0 for any other text."""
    text = text.strip()
    if _SECTION_TOP.match(text):
        return 1
    if _SECTION_SUB.match(text):
        return 2
    return 0


@dataclass
class _Group:
    """A section or totals row, and the data rows it sums."""

    row: int
    label: str
    level: int  # 0 for a totals row
    values: list[Any]
    rows: list[LedgerRow] = field(default_factory=list)


def _read_rows(ledger: Ledger, sheet: Sheet, header_end: int, by_field: dict[str, _Column],
               factors: dict[str, Decimal]) -> None:
    name_col = by_field["name"].index
    label_cols = [c.index for f, c in by_field.items() if f not in AMOUNT_FIELDS]
    first_col = min([name_col, *label_cols, 0])
    kinds: dict[int, str] = {}
    groups: list[_Group] = []
    open_sections: list[_Group] = []
    totals: list[_Group] = []
    for number in range(header_end + 1, len(sheet.rows) + 1):
        values = sheet.rows[number - 1]
        texts = [v for v in values if v is not None]
        if not texts:
            kinds[number] = "blank"
            continue
        name_value = values[name_col] if name_col < len(values) else None
        lead = next((v for v in values[first_col:] if v is not None), None)
        lead_text = _text(lead)
        row_text = "".join(_text(v) for v in values[: name_col + 1] if v is not None)
        if _FOOTNOTE.match(lead_text):
            kinds[number] = "footnote"
            ledger.skipped.append((sheet.name, number, "注释行"))
            continue
        code_value = values[by_field["code"].index] if "code" in by_field and by_field[
            "code"].index < len(values) else None
        if code_value is None and _TOTAL.match(norm(row_text).lstrip("0123456789")):
            group = _Group(number, norm(row_text), 0, values)
            totals.append(group)
            kinds[number] = "total"
            continue
        level = _section_level(lead_text) or _section_level(_text(name_value))
        if not level and _BARE_NUMERAL.match(lead_text) and isinstance(name_value, str):
            level = 2 if lead_text.startswith(("(", "（")) else 1
        if level and code_value is None:
            group = _Group(number, _section_label(row_text), level, values)
            while open_sections and open_sections[-1].level >= level:
                open_sections.pop()
            open_sections.append(group)
            groups.append(group)
            kinds[number] = "section"
            continue
        if name_value is None:
            kinds[number] = "skipped"
            ledger.skipped.append((sheet.name, number, "没有项目名称"))
            ledger.add("ledger-row-no-name", sheet.name, number, column_letter(name_col),
                       by_field["name"].text, got=_text(lead)[:40])
            continue
        kinds[number] = "data"
        row = LedgerRow(sheet.name, number, {}, {})
        for group in open_sections:
            row.sections.update(_section_meaning(group.label))
            group.rows.append(row)
        for group in totals:
            group.rows.append(row)
        _read_cells(ledger, row, values, by_field, factors, sheet.formulas)
        ledger.rows.append(row)
    for total in totals:  # a totals row above the sections sums every row of the sheet
        total.rows = [r for r in ledger.rows if r.sheet == sheet.name]
    _check_merged(ledger, sheet, header_end, kinds)
    for group in [*totals, *groups]:
        _check_group(ledger, sheet, group, by_field, factors)


def _section_label(text: str) -> str:
    text = norm(text)
    text = _SECTION_TOP.sub("", text)
    text = _SECTION_SUB.sub("", text)
    return re.sub(rf"^[{_CHINESE_NUMERAL}]+[、.．]?", "", text)


def _section_meaning(label: str) -> dict[str, str]:
    """The domain, level or stage a section label names: 工业项目, 省重点项目, 新开工项目."""
    meaning: dict[str, str] = {}
    bare = _COUNT.sub("", label)
    for domain in vocab.DOMAINS:
        if domain in bare:
            meaning["domain"] = domain
            break
    else:
        for word, domain in _SECTION_WORDS.items():
            if word in bare:
                meaning["domain"] = domain
                break
    for level in vocab.LEVELS:
        if level in bare or level.replace("重点", "级重点") in bare:
            meaning["level"] = level
    for word, stage in _STAGE_WORDS.items():
        if word in bare:
            meaning["stage"] = stage
            break
    return meaning


def _read_cells(ledger: Ledger, row: LedgerRow, values: list[Any],
                by_field: dict[str, _Column], factors: dict[str, Decimal],
                formulas: dict[tuple[int, int], str]) -> None:
    for fld, column in by_field.items():
        value = values[column.index] if column.index < len(values) else None
        if value is None:
            # A formula with no stored value is not a blank: reading it as one would
            # import a wrong figure silently.
            formula = formulas.get((row.row, column.index + 1))
            if formula is not None:
                ledger.add("ledger-formula-no-value", row.sheet, row.row, column.letter,
                           column.text, formula=formula)
            continue
        row.letters[fld] = column.letter
        try:
            read = _value(fld, value, factors.get(fld))
        except CodedError as exc:
            ledger.add(exc.code, row.sheet, row.row, column.letter, column.text, **exc.values)
            continue
        if read is not None:
            row.values[fld] = read


def amount(value: Any, factor: Decimal) -> float | None:
    """An amount in 万元 from a ledger cell in ``factor`` 万元 units; None when left blank.

    ``—``, ``/`` and the like mean "nothing to report" in a ledger and read as blank. A
    number typed as text with thousands separators reads as the number; a cell that
    writes its own unit (``1.2亿元``) keeps it.
    """
    if isinstance(value, str):
        text = norm(value)
        if text in _PLACEHOLDERS:
            return None
        if re.search(r"[万亿元]", text):
            return parse_amount(value)
    read = parse_amount(value)
    if read is None:
        return None
    if read < 0:
        raise CellError("below-minimum", limit=0, got=value)
    return float(Decimal(repr(read)) * factor)


def _value(fld: str, value: Any, factor: Decimal | None) -> Any:
    if factor is not None:
        return amount(value, factor)
    text = _text(value).strip()
    if norm(text) in _PLACEHOLDERS:
        return None
    if fld == "code":
        code = normalise_code(text)
        if not CODE_RE.match(code):
            raise CodedError("bad-format", got=code, pattern="字母、数字和 -, 如 SL-2025-001")
        return code
    if fld == "name":
        return re.sub(r"\s*\n\s*", "", text)
    if fld == "level":
        return _level(text)
    if fld == "domain":
        return _domain(text)
    if fld in {"started", "government_invested"}:
        if text in {"是", "否"}:
            return text == "是"
        raise CodedError("not-yes-no", got=text)
    if fld == "period":
        return parse_period(text)
    if fld == "stage":
        return _STAGE_WORDS.get(norm(text).removesuffix("项目"), text)
    return text


def _level(text: str) -> str:
    bare = norm(text).removesuffix("项目").replace("级", "")
    if not bare.endswith("重点"):
        bare += "重点"
    if bare in vocab.LEVELS:
        return bare
    raise CodedError("not-allowed-value", got=text, allowed=" / ".join(vocab.LEVELS))


def _domain(text: str) -> str:
    bare = norm(text).removesuffix("项目").removesuffix("类")
    if bare in vocab.DOMAINS:
        return bare
    if bare in _SECTION_WORDS:
        return _SECTION_WORDS[bare]
    raise CodedError("not-allowed-value", got=text, allowed=" / ".join(vocab.DOMAINS))


def parse_period(text: str) -> tuple[PartialDate, PartialDate]:
    """建设起止年限: 2024-2026, 2024.3-2026.12, 2023年-2025年, 2024年3月—2026年12月.

    A year alone is read as its December: "by the end of that year", as a month means "by
    the end of that month" everywhere in the data (``generator.model.dates``).
    """
    bare = norm(text).replace("年度", "年")
    parts = [p for p in _PERIOD_SPLIT.split(bare) if p]
    if len(parts) != 2:
        raise CodedError("ledger-bad-period", got=text)
    out = []
    for part in parts:
        match = _YEARS.fullmatch(part.rstrip("年"))
        if match is None:
            match = _YEARS.fullmatch(part)
        if match is None:
            raise CodedError("ledger-bad-period", got=text)
        month = int(match[2]) if match[2] else 12
        try:
            out.append(PartialDate.parse(f"{match[1]}-{month}"))
        except CodedError:
            raise CodedError("ledger-bad-period", got=text) from None
    if out[1] < out[0]:
        raise CodedError("ledger-bad-period", got=text)
    return out[0], out[1]


def _check_merged(ledger: Ledger, sheet: Sheet, header_end: int, kinds: dict[int, str]) -> None:
    """A merged cell among the data rows hides which rows a value belongs to: refused.

    Section, totals and footnote rows may merge across their own row (a label spread
    over several columns); nothing may merge down over two rows.
    """
    for merged in sheet.merged:
        if merged.max_row <= header_end:
            continue
        if merged.min_row == merged.max_row and kinds.get(merged.min_row) in {
                "section", "total", "footnote", "blank"}:
            continue
        ledger.add("ledger-merged-cell", sheet.name, merged.min_row,
                   column_letter(merged.min_col - 1), cells=merged.coord)


def _check_group(ledger: Ledger, book_sheet: Sheet, group: _Group,
                 by_field: dict[str, _Column], factors: dict[str, Decimal]) -> None:
    """Each amount of a section or totals row against the sum of its rows, and its count."""
    sheet = book_sheet.name
    if (match := _COUNT.search(group.label)) and int(match[1]) != len(group.rows):
        ledger.add("ledger-count-mismatch", sheet, group.row, label=group.label,
                   got=int(match[1]), counted=len(group.rows))
    for fld in AMOUNT_FIELDS:
        column = by_field.get(fld)
        if column is None or column.index >= len(group.values):
            continue
        raw = group.values[column.index]
        if raw is None:
            # A subtotal formula never calculated: said, as it cannot be checked.
            if (group.row, column.index + 1) in book_sheet.formulas:
                ledger.add("ledger-subtotal-unchecked", sheet, group.row, column.letter,
                           column.text, label=group.label, column=f"{column.letter}列")
            continue
        try:
            stated = amount(raw, factors[fld])
        except CellError as exc:
            ledger.add(exc.code, sheet, group.row, column.letter, column.text, **exc.values)
            continue
        if stated is None:
            continue
        total = sum(Decimal(repr(r.values.get(fld) or 0.0)) for r in group.rows)
        slack = Decimal("0.01") * max(1, len(group.rows))
        if abs(Decimal(repr(stated)) - total) > slack:
            ledger.add("ledger-subtotal-mismatch", sheet, group.row, column.letter, column.text,
                       label=group.label, got=_plain(stated), summed=_plain(float(total)),
                       count=len(group.rows))


def _plain(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")
