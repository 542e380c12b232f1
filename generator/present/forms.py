"""Monthly forms (月度调度表) back to the units: one ``.xlsx`` per responsible unit.

Departments that do not use git still report each month. Each gets a workbook prefilled
with its projects (code, name, the year's plan, the cumulative to last month), columns to
fill with Excel's own checks (amounts ≥ 0, 是/否 from a list), the prefilled columns
locked, and a 填表说明 sheet. The first sheet's header is the progress table's own, so a
filled form dropped into ``data/progress/`` as it is named (``2025-11-slj.xlsx``, month and
unit code) is read by the progress reader unchanged; the several units' forms of one
month are parts of that month (``generator.inputs.load``).

Same data, same bytes: entry dates and document dates are the month's first day.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.inputs.load import FORM_INSTRUCTIONS_SHEET, FORM_REFERENCE_COLUMNS
from generator.model import vocab
from generator.model.dataset import Dataset
from generator.model.models import MonthlyRecord, Project
from generator.model.units import UnitRegister
from generator.present.ooxml import stable_office_file
from generator.present.opendata import _append_text_safe

_TITLE = {name: info.title or name for name, info in MonthlyRecord.model_fields.items()}
# The columns of the form, in order: prefilled and locked, then to fill in.
LOCKED = (_TITLE["project"], FORM_REFERENCE_COLUMNS["name"],
          FORM_REFERENCE_COLUMNS["annual_plan"], FORM_REFERENCE_COLUMNS["previous_cumulative"])
TO_FILL = ("completed", "started", "progress", "funds_arrived", "funds_disbursed", "issues")
_WIDTHS = {"project": 14, "name": 36, "progress": 36, "issues": 36}
_MAX_TEXT = 4000  # the model's limit for long text


@dataclass(frozen=True)
class FormUnit:
    code: str  # in the file name: ASCII letters, digits and -
    name: str
    projects: tuple[Project, ...]


def form_units(ds: Dataset) -> list[FormUnit]:
    """The responsible units and their projects, by the unit register; the pipeline (谋划,
    储备) is left out, as it reports no monthly figures."""
    register = UnitRegister(ds.units)
    groups: dict[tuple[str, str], list[Project]] = defaultdict(list)
    unregistered = sorted({p.department for p in ds.projects.values()
                           if register.resolve(p.department) is None})
    for project in ds.projects.values():
        if project.stage in vocab.PIPELINE_STAGES:
            continue
        unit = register.resolve(project.department)
        if unit is not None:
            groups[(unit.code, unit.name)].append(project)
        else:  # no units.yaml: numbered by name, so the file name stays ASCII
            index = unregistered.index(project.department) + 1
            groups[(f"unit{index:02d}", project.department)].append(project)
    return [FormUnit(code, name, tuple(sorted(projects, key=lambda p: p.code)))
            for (code, name), projects in sorted(groups.items())]


def previous_cumulative(ds: Dataset, month: str) -> dict[str, float]:
    """Each project's cumulative completed investment before ``month``: the last reported
    cumulative and the months after it, else the sum of its months."""
    totals: dict[str, float] = {}
    for record in sorted(ds.records, key=lambda r: (r.month, r.file, r.row)):
        if record.month >= month or record.data.project not in ds.projects:
            continue
        r = record.data
        code = r.project
        totals[code] = r.cumulative if r.cumulative is not None else (
            totals.get(code, 0.0) + r.completed)
    return totals


def form_name(month: str, unit: FormUnit) -> str:
    return f"{month}-{unit.code}.xlsx"


def write_forms(ds: Dataset, month: str, out: Path) -> list[Path]:
    """Write each unit's form for ``month`` (YYYY-MM) into ``out``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    previous = previous_cumulative(ds, month)
    paths = []
    for unit in form_units(ds):
        path = out / form_name(month, unit)
        path.write_bytes(form_bytes(ds, month, unit, previous))
        paths.append(path)
    return paths


def form_bytes(ds: Dataset, month: str, unit: FormUnit, previous: dict[str, float]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    year, number = int(month[:4]), int(month[5:])
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年{number}月"
    header = [*LOCKED, *(_TITLE[name] for name in TO_FILL)]
    sheet.append(header)
    for project in unit.projects:
        plan = project.annual_plan.get(year)
        _append_text_safe(sheet, [project.code, project.name, plan, previous.get(project.code)])
    last = sheet.max_row
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in sheet.iter_rows(min_row=2, max_row=last):
        for cell in row[: len(LOCKED)]:
            cell.fill = grey
        for cell in row[len(LOCKED):]:
            cell.protection = Protection(locked=False)
    for cell in sheet[1][: len(LOCKED)]:
        cell.fill = grey
    letters = {name: _letter(len(LOCKED) + i) for i, name in enumerate(TO_FILL)}
    if last >= 2:
        amounts = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            showErrorMessage=True, errorTitle="金额", error="填写不小于 0 的数字, 单位万元; 没有请留空",
            showInputMessage=True, promptTitle="金额 (万元)", prompt="单位万元, 不小于 0")
        flags = DataValidation(type="list", formula1='"是,否"', allow_blank=True,
                               showErrorMessage=True, errorTitle="是否开工", error="从列表中选 是 或 否")
        texts = DataValidation(type="textLength", operator="lessThanOrEqual",
                               formula1=str(_MAX_TEXT), allow_blank=True, showErrorMessage=True,
                               errorTitle="文字过长", error=f"不超过 {_MAX_TEXT} 字")
        for name in ("completed", "funds_arrived", "funds_disbursed"):
            amounts.add(f"{letters[name]}2:{letters[name]}{last}")
        flags.add(f"{letters['started']}2:{letters['started']}{last}")
        for name in ("progress", "issues"):
            texts.add(f"{letters[name]}2:{letters[name]}{last}")
        for validation in (amounts, flags, texts):
            sheet.add_data_validation(validation)
    for index, name in enumerate(["project", "name", "annual_plan", "previous_cumulative",
                                  *TO_FILL]):
        sheet.column_dimensions[_letter(index)].width = _WIDTHS.get(name, 14)
    sheet.freeze_panes = "C2"
    # Locked against slips, not against people: no password, so the office can unlock it.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    guide = book.create_sheet(FORM_INSTRUCTIONS_SHEET)
    for line in instructions(ds, month, unit):
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    guide["A1"].font = Font(bold=True, size=14)
    moment = dt.datetime(year, number, 1)
    props = book.properties
    props.creator = props.lastModifiedBy = ds.config.region
    props.title = f"{ds.config.region}重点项目月度调度表 {unit.name} {year}年{number}月"
    props.created = props.modified = moment
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_office_file(buffer.getvalue(), moment)


def instructions(ds: Dataset, month: str, unit: FormUnit) -> list[str]:
    year, number = int(month[:4]), int(month[5:])
    name = form_name(month, unit)
    return [
        f"{ds.config.region}重点项目月度调度表 · {unit.name} · {year}年{number}月",
        f"本表列出 {unit.name} 负责的 {len(unit.projects)} 个项目, 请逐行填写 {year}年{number}月 的情况。",
        "",
        "填写方法:",
        "1. 灰色的列 (项目编号、项目名称、年度计划投资、上月累计完成投资) 已预先填好, 不能修改。",
        "2. 本月完成投资、本月资金到位、本月资金拨付: 以万元为单位的数字, 不小于 0; 没有发生请填 0, "
        "不清楚请留空, 不写“—”“/”“无”。",
        "3. 是否开工: 从下拉列表中选“是”或“否”。",
        "4. 形象进度: 写本月末的工程进展, 如“主体结构完成80%”。",
        "5. 存在问题: 写需要县里协调解决的问题; 没有请留空。只在内部站点显示。",
        "6. 不要增加、删除或调换行和列, 不要改工作表的名字; 本表以外的项目请另行报送。",
        "",
        f"填好后保存为 .xlsx, 文件名保持 {name} 不变, 报送县重大项目办公室。",
        f"收到后, 文件原样放入数据目录的 progress/ 文件夹 (data/progress/{name}), "
        "运行 make check 即可校验; 同一项目同一月份只能填报一次。",
    ]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)

