"""挂牌督办: the cases decided in data/supervision.yaml at a day, apart from the candidates
the lights propose.

A case is listed (挂牌) on its ``listed`` date and closed (销号) on its ``closed`` date. At a
day it is

* not yet there, when listed after the day;
* ``OPEN`` from the day listed until the day before it is closed;
* ``OVERDUE`` when open after its deadline (a month-only deadline: after that month);
* ``CLOSED`` from the day it is closed.

A month (after the previous month-end, up to its last day) has new cases (listed in it),
closed cases (closed in it) and the cases open at its end. Candidates are the projects with
a red light at the day and no case open then; a case stays decided whatever the project's
light is now, which is shown beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from generator.figures.lagging import LagEntry
from generator.figures.lights import RED, YELLOW
from generator.figures.table import report_date
from generator.model.dataset import Dataset
from generator.model.dates import month_end
from generator.model.models import SupervisionCase

OPEN, OVERDUE, CLOSED = "open", "overdue", "closed"


def state_at(case: SupervisionCase, day: dt.date) -> str | None:
    """The case's state at ``day``; None before it was listed."""
    if case.listed.start() > day:
        return None
    if case.closed is not None and case.closed.start() <= day:
        return CLOSED
    return OVERDUE if case.deadline.end() < day else OPEN


@dataclass(frozen=True)
class CaseState:
    """A case as it stands at ``day``, with its project's light then."""

    case: SupervisionCase
    name: str  # the project's name
    department: str  # the project's responsible department
    state: str  # OPEN, OVERDUE or CLOSED
    day: dt.date
    light: str | None

    @property
    def days_overdue(self) -> int | None:
        return (self.day - self.case.deadline.end()).days if self.state == OVERDUE else None

    @property
    def days_left(self) -> int | None:
        """Days until the deadline (its last day) while open and not past it."""
        return (self.case.deadline.end() - self.day).days if self.state == OPEN else None

    @property
    def days_open(self) -> int:
        """Days under supervision: from listing to closing, or to ``day`` while open."""
        end = self.case.closed.start() if self.state == CLOSED and self.case.closed else self.day
        return (end - self.case.listed.start()).days

    @property
    def is_open(self) -> bool:
        return self.state in (OPEN, OVERDUE)


@dataclass(frozen=True)
class Supervision:
    """The cases and candidates at a day, and what changed since ``previous``."""

    day: dt.date
    previous: dt.date
    cases: list[CaseState]  # every case listed by ``day``, in file order
    new: list[CaseState]  # listed after ``previous``, by date listed
    open: list[CaseState]  # open at ``day``: overdue first (longest), then by deadline
    closed: list[CaseState]  # closed after ``previous``, by date closed
    closed_earlier: list[CaseState]  # closed on or before ``previous``, latest first
    candidates: list[LagEntry]  # red, with no case open at ``day``
    warned: list[LagEntry]  # yellow, with no case open at ``day``

    @property
    def overdue(self) -> list[CaseState]:
        return [c for c in self.open if c.state == OVERDUE]

    def open_case(self, code: str) -> CaseState | None:
        """The project's open case at ``day`` (the most overdue when several)."""
        return next((c for c in self.open if c.case.project == code), None)


def case_states(ds: Dataset, table: pd.DataFrame) -> list[CaseState]:
    """Every case listed by the table's day, in file order."""
    day = report_date(table)
    lights = table["light"].to_dict()
    out = []
    for case in ds.cases:
        state = state_at(case, day)
        project = ds.projects.get(case.project)
        if state is None or project is None:
            continue
        light = lights.get(case.project)
        out.append(CaseState(case, project.name, project.department, state, day,
                             light if isinstance(light, str) else None))
    return out


def supervision(ds: Dataset, table: pd.DataFrame, lagging: list[LagEntry],
                previous: dt.date | None = None) -> Supervision:
    """Cases and candidates at the table's day; "new" and "closed" since ``previous``
    (the previous month-end when not given)."""
    day = report_date(table)
    previous = previous or day.replace(day=1) - dt.timedelta(days=1)
    states = case_states(ds, table)
    supervised = {s.case.project for s in states if s.is_open}
    open_ = sorted((s for s in states if s.is_open),
                   key=lambda s: (s.state != OVERDUE, -(s.days_overdue or 0),
                                  s.case.deadline.end(), s.case.id))
    closed = [s for s in states if s.state == CLOSED]
    return Supervision(
        day=day,
        previous=previous,
        cases=states,
        new=sorted((s for s in states if s.case.listed.start() > previous),
                   key=lambda s: (s.case.listed.start(), s.case.id)),
        open=open_,
        closed=sorted((s for s in closed if s.case.closed and s.case.closed.start() > previous),
                      key=lambda s: (s.case.closed.start() if s.case.closed else day, s.case.id)),
        closed_earlier=sorted(
            (s for s in closed if s.case.closed and s.case.closed.start() <= previous),
            key=lambda s: (s.case.closed.start() if s.case.closed else day, s.case.id),
            reverse=True),
        candidates=[e for e in lagging if e.light == RED and e.code not in supervised],
        warned=[e for e in lagging if e.light == YELLOW and e.code not in supervised],
    )


@dataclass(frozen=True)
class MonthCases:
    """One month of the 挂牌 → 销号 history: counts at and within the month."""

    month: str
    new: int
    closed: int
    open: int  # at the month's end
    overdue: int  # of those open, past their deadline


def history(ds: Dataset, months: list[str]) -> list[MonthCases]:
    """The cases month by month (``months`` as YYYY-MM, in order)."""
    out = []
    for month in months:
        day = month_end(month)
        previous = day.replace(day=1) - dt.timedelta(days=1)
        now = [state_at(c, day) for c in ds.cases]
        before = [state_at(c, previous) for c in ds.cases]
        out.append(MonthCases(
            month,
            new=sum(a is not None and b is None for a, b in zip(now, before, strict=True)),
            closed=sum(a == CLOSED and b != CLOSED for a, b in zip(now, before, strict=True)),
            open=sum(s in (OPEN, OVERDUE) for s in now),
            overdue=sum(s == OVERDUE for s in now),
        ))
    return out
