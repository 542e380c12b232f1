"""The intranet's downloads: the lists offices pass around, as .xlsx workbooks.

One workbook per list (红黄灯项目, 挂牌督办, 问题清单, 赛马排名), each with a sheet per table
and a 说明 sheet (data date and the lights' rule). Text stays text (a value such as
``=HYPERLINK(…)`` is never a formula: ``opendata._append_text_safe``), numbers are numbers
(万元, percentages as 85.7, days), dates are ISO text (2025-06 for a month). Same data, same
bytes (``ooxml.stable_office_file``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.figures.lagging import LagEntry, LateReporter
from generator.figures.lights import Rule
from generator.figures.problems import MonthTally, Tally
from generator.figures.rankings import RankRow
from generator.figures.rates import missing, points
from generator.figures.supervision import CaseState, MonthCases
from generator.model.dates import PartialDate
from generator.present.opendata import _append_text_safe, workbook_bytes
from generator.present.words import (
    LIGHT_WORDS,
    case_detail,
    case_word,
    light_legend,
    light_word,
    reasons_text,
)


@dataclass(frozen=True)
class Sheet:
    title: str  # at most 31 characters, none of : \ / ? * [ ]
    headers: list[str]
    rows: list[list[object]]  # str, int, float or None


def workbook(sheets: list[Sheet], title: str, moment: dt.datetime, author: str) -> bytes:
    """The sheets as one workbook: bold headers, the first row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for index, sheet in enumerate(sheets):
        target = book.active if index == 0 else book.create_sheet()
        target.title = sheet.title
        _append_text_safe(target, list(sheet.headers))
        for cell in target[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            _append_text_safe(target, list(row))
        target.freeze_panes = "A2"
    return workbook_bytes(book, title, author, moment)


def moment_of(day: dt.date) -> dt.datetime:
    """The time written into a download: the data's report day, midnight."""
    return dt.datetime(day.year, day.month, day.day)


def iso(value: PartialDate | None) -> str | None:
    return None if value is None else value.iso()


def percent(value: float | None) -> float | None:
    """A rate (0.857) as a number of per cent (85.7)."""
    return None if value is None or missing(value) else points(value * 100)


def number(value: float | None) -> float | None:
    return None if value is None or missing(value) else round(float(value), 4)


def about_sheet(day: dt.date, rule: Rule | None, lines: Iterable[str] = ()) -> Sheet:
    rows: list[list[object]] = [["数据截至", day.isoformat()]]
    rows += [["说明", line] for line in lines]
    if rule is not None:
        rows += [[f"{LIGHT_WORDS[light]}规则", text] for light, text in light_legend(rule)]
    return Sheet("说明", ["项目", "内容"], rows)


ENTRY_HEADERS = ["亮灯", "项目编号", "项目名称", "责任单位", "分包领导", "乡镇", "进度状态",
                 "较序时(百分点)", "督办情况", "亮灯原因"]


def entry_rows(entries: list[LagEntry], supervised: dict[str, str]) -> list[list[object]]:
    """``supervised``: the words of the open case of each project under one."""
    return [[light_word(e.light), e.code, e.name, e.department, e.leader, e.township, e.status,
             number(e.lag_pp), supervised.get(e.code, "督办候选" if e.candidate else ""),
             reasons_text(e.reasons)] for e in entries]


def lagging_sheets(entries: list[LagEntry], late: list[LateReporter],
                   supervised: dict[str, str]) -> list[Sheet]:
    return [
        Sheet("红黄灯项目", ENTRY_HEADERS, entry_rows(entries, supervised)),
        Sheet("未按时报送", ["项目编号", "项目名称", "责任单位", "分包领导", "最近报送月份"],
              [[e.code, e.name, e.department, e.leader, e.last_reported or "从未报送"]
               for e in late]),
    ]


CASE_HEADERS = ["督办编号", "项目编号", "项目名称", "责任单位", "挂牌日期", "挂牌单位", "督办文号",
                "督办事由", "整改时限", "督办状态", "状态说明", "销号日期", "销号情况", "督办天数",
                "当前亮灯"]


def case_rows(cases: list[CaseState]) -> list[list[object]]:
    return [[c.case.id, c.case.project, c.name, c.case.unit, iso(c.case.listed), c.case.listed_by,
             c.case.document, c.case.reason, iso(c.case.deadline), case_word(c.state),
             case_detail(c), iso(c.case.closed), c.case.resolution, c.days_open,
             light_word(c.light)] for c in cases]


def case_sheets(cases: list[CaseState], candidates: list[LagEntry],
                months: list[MonthCases]) -> list[Sheet]:
    return [
        Sheet("挂牌督办", CASE_HEADERS, case_rows(cases)),
        Sheet("督办候选", ENTRY_HEADERS, entry_rows(candidates, {})),
        Sheet("逐月情况", ["月份", "新挂牌", "销号", "月末在督", "其中超期未销号"],
              [[m.month, m.new, m.closed, m.open, m.overdue] for m in months]),
    ]


TALLY_HEADERS = ["受理", "已解决", "待协调", "协调中", "问题解决率(%)"]


def tally_rows(tallies: list[Tally]) -> list[list[object]]:
    return [[t.group, t.received, t.resolved, t.waiting, t.coordinating,
             percent(t.resolution_rate)] for t in tallies]


def ledger_sheets(rows: list[list[object]], by: dict[str, list[Tally]],
                  months: list[MonthTally]) -> list[Sheet]:
    """``rows``: the ledger, one problem a row, in ``LEDGER_HEADERS`` order; ``by``: tallies
    by the name of their grouping (责任单位, 问题类别, 协调层级)."""
    sheets = [Sheet("问题清单", LEDGER_HEADERS, rows)]
    sheets += [Sheet(f"按{name}", [name, *TALLY_HEADERS], tally_rows(t)) for name, t in by.items()]
    sheets.append(Sheet("逐月受理解决", ["月份", "本月受理", "本月解决", "累计受理", "累计解决",
                                       "累计问题解决率(%)"],
                        [[m.month, m.received, m.resolved, m.received_total, m.resolved_total,
                          percent(m.resolution_rate)] for m in months]))
    return sheets


LEDGER_HEADERS = ["问题编号", "项目编号", "项目名称", "问题类别", "问题描述", "责任单位", "协调层级",
                  "办理状态", "提出日期", "解决日期", "已历时(天)"]

RANK_HEADERS = ["名称", "项目数", "投资完成率(%)", "较序时(百分点)", "较序时名次", "名次变化",
                "开工率(%)", "开工率名次", "名次变化", "问题解决率(%)", "问题解决率名次", "名次变化",
                "待解决问题", "亮灯", "红灯项目", "黄灯项目"]


def ranking_rows(rows: list[RankRow]) -> list[list[object]]:
    return [[r.group, r.projects, percent(r.completion_rate), number(r.lag.value), r.lag.rank,
              r.lag.change, percent(r.start.value), r.start.rank, r.start.change,
              percent(r.resolution.value), r.resolution.rank, r.resolution.change,
              r.open_problems, light_word(r.light), r.red, r.yellow] for r in rows]
