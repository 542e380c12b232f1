"""月度通报: the figures of a county 重大办's monthly bulletin, at one month-end.

Pure functions over a ``Dataset`` (whatever audience's view it is): every figure comes from
the project table at the month-end (``table.project_table``) and what is read from it, so a
bulletin always agrees with the site's pages for the same month. This module selects and
ranks; ``present.bulletin_doc`` words the result and lays it out.

* The bulletin of month ``YYYY-MM`` is as at that month's last day; "this month" is the span
  after the previous month-end up to it.
* A start or completion "this month" is an actual start / completion date in the month; a
  project with no actual start date counts as started in the first month a record says 已开工.
* Approvals are judged as at the month-end (``approvals.overdue_at``); done this month = done
  in the month.
* Groups are ranked by investment completed this year, with competition ranks (1, 2, 2, 4) on
  the shown (rounded) figures.
* Lights and 挂牌督办 cases are as at the month-end (``lights``, ``supervision``): new and
  closed cases are those listed or closed in the month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from generator.figures.approvals import ApprovalDates, approval_dates, done_by, overdue_at
from generator.figures.elements import Elements, element_figures
from generator.figures.groups import group_summary, summarise
from generator.figures.lagging import LagEntry, LateReporter, lagging_projects, late_reporters
from generator.figures.lights import Rule, rule_of
from generator.figures.problems import Problems, problem_figures
from generator.figures.rankings import competition_ranks
from generator.figures.rates import month_key, number
from generator.figures.records import counted_records, first_started_record
from generator.figures.supervision import Supervision, supervision
from generator.figures.table import project_table, table_rows
from generator.model.dataset import Dataset
from generator.model.dates import PartialDate, month_end
from generator.model.models import Approval


def previous_month_end(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


class Tables:
    """What every month's bulletin reads from one data set, each computed once: the project
    table at month-ends and the monthly records in their order."""

    KEEP = 2  # tables kept: bulletins go month by month

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self._tables: dict[dt.date, pd.DataFrame] = {}
        self._progress: dict[str, dict[str, str | None]] | None = None
        self._first_started: dict[str, str] | None = None
        self._approvals: list[tuple[str, str, Approval, ApprovalDates]] | None = None

    def at(self, day: dt.date) -> pd.DataFrame:
        if day not in self._tables:
            if len(self._tables) >= self.KEEP:  # a table per month of 10⁴ projects adds up
                del self._tables[next(iter(self._tables))]
            self._tables[day] = project_table(self.ds, day)
        return self._tables[day]

    def month_progress(self, month: str) -> dict[str, str | None]:
        """形象进度 text by project in ``month``'s records (the counted record's)."""
        if self._progress is None:
            self._progress = {}
            for record in counted_records(self.ds):
                self._progress.setdefault(record.month, {})[record.data.project] = (
                    record.data.progress)
        return self._progress.get(month, {})

    def approvals(self) -> list[tuple[str, str, Approval, ApprovalDates]]:
        """(code, project name, approval, its dates) of every approval, by project code then
        file order: dates worked out once, not monthly."""
        if self._approvals is None:
            self._approvals = [
                (code, p.name, a, approval_dates(a))
                for code, p in self.ds.projects.items() for a in p.approvals
            ]  # fmt: skip
        return self._approvals

    def first_started(self) -> dict[str, str]:
        if self._first_started is None:
            self._first_started = first_started_record(self.ds)
        return self._first_started


@dataclass(frozen=True)
class GroupLine:
    rank: int
    group: str
    projects: int
    annual_plan: float
    completed_month: float
    completed_ytd: float
    completion_rate: float | None
    lag_pp: float | None


@dataclass(frozen=True)
class ProjectLine:
    """A project of 10亿元 and more, as one line."""

    code: str
    name: str
    township: str
    total_investment: float
    annual_plan: float
    completed_month: float | None
    completed_ytd: float
    completion_rate: float | None
    lag_pp: float | None
    status: str
    progress: str | None  # this month's 形象进度, else the project's
    light: str | None = None


@dataclass(frozen=True)
class Event:
    code: str
    name: str
    township: str
    date: PartialDate | None  # None: started by record, no actual date given


@dataclass(frozen=True)
class ApprovalLine:
    code: str
    name: str
    approval: Approval
    days_overdue: int | None = None  # at the month-end, for an overdue approval


@dataclass(frozen=True)
class Bulletin:
    month: str  # YYYY-MM
    day: dt.date
    previous_day: dt.date
    region: str
    table: pd.DataFrame = field(repr=False)
    overall: dict[str, object] = field(repr=False)
    reporting: int = 0  # projects with a record this month
    started_due: int = 0  # of those planned to have started, started
    completed_due: int = 0  # of those planned to have completed, completed
    by_domain: list[GroupLine] = field(default_factory=list)
    by_township: list[GroupLine] = field(default_factory=list)
    big_projects: list[ProjectLine] = field(default_factory=list)
    big_threshold: float = 100000
    starts: list[Event] = field(default_factory=list)
    completions: list[Event] = field(default_factory=list)
    problems: Problems | None = None
    approvals_done: list[ApprovalLine] = field(default_factory=list)
    approvals_overdue: list[ApprovalLine] = field(default_factory=list)
    lagging: list[LagEntry] = field(default_factory=list)  # yellow and red lights
    late: list[LateReporter] = field(default_factory=list)
    cases: Supervision | None = None  # 挂牌督办: new, open and closed cases; candidates
    elements: Elements | None = None  # 要素保障
    rule: Rule | None = None  # the lights' rule in force

    @property
    def year(self) -> int:
        return self.day.year

    def status_count(self, status: str) -> int:
        return int((self.table["status"] == status).sum())


def ranked_groups(table: pd.DataFrame, by: str) -> list[GroupLine]:
    """``group_summary(table, by)`` ranked by investment completed this year, largest first."""
    summary = group_summary(table, by)
    summary = summary[summary["projects"] > 0]
    ordered = summary.sort_values("completed_ytd", ascending=False, kind="stable")
    ranks = competition_ranks([round(float(v), 2) for v in ordered["completed_ytd"]])
    return [
        GroupLine(
            rank=rank or 0,
            group=str(row["group"]),
            projects=int(row["projects"]),
            annual_plan=float(row["annual_plan"]),
            completed_month=float(row["completed_month"]),
            completed_ytd=float(row["completed_ytd"]),
            completion_rate=number(row["completion_rate"]),
            lag_pp=number(row["lag_pp"]),
        )
        for rank, (_, row) in zip(ranks, table_rows(ordered), strict=True)
    ]


def events(ds: Dataset, month: str, tables: Tables | None = None
           ) -> tuple[list[Event], list[Event]]:
    """(starts, completions) in ``month``, by code."""
    first_started = (tables or Tables(ds)).first_started()
    starts, completions = [], []
    for code, p in ds.projects.items():
        actual = p.dates.actual_start
        if actual is not None:
            if month_key(actual.start()) == month:
                starts.append(Event(code, p.name, p.township, actual))
        elif first_started.get(code) == month:
            starts.append(Event(code, p.name, p.township, None))
        done = p.dates.actual_completion
        if done is not None and month_key(done.start()) == month:
            completions.append(Event(code, p.name, p.township, done))
    return starts, completions


def approvals_as_of(
    ds: Dataset, month: str, day: dt.date, tables: Tables | None = None
) -> tuple[list[ApprovalLine], list[ApprovalLine]]:
    """(done this month, overdue at the month-end), by project code then file order."""
    done_lines, overdue_lines = [], []
    for code, name, a, dates in (tables or Tables(ds)).approvals():
        done = dates[1]
        if done_by(dates, day) and done is not None and month_key(done) == month:
            done_lines.append(ApprovalLine(code, name, a))
        elif overdue_at(dates, day):
            deadline = dates[0]
            assert deadline is not None
            overdue_lines.append(ApprovalLine(code, name, a, (day - deadline).days))
    return done_lines, overdue_lines


def big_project_lines(ds: Dataset, table: pd.DataFrame, month: str,
                      tables: Tables | None = None) -> list[ProjectLine]:
    threshold = ds.config.big_project_threshold
    progress = (tables or Tables(ds)).month_progress(month)
    big = table[table["total_investment"] >= threshold]
    big = big.sort_values(["total_investment"], ascending=False, kind="stable")
    lines = []
    for code, row in table_rows(big):
        code = str(code)
        text = progress.get(code) or ds.projects[code].progress
        lines.append(
            ProjectLine(
                code=code,
                name=str(row["name"]),
                township=str(row["township"]),
                total_investment=float(row["total_investment"]),
                annual_plan=float(row["annual_plan"]),
                completed_month=number(row["completed_month"]),
                completed_ytd=float(row["completed_ytd"]),
                completion_rate=number(row["completion_rate"]),
                lag_pp=number(row["lag_pp"]),
                status=str(row["status"]),
                progress=text,
                light=row["light"] if isinstance(row["light"], str) else None,
            )
        )
    return lines


def bulletin(ds: Dataset, month: str, tables: Tables | None = None) -> Bulletin:
    """The bulletin of ``month`` (YYYY-MM) from ``ds``: figures at the month's last day."""
    tables = tables or Tables(ds)
    day = month_end(month)
    previous = previous_month_end(day)
    table = tables.at(day)
    starts, completions = events(ds, month, tables)
    done, overdue = approvals_as_of(ds, month, day, tables)
    lagging = lagging_projects(ds, table)
    elements = element_figures(ds, table, previous,
                               [(a.code, a.approval.kind) for a in done],
                               [(a.code, a.approval.kind) for a in overdue])
    return Bulletin(
        month=month,
        day=day,
        previous_day=previous,
        region=ds.config.region,
        table=table,
        overall=summarise(table),
        reporting=int(table["reported"].sum()),
        started_due=int((table["started"] & table["planned_started"]).sum()),
        completed_due=int((table["completed"] & table["planned_completed"]).sum()),
        by_domain=ranked_groups(table, "domain"),
        by_township=ranked_groups(table, "township"),
        big_projects=big_project_lines(ds, table, month, tables),
        big_threshold=ds.config.big_project_threshold,
        starts=starts,
        completions=completions,
        problems=problem_figures(ds, day, previous),
        approvals_done=done,
        approvals_overdue=overdue,
        lagging=lagging,
        late=late_reporters(ds, table),
        cases=supervision(ds, table, lagging, previous),
        elements=elements,
        rule=rule_of(ds.config),
    )


def bulletin_months(ds: Dataset) -> list[str]:
    """Months with data, up to the report month (a bulletin is never about the future)."""
    last = month_key(ds.config.report_date.end())
    return [m for m in ds.months if m <= last]
