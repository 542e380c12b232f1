"""Open data: the disclosed projects and their monthly records as CSV, XLSX and JSON.

Built from the public view only (``visibility.public_view``), and only from the fields listed
here, each of which is a public field (``visibility.PUBLIC_PROJECT_FIELDS``) or a figure
computed from public data. Files are byte-stable for the same data: CSV and JSON are plain
text in a fixed order, XLSX has fixed document properties and zip dates (``ooxml``).

* CSV: UTF-8 with a byte-order mark (so Excel detects the encoding), CRLF line ends, a header
  of field names; numbers without thousands separators; dates ISO (2025-03 for a month).
* XLSX: one sheet of data with Chinese column titles, and a sheet 字段说明 (the dictionary).
* JSON: ``{"meta": …, "fields": […], "rows": […]}``; project rows also carry the nested
  lists (funding, annual plans, approvals, tenders) that a CSV cell can only summarise.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from generator.figures.rates import points
from generator.figures.records import counted_records
from generator.figures.table import project_table
from generator.model.dataset import Dataset
from generator.model.models import Project
from generator.model.verified import use_fast_path
from generator.present.ooxml import stable_office_file
from generator.present.sheetxml import rows_xml
from generator.rules.visibility import PUBLIC_PROJECT_FIELDS


@dataclass(frozen=True)
class Field:
    name: str
    title: str  # Chinese name
    meaning: str
    unit: str = ""
    json_only: bool = False


def number(value: float | None) -> float | None:
    """Money (万元) rounded to 4 decimals, i.e. to the 元; None for a missing value."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return round(float(value), 4)


def _iso(value: Any) -> str | None:
    return None if value is None else value.iso()


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("是" if value else "否")


# ---------------------------------------------------------------- projects

PROJECT_FIELDS: tuple[Field, ...] = (
    Field("code", "项目编号", "项目的稳定编号，可用于与月度数据关联"),
    Field("name", "项目名称", "项目全称"),
    Field("level", "项目级别", "省重点、市重点或县重点"),
    Field("domain", "所属领域", "工业、交通、能源、水利等"),
    Field("batch", "三个一批", "签约一批、开工一批或投产一批；空为未纳入"),
    Field("stage", "建设阶段", "前期、新开工、续建、竣工、投产、达产达效等（报告日期时）"),
    Field("township", "所在乡镇", "项目所在乡镇(街道)或园区"),
    Field("owner", "业主单位", "项目法人或建设单位"),
    Field("department", "责任单位", "负责推进项目的县直部门"),
    Field("government_invested", "政府投资项目", "是 / 否"),
    Field("total_investment", "总投资", "项目计划总投资", "万元"),
    Field("fiscal_money", "财政资金", "资金来源中计为财政资金的合计", "万元"),
    Field("funding", "资金来源", "各资金来源及金额，以“；”分隔，如 中央预算内投资:700", "万元"),
    Field("plan_year", "计划年度", "annual_plan、completed_ytd 等所属年度", "年"),
    Field("annual_plan", "年度计划投资", "计划年度内计划完成的投资", "万元"),
    Field("completed_ytd", "本年累计完成投资", "计划年度1月至报告月完成投资之和", "万元"),
    Field("completed_total", "开工以来累计完成投资", "按月度数据累计", "万元"),
    Field("completion_rate", "投资完成率", "本年累计完成投资 ÷ 年度计划投资", "%"),
    Field("schedule_rate", "序时进度", "计划期内已过月份 ÷ 计划期月份", "%"),
    Field("status", "进度状态", "超前、正常、滞后、未报送、未开工或无计划"),
    Field("planned_start", "计划开工", "日期或月份（YYYY-MM-DD / YYYY-MM）"),
    Field("actual_start", "实际开工", "日期或月份"),
    Field("planned_completion", "计划竣工", "日期或月份"),
    Field("actual_completion", "实际竣工", "日期或月份"),
    Field("scale", "建设内容和规模", "主要建设内容和规模"),
    Field("rationale", "建设必要性和依据", "项目建设的必要性和政策、规划依据"),
    Field("progress", "形象进度", "工程形象进度描述"),
    Field("approvals", "前期手续", "各项审批手续及办理状态，以“；”分隔"),
    Field("tenders", "招投标", "招标内容、方式、日期和中标单位，以“；”分隔"),
    Field("designer", "设计单位", ""),
    Field("supervisor", "监理单位", ""),
    Field("builder", "施工单位", ""),
    Field("final_accounts_date", "竣工决算批复日期", "日期或月份"),
    Field("final_accounts_amount", "竣工决算金额", "", "万元"),
    Field("final_accounts_approved_by", "决算审核/批复单位", ""),
    Field("final_accounts_document", "决算批复文号", ""),
    Field("funding_list", "资金来源明细", "[{source, amount, note}]", "万元", json_only=True),
    Field("annual_plans", "各年度计划投资", "{年份: 金额}", "万元", json_only=True),
    Field("approval_list", "前期手续明细",
          "[{kind, name, authority, deadline, status, done, document}]", json_only=True),
    Field("tender_list", "招投标明细", "[{item, method, date, winner, amount}]", "万元",
          json_only=True),
    Field("five_clear", "五明确", "资金筹措方案、耕地占补平衡方案、年度进度目标、年度投资计划、"
          "重要审批环节办理时限", json_only=True),
)  # fmt: skip

RECORD_FIELDS: tuple[Field, ...] = (
    Field("month", "月份", "数据所属月份 YYYY-MM"),
    Field("project", "项目编号", "与项目表 code 关联"),
    Field("name", "项目名称", ""),
    Field("completed", "本月完成投资", "当月完成的投资", "万元"),
    Field("cumulative", "开工以来累计完成投资", "项目单位报送的累计数；空为未报送", "万元"),
    Field("started", "是否开工", "是 / 否；空为未填"),
    Field("progress", "形象进度", "当月工程形象进度"),
    Field("funds_arrived", "本月资金到位", "", "万元"),
    Field("funds_disbursed", "本月资金拨付", "中央预算内投资和专项债券资金的拨付", "万元"),
)

# Project model fields each export column reads: all must be public (checked by a test).
PROJECT_SOURCES: frozenset[str] = frozenset({
    "code", "name", "level", "domain", "batch", "stage", "township", "owner", "department",
    "government_invested", "total_investment", "funding", "annual_plan", "dates", "scale",
    "rationale", "progress", "approvals", "tenders", "contractors", "final_accounts",
    "five_clear",
})  # fmt: skip
assert PROJECT_SOURCES <= PUBLIC_PROJECT_FIELDS


def _funding_text(p: Project) -> str:
    return "；".join(f"{f.source}:{_cell(number(f.amount))}" for f in p.funding)


def _approvals_text(p: Project) -> str:
    parts = []
    for a in p.approvals:
        label = a.name or a.kind
        when = f"，{a.done.iso()}" if a.done else ""
        parts.append(f"{label}({a.authority})：{a.status}{when}")
    return "；".join(parts)


def _tenders_text(p: Project) -> str:
    parts = []
    for t in p.tenders:
        bits = [t.item, t.method]
        if t.date:
            bits.append(t.date.iso())
        if t.winner:
            bits.append(f"中标：{t.winner}")
        parts.append("，".join(bits))
    return "；".join(parts)


def project_rows(ds: Dataset, table: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """One dict per project of ``ds`` (pass the public view), keyed by PROJECT_FIELDS names."""
    table = project_table(ds) if table is None else table
    year = int(table.attrs["report_date"].year)
    rows = []
    for code, p in ds.projects.items():
        t = table.loc[code]
        d, c, f = p.dates, p.contractors, p.final_accounts
        completion = t["completion_rate"]
        rate = None if pd.isna(completion) else points(completion * 100)
        rows.append({
            "code": p.code,
            "name": p.name,
            "level": p.level,
            "domain": p.domain,
            "batch": p.batch,
            "stage": p.stage,
            "township": p.township,
            "owner": p.owner,
            "department": p.department,
            "government_invested": _yes_no(p.government_invested),
            "total_investment": number(p.total_investment),
            "fiscal_money": number(p.fiscal_money(ds.config.fiscal)),
            "funding": _funding_text(p),
            "plan_year": year,
            "annual_plan": number(p.annual_plan.get(year, 0.0)),
            "completed_ytd": number(t["completed_ytd"]),
            "completed_total": number(t["completed_total"]),
            "completion_rate": rate,
            "schedule_rate": None if rate is None else points(t["schedule_rate"] * 100),
            "status": t["status"],
            "planned_start": _iso(d.planned_start),
            "actual_start": _iso(d.actual_start),
            "planned_completion": _iso(d.planned_completion),
            "actual_completion": _iso(d.actual_completion),
            "scale": p.scale,
            "rationale": p.rationale,
            "progress": p.progress,
            "approvals": _approvals_text(p),
            "tenders": _tenders_text(p),
            "designer": c.designer,
            "supervisor": c.supervisor,
            "builder": c.builder,
            "final_accounts_date": _iso(f.date) if f else None,
            "final_accounts_amount": number(f.amount) if f else None,
            "final_accounts_approved_by": f.approved_by if f else None,
            "final_accounts_document": f.document if f else None,
            "funding_list": [
                {"source": x.source, "amount": number(x.amount), "note": x.note}
                for x in p.funding
            ],
            "annual_plans": {str(y): number(v) for y, v in p.annual_plan.items()},
            "approval_list": [
                {"kind": a.kind, "name": a.name, "authority": a.authority,
                 "deadline": _iso(a.deadline), "status": a.status, "done": _iso(a.done),
                 "document": a.document}
                for a in p.approvals
            ],
            "tender_list": [
                {"item": x.item, "method": x.method, "date": _iso(x.date), "winner": x.winner,
                 "amount": number(x.amount)}
                for x in p.tenders
            ],
            "five_clear": p.five_clear.model_dump(mode="json"),
        })  # fmt: skip
    return rows


def record_rows(ds: Dataset) -> list[dict[str, Any]]:
    """The monthly records that count (as ``records_frame`` keeps them), by month
    then project code."""
    rows = []
    for record in counted_records(ds):
        r = record.data
        rows.append({
            "month": record.month,
            "project": r.project,
            "name": ds.projects[r.project].name,
            "completed": number(r.completed),
            "cumulative": number(r.cumulative),
            "started": _yes_no(r.started),
            "progress": r.progress,
            "funds_arrived": number(r.funds_arrived),
            "funds_disbursed": number(r.funds_disbursed),
        })  # fmt: skip
    rows.sort(key=lambda row: (row["month"], row["project"]))
    return rows


# ---------------------------------------------------------------- writers


def flat_fields(fields: tuple[Field, ...]) -> list[Field]:
    return [f for f in fields if not f.json_only]


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# injection"); data is untrusted, so such text is written with a leading apostrophe in CSV
# and as a text cell marked "quote prefix" in XLSX, never as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """Text for a CSV cell that no spreadsheet will run: ``=1+1`` → ``'=1+1``."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def to_csv(rows: list[dict[str, Any]], fields: tuple[Field, ...]) -> bytes:
    """UTF-8 with BOM, CRLF, a header of field names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = flat_fields(fields)
    writer.writerow([f.name for f in columns])
    for row in rows:
        writer.writerow([_cell(row[f.name]) for f in columns])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def to_json(rows: list[dict[str, Any]], fields: tuple[Field, ...], meta: dict[str, Any]) -> bytes:
    doc = {
        "meta": meta,
        "fields": [
            {"name": f.name, "title": f.title, "meaning": f.meaning, "unit": f.unit} for f in fields
        ],
        "rows": [{f.name: row[f.name] for f in fields} for row in rows],
    }
    return compact_json(doc)


def compact_json(doc: object) -> bytes:
    """JSON without indentation: only then does Python use its C encoder (a 100 MB export
    took 25 s with indent=1)."""
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def to_xlsx(
    rows: list[dict[str, Any]],
    fields: tuple[Field, ...],
    sheet: str,
    moment: dt.datetime,
    author: str,
) -> bytes:
    """A workbook: the data (Chinese titles in the header) and a 字段说明 sheet.

    With the openpyxl it was verified against, the data rows are written as text
    (``sheetxml``) into the sheet openpyxl writes; the file is the same either way."""
    columns = flat_fields(fields)
    values = [[row[f.name] for f in columns] for row in rows]
    if use_fast_path("xlsx"):
        written = rows_xml(values, 2, QUOTED_STYLE, _quoted)
        if written is not None:
            body, quoted = written
            return _workbook(columns, [], sheet, moment, author, (body, len(values), quoted))
    return _workbook(columns, values, sheet, moment, author)


# The style openpyxl gives the first quote-prefixed cell: the header's bold is the first.
QUOTED_STYLE = 2
SHEET_XML = "xl/worksheets/sheet1.xml"


def _quoted(text: str) -> bool:
    return text.startswith(FORMULA_START)


def _workbook(columns: list[Field], values: list[list[Any]], sheet: str, moment: dt.datetime,
              author: str, rows: tuple[str, int, bool] | None = None) -> bytes:
    """The workbook through openpyxl; with ``rows`` (the data rows as XML, how many, and
    whether one is quote-prefixed), openpyxl writes the rest and the rows go in its sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    data = book.active
    data.title = sheet
    data.append([f.title + (f"({f.unit})" if f.unit and f.unit != "%" else "") for f in columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in values:
        _append_text_safe(data, row)
    if rows is not None and rows[2]:
        _append_text_safe(data, ["=", *[None] * (len(columns) - 1)])  # registers the style
    data.freeze_panes = "B2"
    guide = book.create_sheet("字段说明")
    guide.append(["字段名", "中文名", "含义", "单位"])
    for f in columns:
        _append_text_safe(guide, [f.name, f.title, f.meaning, f.unit])
    if rows is None:
        return workbook_bytes(book, sheet, author, moment)
    from openpyxl.utils import get_column_letter

    body, count, _ = rows
    last = f"{get_column_letter(len(columns))}{count + 1}"
    return workbook_bytes(book, sheet, author, moment,
                          {SHEET_XML: lambda xml: _with_rows(xml, body, last)})


def _with_rows(xml: bytes, body: str, last: str) -> bytes:
    """openpyxl's sheet with only its header row, given the data rows and their extent."""
    text = xml.decode("ascii")
    start = text.index('<row r="1">')
    header = text[start:text.index("</row>", start) + len("</row>")]
    before, rest = text.split("<sheetData>", 1)
    after = rest.split("</sheetData>", 1)[1]
    before = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', before, count=1)
    return f"{before}<sheetData>{header}{body}</sheetData>{after}".encode("ascii")


def workbook_bytes(book: Any, title: str, author: str, moment: dt.datetime,
                   edit: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """An openpyxl workbook as the bytes of a file: its author, title and dates set, and the
    same bytes for the same content (``stable_office_file``); ``edit`` as there."""
    props = book.properties
    props.creator = author
    props.lastModifiedBy = author
    props.title = title
    props.created = moment
    props.modified = moment
    props.language = "zh-CN"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_office_file(buffer.getvalue(), moment, edit)


def _append_text_safe(sheet: Any, values: list[Any]) -> None:
    """Append a row; text stays text: openpyxl would store ``=…`` as a live formula.

    The cells that need it are made before the row is appended: finding the row afterwards
    (``sheet[sheet.max_row]``) scans every cell of the sheet, for every row."""
    from openpyxl.cell.cell import Cell

    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_START):
            cell = Cell(sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited, too
            value = cell
        row.append(value)
    sheet.append(row)


@dataclass(frozen=True)
class Download:
    path: str  # in the site: opendata/<name>
    title: str
    kind: str
    rows: int


def exports(
    ds: Dataset,
    table: pd.DataFrame | None = None,
    extra: dict[str, Callable[[], bytes]] | None = None,
) -> tuple[dict[str, bytes], list[Download]]:
    """Every open-data file for ``ds`` (the public view): site path → bytes, and a list for
    the download page."""
    day = ds.config.report_date.end()
    moment = dt.datetime(day.year, day.month, day.day)
    author = f"{ds.config.region}重点项目信息公开"
    meta = {
        "title": ds.config.title,
        "region": ds.config.region,
        "report_date": ds.config.report_date.iso(),
        "currency_unit": "万元",
    }
    projects = project_rows(ds, table)
    records = record_rows(ds)
    files: dict[str, bytes] = {}
    downloads: list[Download] = []
    for name, rows, fields, title in (
        ("projects", projects, PROJECT_FIELDS, "项目信息"),
        ("monthly", records, RECORD_FIELDS, "月度调度数据"),
    ):
        for ext, data in (
            ("csv", to_csv(rows, fields)),
            ("xlsx", to_xlsx(rows, fields, title, moment, author)),
            ("json", to_json(rows, fields, {**meta, "dataset": name})),
        ):
            path = f"opendata/{name}.{ext}"
            files[path] = data
            downloads.append(Download(path, title, ext.upper(), len(rows)))
    for path, make in (extra or {}).items():
        files[path] = make()
    return files, downloads
