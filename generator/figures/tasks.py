"""Where each task of an action plan (行动方案) stands at the report date.

Pure logic over the models: no files, no pages.

A plan runs (执行中) until its period ends (已到期: 执行期止 before the report date) or it is
ended early (已终止: a 终止日期 on or before the report date). While it runs, a task is in one
of four exclusive states, which add up to the number of tasks:

* 已完成 — status is 已完成 (whatever the deadline);
* 逾期 — not 已完成 and the deadline has passed: deadline < report date, where a deadline
  given as a month only means the last day of that month (``PartialDate.end``). A task
  due on the report date itself is not overdue. Overdue takes precedence over the status
  the data gives (推进中 or 未开始);
* 推进中 — status 推进中 and not overdue;
* 未开始 — status 未开始 and not overdue.

Once the plan is over, each task has its final verdict at the day it ended (the period's
last day, or the termination date): 已完成 when its status is 已完成 and it was done by
then (or no date is given), else 未完成. Days overdue stop counting: a plan that ended two
years ago does not show "逾期 700 天".

Recurring tasks (``rhythm``, one or several: 每日、每周、每月) have, while the plan runs and
its period has begun, a current cycle per rhythm: the calendar period holding the report
date (``cycles``). A cycle is done when it holds enough progress notes dated on or before
the report date. "Last done" is the date of the latest such note. Notes dated after the
report date are ignored throughout: the site describes the situation at the report date.
When the plan is over, a recurring task instead reports how many cycles of its period had
their notes (``Coverage``).

Unit names are resolved through the ``UnitRegister``, so 县发改局 and 县发展改革局 are one
unit; a name that is not registered stands for itself. A task assigned to a group
(各乡镇人民政府) is, on each member's page, a task of that member, marked as coming through
the group (``by_unit``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from generator.figures.cycles import Coverage, Cycle, coverage, cycle_of
from generator.model.dates import PartialDate
from generator.model.models import Plan, Section, Task, TaskNote
from generator.model.rhythms import parse_rhythm
from generator.model.units import UnitRegister

DONE = "已完成"
OVERDUE = "逾期"
IN_PROGRESS = "推进中"
NOT_STARTED = "未开始"
UNFINISHED = "未完成"  # the final verdict on a task not done when its plan ended
STATES: tuple[str, ...] = (DONE, IN_PROGRESS, OVERDUE, NOT_STARTED, UNFINISHED)

RUNNING = "执行中"
EXPIRED = "已到期"
TERMINATED = "已终止"

# Days before a deadline from which a task counts as due soon (shown, not counted).
DUE_SOON_DAYS = 30

@dataclass(frozen=True)
class PlanLife:
    """Whether a plan runs at the report date, and the day its tasks are judged at."""

    status: str  # 执行中 / 已到期 / 已终止
    begins: date  # the period's first day or, when later, the day the plan was issued
    ends: date | None  # the period's last day, when the plan has a period
    closed: date | None  # the day it ended (period end or termination); None while running

    @property
    def running(self) -> bool:
        return self.closed is None

    def started(self, day: date) -> bool:
        """Whether the period has begun by ``day`` (a plan without period: from issue)."""
        return self.begins <= day


def plan_life(plan: Plan, report_day: date) -> PlanLife:
    """执行中 until the period's last day has passed (已到期) or the plan is terminated on or
    before the report date (已终止); whichever comes first decides."""
    # Nothing can be asked of a task before its plan is issued (seed 004: July 2021 for a
    # 2021—2023 period).
    issued = plan.date.start()
    begins = max(plan.period.start.start(), issued) if plan.period else issued
    ends = plan.period.end.end() if plan.period else None
    expired = ends if ends is not None and ends < report_day else None
    stopped = None
    if plan.terminated is not None and plan.terminated.start() <= report_day:
        stopped = min(plan.terminated.end(), report_day)
    if stopped is not None and (expired is None or stopped <= expired):
        return PlanLife(TERMINATED, begins, ends, stopped)
    if expired is not None:
        return PlanLife(EXPIRED, begins, ends, expired)
    return PlanLife(RUNNING, begins, ends, None)


def is_overdue(task: Task, report_day: date) -> bool:
    """Not 已完成 and the deadline (a month means its last day) is before the report date."""
    return task.status != DONE and task.deadline is not None and task.deadline.end() < report_day


def state_of(task: Task, report_day: date) -> str:
    """One of the running states; overdue before the status the data gives."""
    if task.status == DONE:
        return DONE
    if is_overdue(task, report_day):
        return OVERDUE
    return IN_PROGRESS if task.status == IN_PROGRESS else NOT_STARTED


def verdict_of(task: Task, closed: date) -> str:
    """The final verdict when the plan ended on ``closed``: 已完成 when done by then (a task
    marked 已完成 without a date is taken at its word), else 未完成."""
    if task.status == DONE and (task.done is None or task.done.start() <= closed):
        return DONE
    return UNFINISHED


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
    state: str  # one of STATES: a running state, or the final verdict once the plan ended
    report_day: date
    notes: tuple[TaskNote, ...]  # dated on or before the report date, oldest first
    lead: tuple[UnitRef, ...]
    support: tuple[UnitRef, ...]  # without units that also lead the task
    cycles: tuple[Cycle, ...] = ()  # the current cycle of each rhythm, while the plan runs
    life: PlanLife | None = None  # None: judged as a running plan
    coverage: tuple[Coverage, ...] = ()  # each rhythm's cycles over the period, once ended

    @property
    def anchor(self) -> str:
        return task_anchor(self.task)

    @property
    def closed(self) -> date | None:
        """The day the plan ended and this task was judged; None while it runs."""
        return self.life.closed if self.life is not None else None

    @property
    def final(self) -> bool:
        return self.closed is not None

    @property
    def cycle(self) -> Cycle | None:
        """The current cycle of the first rhythm (None when no cycle is due)."""
        return self.cycles[0] if self.cycles else None

    @property
    def overdue(self) -> bool:
        return self.state == OVERDUE

    @property
    def done(self) -> bool:
        return self.state == DONE

    @property
    def done_late(self) -> bool:
        """Marked 已完成 with a date after the plan ended: 未完成 at the end, done since."""
        closed = self.closed
        return (closed is not None and self.task.status == DONE and self.task.done is not None
                and self.task.done.start() > closed)

    @property
    def days_overdue(self) -> int | None:
        if not self.overdue or self.task.deadline is None:
            return None
        return (self.report_day - self.task.deadline.end()).days

    @property
    def days_left(self) -> int | None:
        """Days until the deadline for open tasks of a running plan, not overdue."""
        if self.state not in (IN_PROGRESS, NOT_STARTED) or self.task.deadline is None:
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

    def cycle_covered(self, cycle: Cycle) -> bool:
        return cycle.covered(self.notes)

    @property
    def cycle_done(self) -> bool | None:
        """Whether every current cycle has its notes; None when no cycle is due."""
        if not self.cycles:
            return None
        return all(c.covered(self.notes) for c in self.cycles)

    @property
    def cycle_missing(self) -> bool:
        """A recurring task still open with a current cycle that lacks its notes."""
        return bool(self.cycles) and not self.done and not self.cycle_done

    def units(self) -> tuple[UnitRef, ...]:
        return self.lead + self.support

    def urgency(self) -> tuple[int, int, tuple[int, int, int]]:
        """Sort key: overdue (longest first), then open tasks by deadline, then tasks of
        plans that ended (未完成 before 已完成), done last."""
        rank = {OVERDUE: 0, IN_PROGRESS: 1, NOT_STARTED: 1, UNFINISHED: 2, DONE: 3}[self.state]
        if self.final and self.state == DONE:
            rank = 2
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
    life: PlanLife | None = None,
) -> TaskState:
    """Where ``task`` stands at ``report_day``; with ``life``, as its plan's life says
    (a final verdict once the plan ended, cycles only while it runs)."""
    lead = resolve_units(task.lead, register)
    lead_keys = {u.key for u in lead}
    support = tuple(u for u in resolve_units(task.support, register) if u.key not in lead_keys)
    notes = tuple(notes_until(task, report_day))
    rhythms = [parse_rhythm(r) for r in task.rhythm]
    cycles: tuple[Cycle, ...] = ()
    spans: tuple[Coverage, ...] = ()
    if life is not None and life.closed is not None:
        state = verdict_of(task, life.closed)
        spans = tuple(coverage(r, notes, life.begins, life.closed) for r in rhythms)
    else:
        state = state_of(task, report_day)
        if life is None or life.started(report_day):
            cycles = tuple(cycle_of(r, report_day) for r in rhythms)
    return TaskState(
        plan=plan,
        section=section,
        task=task,
        position=position,
        state=state,
        report_day=report_day,
        notes=notes,
        lead=lead,
        support=support,
        cycles=cycles,
        life=life,
        coverage=spans,
    )


@dataclass(frozen=True)
class Counts:
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    not_started: int = 0
    unfinished: int = 0  # final verdicts of plans that ended

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.overdue + self.not_started + self.unfinished

    @property
    def share_done(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def percent_done(self) -> int:
        """Whole per cent done, rounded down so that 99.6% never shows as 100%."""
        return self.done * 100 // self.total if self.total else 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.done + other.done, self.in_progress + other.in_progress,
                      self.overdue + other.overdue, self.not_started + other.not_started,
                      self.unfinished + other.unfinished)


def count(states: Iterable[TaskState]) -> Counts:
    tally = dict.fromkeys(STATES, 0)
    for s in states:
        tally[s.state] += 1
    return Counts(
        done=tally[DONE],
        in_progress=tally[IN_PROGRESS],
        overdue=tally[OVERDUE],
        not_started=tally[NOT_STARTED],
        unfinished=tally[UNFINISHED],
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
    life: PlanLife

    @property
    def tasks(self) -> tuple[TaskState, ...]:
        return tuple(t for s in self.sections for t in s.tasks)

    @property
    def counts(self) -> Counts:
        return count(self.tasks)


def assess_plan(
    plan: Plan, report_day: date, register: UnitRegister, index: int = 0
) -> PlanProgress:
    life = plan_life(plan, report_day)
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
                        life=life,
                    )
                    for t, task in enumerate(section.tasks)
                ),
            )
            for s, section in enumerate(plan.sections)
        ),
        life,
    )


def assess_plans(
    plans: Sequence[Plan], report_day: date, register: UnitRegister
) -> list[PlanProgress]:
    return [assess_plan(plan, report_day, register, i) for i, plan in enumerate(plans)]


@dataclass
class UnitWork:
    """What one unit has to do: tasks it leads and tasks it cooperates on, named itself
    or through a group it belongs to (``via``, by the task's position)."""

    unit: UnitRef
    lead: list[TaskState] = field(default_factory=list)
    support: list[TaskState] = field(default_factory=list)
    via: dict[tuple[int, int, int], UnitRef] = field(default_factory=dict)

    @property
    def lead_counts(self) -> Counts:
        return count(self.lead)

    @property
    def support_counts(self) -> Counts:
        return count(self.support)

    def through(self, state: TaskState) -> UnitRef | None:
        """The group through which this unit has ``state``'s task; None when named."""
        return self.via.get(state.position)

    @property
    def through_groups(self) -> int:
        return len(self.via)


def by_unit(plans: Iterable[PlanProgress],
            register: UnitRegister | None = None) -> dict[str, UnitWork]:
    """Each unit's tasks by ``UnitRef.key``, most urgent first, each task once per unit.

    A unit has a task by the strongest of: leading it by name, leading it through a group
    (各乡镇人民政府 for 城关镇人民政府), cooperating by name, cooperating through a group.
    """
    out: dict[str, UnitWork] = {}
    for progress in plans:
        for state in progress.tasks:
            # unit key → (strength, role, unit, group it came through)
            best: dict[str, tuple[int, str, UnitRef, UnitRef | None]] = {}
            for rank, (role, refs) in enumerate((("lead", state.lead),
                                                 ("support", state.support))):
                for ref in refs:
                    _keep(best, ref.key, (2 * rank, role, ref, None))
                    for member in _members(ref, register):
                        _keep(best, member.key, (2 * rank + 1, role, member, ref))
            for key, (_, role, ref, via) in best.items():
                work = out.setdefault(key, UnitWork(ref))
                getattr(work, role).append(state)
                if via is not None:
                    work.via[state.position] = via
    for work in out.values():
        work.lead.sort(key=TaskState.urgency)
        work.support.sort(key=TaskState.urgency)
    return out


def _keep(best: dict[str, tuple[int, str, UnitRef, UnitRef | None]], key: str,
          entry: tuple[int, str, UnitRef, UnitRef | None]) -> None:
    if key not in best or entry[0] < best[key][0]:
        best[key] = entry


def _members(ref: UnitRef, register: UnitRegister | None) -> list[UnitRef]:
    if register is None or ref.code is None:
        return []
    group = register.get(ref.code)
    if group is None:
        return []
    return [UnitRef(u.name, u.code) for u in register.members(group)]


def most_urgent(states: Iterable[TaskState]) -> list[TaskState]:
    return sorted(states, key=TaskState.urgency)
