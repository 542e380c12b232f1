"""The project table: one row per project with its figures at a day.

Every other figure — group summaries, targets, the lagging list, bulletins, rankings — is
read from this table, so they all agree. A project's status is the first that applies:
无计划 (no plan this year, so no rate) → 未开工 (not started) → 未报送 (started,
unfinished, no record this month: its figures stay what was reported, and it is named
rather than counted as zero) → 滞后 / 超前 (more than ``lag_tolerance`` points behind /
ahead) → 正常.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype
from pandas.core.dtypes.cast import maybe_box_native

from generator.figures.approvals import ApprovalDates, approval_dates, overdue_at
from generator.figures.problems import problem_counts
from generator.figures.projects import (
    CENTRAL_BUDGET,
    SPECIAL_BOND,
    disbursement_allocated,
    funding_sources,
    funds_planned,
)
from generator.figures.rates import (
    month_key,
    nan,
    plan_window,
    points,
    progress_status,
    rate,
    schedule_rate,
)
from generator.figures.records import shared_records_frame, totals_since_start
from generator.model import vocab
from generator.model.dataset import Dataset
from generator.model.models import Problem, Project


class _Shared(tuple):  # type: ignore[type-arg]
    """A tuple that pandas need not copy: every operation on a frame deep-copies its
    ``attrs``, and a plain list there cost a tenth of the build at thousands of projects."""

    def __deepcopy__(self, memo: dict[int, object]) -> _Shared:
        return self


def project_table(ds: Dataset, report_date: dt.date | None = None) -> pd.DataFrame:
    """One row per project (index ``code``, sorted) with its figures at ``report_date``.

    The report year is ``report_date``'s year. ``table.attrs`` keeps ``report_date``,
    ``lag_tolerance`` and ``townships`` (configured order) for ``group_summary``.
    """
    day = report_date or ds.config.report_date.end()
    year, report_month = day.year, month_key(day)
    stage_current = day >= ds.config.report_date.end()
    tolerance = ds.config.lag_tolerance

    frame = shared_records_frame(ds)  # read only: no copy per month
    rec = frame[frame["month"] <= report_month]
    this_year = rec[rec["year"] == year]
    by_year = this_year.groupby("project")
    # Plain dicts: a Series lookup per project and column was most of this function.
    ytd = by_year["completed"].sum().to_dict()
    arrived_ytd = by_year["funds_arrived"].sum().to_dict()
    disbursed_ytd = by_year["funds_disbursed"].sum().to_dict()
    this_month = rec[rec["month"] == report_month].set_index("project")["completed"].to_dict()
    totals = totals_since_start(rec).to_dict()
    by_all = rec.groupby("project")
    arrived_total = by_all["funds_arrived"].sum().to_dict()
    disbursed_total = by_all["funds_disbursed"].sum().to_dict()
    # rec is sorted by project and month: the last row of a project is its latest month.
    last_reported = rec.drop_duplicates("project", keep="last").set_index("project")[
        "month"].to_dict()
    started_codes = set(rec.loc[rec["started"].eq(True), "project"].unique())

    static = ds.derive("project-static", _static_columns)
    schedules: dict[tuple[int, int] | None, float] = {}  # few distinct plan windows
    columns: dict[str, list[Any]] = {name: [] for name in TABLE_COLUMNS}
    for code, p, when in static.projects:
        plan = float(p.annual_plan.get(year, 0.0))
        started = ((when.actual_start is not None and when.actual_start <= day)
                   or code in started_codes or (stage_current and when.started_stage))
        completed = ((when.actual_completion is not None and when.actual_completion <= day)
                     or (stage_current and when.completed_stage))
        reported = code in this_month
        done_ytd = float(ytd.get(code, 0.0))
        completion = rate(done_ytd, plan)
        window = plan_window(p, year)
        if window not in schedules:
            schedules[window] = schedule_rate(day, window)
        schedule = schedules[window]
        if completion is None:
            status = "无计划"
        elif not started:
            status = "未开工"
        elif not reported and not completed:
            status = "未报送"  # a silent month is not zero progress: say so instead
        else:
            status = progress_status(completion, schedule, tolerance)
        received, resolved, open_ = (problem_counts(static.problems[code], day)
                                     if code in static.problems else (0, 0, 0))
        row = {
            "annual_plan": plan,
            "completed_month": float(this_month[code]) if reported else math.nan,
            "completed_ytd": done_ytd,
            "completed_total": float(totals.get(code, 0.0)),
            "completion_rate": nan(completion),
            "schedule_rate": schedule,
            "lag_pp": math.nan if completion is None else points((completion - schedule) * 100),
            "status": status,
            "reported": reported,
            "last_reported": last_reported.get(code),
            "started": started,
            "planned_started": when.planned_start is not None and when.planned_start <= day,
            "completed": completed,
            "planned_completed": (when.planned_completion is not None
                                  and when.planned_completion <= day),
            "funds_arrived_ytd": float(arrived_ytd.get(code, 0.0)),
            "funds_disbursed_ytd": float(disbursed_ytd.get(code, 0.0)),
            "funds_arrived_total": float(arrived_total.get(code, 0.0)),
            "funds_disbursed_total": float(disbursed_total.get(code, 0.0)),
            "problems_total": received,
            "problems_resolved": resolved,
            "open_problems": open_,
            "approvals_overdue": sum(overdue_at(dates, day) for dates in when.approvals),
        }
        for name, value in row.items():
            columns[name].append(value)
    columns.update(static.columns)
    if columns.keys() != set(TABLE_COLUMNS):
        raise ValueError(f"project table columns differ from TABLE_COLUMNS: "
                         f"{sorted(columns.keys() ^ set(TABLE_COLUMNS))}")
    table = pd.DataFrame({name: columns[name] for name in TABLE_COLUMNS}).set_index("code")
    table = table.sort_index()
    table.attrs.update(
        report_date=day,
        lag_tolerance=tolerance,
        townships=_Shared(t.name for t in ds.config.townships),
    )
    return table


# The table's columns in order. A row is built as a dict by name (the day's figures in
# ``project_table``, the rest in ``_static_columns``); a name missing here or there fails.
TABLE_COLUMNS = (
    "code", "name", "level", "domain", "batch", "stage", "township", "department", "leader",
    "task_force", "total_investment", "fiscal_money", "funding_sources", "has_special_bond",
    "has_central_budget", "annual_plan", "completed_month", "completed_ytd", "completed_total",
    "completion_rate", "schedule_rate", "lag_pp", "status", "reported", "last_reported",
    "started", "planned_started", "completed", "planned_completed", "funds_arrived_ytd",
    "funds_disbursed_ytd", "funds_arrived_total", "funds_disbursed_total", "funds_planned",
    "disbursement_allocated", "problems_total", "problems_resolved", "open_problems",
    "approvals_overdue",
)  # fmt: skip


@dataclass(frozen=True)
class _Static:
    """The columns of project_table that do not depend on the day, in ``ds.projects`` order,
    and each project's dates as ``datetime.date`` for the comparisons made every month."""

    columns: dict[str, list[Any]]
    problems: dict[str, list[Problem]]
    projects: list[tuple[str, Project, _Dates]]


@dataclass(frozen=True)
class _Dates:
    actual_start: dt.date | None  # first day (is_started)
    actual_completion: dt.date | None  # first day (is_completed)
    planned_start: dt.date | None  # last day (is_planned_started)
    planned_completion: dt.date | None  # last day (is_planned_completed)
    started_stage: bool
    completed_stage: bool
    # Each approval's dates as ``approvals.overdue_at`` reads them, worked out once.
    approvals: tuple[ApprovalDates, ...]

    @classmethod
    def of(cls, p: Project) -> _Dates:
        d = p.dates
        return cls(
            d.actual_start.start() if d.actual_start else None,
            d.actual_completion.start() if d.actual_completion else None,
            d.planned_start.end() if d.planned_start else None,
            d.planned_completion.end() if d.planned_completion else None,
            p.stage in vocab.STARTED_STAGES,
            p.stage in vocab.COMPLETED_STAGES,
            tuple(approval_dates(a) for a in p.approvals if a.deadline is not None),
        )


def _static_columns(ds: Dataset) -> _Static:
    columns: dict[str, list[Any]] = defaultdict(list)
    for code, p in ds.projects.items():
        sources = funding_sources(p)
        row = {
            "code": code, "name": p.name, "level": p.level, "domain": p.domain,
            "batch": p.batch, "stage": p.stage, "township": p.township,
            "department": p.department, "leader": p.leader, "task_force": p.task_force,
            "total_investment": p.total_investment,
            "fiscal_money": p.fiscal_money(ds.config.fiscal),
            "funding_sources": sources,
            "has_special_bond": SPECIAL_BOND in sources,
            "has_central_budget": CENTRAL_BUDGET in sources,
            "funds_planned": funds_planned(p),
            "disbursement_allocated": disbursement_allocated(p),
        }  # fmt: skip
        for name, value in row.items():
            columns[name].append(value)
    problems: dict[str, list[Problem]] = {}
    for problem in ds.problems:
        problems.setdefault(problem.project, []).append(problem)
    projects = [(code, p, _Dates.of(p)) for code, p in ds.projects.items()]
    return _Static(columns, problems, projects)


def table_rows(table: pd.DataFrame) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(index, row) pairs of plain values: ``iterrows`` builds a pandas Series per row,
    which cost more than the pages that list the rows."""
    return zip(table.index, plain_rows(table), strict=True)


def plain_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``: the same values of the same Python types, several times
    faster. pandas makes a Series of every column for it, which is most of the time for the
    few rows most frames here have (a group, a month's bulletin); one object array holds
    every row as Python values already. Object and extension columns are boxed as
    ``to_dict`` boxes them (pandas is pinned; test_tables compares the two)."""
    columns = frame.columns.tolist()
    rows = frame.to_numpy(dtype=object).tolist()
    boxed = [i for i, dtype in enumerate(frame.dtypes)
             if dtype == np.dtype(object) or isinstance(dtype, ExtensionDtype)]
    if boxed:
        for row in rows:
            for i in boxed:
                row[i] = maybe_box_native(row[i])
    return [dict(zip(columns, row, strict=True)) for row in rows]


def report_date(table: pd.DataFrame) -> dt.date:
    try:
        return table.attrs["report_date"]
    except KeyError:
        raise ValueError("table has no report_date in attrs (expected a project_table)") from None


