"""攻坚目标: each target measured over its projects and period, at the report date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from generator.figures.projects import funding_sources
from generator.figures.rates import EPS, month_key, period_share, points, rate
from generator.figures.records import records_frame
from generator.figures.table import project_table, report_date
from generator.model.dataset import Dataset
from generator.model.models import Project, Target, TargetScope

TARGET_UNITS = {
    "investment_completed": "万元",
    "completion_rate": "%",
    "start_rate": "%",
    "disbursement_rate": "%",
    "funds_arrival_rate": "%",
    "project_count": "个",
}


@dataclass(frozen=True)
class TargetResult:
    """A target at the report date. ``actual`` and ``value`` are in ``unit`` (万元, % or 个);
    ``share_achieved`` is a fraction of the target (None when the target value is 0)."""

    target: Target
    actual: float | None
    value: float
    share_achieved: float | None
    expected_share: float
    days_left: int
    status: str
    unit: str
    projects: int


def in_scope(project: Project, scope: TargetScope) -> bool:
    """Scope keys are ANDed; values within a key are ORed; an empty key does not filter."""
    checks = (
        (scope.levels, project.level),
        (scope.domains, project.domain),
        (scope.batches, project.batch),
        (scope.stages, project.stage),
        (scope.townships, project.township),
        (scope.projects, project.code),
    )
    if any(allowed and value not in allowed for allowed, value in checks):
        return False
    if scope.funding_sources:
        return bool(set(scope.funding_sources) & set(funding_sources(project)))
    return True


def evaluate_targets(ds: Dataset, table: pd.DataFrame) -> list[TargetResult]:
    """Each target of ``ds`` at the report date of ``table``, in file order.

    A target is measured up to the earlier of the report date and its deadline (a deadline
    that passed is judged on what stood then). Before the deadline, 按序时推进 means the
    share achieved is no more than ``lag_tolerance`` points below the share of the target's
    period (start or 1 January of the deadline year → deadline) that has elapsed.
    """
    day = report_date(table)
    tolerance = table.attrs.get("lag_tolerance", ds.config.lag_tolerance)
    frame = records_frame(ds)
    tables = {day: table}
    out = []
    for target in ds.targets:
        deadline = target.deadline.end()
        start = target.start.start() if target.start else dt.date(deadline.year, 1, 1)
        as_of = min(day, deadline)
        if as_of not in tables:
            tables[as_of] = project_table(ds, as_of)
        codes = [c for c, p in ds.projects.items() if in_scope(p, target.scope)]
        scope = tables[as_of].loc[codes]
        actual = _target_actual(ds, target, scope, frame, start, as_of)
        unit = TARGET_UNITS[target.metric]
        share = None if actual is None else rate(actual, target.value)
        expected = period_share(start, deadline, day)
        days_left = (deadline - day).days
        if actual is not None and actual + EPS >= target.value:
            status = "已完成"
        elif days_left < 0:
            status = "未完成(已到期)"
        elif (share or 0.0) * 100 + EPS >= expected * 100 - tolerance:
            status = "按序时推进"
        else:
            status = "落后序时"
        out.append(
            TargetResult(
                target, actual, target.value, share, expected, days_left, status, unit, len(codes)
            )
        )
    return out


def _target_actual(
    ds: Dataset,
    target: Target,
    scope: pd.DataFrame,
    frame: pd.DataFrame,
    start: dt.date,
    as_of: dt.date,
) -> float | None:
    def percent(value: float | None) -> float | None:
        return None if value is None else points(value * 100)

    metric = target.metric
    if metric == "project_count":
        return float(len(scope))
    if metric in ("investment_completed", "completion_rate"):
        in_period = frame[
            frame["project"].isin(scope.index)
            & (frame["month"] >= month_key(start))
            & (frame["month"] <= month_key(as_of))
        ]
        done = float(in_period["completed"].sum())
        if metric == "investment_completed":
            return round(done, 2)  # 万元 to the 元 hundred: sums of floats carry noise
        years = range(start.year, target.deadline.year + 1)
        plan = sum(ds.projects[c].annual_plan.get(y, 0.0) for c in scope.index for y in years)
        return percent(rate(done, plan))
    if metric == "start_rate":
        # A target names the projects that must start: those planned to start by the
        # deadline, and those with no planned start at all.
        deadline = target.deadline.end()
        due = [
            c for c in scope.index
            if (planned := ds.projects[c].dates.planned_start) is None or planned.end() <= deadline
        ]  # fmt: skip
        return percent(rate(int(scope.loc[due, "started"].sum()), len(due)))
    if metric == "disbursement_rate":
        return percent(
            rate(scope["funds_disbursed_total"].sum(), scope["disbursement_allocated"].sum())
        )
    if metric == "funds_arrival_rate":
        return percent(rate(scope["funds_arrived_total"].sum(), scope["funds_planned"].sum()))
    raise ValueError(f"unknown target metric (got {metric!r})")


