"""Progress metrics: 投资完成率, 序时进度 and lag, 开工率, funds, targets, lagging projects.

Pure computation over a loaded ``Dataset`` (pandas, no I/O). Conventions, decided once here:

* Rates are fractions (0.896 for 89.6%), rounded half-up to 0.1 percentage point by
  ``rate``, so that a status always agrees with the figures a page shows. ``lag_pp`` is in
  percentage points, like ``SiteConfig.lag_tolerance``. A rate with nothing to divide by is
  ``None`` (NaN in frames), never 0.
* Figures are monthly. The report date's month is the report month whatever its day: a
  record for June covers June, so a report dated 15 June counts the June record and uses
  序时 6/12 (bulletins say "1–6月" and "序时进度50%"; an elapsed-days schedule would hold a
  whole month's figure against half a month's time).
* A month-only date means "that month": a plan (planned start, deadline) is due at the
  month's end, an event (actual start, resolution) has happened from the month's start.
* Records after the report month, for unknown projects, or repeating a (month, project)
  pair are ignored; of a repeated pair the one validation accepts (first by month, then row)
  counts, so nothing is counted twice.
* ``stage`` is the state at ``ds.config.report_date``; it only counts as evidence of a start
  or completion for dates on or after that day.
* 序时: a project is held to the months of the year its plan covers (``plan_window``: from
  a planned start in this year, to a planned completion in this year); a group or the region
  to the calendar (report month / 12), as bulletins publish it.
* A project's status is the first that applies: 无计划 (no plan this year, so no rate) →
  未开工 (not started) → 未报送 (started, unfinished, no record this month: its figures stay
  what was reported, and it is named rather than counted as zero) → 滞后 / 超前 (more than
  ``lag_tolerance`` points behind / ahead) → 正常.
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from generator.model import vocab
from generator.model.dataset import Dataset, Record
from generator.model.models import Problem, Project, Target, TargetScope

STATUSES = ("超前", "正常", "滞后", "未报送", "无计划", "未开工")
TARGET_STATUSES = ("已完成", "按序时推进", "落后序时", "未完成(已到期)")
GROUPINGS = (
    "level",
    "domain",
    "township",
    "batch",
    "stage",
    "department",
    "leader",
    "funding_source",
    "task_force",
)
UNFILLED = "未填"
ALL = "全部"
SPECIAL_BOND = "地方政府专项债券"
CENTRAL_BUDGET = "中央预算内投资"

RECORD_COLUMNS = (
    "month",
    "year",
    "month_no",
    "project",
    "completed",
    "cumulative",
    "started",
    "funds_arrived",
    "funds_disbursed",
)
_EPS = 1e-9


# ---------------------------------------------------------------- rates and small helpers


def rate(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator`` as a fraction rounded half-up to 0.1 percentage point.

    None when the denominator is missing or not positive (a rate of nothing is unknown, not
    0%). Half-up on the decimal value, so 1075/1200 = 0.895833… → 0.896 and an exact
    0.0005 step rounds up as people expect (Python's ``round`` would go to even).

    >>> rate(1075, 1200), rate(391, 397), rate(5, 0)
    (0.896, 0.985, None)
    """
    if numerator is None or denominator is None:
        return None
    if _missing(numerator) or _missing(denominator) or denominator <= 0:
        return None
    value = Decimal(repr(float(numerator))) / Decimal(repr(float(denominator)))
    return float(value.quantize(Decimal("0.001"), ROUND_HALF_UP))


def points(value: float) -> float:
    """Percentage points, rounded half-up to one decimal (−13.25 → −13.3)."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def schedule_rate(day: dt.date, window: tuple[int, int] | None = (1, 12)) -> float:
    """序时进度 at ``day``: months of ``window`` elapsed, counting ``day``'s month, / its length.

    ``window`` is (first month, last month) of the year in which the plan is to be spent;
    None means the window lies after this year (nothing is due yet).

    >>> schedule_rate(dt.date(2025, 9, 30)), schedule_rate(dt.date(2025, 9, 30), (7, 12))
    (0.75, 0.5)
    """
    return rate(schedule_fraction(day, window), 1) or 0.0


def schedule_fraction(day: dt.date, window: tuple[int, int] | None = (1, 12)) -> float:
    """``schedule_rate`` unrounded, for lines drawn month by month."""
    if window is None:
        return 0.0
    first, last = window
    return min(max(day.month - first + 1, 0), last - first + 1) / (last - first + 1)


def plan_window(project: Project, year: int) -> tuple[int, int] | None:
    """Months of ``year`` in which the project's annual plan is to be spent.

    A project planned to start in July, or to finish in June, is held to its own months, so
    a July start is not called 滞后 in August. Planned dates (not actual ones) bound the
    window: starting late is exactly what the lag should show.
    """
    d = project.dates
    first, last = 1, 12
    if d.planned_start is not None:
        if d.planned_start.year > year:
            return None
        if d.planned_start.year == year:
            first = d.planned_start.month
    if d.planned_completion is not None and d.planned_completion.year == year:
        last = d.planned_completion.month
    if last < first:  # inconsistent dates (validation flags them): fall back to the year end
        last = 12
    return first, last


def progress_status(completion: float | None, schedule: float, tolerance: float) -> str:
    """超前 / 正常 / 滞后 from the shown (rounded) figures; 无计划 when there is no rate.

    Exactly ``tolerance`` behind or ahead is still 正常: 滞后 means "by more than".
    """
    if completion is None or _missing(completion):
        return "无计划"
    lag = points((completion - schedule) * 100)
    if lag < -tolerance:
        return "滞后"
    if lag > tolerance:
        return "超前"
    return "正常"


def problem_counts(problems: Iterable[Problem], day: dt.date) -> tuple[int, int, int]:
    """(received, resolved, open) among problems raised on or before ``day``."""
    received = resolved = 0
    for problem in problems:
        if problem.raised.start() > day:
            continue
        received += 1
        if _is_resolved(problem, day):
            resolved += 1
    return received, resolved, received - resolved


def _is_resolved(problem: Problem, day: dt.date) -> bool:
    return (
        problem.status == "已解决"
        and problem.resolved is not None
        and problem.resolved.start() <= day
    )


def problem_resolution_rate(problems: Iterable[Problem], day: dt.date) -> float | None:
    """问题解决率 = resolved by ``day`` / received by ``day``."""
    received, resolved, _ = problem_counts(problems, day)
    return rate(resolved, received)


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


def overdue_approvals(project: Project, day: dt.date) -> list[str]:
    """Approvals whose deadline has passed (month deadlines: after its last day) unfinished
    at ``day``. One finished later still counts for an earlier day, so a past month's
    挂牌督办 list stays what it was then."""
    out = []
    for approval in project.approvals:
        if approval.deadline is None or approval.deadline.end() >= day:
            continue
        done = approval.done
        if approval.status == "已办结" and (done is None or done.start() <= day):
            continue
        label = approval.name or approval.kind
        now = "当时尚未办结" if approval.status == "已办结" else f"目前{approval.status}"
        out.append(
            f"{label}办理时限{approval.deadline.chinese()}已过，{now}（{approval.authority}）"
        )
    return out


# ---------------------------------------------------------------- frames


class _Shared(tuple):  # type: ignore[type-arg]
    """A tuple that pandas need not copy: every operation on a frame deep-copies its
    ``attrs``, and a plain list there cost a tenth of the build at thousands of projects."""

    def __deepcopy__(self, memo: dict[int, object]) -> _Shared:
        return self


T = TypeVar("T")
_MEMO: dict[tuple[int, str], tuple[weakref.ref[Dataset], Any]] = {}


def _per_dataset(ds: Dataset, name: str, build: Callable[[Dataset], T]) -> T:
    """``build(ds)`` once per data set: bulletins ask for the same frames once per month.

    Keyed by the data set's id, and dropped when the data set goes away.
    """
    key = (id(ds), name)
    cached = _MEMO.get(key)
    if cached is not None and cached[0]() is ds:
        return cached[1]
    value = build(ds)
    _MEMO[key] = (weakref.ref(ds, lambda _: _MEMO.pop(key, None)), value)
    return value


def records_frame(ds: Dataset) -> pd.DataFrame:
    """One row per monthly record of a known project, each (month, project) once."""
    return _per_dataset(ds, "records", _records_frame).copy()


def counted_records(ds: Dataset) -> list[Record]:
    """The monthly records that count, in validation's order (month, then row): one per
    (month, project), the first one wins, and only for known projects."""
    return _per_dataset(ds, "counted", _counted_records)


def _counted_records(ds: Dataset) -> list[Record]:
    seen: set[tuple[str, str]] = set()
    out = []
    for record in sorted(ds.records, key=lambda r: (r.month, r.row)):
        key = (record.month, record.data.project)
        if key not in seen and record.data.project in ds.projects:
            seen.add(key)
            out.append(record)
    return out


def _records_frame(ds: Dataset) -> pd.DataFrame:
    rows = []
    for record in counted_records(ds):
        r = record.data
        rows.append(
            (
                record.month,
                int(record.month[:4]),
                int(record.month[5:7]),
                r.project,
                r.completed,
                _nan(r.cumulative),
                r.started,
                _nan(r.funds_arrived),
                _nan(r.funds_disbursed),
            )
        )
    frame = pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
    frame = frame.astype(
        {
            "month": "str",
            "year": "int64",
            "month_no": "int64",
            "project": "str",
            "completed": "float64",
            "cumulative": "float64",
            "started": "object",
            "funds_arrived": "float64",
            "funds_disbursed": "float64",
        }
    )
    return frame.sort_values(["project", "month"], kind="stable").reset_index(drop=True)


def _totals_since_start(records: pd.DataFrame) -> pd.Series:
    """开工以来累计 per project: the last reported cumulative plus the months after it.

    Records may begin long after a project started, so a reported cumulative is the better
    anchor; the months after it (cumulative left blank) add their ``completed``. Without any
    reported cumulative it is the sum of ``completed``.
    """
    if records.empty:
        return pd.Series(dtype="float64")
    rec = records.sort_values(["project", "month"], kind="stable")
    running = rec.groupby("project")["completed"].cumsum()
    offset = (rec["cumulative"] - running).groupby(rec["project"]).ffill().fillna(0.0)
    total = running + offset
    return total.groupby(rec["project"]).last()


def project_table(ds: Dataset, report_date: dt.date | None = None) -> pd.DataFrame:
    """One row per project (index ``code``, sorted) with its figures at ``report_date``.

    The report year is ``report_date``'s year. ``table.attrs`` keeps ``report_date``,
    ``lag_tolerance`` and ``townships`` (configured order) for ``group_summary``.
    """
    day = report_date or ds.config.report_date.end()
    year, report_month = day.year, month_key(day)
    stage_current = day >= ds.config.report_date.end()
    tolerance = ds.config.lag_tolerance

    frame = _per_dataset(ds, "records", _records_frame)  # read only: no copy per month
    rec = frame[frame["month"] <= report_month]
    this_year = rec[rec["year"] == year]
    by_year = this_year.groupby("project")
    # Plain dicts: a Series lookup per project and column was most of this function.
    ytd = by_year["completed"].sum().to_dict()
    arrived_ytd = by_year["funds_arrived"].sum().to_dict()
    disbursed_ytd = by_year["funds_disbursed"].sum().to_dict()
    this_month = rec[rec["month"] == report_month].set_index("project")["completed"].to_dict()
    totals = _totals_since_start(rec).to_dict()
    by_all = rec.groupby("project")
    arrived_total = by_all["funds_arrived"].sum().to_dict()
    disbursed_total = by_all["funds_disbursed"].sum().to_dict()
    # rec is sorted by project and month: the last row of a project is its latest month.
    last_reported = rec.drop_duplicates("project", keep="last").set_index("project")[
        "month"].to_dict()
    started_codes = set(rec.loc[rec["started"].eq(True), "project"].unique())

    static = _per_dataset(ds, "static", _static_columns)
    schedules: dict[tuple[int, int] | None, float] = {}  # few distinct plan windows
    rows = []
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
        lag = math.nan if completion is None else points((completion - schedule) * 100)
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
        rows.append((  # in the order of _DYNAMIC_COLUMNS
            plan,
            float(this_month[code]) if reported else math.nan,
            done_ytd,
            float(totals.get(code, 0.0)),
            _nan(completion),
            schedule,
            lag,
            status,
            reported,
            last_reported.get(code),
            started,
            when.planned_start is not None and when.planned_start <= day,
            completed,
            when.planned_completion is not None and when.planned_completion <= day,
            float(arrived_ytd.get(code, 0.0)),
            float(disbursed_ytd.get(code, 0.0)),
            float(arrived_total.get(code, 0.0)),
            float(disbursed_total.get(code, 0.0)),
            received,
            resolved,
            open_,
            sum(end < day and not (done and done <= day) for end, done in when.deadlines),
        ))
    dynamic = {name: list(values) for name, values in
               zip(_DYNAMIC_COLUMNS, zip(*rows, strict=True) if rows else [()] * len(_DYNAMIC_COLUMNS),
                   strict=True)}
    columns = {**static.columns, **dynamic}
    table = pd.DataFrame({name: columns[name] for name in _TABLE_COLUMNS}).set_index("code")
    table = table.sort_index()
    table.attrs.update(
        report_date=day,
        lag_tolerance=tolerance,
        townships=_Shared(t.name for t in ds.config.townships),
    )
    return table


_TABLE_COLUMNS = [
    "code", "name", "level", "domain", "batch", "stage", "township", "department", "leader",
    "task_force", "total_investment", "fiscal_money", "funding_sources", "has_special_bond",
    "has_central_budget", "annual_plan", "completed_month", "completed_ytd", "completed_total",
    "completion_rate", "schedule_rate", "lag_pp", "status", "reported", "last_reported",
    "started", "planned_started", "completed", "planned_completed", "funds_arrived_ytd",
    "funds_disbursed_ytd", "funds_arrived_total", "funds_disbursed_total", "funds_planned",
    "disbursement_allocated", "problems_total", "problems_resolved", "open_problems",
    "approvals_overdue",
]  # fmt: skip
_DYNAMIC_COLUMNS = [
    "annual_plan", "completed_month", "completed_ytd", "completed_total", "completion_rate",
    "schedule_rate", "lag_pp", "status", "reported", "last_reported", "started",
    "planned_started", "completed", "planned_completed", "funds_arrived_ytd",
    "funds_disbursed_ytd", "funds_arrived_total", "funds_disbursed_total", "problems_total",
    "problems_resolved", "open_problems", "approvals_overdue",
]  # fmt: skip


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
    # (deadline's last day, done day) of approvals with a deadline, as overdue_approvals
    # reads them; the done day is None while unfinished.
    deadlines: tuple[tuple[dt.date, dt.date | None], ...]

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
            tuple(
                (a.deadline.end(), (a.done.start() if a.done else dt.date.min)
                 if a.status == "已办结" else None)
                for a in p.approvals if a.deadline is not None
            ),
        )


def _static_columns(ds: Dataset) -> _Static:
    columns: dict[str, list[Any]] = {
        name: [] for name in _TABLE_COLUMNS if name not in _DYNAMIC_COLUMNS
    }
    for code, p in ds.projects.items():
        sources = funding_sources(p)
        for name, value in (
            ("code", code), ("name", p.name), ("level", p.level), ("domain", p.domain),
            ("batch", p.batch), ("stage", p.stage), ("township", p.township),
            ("department", p.department), ("leader", p.leader), ("task_force", p.task_force),
            ("total_investment", p.total_investment),
            ("fiscal_money", p.fiscal_money(ds.config.fiscal)),
            ("funding_sources", sources),
            ("has_special_bond", SPECIAL_BOND in sources),
            ("has_central_budget", CENTRAL_BUDGET in sources),
            ("funds_planned", funds_planned(p)),
            ("disbursement_allocated", disbursement_allocated(p)),
        ):  # fmt: skip
            columns[name].append(value)
    problems: dict[str, list[Problem]] = {}
    for problem in ds.problems:
        problems.setdefault(problem.project, []).append(problem)
    projects = [(code, p, _Dates.of(p)) for code, p in ds.projects.items()]
    return _Static(columns, problems, projects)


def table_rows(table: pd.DataFrame) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(index, row) pairs of plain values: ``iterrows`` builds a pandas Series per row,
    which cost more than the pages that list the rows."""
    return zip(table.index, table.to_dict("records"), strict=True)


# ---------------------------------------------------------------- group summaries


def _report_date(table: pd.DataFrame) -> dt.date:
    try:
        return table.attrs["report_date"]
    except KeyError:
        raise ValueError("table has no report_date in attrs (expected a project_table)") from None


def summarise(table: pd.DataFrame) -> dict[str, object]:
    """Totals and rates over the projects in ``table`` (any subset of a project_table).

    A group's 序时进度 is the calendar's (report month / 12), as bulletins publish it,
    while each project is held to its own construction window (``plan_window``); so a group
    can lag when none of its projects does, which is what the region's figure means.
    """
    return _Columns(table).summarise(np.arange(len(table)))


# Columns summed as amounts (NaN counts as 0, as Series.sum does) and as counts.
_AMOUNTS = (
    "annual_plan", "completed_ytd", "total_investment", "completed_month", "completed_total",
    "funds_arrived_total", "funds_planned", "funds_disbursed_total", "disbursement_allocated",
)  # fmt: skip
_COUNTS = ("open_problems", "problems_total", "problems_resolved")
_FLAGS = ("started", "planned_started", "completed", "planned_completed")


class _Columns:
    """A project_table's columns as numpy arrays, so that many groups are summed cheaply.

    A group is a sorted array of row positions; each sum adds the same values in the same
    order as ``Series.sum`` on the group's rows, so the figures are identical to the last bit.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.day = _report_date(table)
        self.tolerance = table.attrs.get("lag_tolerance", 5.0)
        self.values: dict[str, np.ndarray] = {}
        for name in _AMOUNTS:
            column = table[name].to_numpy(dtype="float64", na_value=np.nan)
            self.values[name] = np.where(np.isnan(column), 0.0, column)
        for name in _COUNTS:
            self.values[name] = table[name].to_numpy(dtype="int64")
        for name in _FLAGS:
            self.values[name] = table[name].to_numpy(dtype="bool")
        status = table["status"].to_numpy(dtype="object")
        self.values["lagging"] = status == "滞后"
        self.values["not_reported"] = status == "未报送"
        self.values["started_due"] = self.values["started"] & self.values["planned_started"]
        self.values["completed_due"] = self.values["completed"] & self.values["planned_completed"]

    def summarise(self, rows: np.ndarray) -> dict[str, object]:
        def amount(name: str) -> float:
            return float(self.values[name][rows].sum())

        def count(name: str) -> int:
            return int(self.values[name][rows].sum())

        plan, done = amount("annual_plan"), amount("completed_ytd")
        completion = rate(done, plan)
        schedule = schedule_rate(self.day)
        due, started_due = count("planned_started"), count("started_due")
        completion_due, completed_due = count("planned_completed"), count("completed_due")
        arrived, planned = amount("funds_arrived_total"), amount("funds_planned")
        disbursed, allocated = amount("funds_disbursed_total"), amount("disbursement_allocated")
        resolved, received = count("problems_resolved"), count("problems_total")
        return {
            "projects": len(rows),
            "total_investment": amount("total_investment"),
            "annual_plan": plan,
            "completed_month": amount("completed_month"),
            "completed_ytd": done,
            "completed_total": amount("completed_total"),
            "completion_rate": _nan(completion),
            "schedule_rate": schedule,
            "lag_pp": math.nan if completion is None else points((completion - schedule) * 100),
            "status": progress_status(completion, schedule, self.tolerance),
            "started": count("started"),
            "planned_started": due,
            "start_rate": _nan(rate(started_due, due)),
            "funds_arrived_total": arrived,
            "funds_planned": planned,
            "funds_arrival_rate": _nan(rate(arrived, planned)),
            "funds_disbursed_total": disbursed,
            "disbursement_allocated": allocated,
            "disbursement_rate": _nan(rate(disbursed, allocated)),
            "completed_projects": count("completed"),
            "planned_completed": completion_due,
            "completion_count_rate": _nan(rate(completed_due, completion_due)),
            "lagging": count("lagging"),
            "not_reported": count("not_reported"),
            "open_problems": count("open_problems"),
            "problems_total": received,
            "problems_resolved": resolved,
            "problem_resolution_rate": _nan(rate(resolved, received)),
        }


def _group_order(table: pd.DataFrame, by: str, values: Iterable[str]) -> list[str]:
    """Vocabulary order where there is one, the configured township order, else by name."""
    fixed = {
        "level": list(vocab.LEVELS),
        "domain": list(vocab.DOMAINS),
        "batch": list(vocab.BATCHES),
        "stage": list(vocab.STAGES),
        "funding_source": list(vocab.FUNDING_SOURCES),
        "township": list(table.attrs.get("townships", [])),
    }.get(by, [])
    present = set(values)
    known = [v for v in fixed if v in present]
    rest = sorted(v for v in present - set(known) if v != UNFILLED)
    return known + rest + ([UNFILLED] if UNFILLED in present else [])


def group_summary(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """``summarise`` for the whole table (one row, group 全部) or per value of ``by``.

    ``by`` is one of ``GROUPINGS``. Projects without a value (no batch, no leader …) form a
    last group 未填. ``funding_source``: a project with several sources counts, with all of
    its figures, under each of them, so those groups overlap and do not add up to the total.
    Rows come in vocabulary order (level, domain, batch, stage, funding source), configured
    order (township) or by name (department, leader, task force).
    """
    columns = ["group", *_SUMMARY_KEYS]
    if by is None:
        return pd.DataFrame([{"group": ALL, **summarise(table)}], columns=columns)
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping (got {by!r}, expected one of {', '.join(GROUPINGS)})")
    if by == "funding_source":
        keys = table["funding_sources"].map(lambda s: list(s) or [UNFILLED]).explode()
    else:
        keys = table[by].map(lambda v: UNFILLED if _missing(v) or v == "" else str(v))
    columns_of = _Columns(table)
    position = pd.Series(np.arange(len(table)), index=table.index)
    # Row positions per group, in table order (a project listed once per group).
    members = {value: np.unique(position[keys.index[indices]].to_numpy())
               for value, indices in keys.groupby(keys, sort=False).indices.items()}
    rows = [{"group": value, **columns_of.summarise(members[value])}
            for value in _group_order(table, by, keys.unique())]
    return pd.DataFrame(rows, columns=columns)


_SUMMARY_KEYS = [
    "projects", "total_investment", "annual_plan", "completed_month", "completed_ytd",
    "completed_total", "completion_rate", "schedule_rate", "lag_pp", "status", "started",
    "planned_started", "start_rate", "funds_arrived_total", "funds_planned",
    "funds_arrival_rate", "funds_disbursed_total", "disbursement_allocated",
    "disbursement_rate", "completed_projects", "planned_completed", "completion_count_rate",
    "lagging", "not_reported", "open_problems", "problems_total", "problems_resolved",
    "problem_resolution_rate",
]  # fmt: skip


# ---------------------------------------------------------------- monthly series


def monthly_series(
    ds: Dataset,
    codes: Iterable[str] | None = None,
    year: int | None = None,
    report_date: dt.date | None = None,
    records: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Twelve rows (months of ``year``) for charts: completed, cumulative, plan, 序时 line.

    ``completed`` is NaN for months after the report month and for months in which none of
    ``codes`` reported (a gap, not a zero); ``cumulative`` carries over gaps. ``schedule``
    is the plan × 序时: a single project follows its ``plan_window`` like its
    ``schedule_rate``; a set of projects follows the calendar like ``group_summary``.
    Pass ``records`` (a ``records_frame``) when calling this many times.
    """
    day = report_date or ds.config.report_date.end()
    year = year or day.year
    selected = list(ds.projects) if codes is None else [c for c in codes if c in ds.projects]
    if len(selected) == 1:
        one = monthly_by_project(ds, selected, year, day, records)
        return one.drop(columns="project").reset_index(drop=True)
    frame = records_frame(ds) if records is None else records
    rec = _year_records(frame, year, day, selected)
    by_month = rec.groupby("month_no")
    plan = float(sum(ds.projects[c].annual_plan.get(year, 0.0) for c in selected))
    months = pd.RangeIndex(1, 13, name="month_no")
    reporting = by_month["project"].nunique().reindex(months, fill_value=0)
    completed = by_month["completed"].sum().reindex(months).where(reporting > 0)
    return _series_frame(
        year,
        day,
        completed,
        reporting,
        pd.Series(plan, index=months),
        pd.Series([plan * schedule_fraction(dt.date(year, i, 1)) for i in months], index=months),
    )


def monthly_by_project(
    ds: Dataset,
    codes: Iterable[str] | None = None,
    year: int | None = None,
    report_date: dt.date | None = None,
    records: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``monthly_series`` for every project at once: twelve rows per project, in code order,
    with a ``project`` column (one pass over the records, for thousands of project pages)."""
    day = report_date or ds.config.report_date.end()
    year = year or day.year
    selected = list(ds.projects) if codes is None else [c for c in codes if c in ds.projects]
    frame = records_frame(ds) if records is None else records
    rec = _year_records(frame, year, day, selected)
    index = pd.MultiIndex.from_product([selected, range(1, 13)], names=["project", "month_no"])
    grouped = rec.groupby(["project", "month_no"])["completed"].sum()
    completed = grouped.reindex(index)
    reporting = completed.notna().astype("int64")
    plans = [float(ds.projects[c].annual_plan.get(year, 0.0)) for c in selected]
    plan = pd.Series(plans, index=selected).reindex(index, level="project")
    shares = [
        schedule_fraction(dt.date(year, i, 1), plan_window(ds.projects[c], year))
        for c in selected
        for i in range(1, 13)
    ]
    schedule = plan * pd.Series(shares, index=index, dtype="float64")
    out = _series_frame(year, day, completed, reporting, plan, schedule)
    out.insert(0, "project", index.get_level_values("project"))
    return out


def _year_records(frame: pd.DataFrame, year: int, day: dt.date, codes: list[str]) -> pd.DataFrame:
    return frame[
        (frame["year"] == year) & (frame["month"] <= month_key(day)) & frame["project"].isin(codes)
    ]


def _series_frame(
    year: int,
    day: dt.date,
    completed: pd.Series,
    reporting: pd.Series,
    plan: pd.Series,
    schedule: pd.Series,
) -> pd.DataFrame:
    """Assemble series indexed by month (or project, month); hide months after the report."""
    month_no = completed.index.get_level_values("month_no")
    last_month = 12 if year < day.year else (day.month if year == day.year else 0)
    shown = pd.Series(month_no <= last_month, index=completed.index)
    levels = ["project"] if isinstance(completed.index, pd.MultiIndex) else None
    filled = completed.fillna(0.0)
    cumulative = filled.groupby(level=levels).cumsum() if levels else filled.cumsum()
    return pd.DataFrame(
        {
            "month": [f"{year:04d}-{i:02d}" for i in month_no],
            "month_no": month_no,
            "completed": completed.where(shown).to_numpy(dtype="float64"),
            "cumulative": cumulative.where(shown).to_numpy(dtype="float64"),
            "plan": plan.to_numpy(dtype="float64"),
            "schedule": schedule.to_numpy(dtype="float64"),
            "reporting": reporting.where(shown, 0).to_numpy(dtype="int64"),
        }
    )


# ---------------------------------------------------------------- targets

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


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def period_share(start: dt.date, end: dt.date, day: dt.date) -> float:
    """Share of the months from ``start`` to ``end`` (inclusive) elapsed at ``day``."""
    total = _month_index(end) - _month_index(start) + 1
    elapsed = min(max(_month_index(day) - _month_index(start) + 1, 0), total)
    return rate(elapsed, total) or 0.0


def evaluate_targets(ds: Dataset, table: pd.DataFrame) -> list[TargetResult]:
    """Each target of ``ds`` at the report date of ``table``, in file order.

    A target is measured up to the earlier of the report date and its deadline (a deadline
    that passed is judged on what stood then). Before the deadline, 按序时推进 means the
    share achieved is no more than ``lag_tolerance`` points below the share of the target's
    period (start or 1 January of the deadline year → deadline) that has elapsed.
    """
    day = _report_date(table)
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
        if actual is not None and actual + _EPS >= target.value:
            status = "已完成"
        elif days_left < 0:
            status = "未完成(已到期)"
        elif (share or 0.0) * 100 + _EPS >= expected * 100 - tolerance:
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


# ---------------------------------------------------------------- lagging and late reports


@dataclass(frozen=True)
class LagEntry:
    """A 挂牌督办 candidate: why it lags, and who answers for it."""

    code: str
    name: str
    department: str
    leader: str | None
    township: str
    status: str
    lag_pp: float | None
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LateReporter:
    code: str
    name: str
    department: str
    leader: str | None
    last_reported: str | None  # YYYY-MM, None when it never reported


def lagging_projects(ds: Dataset, table: pd.DataFrame) -> list[LagEntry]:
    """Projects behind 序时 by more than the tolerance, overdue to start, or with overdue
    approvals; the most reasons first, then the largest lag, then by code."""
    day = _report_date(table)
    tolerance = table.attrs.get("lag_tolerance", ds.config.lag_tolerance)
    entries = []
    columns = ["lag_pp", "started", "status", "completion_rate", "schedule_rate",
               "planned_started", "approvals_overdue"]
    for code, row in zip(table.index, table[columns].to_dict("records"), strict=True):
        project = ds.projects[str(code)]
        reasons = []
        lag = None if _missing(row["lag_pp"]) else float(row["lag_pp"])
        if lag is not None and lag < -tolerance and row["started"]:
            note = "（本月未报送，按已报数据计）" if row["status"] == "未报送" else ""
            reasons.append(
                f"投资完成率{row['completion_rate'] * 100:.1f}%，低于序时进度"
                f"{row['schedule_rate'] * 100:.1f}%，滞后{-lag:.1f}个百分点{note}"
            )
        planned = project.dates.planned_start
        if planned is not None and row["planned_started"] and not row["started"]:
            reasons.append(f"计划{planned.chinese()}开工，截至{_chinese_day(day)}尚未开工")
        if row["approvals_overdue"]:  # counted by project_table; the texts only for those
            reasons += overdue_approvals(project, day)
        if reasons:
            entries.append(
                LagEntry(
                    str(code),
                    project.name,
                    project.department,
                    project.leader,
                    project.township,
                    str(row["status"]),
                    lag,
                    reasons,
                )
            )
    entries.sort(key=lambda e: (-len(e.reasons), e.lag_pp if e.lag_pp is not None else 0.0, e.code))
    return entries


def late_reporters(ds: Dataset, table: pd.DataFrame) -> list[LateReporter]:
    """Started, unfinished projects with no record in the report month, by code."""
    late = table[table["started"] & ~table["completed"] & ~table["reported"]]
    return [
        LateReporter(
            str(code),
            row["name"],
            row["department"],
            row["leader"],
            row["last_reported"] if isinstance(row["last_reported"], str) else None,
        )
        for code, row in late.iterrows()
    ]


def _chinese_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
