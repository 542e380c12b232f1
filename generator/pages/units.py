"""A page per responsible unit, and their index (rendered by the plans' view).

* ``units/index.md`` — units by kind with their counts; groups (统称: 各乡镇人民政府 …) in a
  table of their own with how many units each stands for;
* ``units/<unit code>/index.md`` — what one unit has to do: tasks it leads, tasks it
  cooperates on (named itself, or through a group it belongs to, marked as such), projects
  it is responsible for and (internal site) problems assigned to it, overdue first. A
  group's page lists its members.

Every name shown is the register's (the view's data is already in register names).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandas as pd
from markupsafe import Markup

from generator.figures.problems import open_problems
from generator.figures.rates import STATUS_SEVERITY
from generator.figures.table import table_rows
from generator.figures.tasks import (
    Counts,
    PlanProgress,
    TaskState,
    UnitRef,
    UnitWork,
    assess_plans,
    by_unit,
    unit_key,
)
from generator.model.dates import PartialDate
from generator.model.models import Problem, Unit
from generator.model.units import UnitRegister, is_group
from generator.pages.context import Page, RenderContext
from generator.pages.supervision import legend
from generator.pages.tasklinks import (
    Links,
    cycle_badge,
    nowrap,
    tally_text,
    task_light_badge,
    timing,
)
from generator.present.badges import badge, light_badge, status_badge
from generator.present.formatting import day, escape, pct, wan
from generator.present.search import unit_terms

UNIT_KINDS = ("县直部门", "乡镇", "企业", "金融机构", "上级部门", "其他")
GROUPS = "统称"  # the heading of the groups' table on the index

PROBLEM_HEADERS = ["状态", "问题描述", "项目", "类别", "提出日期"]


def problem_rows(problems: list[Problem], links: Links) -> list[list[object]]:
    """Open problems first, oldest first; resolved ones after them."""
    order = {"待协调": 0, "协调中": 1, "已解决": 2}
    rows: list[list[object]] = []
    for p in sorted(problems, key=lambda p: (order.get(p.status, 3), p.raised, p.id)):
        detail = [p.id, f"{p.level}级协调"]
        if p.resolved is not None:
            detail.append(f"{p.resolved.chinese()}解决")
        rows.append(
            [
                status_badge(p.status),
                Markup('{}<br><span class="zd-task-plan">{}</span>').format(
                    escape(p.description), escape(" · ".join(detail))
                ),
                links.project(p.project) or p.project,
                p.kind,
                nowrap(day(p.raised)),
            ]
        )
    return rows


PROJECT_HEADERS = ["项目", "阶段", "乡镇", "年度计划(万元)", "本年完成(万元)", "完成率", "进度"]


def project_rows(members: pd.DataFrame, links: Links) -> list[list[object]]:
    rows: list[list[object]] = []
    for code, row in table_rows(members):
        rows.append(
            [
                Markup('{}<br><span class="zd-task-plan">{}</span>').format(
                    links.project(str(code)) or escape(row["name"]), escape(code)
                ),
                links.entities.group(links.page, "stage", row["stage"]),
                links.entities.township(links.page, row["township"]),
                wan(row["annual_plan"], unit=False),
                wan(row["completed_ytd"], unit=False),
                pct(row["completion_rate"]),
                status_badge(row["status"]),
            ]
        )
        if links.ctx.internal:  # lights are a supervision tool of the intranet
            rows[-1].append(light_badge(row["light"] if isinstance(row["light"], str) else None))
    return rows


@dataclass
class UnitRecord:
    unit: Unit
    work: UnitWork | None
    projects: pd.DataFrame
    problems: list[Problem]
    open_problems: int  # at the report date


def unit_records(
    ctx: RenderContext, register: UnitRegister, work: dict[str, UnitWork]
) -> list[UnitRecord]:
    """Registered units with at least one task (their own or a group's), project or
    (internal) problem, and groups with members; in file order."""
    table = ctx.computed.table
    departments = (
        table["department"].map(lambda name: unit_key(str(name), register))
        if len(table)
        else pd.Series(dtype=str)
    )
    problems: dict[str, list[Problem]] = defaultdict(list)
    if ctx.internal:
        for problem in ctx.ds.problems:
            problems[unit_key(problem.unit, register)].append(problem)
    out = []
    for unit in ctx.ds.units:
        if register.resolve(unit.name) is not unit:
            continue  # a duplicate name (reported by check) — one page per code
        members = table[departments == unit.code] if len(table) else table
        assigned = problems.get(unit.code, [])
        record = UnitRecord(unit, work.get(unit.code), members, assigned,
                            len(open_problems(assigned, ctx.ds.config.report_date.end())))
        if record.work or not members.empty or record.problems or register.members(unit):
            out.append(record)
    return out


@dataclass(frozen=True)
class UnitState:
    """The plans assessed and the units that get a page: the pages of this family and the
    links to unit pages from every other page (``entities``) read the same answer."""

    register: UnitRegister
    plans: list[PlanProgress]
    records: list[UnitRecord]

    @property
    def unit_pages(self) -> frozenset[str]:
        return frozenset(r.unit.code for r in self.records)


def unit_state(ctx: RenderContext) -> UnitState:
    def build() -> UnitState:
        register = UnitRegister(list(ctx.ds.units))
        plans = assess_plans(ctx.ds.plans, ctx.ds.config.report_date.end(), register)
        return UnitState(register, plans, unit_records(ctx, register, by_unit(plans, register)))

    return ctx.once("units", build)


def sorted_projects(members: pd.DataFrame) -> pd.DataFrame:
    if members.empty:
        return members
    rank = members["status"].map(lambda s: STATUS_SEVERITY.get(s, 9))
    return members.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank")


def task_rows(states: list[TaskState], work: UnitWork, links: Links, *,
              with_lead: bool) -> list[list[object]]:
    rows = []
    for t in states:
        note = t.latest_note
        latest: Markup | str = "—"
        if note is not None:
            latest = Markup("{}: {}").format(nowrap(day(note.date)), escape(note.text))
            if note.internal:
                latest = badge("内部", "muted") + Markup(" ") + latest
        status = task_light_badge(t, links) + status_badge(t.state) + cycle_badge(t)
        when = Markup("<br>").join(escape(p) for p in timing(t)) or Markup("—")
        row: list[object] = [status, links.task_in_plan(t, work.through(t)), when]
        if with_lead:
            row.append(links.units(t.lead))
        row.append(latest)
        rows.append(row)
    return rows


TASK_HEADERS = ["状态", "任务", "时限与进度", "最新进展"]
SUPPORT_HEADERS = ["状态", "任务", "时限与进度", "牵头单位", "最新进展"]


def _refs(units: list[Unit] | tuple[Unit, ...]) -> tuple[UnitRef, ...]:
    return tuple(UnitRef(u.name, u.code) for u in units)


def unit_page(ctx: RenderContext, record: UnitRecord, register: UnitRegister, links: Links,
              report_day: date) -> Page:
    unit = record.unit
    work = record.work or UnitWork(UnitRef(unit.name, unit.code))
    lead, support = work.lead, work.support
    projects = sorted_projects(record.projects)
    kpis = [
        ("牵头任务", f"{len(lead)} 项"),
        ("其中逾期", f"{work.lead_counts.overdue} 项"),
        ("配合任务", f"{len(support)} 项"),
    ]
    if work.through_groups:
        kpis.append(("其中经统称分派", f"{work.through_groups} 项"))
    kpis.append(("负责项目", f"{len(projects)} 个"))
    if ctx.internal:
        kpis.append(("未解决问题", f"{record.open_problems} 个"))
    members = register.members(unit)
    groups = register.groups_of(unit)
    return ctx.page("unit", dict(
        search=unit_terms(unit),
        unit=unit,
        aliases="、".join(unit.aliases),
        group=is_group(unit),
        members=links.units(_refs(members)) if members else None,
        member_count=len(members),
        groups=links.units(_refs(groups)) if groups else None,
        kpis=kpis,
        lead=task_rows(lead, work, links, with_lead=False),
        lead_tally=tally_text(work.lead_counts) if lead else None,
        support=task_rows(support, work, links, with_lead=True),
        support_tally=tally_text(work.support_counts) if support else None,
        task_headers=TASK_HEADERS,
        support_headers=SUPPORT_HEADERS,
        project_headers=[*PROJECT_HEADERS, "亮灯"] if ctx.internal else PROJECT_HEADERS,
        projects=project_rows(projects, links),
        problem_headers=PROBLEM_HEADERS,
        problems=problem_rows(record.problems, links),
        report_day=day(PartialDate.parse(report_day)),
        report_label=ctx.report_label,
        back=ctx.anchor(links.page, ctx.address("units"), "全部责任单位"),
        plans_index=ctx.anchor(links.page, ctx.address("plans"), "行动方案落实情况"),
        legend=legend(ctx.ds) if ctx.internal else None,
    ), unit=unit.code)


def _overdue(counts: Counts) -> object:
    return status_badge("逾期") + Markup(" {}").format(counts.overdue) if counts.overdue else 0


def units_index(ctx: RenderContext, records: list[UnitRecord], register: UnitRegister,
                links: Links, report_day: date) -> Page:
    tables = []
    group_rows = []
    for r in records:
        if is_group(r.unit):
            lead = r.work.lead_counts if r.work else Counts()
            support = r.work.support_counts if r.work else Counts()
            group_rows.append([links.unit(UnitRef(r.unit.name, r.unit.code)),
                               len(register.members(r.unit)), lead.total, support.total])
    for kind in UNIT_KINDS:
        rows = []
        for r in (r for r in records if r.unit.kind == kind and not is_group(r.unit)):
            lead = r.work.lead_counts if r.work else Counts()
            support = r.work.support_counts if r.work else Counts()
            row: list[object] = [
                links.unit(UnitRef(r.unit.name, r.unit.code)),
                lead.total,
                _overdue(lead),
                support.total,
                _overdue(support),
                r.work.through_groups if r.work else 0,
                len(r.projects),
            ]
            if ctx.internal:
                row.append(r.open_problems)
            rows.append(row)
        if rows:
            tables.append({"kind": kind, "rows": rows})
    headers = ["单位", "牵头任务", "其中逾期", "配合任务", "其中逾期", "经统称分派", "负责项目"]
    if ctx.internal:
        headers.append("未解决问题")
    return ctx.page("units", dict(
        title="责任单位",
        groups=tables,
        headers=headers,
        group_heading=GROUPS,
        group_rows=group_rows,
        group_headers=["统称", "成员单位", "牵头任务", "配合任务"],
        count=sum(not is_group(r.unit) for r in records),
        report_day=day(PartialDate.parse(report_day)),
        plans_index=ctx.anchor(links.page, ctx.address("plans"), "行动方案落实情况"),
    ))
