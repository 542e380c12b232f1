"""Action plans as checklists, and (through ``units``) a page per responsible unit.

* ``plans/index.md`` — plans that run with their task counts, plans that ended with their
  final verdicts, the overdue tasks across plans and the recurring tasks with no progress
  in their current cycle;
* ``plans/<plan id>/index.md`` — the plan's facts (period, status, approving meeting,
  goals) and its tasks by section as a checklist with a progress bar per section, each
  task's state (or final verdict), units, targets, projects and latest note;
* ``units/index.md`` and ``units/<unit code>/index.md`` — see ``pages.units``.

Paths come from plan ids and unit codes (validated ASCII codes), never from names. Task
states and counts come from ``figures.tasks``; this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from markupsafe import Markup

from generator.figures.tasks import (
    Counts,
    PlanProgress,
    TaskState,
    most_urgent,
)
from generator.model.dates import PartialDate
from generator.pages import units
from generator.pages.context import Page, RenderContext
from generator.pages.supervision import legend
from generator.pages.tasklinks import (
    Links,
    cycle_badge,
    deadline_text,
    note_view,
    nowrap,
    progress_bar,
    source_markup,
    tally_text,
    task_light_badge,
    timing,
)
from generator.pages.units import unit_state
from generator.present.badges import status_badge
from generator.present.formatting import day
from generator.present.words import cycle_label, period_text, plan_life_text, rhythm_words


def task_view(state: TaskState, links: Links) -> dict[str, Any]:
    task = state.task
    projects = [m for m in (links.project(c) for c in task.projects) if m is not None]
    return {
        "anchor": state.anchor,
        "number": task.number,
        "text": task.text,
        "checked": state.done,
        "badge": task_light_badge(state, links) + status_badge(state.state),
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


def view(ctx: RenderContext) -> Iterator[Page]:
    state = unit_state(ctx)
    report_day: date = ctx.ds.config.report_date.end()
    plans, records, unit_pages = state.plans, state.records, state.unit_pages
    register = state.register
    targets = {t.id: t.title for t in ctx.ds.targets}

    def links(page: str) -> Links:
        return Links(ctx, page, unit_pages, targets)

    for progress in plans:
        yield plan_page(ctx, progress, links(ctx.address("plan", plan=progress.plan.id)),
                        report_day)
    yield plans_index(ctx, plans, links(ctx.address("plans")), report_day)
    for record in records:
        yield units.unit_page(ctx, record, register,
                              links(ctx.address("unit", unit=record.unit.code)), report_day)
    yield units.units_index(ctx, records, register, links(ctx.address("units")), report_day)


def plan_facts(progress: PlanProgress) -> list[tuple[str, object]]:
    """The plan's facts as label and value: who issued it, when, for which years, and
    where it stands."""
    plan, life = progress.plan, progress.life
    meta: list[tuple[str, object]] = [
        ("印发单位", plan.issuer),
        ("文号", plan.doc_number or "—"),
        ("印发日期", day(plan.date)),
    ]
    if plan.meeting:
        meta.append(("审议通过", plan.meeting))
    if plan.period is not None:
        meta.append(("执行期", period_text(plan.period.start, plan.period.end)))
    meta.append(("状态", Markup("{} {}").format(
        status_badge(life.status), plan_life_text(life.status, life.closed, life.ends))))
    if plan.termination_note:
        meta.append(("终止说明", plan.termination_note))
    if plan.source:
        meta.append(("原文", source_markup(plan.source)))
    return meta


def plan_page(ctx: RenderContext, progress: PlanProgress, links: Links, report_day: date) -> Page:
    plan, life = progress.plan, progress.life
    final = not life.running
    sections = [
        {
            "number": s.section.number,
            "title": s.section.title,
            "bar": progress_bar(s.counts, f"{s.section.number}{s.section.title}"),
            # A badge and its count stay together when a phone wraps the line.
            "overdue": nowrap(Markup("{} {} 项").format(status_badge("逾期"), s.counts.overdue))
            if s.counts.overdue
            else None,
            "unfinished": nowrap(
                Markup("{} {} 项").format(status_badge("未完成"), s.counts.unfinished)
            )
            if s.counts.unfinished
            else None,
            "tasks": [task_view(t, links) for t in s.tasks],
        }
        for s in progress.sections
    ]
    goals = [
        {"text": g.text, "targets": [links.target(t) for t in g.targets if t in links.targets]}
        for g in plan.goals
    ]
    return ctx.page("plan", dict(
        plan=plan,
        meta=plan_facts(progress),
        goals=goals,
        final=final,
        closed=day(PartialDate.parse(life.closed)) if life.closed else None,
        counts=progress.counts,
        tally=tally_text(progress.counts, final=final),
        bar=progress_bar(progress.counts, "全部任务"),
        sections=sections,
        report_day=day(PartialDate.parse(report_day)),
        back=ctx.anchor(links.page, ctx.address("plans"), "全部行动方案"),
        units_index=ctx.anchor(links.page, ctx.address("units"), "按责任单位查看"),
        legend=legend(ctx.ds) if ctx.internal else None,
    ), plan=plan.id)


def _sum(counts: list[Counts]) -> Counts:
    total = Counts()
    for c in counts:
        total = total + c
    return total


def plans_index(
    ctx: RenderContext, plans: list[PlanProgress], links: Links, report_day: date
) -> Page:
    running = [p for p in plans if p.life.running]
    ended = [p for p in plans if not p.life.running]
    rows = []
    for progress in running:
        plan = progress.plan
        issued = "　".join(x for x in (plan.doc_number, f"{day(plan.date)}印发") if x)
        rows.append(
            [
                Markup('{}<br><span class="zd-task-plan">{}</span>').format(
                    links.plan(plan), issued
                ),
                *counts_row(progress.counts),
                progress_bar(progress.counts, plan.title, compact=True),
            ]
        )
    ended_rows = []
    for progress in ended:
        plan, life, counts = progress.plan, progress.life, progress.counts
        period = period_text(plan.period.start, plan.period.end) if plan.period else "—"
        ended_rows.append(
            [
                Markup('{}<br><span class="zd-task-plan">{}</span>').format(
                    links.plan(plan), plan.doc_number or f"{day(plan.date)}印发"
                ),
                Markup("{}<br>{}").format(status_badge(life.status),
                                          nowrap(day(PartialDate.parse(life.closed)))),
                nowrap(period),
                counts.total,
                counts.done,
                counts.unfinished,
                progress_bar(counts, plan.title, compact=True),
            ]
        )
    every = [t for p in running for t in p.tasks]
    total = _sum([p.counts for p in running])
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
            rhythm_words(t.task.rhythm),
            Markup("<br>").join(nowrap(cycle_label(c)) for c in t.cycles),
            cycle_badge(t),
            nowrap(day(t.last_done)) if t.last_done else "无",
            links.units(t.lead),
        ]
        for t in sorted(
            (s for s in every if s.cycles and not s.done),
            key=lambda s: (not s.cycle_missing, s.position),
        )
    ]
    return ctx.page("plans", dict(
        title="行动方案落实情况",
        plans=rows,
        running=len(running),
        ended=ended_rows,
        ended_total=_sum([p.counts for p in ended]),
        total=total,
        tally=tally_text(total),
        total_bar=progress_bar(total, "执行中的行动方案"),
        total_bar_compact=progress_bar(total, "执行中的行动方案", compact=True),
        overdue=overdue,
        recurring=recurring,
        missing=sum(s.cycle_missing for s in every),
        report_day=day(PartialDate.parse(report_day)),
        units_index=ctx.anchor(links.page, ctx.address("units"), "按责任单位查看"),
    ))
