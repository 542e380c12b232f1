"""Problems and requests (问题诉求): received, resolved and open at a day, by kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.figures.rates import rate
from generator.model.dataset import Dataset
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


