"""Where a project stands at a day: started, completed, due; its money by source.

A month-only date means "that month": a plan (planned start, deadline) is due at the
month's end, an event (actual start) has happened from the month's start. ``stage`` is the
state at the report date; it only counts as evidence of a start or completion for days on
or after that date (``stage_current``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from generator.figures.rates import rate
from generator.model import vocab
from generator.model.models import Project

SPECIAL_BOND = "地方政府专项债券"
CENTRAL_BUDGET = "中央预算内投资"


def is_started(
    project: Project, day: dt.date, started_by_record: bool = False, stage_current: bool = True
) -> bool:
    """Started by ``day``: an actual start on or before it, a record saying so, or a stage."""
    actual = project.dates.actual_start
    return (
        (actual is not None and actual.start() <= day)
        or started_by_record
        or (stage_current and project.stage in vocab.STARTED_STAGES)
    )


def is_completed(project: Project, day: dt.date, stage_current: bool = True) -> bool:
    actual = project.dates.actual_completion
    return (actual is not None and actual.start() <= day) or (
        stage_current and project.stage in vocab.COMPLETED_STAGES
    )


def is_planned_started(project: Project, day: dt.date) -> bool:
    planned = project.dates.planned_start
    return planned is not None and planned.end() <= day


def is_planned_completed(project: Project, day: dt.date) -> bool:
    planned = project.dates.planned_completion
    return planned is not None and planned.end() <= day


def start_rate(
    projects: Iterable[Project],
    day: dt.date,
    started_codes: Collection[str] = (),
    stage_current: bool = True,
) -> float | None:
    """开工率 = started / planned to have started by ``day``.

    Only projects due to start count, on both sides: one that started early is not a
    reason for a rate above 100%. ``started_codes`` are projects a monthly record reports
    as started.
    """
    due = [p for p in projects if is_planned_started(p, day)]
    started = sum(is_started(p, day, p.code in started_codes, stage_current) for p in due)
    return rate(started, len(due))


def completion_count_rate(
    projects: Iterable[Project], day: dt.date, stage_current: bool = True
) -> float | None:
    """竣工投产率 = completed / planned to have completed by ``day`` (same rule as 开工率)."""
    due = [p for p in projects if is_planned_completed(p, day)]
    return rate(sum(is_completed(p, day, stage_current) for p in due), len(due))


def funding_sources(project: Project) -> tuple[str, ...]:
    """Sources with money in the project, in vocabulary order."""
    present = {f.source for f in project.funding if f.amount > 0}
    return tuple(s for s in vocab.FUNDING_SOURCES if s in present)


def disbursement_allocated(project: Project) -> float:
    """专项债 + 中央预算内 money: what 资金拨付率 is measured against."""
    return sum(f.amount for f in project.funding if f.source in vocab.DISBURSEMENT_SOURCES)


def funds_planned(project: Project) -> float:
    """资金到位率's denominator: the funding plan, or the total investment when none is listed."""
    listed = sum(f.amount for f in project.funding)
    return listed if listed > 0 else project.total_investment


