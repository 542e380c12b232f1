"""Action plans as checklists, and a page per responsible unit.

* ``plans/index.md`` — every plan with its task counts, the overdue tasks across plans and
  the recurring tasks with no progress in their current cycle;
* ``plans/<plan id>/index.md`` — the plan's tasks by section as a checklist with a progress
  bar per section, each task's state, units, targets, projects and latest note;
* ``units/index.md`` — units with their counts;
* ``units/<unit code>/index.md`` — what one department has to do: tasks it leads, tasks it
  cooperates on, projects it is responsible for and (internal site) problems assigned to
  it, overdue first.

Paths come from plan ids and unit codes (validated ASCII codes), never from names. Task
states and counts come from ``generator.tasks``; this module only lays them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

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
    most_urgent,
    unit_key,
)
from generator.model.dates import PartialDate
from generator.model.models import Plan, Problem, Unit
from generator.model.units import UnitRegister
from generator.pages.context import Page, RenderContext

if TYPE_CHECKING:
    from generator.pages.entities import Entities
from generator.present.badges import badge, status_badge
from generator.present.formatting import day, escape, pct, wan
from generator.present.search import unit_terms
from generator.present.words import cycle_label, cycle_word

HEADLINE_CHARS = 28
UNIT_KINDS = ("县直部门", "乡镇", "企业", "金融机构", "上级部门", "其他")


def headline(text: str, limit: int = HEADLINE_CHARS) -> str:
    """The task's lead sentence (着力扩大工业投资), or its first characters."""
    first = text.split("。", 1)[0].strip()
    if len(first) <= limit:
        return first
    return first[:limit].rstrip("，、；,; ") + "…"


def deadline_text(deadline: PartialDate | None) -> str:
    if deadline is None:
        return "—"
    return f"{deadline.year}年{deadline.month}月底" if deadline.day is None else deadline.chinese()


def nowrap(text: object) -> Markup:
    """A date or short phrase kept on one line in narrow table cells."""
    return Markup('<span class="zd-nowrap">{}</span>').format(escape(text))


def source_markup(source: str | None) -> Markup | str:
    """The plan's source as a link when it is an http(s) URL, otherwise as plain text."""
    if not source:
        return "—"
    parts = urlsplit(source)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(
            escape(source), escape(source)
        )
    return escape(source)


def progress_bar(counts: Counts, label: str, *, compact: bool = False) -> Markup:
    """A native <progress> (announced by screen readers) with the count as text beside it.

    ``compact`` shows only the share beside the bar, for tables that list the counts."""
    text = f"完成 {counts.done}/{counts.total}"
    shown = f"{counts.percent_done}%" if compact else f"{text} ({counts.percent_done}%)"
    return Markup(
        '<span class="zd-bar{}"><progress max="{}" value="{}" aria-label="{}">{}</progress>'
        '<span class="zd-bar-text">{}</span></span>'
    ).format(
        " zd-bar--compact" if compact else "",
        counts.total,
        counts.done,
        escape(f"{label}{text}"),
        text,
        shown,
    )


@dataclass(frozen=True)
class Links:
    """Builds links from one page, knowing which records exist in this site's view."""

    ctx: RenderContext
    page: str
    unit_pages: frozenset[str]
    targets: dict[str, str]

    def unit(self, ref: UnitRef) -> Markup:
        if ref.code is not None and ref.code in self.unit_pages:
            return self.ctx.anchor(self.page, self.ctx.address("unit", unit=ref.code), ref.name)
        return escape(ref.name)

    def units(self, refs: tuple[UnitRef, ...]) -> Markup:
        return Markup("、").join(self.unit(r) for r in refs) if refs else Markup("—")

    def task(self, state: TaskState) -> Markup:
        label = f"{state.task.number} {headline(state.task.text)}"
        target = f"{self.ctx.address('plan', plan=state.plan.id)}#{state.anchor}"
        return self.ctx.anchor(self.page, target, label)

    def task_in_plan(self, state: TaskState) -> Markup:
        """The task's link with its plan's title beneath, for lists across plans."""
        return Markup('{}<br><span class="zd-task-plan">{}</span>').format(
            self.task(state), escape(state.plan.title)
        )

    def plan(self, plan: Plan) -> Markup:
        return self.ctx.anchor(self.page, self.ctx.address("plan", plan=plan.id), plan.title)

    @property
    def entities(self) -> Entities:
        from generator.pages.entities import of  # entities reads this module's unit pages

        return of(self.ctx)

    def project(self, code: str) -> Markup | None:
        project = self.ctx.ds.projects.get(code)
        if project is None:
            return None
        return self.ctx.anchor(self.page, self.ctx.address("project", code=code), project.name)

    def target(self, target_id: str) -> Markup:
        title = self.targets.get(target_id, target_id)
        return self.ctx.anchor(self.page, f"{self.ctx.address('targets')}#{target_id}", title)


def cycle_badge(state: TaskState) -> Markup:
    if state.cycle is None or state.done:
        return Markup("")
    label, word = cycle_label(state.cycle), cycle_word(state.cycle)
    if state.cycle_done:
        return badge(f"✔ {word}已有进展", "ok", title=label)
    return badge(f"○ {word}尚无进展", "warn", title=label)


def timing(state: TaskState) -> list[Markup | str]:
    """Deadline or rhythm, and what it means at the report date, as short phrases."""
    task = state.task
    parts: list[Markup | str] = []
    if task.deadline is not None:
        parts.append(Markup("完成时限 {}").format(nowrap(deadline_text(task.deadline))))
    if state.done:
        if task.done is not None:
            late = task.deadline is not None and task.done.start() > task.deadline.end()
            parts.append(
                Markup("{}完成{}").format(nowrap(task.done.chinese()), "(晚于时限)" if late else "")
            )
    elif state.overdue:
        parts.append(
            Markup('<strong class="zd-overdue-days">已逾期 {} 天</strong>').format(
                state.days_overdue
            )
        )
    elif state.due_soon:
        parts.append("今日到期" if state.days_left == 0 else f"距时限还有 {state.days_left} 天")
    if task.rhythm is not None:
        parts.append(f"{task.rhythm}推进")
        if not state.done:
            last = state.last_done
            parts.append(
                Markup("最近一次进展 {}").format(nowrap(last.chinese())) if last else "尚无进展记录"
            )
    return parts


def note_view(note: Any) -> dict[str, Any]:
    return {"date": day(note.date), "text": note.text, "internal": note.internal}


def task_view(state: TaskState, links: Links) -> dict[str, Any]:
    task = state.task
    projects = [m for m in (links.project(c) for c in task.projects) if m is not None]
    return {
        "anchor": state.anchor,
        "number": task.number,
        "text": task.text,
        "checked": state.done,
        "badge": status_badge(state.state),
        "timing": timing(state),
        "cycle": cycle_badge(state),
        "lead": links.units(state.lead),
        "support": links.units(state.support) if state.support else None,
        "targets": [links.target(t) for t in task.targets],
        "projects": projects,
        "latest": note_view(state.latest_note) if state.latest_note else None,
        "earlier": [note_view(n) for n in reversed(state.notes[:-1])],
        "state": state.state,
        "overdue": state.overdue,
    }


def counts_row(counts: Counts) -> list[object]:
    return [counts.total, counts.done, counts.in_progress, counts.overdue, counts.not_started]


def tally_text(counts: Counts) -> Markup:
    """共 n 项: ✔ 已完成 a 项, ● 推进中 b 项, ⚠ 逾期 c 项, ○ 未开始 d 项."""
    parts = [
        Markup("{} {} 项").format(status_badge(state), n)
        for state, n in (
            ("已完成", counts.done),
            ("推进中", counts.in_progress),
            ("逾期", counts.overdue),
            ("未开始", counts.not_started),
        )
    ]
    return Markup("共 {} 项任务: ").format(counts.total) + Markup("、").join(parts)


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
    """Registered units with at least one task, project or (internal) problem, file order."""
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
        if record.work or not members.empty or record.problems:
            out.append(record)
    return out


def sorted_projects(members: pd.DataFrame) -> pd.DataFrame:
    if members.empty:
        return members
    rank = members["status"].map(lambda s: STATUS_SEVERITY.get(s, 9))
    return members.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank")


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
        return UnitState(register, plans, unit_records(ctx, register, by_unit(plans)))

    return ctx.once("units", build)


def view(ctx: RenderContext) -> Iterator[Page]:
    state = unit_state(ctx)
    report_day: date = ctx.ds.config.report_date.end()
    plans, records, unit_pages = state.plans, state.records, state.unit_pages
    targets = {t.id: t.title for t in ctx.ds.targets}

    def links(page: str) -> Links:
        return Links(ctx, page, unit_pages, targets)

    for progress in plans:
        yield plan_page(ctx, progress, links(ctx.address("plan", plan=progress.plan.id)),
                        report_day)
    yield plans_index(ctx, plans, links(ctx.address("plans")), report_day)
    for record in records:
        yield unit_page(ctx, record, links(ctx.address("unit", unit=record.unit.code)),
                        report_day)
    yield units_index(ctx, records, links(ctx.address("units")), report_day)


def plan_page(ctx: RenderContext, progress: PlanProgress, links: Links, report_day: date) -> Page:
    plan = progress.plan
    meta: list[tuple[str, object]] = [
        ("印发单位", plan.issuer),
        ("文号", plan.doc_number or "—"),
        ("印发日期", day(plan.date)),
    ]
    if plan.source:
        meta.append(("原文", source_markup(plan.source)))
    sections = [
        {
            "number": s.section.number,
            "title": s.section.title,
            "bar": progress_bar(s.counts, f"{s.section.number}{s.section.title}"),
            "overdue": Markup("{} {} 项").format(status_badge("逾期"), s.counts.overdue)
            if s.counts.overdue
            else None,
            "tasks": [task_view(t, links) for t in s.tasks],
        }
        for s in progress.sections
    ]
    return ctx.page("plan", dict(
        plan=plan,
        meta=meta,
        counts=progress.counts,
        tally=tally_text(progress.counts),
        bar=progress_bar(progress.counts, "全部任务"),
        sections=sections,
        report_day=day(PartialDate.parse(report_day)),
        back=ctx.anchor(links.page, ctx.address("plans"), "全部行动方案"),
        units_index=ctx.anchor(links.page, ctx.address("units"), "按责任单位查看"),
    ), plan=plan.id)


def plans_index(
    ctx: RenderContext, plans: list[PlanProgress], links: Links, report_day: date
) -> Page:
    rows = []
    for progress in plans:
        plan = progress.plan
        issued = "　".join(x for x in (plan.doc_number, f"{day(plan.date)}印发") if x)
        rows.append(
            [
                Markup('{}<br><span class="zd-task-plan">{}</span>').format(
                    links.plan(plan), escape(issued)
                ),
                *counts_row(progress.counts),
                progress_bar(progress.counts, plan.title, compact=True),
            ]
        )
    every = [t for p in plans for t in p.tasks]
    total = Counts(
        done=sum(p.counts.done for p in plans),
        in_progress=sum(p.counts.in_progress for p in plans),
        overdue=sum(p.counts.overdue for p in plans),
        not_started=sum(p.counts.not_started for p in plans),
    )
    overdue = [
        [
            links.task_in_plan(t),
            links.units(t.lead),
            nowrap(deadline_text(t.task.deadline)),
            Markup('<strong class="zd-overdue-days zd-nowrap">{} 天</strong>').format(
                t.days_overdue
            ),
            nowrap(day(t.latest_note.date)) if t.latest_note else "无",
        ]
        for t in most_urgent(s for s in every if s.overdue)
    ]
    recurring = [
        [
            links.task_in_plan(t),
            t.task.rhythm,
            cycle_label(t.cycle) if t.cycle else "",
            cycle_badge(t),
            nowrap(day(t.last_done)) if t.last_done else "无",
            links.units(t.lead),
        ]
        for t in sorted(
            (s for s in every if s.cycle is not None and not s.done),
            key=lambda s: (not s.cycle_missing, s.position),
        )
    ]
    return ctx.page("plans", dict(
        title="行动方案落实情况",
        plans=rows,
        total=total,
        tally=tally_text(total),
        total_bar=progress_bar(total, "全部行动方案"),
        total_bar_compact=progress_bar(total, "全部行动方案", compact=True),
        overdue=overdue,
        recurring=recurring,
        missing=sum(s.cycle_missing for s in every),
        report_day=day(PartialDate.parse(report_day)),
        units_index=ctx.anchor(links.page, ctx.address("units"), "按责任单位查看"),
    ))


def task_rows(states: list[TaskState], links: Links, *, with_lead: bool) -> list[list[object]]:
    rows = []
    for t in states:
        note = t.latest_note
        latest: Markup | str = "—"
        if note is not None:
            latest = Markup("{}: {}").format(nowrap(day(note.date)), escape(note.text))
            if note.internal:
                latest = badge("内部", "muted") + Markup(" ") + latest
        status = status_badge(t.state) + cycle_badge(t)
        when = Markup("<br>").join(escape(p) for p in timing(t)) or Markup("—")
        row: list[object] = [status, links.task_in_plan(t), when]
        if with_lead:
            row.append(links.units(t.lead))
        row.append(latest)
        rows.append(row)
    return rows


TASK_HEADERS = ["状态", "任务", "时限与进度", "最新进展"]
SUPPORT_HEADERS = ["状态", "任务", "时限与进度", "牵头单位", "最新进展"]


def unit_page(ctx: RenderContext, record: UnitRecord, links: Links, report_day: date) -> Page:
    unit = record.unit
    work = record.work or UnitWork(UnitRef(unit.name, unit.code))
    lead, support = work.lead, work.support
    projects = sorted_projects(record.projects)
    kpis = [
        ("牵头任务", f"{len(lead)} 项"),
        ("其中逾期", f"{work.lead_counts.overdue} 项"),
        ("配合任务", f"{len(support)} 项"),
        ("负责项目", f"{len(projects)} 个"),
    ]
    if ctx.internal:
        kpis.append(("未解决问题", f"{record.open_problems} 个"))
    return ctx.page("unit", dict(
        unit=unit,
        search=unit_terms(unit),
        aliases="、".join(unit.aliases),
        kpis=kpis,
        lead=task_rows(lead, links, with_lead=False),
        lead_tally=tally_text(work.lead_counts) if lead else None,
        support=task_rows(support, links, with_lead=True),
        support_tally=tally_text(work.support_counts) if support else None,
        task_headers=TASK_HEADERS,
        support_headers=SUPPORT_HEADERS,
        project_headers=PROJECT_HEADERS,
        projects=project_rows(projects, links),
        problem_headers=PROBLEM_HEADERS,
        problems=problem_rows(record.problems, links),
        report_day=day(PartialDate.parse(report_day)),
        report_label=ctx.report_label,
        back=ctx.anchor(links.page, ctx.address("units"), "全部责任单位"),
        plans_index=ctx.anchor(links.page, ctx.address("plans"), "行动方案落实情况"),
    ), unit=unit.code)


def units_index(
    ctx: RenderContext, records: list[UnitRecord], links: Links, report_day: date
) -> Page:
    groups = []
    for kind in UNIT_KINDS:
        rows = []
        for r in (r for r in records if r.unit.kind == kind):
            lead = r.work.lead_counts if r.work else Counts()
            support = r.work.support_counts if r.work else Counts()
            overdue = lead.overdue
            row: list[object] = [
                links.unit(UnitRef(r.unit.name, r.unit.code)),
                lead.total,
                status_badge("逾期") + Markup(" {}").format(overdue) if overdue else 0,
                support.total,
                status_badge("逾期") + Markup(" {}").format(support.overdue)
                if support.overdue
                else 0,
                len(r.projects),
            ]
            if ctx.internal:
                row.append(r.open_problems)
            rows.append(row)
        if rows:
            groups.append({"kind": kind, "rows": rows})
    headers = ["单位", "牵头任务", "其中逾期", "配合任务", "其中逾期", "负责项目"]
    if ctx.internal:
        headers.append("未解决问题")
    return ctx.page("units", dict(
        title="责任单位",
        groups=groups,
        headers=headers,
        count=len(records),
        report_day=day(PartialDate.parse(report_day)),
        plans_index=ctx.anchor(links.page, ctx.address("plans"), "行动方案落实情况"),
    ))
