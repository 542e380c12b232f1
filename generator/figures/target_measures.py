"""The figure of one target over one window of time: what each metric counts.

Every measure takes a window (the target's period, or one year of it) and the report day,
and gives the figure as it stood at the earlier of the window's end and that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from generator.figures.rates import month_key, points, rate
from generator.figures.records import shared_records_frame
from generator.figures.table import project_table, report_date
from generator.model import vocab
from generator.model.dataset import Dataset
from generator.model.models import Target, TargetReport
from generator.model.units import UnitRegister
from generator.rules.target_checks import data_start
from generator.rules.targets import in_scope

KINDS = {
    "investment_completed": "amount",
    "completion_rate": "rate",
    "start_rate": "rate",
    "restart_rate": "rate",
    "start_restart_rate": "rate",
    "disbursement_rate": "rate",
    "funds_arrival_rate": "rate",
    "production_rate": "rate",
    "agreement_rate": "rate",
    "project_count": "count",
    "growth": "growth",
    "reported": "reported",
}


@dataclass(frozen=True)
class Figure:
    """A measured figure. ``planned`` is the share of the target due by the report day when
    the metric follows the projects' planned dates (开工率, 竣工投产率)."""

    actual: float | None
    projects: int = 0
    planned: float | None = None
    final: bool = True  # the figure covers its window to the end (a report may lag)
    report: TargetReport | None = None
    baseline: float | None = None  # the baseline amount counted in ``actual``
    data_from: str | None = None  # first month of monthly data counted
    gap: tuple[str, str] | None = None  # months of the window no data covers


def _next_month(day: dt.date) -> str:
    return f"{day.year + day.month // 12:04d}-{day.month % 12 + 1:02d}"


def _previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year - (number == 1):04d}-{(number - 2) % 12 + 1:02d}"


def _percent(value: float | None) -> float | None:
    return None if value is None else points(value * 100)


class Measures:
    """The measures of one data set at its report day; tables at other days made once."""

    def __init__(self, ds: Dataset, table: pd.DataFrame) -> None:
        self.ds = ds
        self.day = report_date(table)
        self.frame = shared_records_frame(ds)
        self.first = data_start(ds)
        self._tables = {self.day: table}
        self._codes: dict[str, list[str]] = {}
        self._units = UnitRegister(ds.units)

    def unit_name(self, name: str | None) -> str | None:
        """The register's name for a unit as written (as written when not registered)."""
        unit = self._units.resolve(name) if name else None
        return unit.name if unit is not None else name

    def table_at(self, day: dt.date) -> pd.DataFrame:
        if day not in self._tables:
            self._tables[day] = project_table(self.ds, day)
        return self._tables[day]

    def codes(self, target: Target) -> list[str]:
        if target.id not in self._codes:
            self._codes[target.id] = [c for c, p in self.ds.projects.items()
                                      if in_scope(p, target.scope)]
        return self._codes[target.id]

    def _records(self, codes: list[str], first: str, last: str) -> pd.DataFrame:
        f = self.frame
        return f[f["project"].isin(codes) & (f["month"] >= first) & (f["month"] <= last)]

    # ------------------------------------------------------------------ by kind

    def figure(self, target: Target, start: dt.date, end: dt.date, *,
               baseline: bool = True) -> Figure:
        """``target``'s figure over ``start``…``end`` at min(end, report day)."""
        as_of = min(self.day, end)
        if target.metric == "reported":
            return self.reported(target, start, as_of)
        if target.metric == "investment_completed":
            return self.amount(target, start, as_of, baseline)
        return self.over_projects(target, start, end, as_of)

    def reported(self, target: Target, start: dt.date, as_of: dt.date) -> Figure:
        """The latest report dated in the window (each is a total since the window's start)."""
        report = latest_report(target, start, as_of, "value")
        if report is None or report.value is None:
            return Figure(None)
        return Figure(report.value, final=month_key(report.date.end()) >= month_key(as_of),
                      report=report)

    def amount(self, target: Target, start: dt.date, as_of: dt.date, baseline: bool) -> Figure:
        """Investment completed from ``start``; a baseline stands for the months before the
        data, which then count from the month after the baseline's."""
        codes = self.codes(target)
        first = month_key(start)
        counted = None
        if baseline and target.baseline is not None and not target.yearly:
            first = max(first, _next_month(target.baseline.through.end()))
            counted = target.baseline.value
        done = float(self._records(codes, first, month_key(as_of))["completed"].sum())
        gap = None
        data_from = first
        if self.first is not None and first < self.first:
            data_from = self.first
            gap = (first, min(_previous_month(self.first), month_key(as_of)))
        return Figure(round(done + (counted or 0.0), 2), len(codes), baseline=counted,
                      data_from=data_from, gap=gap)

    def over_projects(self, target: Target, start: dt.date, end: dt.date,
                      as_of: dt.date) -> Figure:
        codes = self.codes(target)
        scope = self.table_at(as_of).loc[codes]
        metric = target.metric
        projects = self.ds.projects
        if metric == "project_count":
            if target.reach is None:
                return Figure(float(len(scope)), len(codes))
            return Figure(float(self._reached(scope, target.reach)), len(codes))
        if metric == "completion_rate":
            done = self._records(codes, month_key(start), month_key(as_of))["completed"].sum()
            years = range(start.year, end.year + 1)
            plan = sum(projects[c].annual_plan.get(y, 0.0) for c in codes for y in years)
            return Figure(_percent(rate(float(done), plan)), len(codes))
        if metric == "start_rate":
            # Due: planned to start by the deadline, or with no planned start at all.
            due = [c for c in codes if (p := projects[c].dates.planned_start) is None
                   or p.end() <= end]
            due_now = sum(1 for c in due if (p := projects[c].dates.planned_start) is not None
                          and p.end() <= self.day)
            started = int(scope.loc[due, "started"].sum())
            return Figure(_percent(rate(started, len(due))), len(codes),
                          planned=rate(due_now, len(due)))
        if metric == "production_rate":
            due = [c for c in codes if (p := projects[c].dates.planned_completion) is not None
                   and p.end() <= end]
            due_now = sum(1 for c in due
                          if projects[c].dates.planned_completion.end() <= self.day)  # type: ignore[union-attr]
            done = int(scope.loc[due, "completed"].sum())
            return Figure(_percent(rate(done, len(due))), len(codes),
                          planned=rate(due_now, len(due)))
        if metric in ("restart_rate", "start_restart_rate"):
            return self._restart(target, codes, scope, start, end, as_of)
        if metric == "agreement_rate":
            return Figure(_percent(rate(int(scope["started"].sum()), len(codes))), len(codes))
        if metric == "disbursement_rate":
            return Figure(_percent(rate(scope["funds_disbursed_total"].sum(),
                                        scope["disbursement_allocated"].sum())), len(codes))
        if metric == "funds_arrival_rate":
            return Figure(_percent(rate(scope["funds_arrived_total"].sum(),
                                        scope["funds_planned"].sum())), len(codes))
        raise ValueError(f"no project measure for metric {metric!r}")

    def _reached(self, scope: pd.DataFrame, reach: str) -> int:
        if reach == "开工":
            return int(scope["started"].sum())
        if reach == "竣工":
            return int(scope["completed"].sum())
        return int(scope["stage"].isin(vocab.TARGET_REACH[reach]).sum())

    def _restart(self, target: Target, codes: list[str], scope: pd.DataFrame, start: dt.date,
                 end: dt.date, as_of: dt.date) -> Figure:
        """复工率: projects under way before the period that worked in it; 开复工率 adds the
        new starts due by the deadline (as 开工率 counts them)."""
        projects = self.ds.projects
        first = month_key(start)
        earlier = self._records(codes, "0000-00", _previous_month(first))
        worked_before = set(earlier.loc[earlier["completed"] > 0, "project"])
        finished = {c for c in codes if (d := projects[c].dates.actual_completion) is not None
                    and d.start() < start}
        continuing = [c for c in codes if c not in finished and (
            c in worked_before or ((d := projects[c].dates.actual_start) is not None
                                   and d.start() < start))]
        during = self._records(continuing, first, month_key(as_of))
        resumed = set(during.loc[(during["completed"] > 0) | during["started"].eq(True),
                                 "project"])
        if target.metric == "restart_rate":
            return Figure(_percent(rate(len(resumed), len(continuing))), len(codes))
        new = [c for c in codes if c not in finished and c not in continuing and (
            (p := projects[c].dates.planned_start) is None or p.end() <= end)]
        started = int(scope.loc[new, "started"].sum())
        return Figure(_percent(rate(started + len(resumed), len(new) + len(continuing))),
                      len(codes))

    # ------------------------------------------------------------------ growth

    def growth_year(self, target: Target, year: int, as_of: dt.date) -> Figure:
        """增长 in ``year`` up to ``as_of`` (year to date, on the year before), in %."""
        base = target.base
        base_year = base.year if base is not None else year - 1
        if target.reported_by:
            report = latest_report(target, dt.date(year, 1, 1), as_of, "any")
            if report is None:
                return Figure(None)
            final = month_key(report.date.end()) >= month_key(as_of)
            if report.growth is not None:
                return Figure(report.growth, final=final, report=report)
            months = report.date.end().month
            before = self._reported_before(target, year, base_year)
            change = None if before is None or report.value is None else rate(
                report.value, before * months / 12)
            return Figure(None if change is None else points(change * 100 - 100), final=final,
                          report=report)
        codes = self.codes(target)
        months = as_of.month
        done = float(self._records(codes, f"{year}-01", month_key(as_of))["completed"].sum())
        if self.first is not None and self.first <= f"{year - 1}-01":
            before = float(self._records(codes, f"{year - 1}-01",
                                         f"{year - 1}-{months:02d}")["completed"].sum())
        elif year - 1 == base_year and base is not None and base.value is not None:
            before = base.value * months / 12  # an annual base, spread evenly over its months
        else:
            before = None
        change = None if before is None else rate(done, before)
        return Figure(None if change is None else points(change * 100 - 100), len(codes),
                      data_from=max(f"{year}-01", self.first or f"{year}-01"))

    def _reported_before(self, target: Target, year: int, base_year: int) -> float | None:
        if year - 1 == base_year:
            return target.base.value if target.base is not None else None
        last = latest_report(target, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31), "value")
        if last is None or last.date.end().month != 12:
            return None
        return last.value


def latest_report(target: Target, start: dt.date, as_of: dt.date,
                  field: str) -> TargetReport | None:
    """The latest report dated from ``start`` to ``as_of`` that has ``field`` ("value" or
    "any"); of two with one date, the later in the file."""
    found = None
    for report in target.reports:
        day = report.date.end()
        if not start <= day <= as_of:
            continue
        if field == "value" and report.value is None:
            continue
        if found is None or day >= found.date.end():
            found = report
    return found
