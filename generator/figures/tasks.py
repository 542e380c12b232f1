"""Where each task of an action plan (行动方案) stands at the report date.

Pure logic over the models: no files, no pages. The four states of a task are exclusive
and add up to the number of tasks, so every count on the site reconciles:

* 已完成 — status is 已完成 (whatever the deadline);
* 逾期 — not 已完成 and the deadline has passed: deadline < report date, where a deadline
  given as a month only means the last day of that month (``PartialDate.end``). A task
  due on the report date itself is not overdue. Overdue takes precedence over the status
  the data gives (推进中 or 未开始);
* 推进中 — status 推进中 and not overdue;
* 未开始 — status 未开始 and not overdue.

Recurring tasks (``rhythm``) have a current cycle, the calendar period holding the report
date: the ISO week (Monday–Sunday), the calendar month, the quarter, the half-year or the
year. A cycle is done when a progress note is dated inside it (its first day included)
and not after the report date; a note dated by month only counts for a cycle only when
the whole month lies inside it, so it never counts for a week. "Last done" is the date
of the latest such note. Notes dated after the report date are ignored throughout: the
site describes the situation at the report date.

Unit names are resolved through the ``UnitRegister``, so 县发改局 and 县发展改革局 are one
unit; a name that is not registered stands for itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from generator.model.dates import PartialDate
from generator.model.models import Plan, Section, Task, TaskNote
from generator.model.units import UnitRegister

DONE = "已完成"
OVERDUE = "逾期"
IN_PROGRESS = "推进中"
NOT_STARTED = "未开始"
STATES: tuple[str, ...] = (DONE, IN_PROGRESS, OVERDUE, NOT_STARTED)

# Days before a deadline from which a task counts as due soon (shown, not counted).
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Cycle:
    """The calendar period of a recurring task that holds the report date."""

    rhythm: str
    start: date
    end: date

    def contains(self, when: PartialDate) -> bool:
        return self.start <= when.start() and when.end() <= self.end


def cycle_of(rhythm: str, day: date) -> Cycle:
    """The cycle of ``rhythm`` (每周 … 每年) that holds ``day``."""
    if rhythm == "每周":
        start = day - timedelta(days=day.weekday())
        return Cycle(rhythm, start, start + timedelta(days=6))
    if rhythm == "每年":
        return Cycle(rhythm, date(day.year, 1, 1), date(day.year, 12, 31))
    months = {"每月": 1, "每季度": 3, "每半年": 6}.get(rhythm)
    if months is None:
        raise ValueError(f"未知周期 (got {rhythm!r}, expected 每周/每月/每季度/每半年/每年)")
    first = (day.month - 1) // months * months + 1
    last = first + months - 1
    end = PartialDate(day.year, last).end()
    return Cycle(rhythm, date(day.year, first, 1), end)


def is_overdue(task: Task, report_day: date) -> bool:
    """Not 已完成 and the deadline (a month means its last day) is before the report date."""
    return task.status != DONE and task.deadline is not None and task.deadline.end() < report_day


def state_of(task: Task, report_day: date) -> str:
    """One of STATES; overdue before the status the data gives."""
    if task.status == DONE:
        return DONE
    if is_overdue(task, report_day):
        return OVERDUE
    return IN_PROGRESS if task.status == IN_PROGRESS else NOT_STARTED


def notes_until(task: Task, report_day: date) -> list[TaskNote]:
    """The task's notes dated on or before the report date, oldest first (stable)."""
    kept = [n for n in task.notes if n.date.start() <= report_day]
    return sorted(kept, key=lambda n: n.date.start())


def task_anchor(task: Task) -> str:
    """An ASCII id for the task on its plan page, stable when tasks are reordered."""
    digest = hashlib.sha1(task.number.encode("utf-8")).hexdigest()[:10]
    return f"task-{digest}"


@dataclass(frozen=True)
class UnitRef:
    """A unit as a task names it: the register's unit, or the name as written."""

    name: str  # the register's full name when resolved, else the name as written
    code: str | None  # the register's code, None when the name is not registered

    @property
    def key(self) -> str:
        return self.code if self.code is not None else f"?{self.name}"


def resolve_units(names: Iterable[str], register: UnitRegister) -> tuple[UnitRef, ...]:
    """Names resolved through the register, each unit once, in the order first named."""
    out: dict[str, UnitRef] = {}
    for name in names:
        unit = register.resolve(name)
        ref = UnitRef(unit.name, unit.code) if unit else UnitRef(name.strip(), None)
        out.setdefault(ref.key, ref)
    return tuple(out.values())


def unit_key(name: str, register: UnitRegister) -> str:
    return resolve_units([name], register)[0].key


@dataclass(frozen=True)
class TaskState:
    plan: Plan
    section: Section
    task: Task
    position: tuple[int, int, int]  # plan, section and task index: document order
    state: str  # one of STATES
    report_day: date
    notes: tuple[TaskNote, ...]  # dated on or before the report date, oldest first
    lead: tuple[UnitRef, ...]
    support: tuple[UnitRef, ...]  # without units that also lead the task
    cycle: Cycle | None  # recurring tasks only

    @property
    def anchor(self) -> str:
        return task_anchor(self.task)

    @property
    def overdue(self) -> bool:
        return self.state == OVERDUE

    @property
    def done(self) -> bool:
        return self.state == DONE

    @property
    def days_overdue(self) -> int | None:
        if not self.overdue or self.task.deadline is None:
            return None
        return (self.report_day - self.task.deadline.end()).days

    @property
    def days_left(self) -> int | None:
        """Days until the deadline for open tasks that are not overdue."""
        if self.state in (DONE, OVERDUE) or self.task.deadline is None:
            return None
        return (self.task.deadline.end() - self.report_day).days

    @property
    def due_soon(self) -> bool:
        left = self.days_left
        return left is not None and left <= DUE_SOON_DAYS

    @property
    def latest_note(self) -> TaskNote | None:
        return self.notes[-1] if self.notes else None

    @property
    def last_done(self) -> PartialDate | None:
        """For recurring tasks: the date of the latest note (on or before the report date)."""
        return self.notes[-1].date if self.notes else None

    @property
    def cycle_done(self) -> bool | None:
        """For recurring tasks: whether a note is dated inside the current cycle."""
        if self.cycle is None:
            return None
        return any(self.cycle.contains(n.date) for n in self.notes)

    @property
    def cycle_missing(self) -> bool:
        """A recurring task still open whose current cycle has no progress note."""
        return self.cycle is not None and not self.done and not self.cycle_done

    def units(self) -> tuple[UnitRef, ...]:
        return self.lead + self.support

    def urgency(self) -> tuple[int, int, tuple[int, int, int]]:
        """Sort key: overdue (longest first), then open tasks by deadline, done last."""
        rank = {OVERDUE: 0, IN_PROGRESS: 1, NOT_STARTED: 1, DONE: 2}[self.state]
        if self.overdue:
            second = -(self.days_overdue or 0)
        elif self.cycle_missing:
            second = -1  # before dated tasks: this cycle's report is due now
        elif self.days_left is not None:
            second = self.days_left
        else:
            second = 1 << 30
        return (rank, second, self.position)


def assess(
    task: Task,
    report_day: date,
    register: UnitRegister,
    *,
    plan: Plan,
    section: Section,
    position: tuple[int, int, int] = (0, 0, 0),
) -> TaskState:
    lead = resolve_units(task.lead, register)
    lead_keys = {u.key for u in lead}
    support = tuple(u for u in resolve_units(task.support, register) if u.key not in lead_keys)
    return TaskState(
        plan=plan,
        section=section,
        task=task,
        position=position,
        state=state_of(task, report_day),
        report_day=report_day,
        notes=tuple(notes_until(task, report_day)),
        lead=lead,
        support=support,
        cycle=cycle_of(task.rhythm, report_day) if task.rhythm else None,
    )


@dataclass(frozen=True)
class Counts:
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.overdue + self.not_started

    @property
    def share_done(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def percent_done(self) -> int:
        """Whole per cent done, rounded down so that 99.6% never shows as 100%."""
        return self.done * 100 // self.total if self.total else 0


def count(states: Iterable[TaskState]) -> Counts:
    tally = dict.fromkeys(STATES, 0)
    for s in states:
        tally[s.state] += 1
    return Counts(
        done=tally[DONE],
        in_progress=tally[IN_PROGRESS],
        overdue=tally[OVERDUE],
        not_started=tally[NOT_STARTED],
    )


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    tasks: tuple[TaskState, ...]

    @property
    def counts(self) -> Counts:
        return count(self.tasks)


@dataclass(frozen=True)
class PlanProgress:
    plan: Plan
    sections: tuple[SectionProgress, ...]

    @property
    def tasks(self) -> tuple[TaskState, ...]:
        return tuple(t for s in self.sections for t in s.tasks)

    @property
    def counts(self) -> Counts:
        return count(self.tasks)


def assess_plan(
    plan: Plan, report_day: date, register: UnitRegister, index: int = 0
) -> PlanProgress:
    return PlanProgress(
        plan,
        tuple(
            SectionProgress(
                section,
                tuple(
                    assess(
                        task,
                        report_day,
                        register,
                        plan=plan,
                        section=section,
                        position=(index, s, t),
                    )
                    for t, task in enumerate(section.tasks)
                ),
            )
            for s, section in enumerate(plan.sections)
        ),
    )


def assess_plans(
    plans: Sequence[Plan], report_day: date, register: UnitRegister
) -> list[PlanProgress]:
    return [assess_plan(plan, report_day, register, i) for i, plan in enumerate(plans)]


@dataclass
class UnitWork:
    """What one unit has to do: tasks it leads and tasks it cooperates on."""

    unit: UnitRef
    lead: list[TaskState] = field(default_factory=list)
    support: list[TaskState] = field(default_factory=list)

    @property
    def lead_counts(self) -> Counts:
        return count(self.lead)

    @property
    def support_counts(self) -> Counts:
        return count(self.support)


def by_unit(plans: Iterable[PlanProgress]) -> dict[str, UnitWork]:
    """Each unit's tasks by ``UnitRef.key``, most urgent first. A unit that both leads and
    supports a task is listed as leading it, so each task appears once per unit."""
    out: dict[str, UnitWork] = {}
    for progress in plans:
        for state in progress.tasks:
            for role, refs in (("lead", state.lead), ("support", state.support)):
                for ref in refs:
                    work = out.setdefault(ref.key, UnitWork(ref))
                    getattr(work, role).append(state)
    for work in out.values():
        work.lead.sort(key=TaskState.urgency)
        work.support.sort(key=TaskState.urgency)
    return out


def most_urgent(states: Iterable[TaskState]) -> list[TaskState]:
    return sorted(states, key=TaskState.urgency)
