"""Problems and requests (问题诉求): received, resolved and open at a day, by kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.figures.rates import rate
from generator.model.dataset import Dataset
from generator.model.dates import month_end
from generator.model.models import Problem
from generator.model.vocab import PROBLEM_KINDS


def problem_counts(problems: Iterable[Problem], day: dt.date) -> tuple[int, int, int]:
    """(received, resolved, open) among problems raised on or before ``day``."""
    received = resolved = 0
    for problem in problems:
        if problem.raised.start() > day:
            continue
        received += 1
        if is_resolved(problem, day):
            resolved += 1
    return received, resolved, received - resolved


def is_resolved(problem: Problem, day: dt.date) -> bool:
    return (
        problem.status == "已解决"
        and problem.resolved is not None
        and problem.resolved.start() <= day
    )


def problem_resolution_rate(problems: Iterable[Problem], day: dt.date) -> float | None:
    """问题解决率 = resolved by ``day`` / received by ``day``."""
    received, resolved, _ = problem_counts(problems, day)
    return rate(resolved, received)


def open_problems(problems: Iterable[Problem], day: dt.date) -> list[Problem]:
    """Problems raised by ``day`` and not resolved by then, by date raised and id."""
    out = [p for p in problems if p.raised.start() <= day and not is_resolved(p, day)]
    return sorted(out, key=lambda p: (p.raised, p.id))


@dataclass(frozen=True)
class ProblemKind:
    kind: str
    received_month: int
    resolved_month: int
    received_total: int
    resolved_total: int
    open_total: int


@dataclass(frozen=True)
class Problems:
    received_month: int
    resolved_month: int
    received_total: int
    resolved_total: int
    open_total: int
    resolution_rate: float | None
    by_kind: list[ProblemKind]


def problem_figures(ds: Dataset, day: dt.date, previous: dt.date) -> Problems:
    """Received and resolved this month and in total, overall and by kind."""
    received, resolved, open_ = problem_counts(ds.problems, day)
    received_before, resolved_before, _ = problem_counts(ds.problems, previous)
    by_kind = []
    for kind in PROBLEM_KINDS:
        of_kind = [p for p in ds.problems if p.kind == kind]
        r, s, o = problem_counts(of_kind, day)
        rb, sb, _ = problem_counts(of_kind, previous)
        if r:
            by_kind.append(ProblemKind(kind, r - rb, s - sb, r, s, o))
    return Problems(
        received_month=received - received_before,
        resolved_month=resolved - resolved_before,
        received_total=received,
        resolved_total=resolved,
        open_total=open_,
        resolution_rate=rate(resolved, received),
        by_kind=by_kind,
    )




# ---------------------------------------------------------------- the problem ledger


def state_at(problem: Problem, day: dt.date) -> str:
    """Its status at ``day``: 已解决 once resolved by then; one resolved later was still
    being coordinated (协调中)."""
    if is_resolved(problem, day):
        return "已解决"
    return "协调中" if problem.status == "已解决" else problem.status


def days_open(problem: Problem, day: dt.date) -> int:
    """Days from raised to resolved, or to ``day`` while open."""
    end = problem.resolved.start() if is_resolved(problem, day) and problem.resolved else day
    return max((end - problem.raised.start()).days, 0)


@dataclass(frozen=True)
class Tally:
    """受理 / 解决 counts of one group of problems (a unit, a kind, a level, a month)."""

    group: str
    received: int
    resolved: int
    waiting: int  # 待协调
    coordinating: int  # 协调中

    @property
    def open(self) -> int:
        return self.waiting + self.coordinating

    @property
    def resolution_rate(self) -> float | None:
        """问题解决率 = resolved / received."""
        return rate(self.resolved, self.received)


def tallies(problems: Iterable[Problem], day: dt.date, key: Callable[[Problem], str],
            order: Iterable[str] = ()) -> list[Tally]:
    """Counts per group (``key`` of each problem) of the problems raised by ``day``: groups
    in ``order`` first, the others by most received, then by name."""
    counts: dict[str, list[int]] = {}
    for problem in problems:
        if problem.raised.start() > day:
            continue
        row = counts.setdefault(key(problem), [0, 0, 0, 0])
        row[0] += 1
        state = state_at(problem, day)
        row[{"已解决": 1, "待协调": 2}.get(state, 3)] += 1
    place = {name: i for i, name in enumerate(order)}
    names = sorted(counts, key=lambda g: (place.get(g, len(place)), -counts[g][0], g))
    return [Tally(g, *counts[g]) for g in names]


@dataclass(frozen=True)
class MonthTally:
    """受理 and 解决 within a month and to its end."""

    month: str  # YYYY-MM
    received: int
    resolved: int
    received_total: int
    resolved_total: int

    @property
    def resolution_rate(self) -> float | None:
        return rate(self.resolved_total, self.received_total)


def monthly_tallies(problems: list[Problem], months: list[str]) -> list[MonthTally]:
    """Each month's 受理 / 解决, in ``months`` order (YYYY-MM)."""
    out = []
    for month in months:
        day = month_end(month)
        previous = day.replace(day=1) - dt.timedelta(days=1)
        received, resolved, _ = problem_counts(problems, day)
        before_received, before_resolved, _ = problem_counts(problems, previous)
        out.append(MonthTally(month, received - before_received, resolved - before_resolved,
                              received, resolved))
    return out
