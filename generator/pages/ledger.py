"""问题清单 (intranet only): every problem, sortable and filterable in the browser, with
受理 / 解决 counts and 问题解决率 by unit, kind, coordination level and month.

* ``ledger/index.md`` — the page; ``ledger/problems.xlsx`` — the same as a workbook.

The table is complete and in its default order (open problems first, then the oldest)
without a script; ``assets/zd-tables.js`` adds sorting by any column and the filters (status,
kind, unit, level), which the page ships hidden until the script shows them. Units are named
as the unit register names them, so 县发改局 and 县发展改革局 are one unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from generator.figures.problems import (
    Tally,
    days_open,
    is_resolved,
    monthly_tallies,
    state_at,
    tallies,
)
from generator.figures.tasks import resolve_units
from generator.model import vocab
from generator.model.models import Problem
from generator.model.units import UnitRegister
from generator.pages.context import File, Output, RenderContext
from generator.present import downloads
from generator.present.badges import status_badge
from generator.present.formatting import day, escape, pct

LEDGER_XLSX = "ledger/problems.xlsx"
TABLE_ID = "zd-ledger"
# Open first (the ones waiting longest on top), then resolved.
STATE_ORDER = {"待协调": 0, "协调中": 1, "已解决": 2}


@dataclass(frozen=True)
class Filter:
    column: str  # the row's data-* attribute
    label: str
    values: list[str]


@dataclass(frozen=True)
class Column:
    title: str
    number: bool = False  # sorted as a number (data-sort holds it)


COLUMNS = (
    Column("编号"), Column("类别"), Column("项目"), Column("问题描述"), Column("责任单位"),
    Column("协调层级"), Column("状态"), Column("提出日期"), Column("解决日期"),
    Column("已历时(天)", number=True),
)  # fmt: skip


def _cell(text: object, sort: object = None, cls: str = "") -> str:
    """A ``<td>``; ``sort`` is what the script sorts by when it differs from the text."""
    attrs = f' data-sort="{escape(sort)}"' if sort is not None else ""
    attrs += f' class="{cls}"' if cls else ""
    return f"<td{attrs}>{escape(text)}</td>"


def view(ctx: RenderContext) -> Iterator[Output]:
    here = ctx.address("ledger")
    report_day = ctx.ds.config.report_date.end()
    register = UnitRegister(list(ctx.ds.units))

    def unit(problem: Problem) -> str:
        return resolve_units([problem.unit], register)[0].name

    problems = [p for p in ctx.ds.problems if p.raised.start() <= report_day]
    problems.sort(key=lambda p: (STATE_ORDER[state_at(p, report_day)], p.raised.start(), p.id))
    lines = []
    for p in problems:
        state = state_at(p, report_day)
        name = ctx.ds.projects[p.project].name if p.project in ctx.ds.projects else p.project
        link = (ctx.anchor(here, ctx.address("project", code=p.project), name)
                if p.project in ctx.ds.projects else escape(name))
        resolved = p.resolved if is_resolved(p, report_day) else None
        cells = [
            _cell(p.id), _cell(p.kind), f"<td>{link}</td>", _cell(p.description),
            _cell(unit(p)), _cell(p.level), f'<td data-sort="{STATE_ORDER[state]}">'
            f"{status_badge(state)}</td>",
            _cell(day(p.raised), p.raised.iso(), "zd-nowrap"),
            _cell(day(resolved), resolved.iso() if resolved else "", "zd-nowrap"),
            _cell(days_open(p, report_day), days_open(p, report_day), "zd-num"),
        ]  # fmt: skip
        attrs = "".join(f' data-{key}="{escape(value)}"' for key, value in
                        (("status", state), ("kind", p.kind), ("unit", unit(p)),
                         ("level", p.level)))
        lines.append(f"<tr{attrs}>{''.join(cells)}</tr>\n")

    by_unit = tallies(problems, report_day, unit)
    by_kind = tallies(problems, report_day, lambda p: p.kind, vocab.PROBLEM_KINDS)
    by_level = tallies(problems, report_day, lambda p: p.level, vocab.PROBLEM_LEVELS)
    months = monthly_tallies(problems, ctx.ds.months)
    total = tallies(problems, report_day, lambda p: "全部")
    overall = total[0] if total else Tally("全部", 0, 0, 0, 0)
    rows = [[p.id, p.project, ctx.ds.projects[p.project].name if p.project in ctx.ds.projects
             else None, p.kind, p.description, unit(p), p.level, state_at(p, report_day),
             p.raised.iso(), p.resolved.iso() if is_resolved(p, report_day) and p.resolved
             else None, days_open(p, report_day)] for p in problems]
    yield File(LEDGER_XLSX, downloads.workbook(
        [*downloads.ledger_sheets(rows, {"责任单位": by_unit, "问题类别": by_kind,
                                         "协调层级": by_level}, months),
         downloads.about_sheet(report_day, None, ["已历时: 已解决的为提出到解决的天数, "
                                                  "未解决的为提出到数据截至日的天数"])],
        "问题清单", downloads.moment_of(report_day), f"{ctx.ds.config.region}重点项目调度平台"))
    filters = [
        Filter("status", "办理状态", list(vocab.PROBLEM_STATUSES)),
        Filter("kind", "问题类别", [t.group for t in by_kind]),
        Filter("unit", "责任单位", sorted(t.group for t in by_unit)),
        Filter("level", "协调层级", [t.group for t in by_level]),
    ]
    yield ctx.page("ledger", dict(
        title="问题清单",
        overall=overall,
        rate=pct(overall.resolution_rate),
        columns=COLUMNS,
        body=Markup("".join(lines)),
        table_id=TABLE_ID,
        filters=filters,
        tallies=[("按责任单位", "责任单位", tally_rows(by_unit)),
                 ("按问题类别", "问题类别", tally_rows(by_kind)),
                 ("按协调层级", "协调层级", tally_rows(by_level))],
        tally_headers=["受理", "已解决", "待协调", "协调中", "问题解决率"],
        months=[[f"{m.month[:4]}年{int(m.month[5:])}月", m.received, m.resolved,
                 m.received_total, m.resolved_total, pct(m.resolution_rate)]
                for m in reversed(months)],
        report_day=day(ctx.ds.config.report_date),
        download=ctx.anchor(here, LEDGER_XLSX, "下载问题清单 (problems.xlsx)"),
    ))  # fmt: skip


def tally_rows(items: list[Tally]) -> list[list[object]]:
    return [[t.group, t.received, t.resolved, t.waiting, t.coordinating, pct(t.resolution_rate)]
            for t in items]
