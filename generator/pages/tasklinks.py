"""What the plan pages and the unit pages share: links between them, a task's timing and
cycle badges, progress bars and tallies.

Task states and counts come from ``figures.tasks``; this module only words and links them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from generator.figures.lights import rule_of, task_light
from generator.figures.tasks import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    UNFINISHED,
    Counts,
    TaskState,
    UnitRef,
)
from generator.model.dates import PartialDate
from generator.model.models import Plan
from generator.pages.context import RenderContext

if TYPE_CHECKING:
    from generator.pages.entities import Entities
from generator.present.badges import badge, light_badge, status_badge
from generator.present.formatting import day, escape
from generator.present.words import (
    chinese_day,
    coverage_text,
    cycle_label,
    cycle_progress,
    rhythm_words,
)

HEADLINE_CHARS = 28


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

    def task_in_plan(self, state: TaskState, via: UnitRef | None = None) -> Markup:
        """The task's link with its plan's title beneath, for lists across plans; ``via``:
        the group (统称) through which the unit of the page has the task."""
        out = Markup('{}<br><span class="zd-task-plan">{}</span>').format(
            self.task(state), escape(state.plan.title)
        )
        if via is not None:
            out += Markup('<br><span class="zd-via">经统称 {} 分派</span>').format(self.unit(via))
        return out

    def plan(self, plan: Plan) -> Markup:
        return self.ctx.anchor(self.page, self.ctx.address("plan", plan=plan.id), plan.title)

    @property
    def entities(self) -> Entities:
        from generator.pages.entities import of  # entities reads the unit pages (units)

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
    """One badge per rhythm whose current cycle is due: ✔ 本周已有进展 / ○ 本月尚无进展."""
    if not state.cycles or state.done:
        return Markup("")
    badges = []
    for cycle in state.cycles:
        notes = cycle.count(state.notes)
        words = cycle_progress(cycle, notes)
        if notes >= cycle.rhythm.low:
            badges.append(badge(f"✔ {words}", "ok", title=cycle_label(cycle)))
        else:
            badges.append(badge(f"○ {words}", "warn", title=cycle_label(cycle)))
    return Markup(" ").join(badges)


def timing(state: TaskState) -> list[Markup | str]:
    """Deadline or rhythm, and what it means at the report date (or, once the plan ended,
    at its end), as short phrases."""
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
    elif state.final and state.closed is not None:
        parts.append(Markup("截至{}未完成").format(nowrap(chinese_day(state.closed))))
        if state.done_late and task.done is not None:
            parts.append(Markup("{}完成(方案结束后)").format(nowrap(task.done.chinese())))
    elif state.overdue:
        parts.append(
            Markup('<strong class="zd-overdue-days">已逾期 {} 天</strong>').format(
                state.days_overdue
            )
        )
    elif state.due_soon:
        parts.append("今日到期" if state.days_left == 0 else f"距时限还有 {state.days_left} 天")
    if task.rhythm:
        parts.append(f"{rhythm_words(task.rhythm)}推进")
        if state.final:
            parts += [coverage_text(c) for c in state.coverage]
        elif not state.done:
            last = state.last_done
            parts.append(
                Markup("最近一次进展 {}").format(nowrap(last.chinese())) if last else "尚无进展记录"
            )
    return parts


def note_view(note: Any) -> dict[str, Any]:
    return {"date": day(note.date), "text": note.text, "internal": note.internal}


def tally_text(counts: Counts, *, final: bool = False) -> Markup:
    """共 n 项任务: ✔ 已完成 a 项、● 推进中 b 项、⚠ 逾期 c 项、○ 未开始 d 项; ``final`` (a plan
    that ended): ✔ 已完成 a 项、✖ 未完成 b 项. Lists mixing both add 未完成 when there is one."""
    if final:
        pairs = [(DONE, counts.done), (UNFINISHED, counts.unfinished)]
    else:
        pairs = [(DONE, counts.done), (IN_PROGRESS, counts.in_progress),
                 (OVERDUE, counts.overdue), (NOT_STARTED, counts.not_started)]
        if counts.unfinished:
            pairs.append((UNFINISHED, counts.unfinished))
    parts = [Markup("{} {} 项").format(status_badge(state), n) for state, n in pairs]
    return Markup("共 {} 项任务: ").format(counts.total) + Markup("、").join(parts)


def task_light_badge(state: TaskState, links: Links) -> Markup:
    """The task's light and a space, on the intranet only (lights are its supervision tool):
    yellow near the deadline, red past it; nothing for a recurring task without one."""
    if not links.ctx.internal:
        return Markup()
    light = task_light(state, rule_of(links.ctx.ds.config))
    return Markup() if light is None else light_badge(light) + Markup(" ")
