"""月度通报: the figures of a county 重大办's monthly bulletin, at one month-end.

Pure functions over a ``Dataset`` (whatever audience's view it is): every figure comes from
``metrics`` — ``project_table`` at the month-end and at the previous month-end, then
``summarise`` / ``group_summary`` / ``problem_counts`` / ``lagging_projects`` /
``late_reporters`` on those tables — so a bulletin always agrees with the site's pages for the
same month. This module only selects, ranks and words them; ``pages.bulletins`` lays them out.

Conventions (see ``metrics`` for the figures themselves):

* The bulletin of month ``YYYY-MM`` is as at that month's last day; "this month" is the span
  after the previous month-end up to it.
* A start or completion "this month" is an actual start / completion date in the month; a
  project with no actual start date counts as started in the first month a record says 已开工.
* Approvals are judged as at the month-end: done this month = 办结 in the month; overdue =
  deadline passed by the month-end and not 办结 by then.
* Rankings are competition ranks (1, 2, 2, 4) on the shown (rounded) figures, best first;
  a group without the figure (no plan, nothing due) is not ranked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from generator.figures import metrics
from generator.figures.metrics import LagEntry, LateReporter
from generator.model.dataset import Dataset
from generator.model.dates import PartialDate, month_end
from generator.model.models import Approval
from generator.model.vocab import PROBLEM_KINDS
from generator.present.formatting import money, pct

REGION_SUFFIXES = ("县", "市", "区", "旗", "省", "州", "盟")


# ---------------------------------------------------------------- small helpers


def previous_month_end(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


def period_label(day: dt.date) -> str:
    """1—10月 (an em dash, as bulletins print it); 1月 for January."""
    return f"1—{day.month}月" if day.month > 1 else "1月"


def region_word(region: str) -> str:
    """全县 for 示例县, 全市 for a city: what a bulletin calls the whole region."""
    return f"全{region[-1]}" if region and region[-1] in REGION_SUFFIXES else region


def slug(name: str) -> str:
    """A stable, short ASCII path segment for a name (a leader, a task force).

    A hash, so that no data value chooses a path and the same name keeps its address.
    """
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def points_text(value: float) -> str:
    """Percentage points as bulletins write them: 2.3, 0.5, 3 (no trailing .0)."""
    text = str(Decimal(repr(abs(float(value)))).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return text[:-2] if text.endswith(".0") else text


def compare_to_schedule(lag_pp: float) -> str:
    """高于序时进度X个百分点 / 低于… / 与序时进度持平, from the lag rounded to 0.1 point."""
    lag_pp = metrics.points(lag_pp)
    if lag_pp > 0:
        return f"高于序时进度{points_text(lag_pp)}个百分点"
    if lag_pp < 0:
        return f"低于序时进度{points_text(lag_pp)}个百分点"
    return "与序时进度持平"


def progress_sentence(
    period: str,
    subject: str,
    completed: float,
    plan: float,
    completion_rate: float | None,
    schedule_rate: float,
) -> str:
    """1—10月，全县重点项目累计完成投资45.32亿元，占年度计划的83.5%，高于序时进度0.2个百分点。

    ``completion_rate`` and ``schedule_rate`` are fractions (as ``metrics`` gives them); the
    comparison uses the lag in points rounded as ``metrics.project_table`` rounds it, so the
    words always agree with the figures printed beside them.
    """
    head = f"{period}，{subject}累计完成投资{money(completed)}"
    if completion_rate is None or _missing(completion_rate) or plan <= 0:
        return f"{head}（未安排年度计划投资）。"
    lag = metrics.points((completion_rate - schedule_rate) * 100)
    return f"{head}，占年度计划的{pct(completion_rate)}，{compare_to_schedule(lag)}。"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> float | None:
    return None if _missing(value) else float(value)  # type: ignore[arg-type]


def competition_ranks(values: list[float | None]) -> list[int | None]:
    """1, 2, 2, 4 for values sorted best (largest) first; None stays unranked.

    >>> competition_ranks([5.0, 3.0, 3.0, 1.0, None])
    [1, 2, 2, 4, None]
    """
    present = sorted((v for v in values if v is not None), reverse=True)
    first = {}
    for i, v in enumerate(present, start=1):
        first.setdefault(v, i)
    return [None if v is None else first[v] for v in values]


# ---------------------------------------------------------------- tables at month-ends


# (code, project name, approval, done day if 已办结, deadline's last day)
ApprovalDates = tuple[str, str, Approval, dt.date | None, dt.date | None]


class Tables:
    """What every month's bulletin reads from one data set, each computed once:
    ``metrics.project_table`` at month-ends and the monthly records in their order."""

    KEEP = 2  # tables kept: bulletins go month by month

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self._tables: dict[dt.date, pd.DataFrame] = {}
        self._progress: dict[str, dict[str, str | None]] | None = None
        self._first_started: dict[str, str] | None = None
        self._approvals: list[ApprovalDates] | None = None

    def at(self, day: dt.date) -> pd.DataFrame:
        if day not in self._tables:
            if len(self._tables) >= self.KEEP:  # a table per month of 10⁴ projects adds up
                del self._tables[next(iter(self._tables))]
            self._tables[day] = metrics.project_table(self.ds, day)
        return self._tables[day]

    def month_progress(self, month: str) -> dict[str, str | None]:
        """形象进度 text by project in ``month``'s records (the first accepted record wins)."""
        if self._progress is None:
            self._progress = {}
            for record in metrics.counted_records(self.ds):
                self._progress.setdefault(record.month, {})[record.data.project] = (
                    record.data.progress)
        return self._progress.get(month, {})

    def approvals(self) -> list[ApprovalDates]:
        """(code, project name, approval, done day if 已办结, deadline's last day) of every
        approval, by project code then file order: dates worked out once, not monthly."""
        if self._approvals is None:
            self._approvals = [
                (code, p.name, a,
                 a.done.start() if a.status == "已办结" and a.done is not None else None,
                 a.deadline.end() if a.deadline is not None else None)
                for code, p in self.ds.projects.items() for a in p.approvals
            ]  # fmt: skip
        return self._approvals

    def first_started(self) -> dict[str, str]:
        if self._first_started is None:
            self._first_started = first_started_record(self.ds)
        return self._first_started


# ---------------------------------------------------------------- the bulletin's parts


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


@dataclass(frozen=True)
class Event:
    code: str
    name: str
    township: str
    date: PartialDate | None  # None: started by record, no actual date given


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


@dataclass(frozen=True)
class ApprovalLine:
    code: str
    name: str
    approval: str
    authority: str
    deadline: PartialDate | None
    done: PartialDate | None
    note: str


@dataclass(frozen=True)
class Bulletin:
    month: str  # YYYY-MM
    day: dt.date
    previous_day: dt.date
    region: str
    period: str  # 1—10月
    subject: str  # 全县重点项目
    table: pd.DataFrame = field(repr=False)
    overall: dict[str, object] = field(repr=False)
    headline: str = ""
    month_sentence: str = ""
    start_sentence: str = ""
    completion_sentence: str = ""
    funds_sentence: str = ""
    domain_sentence: str = ""
    township_sentence: str = ""
    by_domain: list[GroupLine] = field(default_factory=list)
    by_township: list[GroupLine] = field(default_factory=list)
    big_projects: list[ProjectLine] = field(default_factory=list)
    big_threshold: float = 100000
    starts: list[Event] = field(default_factory=list)
    completions: list[Event] = field(default_factory=list)
    problems: Problems | None = None
    approvals_done: list[ApprovalLine] = field(default_factory=list)
    approvals_overdue: list[ApprovalLine] = field(default_factory=list)
    supervised: list[LagEntry] = field(default_factory=list)
    late: list[LateReporter] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.day.year

    @property
    def title_month(self) -> str:
        return f"{self.day.year}年{self.day.month}月"


def ranked_groups(table: pd.DataFrame, by: str) -> list[GroupLine]:
    """``group_summary(table, by)`` ranked by investment completed this year, largest first."""
    summary = metrics.group_summary(table, by)
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
            completion_rate=_number(row["completion_rate"]),
            lag_pp=_number(row["lag_pp"]),
        )
        for rank, (_, row) in zip(ranks, metrics.table_rows(ordered), strict=True)
    ]


def _leaders_sentence(label: str, lines: list[GroupLine]) -> str:
    top = [g for g in lines if g.completed_ytd > 0][:3]
    if not top:
        return ""
    names = "、".join(g.group for g in top)
    amounts = "、".join(money(g.completed_ytd) for g in top)
    rank_word = {1: "居首位", 2: "居前两位", 3: "居前三位"}[len(top)]
    tail = "为" if len(top) == 1 else "分别为"
    return f"分{label}看，{names}完成投资{rank_word}，{tail}{amounts}。"


def first_started_record(ds: Dataset) -> dict[str, str]:
    """The first month each project's records say 已开工."""
    out: dict[str, str] = {}
    for record in sorted(ds.records, key=lambda r: (r.month, r.row)):
        if record.data.started is True:
            out.setdefault(record.data.project, record.month)
    return out


def events(ds: Dataset, month: str, tables: Tables | None = None
           ) -> tuple[list[Event], list[Event]]:
    """(starts, completions) in ``month``, by code."""
    first_started = (tables or Tables(ds)).first_started()
    starts, completions = [], []
    for code, p in ds.projects.items():
        actual = p.dates.actual_start
        if actual is not None:
            if metrics.month_key(actual.start()) == month:
                starts.append(Event(code, p.name, p.township, actual))
        elif first_started.get(code) == month:
            starts.append(Event(code, p.name, p.township, None))
        done = p.dates.actual_completion
        if done is not None and metrics.month_key(done.start()) == month:
            completions.append(Event(code, p.name, p.township, done))
    return starts, completions


def problem_figures(ds: Dataset, day: dt.date, previous: dt.date) -> Problems:
    """Received and resolved this month and in total, overall and by kind."""
    received, resolved, open_ = metrics.problem_counts(ds.problems, day)
    received_before, resolved_before, _ = metrics.problem_counts(ds.problems, previous)
    by_kind = []
    for kind in PROBLEM_KINDS:
        of_kind = [p for p in ds.problems if p.kind == kind]
        r, s, o = metrics.problem_counts(of_kind, day)
        rb, sb, _ = metrics.problem_counts(of_kind, previous)
        if r:
            by_kind.append(ProblemKind(kind, r - rb, s - sb, r, s, o))
    return Problems(
        received_month=received - received_before,
        resolved_month=resolved - resolved_before,
        received_total=received,
        resolved_total=resolved,
        open_total=open_,
        resolution_rate=metrics.rate(resolved, received),
        by_kind=by_kind,
    )


def approvals_as_of(
    ds: Dataset, month: str, day: dt.date, tables: Tables | None = None
) -> tuple[list[ApprovalLine], list[ApprovalLine]]:
    """(done this month, overdue at the month-end), by project code then file order."""
    done_lines, overdue_lines = [], []
    for code, name, a, done, deadline in (tables or Tables(ds)).approvals():
        done_by_day = done is not None and done <= day
        if done_by_day and metrics.month_key(done) == month:
            note = f"批复文号{a.document}" if a.document else ""
            done_lines.append(
                ApprovalLine(code, name, a.name or a.kind, a.authority, a.deadline, a.done, note)
            )
        elif not done_by_day and deadline is not None and deadline < day:
            overdue_lines.append(
                ApprovalLine(code, name, a.name or a.kind, a.authority, a.deadline, None,
                             f"已逾期{(day - deadline).days}天")
            )
    return done_lines, overdue_lines


def big_project_lines(ds: Dataset, table: pd.DataFrame, month: str,
                      tables: Tables | None = None) -> list[ProjectLine]:
    threshold = ds.config.big_project_threshold
    progress = (tables or Tables(ds)).month_progress(month)
    big = table[table["total_investment"] >= threshold]
    big = big.sort_values(["total_investment"], ascending=False, kind="stable")
    lines = []
    for code, row in metrics.table_rows(big):
        code = str(code)
        text = progress.get(code) or ds.projects[code].progress
        lines.append(
            ProjectLine(
                code=code,
                name=str(row["name"]),
                township=str(row["township"]),
                total_investment=float(row["total_investment"]),
                annual_plan=float(row["annual_plan"]),
                completed_month=_number(row["completed_month"]),
                completed_ytd=float(row["completed_ytd"]),
                completion_rate=_number(row["completion_rate"]),
                lag_pp=_number(row["lag_pp"]),
                status=str(row["status"]),
                progress=text,
            )
        )
    return lines


def bulletin(
    ds: Dataset, month: str, tables: Tables | None = None, subject: str | None = None
) -> Bulletin:
    """The bulletin of ``month`` (YYYY-MM) from ``ds``: figures at the month's last day."""
    tables = tables or Tables(ds)
    day = month_end(month)
    previous = previous_month_end(day)
    table = tables.at(day)
    overall = metrics.summarise(table)
    period = period_label(day)
    region = ds.config.region
    subject = subject or f"{region_word(region)}重点项目"

    completion = _number(overall["completion_rate"])
    headline = progress_sentence(
        period,
        subject,
        float(overall["completed_ytd"]),
        float(overall["annual_plan"]),
        completion,
        float(overall["schedule_rate"]),
    )
    reporting = int(table["reported"].sum())
    month_sentence = (
        f"{day.month}月份，{reporting}个项目报送调度数据，当月完成投资"
        f"{money(float(overall['completed_month']))}。"
    )
    due = int(overall["planned_started"])
    started_due = int((table["started"] & table["planned_started"]).sum())
    start_sentence = (
        f"截至{day.month}月底，计划开工的{due}个项目已开工{started_due}个，开工率"
        f"{pct(_number(overall['start_rate']))}。"
        if due
        else f"截至{day.month}月底，暂无到期应开工项目。"
    )
    completion_due = int(overall["planned_completed"])
    completed_due = int((table["completed"] & table["planned_completed"]).sum())
    completion_sentence = (
        f"计划竣工的{completion_due}个项目已竣工{completed_due}个，竣工率"
        f"{pct(_number(overall['completion_count_rate']))}。"
        if completion_due
        else ""
    )
    funds_parts = []
    if float(overall["funds_planned"]) > 0:
        funds_parts.append(
            f"累计到位资金{money(float(overall['funds_arrived_total']))}，资金到位率"
            f"{pct(_number(overall['funds_arrival_rate']))}"
        )
    if float(overall["disbursement_allocated"]) > 0:
        funds_parts.append(
            f"中央预算内投资和专项债券资金累计拨付{money(float(overall['funds_disbursed_total']))}，"
            f"拨付率{pct(_number(overall['disbursement_rate']))}"
        )
    funds_sentence = "；".join(funds_parts) + "。" if funds_parts else ""

    by_domain = ranked_groups(table, "domain")
    by_township = ranked_groups(table, "township")
    starts, completions = events(ds, month, tables)
    done, overdue = approvals_as_of(ds, month, day, tables)
    return Bulletin(
        month=month,
        day=day,
        previous_day=previous,
        region=region,
        period=period,
        subject=subject,
        table=table,
        overall=overall,
        headline=headline,
        month_sentence=month_sentence,
        start_sentence=start_sentence,
        completion_sentence=completion_sentence,
        funds_sentence=funds_sentence,
        domain_sentence=_leaders_sentence("领域", by_domain),
        township_sentence=_leaders_sentence("乡镇", by_township),
        by_domain=by_domain,
        by_township=by_township,
        big_projects=big_project_lines(ds, table, month, tables),
        big_threshold=ds.config.big_project_threshold,
        starts=starts,
        completions=completions,
        problems=problem_figures(ds, day, previous),
        approvals_done=done,
        approvals_overdue=overdue,
        supervised=metrics.lagging_projects(ds, table),
        late=metrics.late_reporters(ds, table),
    )


def bulletin_months(ds: Dataset) -> list[str]:
    """Months with data, up to the report month (a bulletin is never about the future)."""
    last = metrics.month_key(ds.config.report_date.end())
    return [m for m in ds.months if m <= last]


# ---------------------------------------------------------------- rankings (赛马)


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    change: int | None  # places gained since last month (+2), lost (−1); None if unranked
    value: float | None


@dataclass(frozen=True)
class RankRow:
    group: str
    projects: int
    completed_ytd: float
    completion_rate: float | None
    lag: Ranked  # 较序时 (percentage points)
    start: Ranked  # 开工率
    resolution: Ranked  # 问题解决率
    open_problems: int


RANK_KEYS: dict[str, str] = {
    "lag": "lag_pp",
    "start": "start_rate",
    "resolution": "problem_resolution_rate",
}


def _ranks_by_group(summary: pd.DataFrame, column: str) -> dict[str, int | None]:
    values = [_number(v) for v in summary[column]]
    return dict(zip(summary["group"], competition_ranks(values), strict=True))


def rankings(table: pd.DataFrame, previous: pd.DataFrame | None, by: str) -> list[RankRow]:
    """Groups of ``by`` (township, department …) ranked on 较序时, 开工率 and 问题解决率,
    with the change of each rank since ``previous`` (last month's table); best 较序时 first."""
    now = metrics.group_summary(table, by)
    now = now[now["projects"] > 0].reset_index(drop=True)
    before = None
    if previous is not None:
        before = metrics.group_summary(previous, by)
        before = before[before["projects"] > 0].reset_index(drop=True)
    ranks = {key: _ranks_by_group(now, column) for key, column in RANK_KEYS.items()}
    earlier = (
        {key: _ranks_by_group(before, column) for key, column in RANK_KEYS.items()}
        if before is not None
        else {key: {} for key in RANK_KEYS}
    )

    def ranked(key: str, group: str, value: object) -> Ranked:
        rank = ranks[key][group]
        was = earlier[key].get(group)
        change = None if rank is None or was is None else was - rank
        return Ranked(rank, change, _number(value))

    rows = [
        RankRow(
            group=str(row["group"]),
            projects=int(row["projects"]),
            completed_ytd=float(row["completed_ytd"]),
            completion_rate=_number(row["completion_rate"]),
            lag=ranked("lag", row["group"], row["lag_pp"]),
            start=ranked("start", row["group"], row["start_rate"]),
            resolution=ranked("resolution", row["group"], row["problem_resolution_rate"]),
            open_problems=int(row["open_problems"]),
        )
        for _, row in metrics.table_rows(now)
    ]
    far = 10**9
    rows.sort(key=lambda r: (r.lag.rank if r.lag.rank is not None else far, r.group))
    return rows


def rank_change_text(change: int | None) -> str:
    """↑2 / ↓1 / 持平 / — (no rank now or last month)."""
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "持平"


def members(table: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Rows of ``table`` whose ``column`` (leader, task_force) is ``value``; attrs kept."""
    out = table[table[column] == value]
    out.attrs = table.attrs
    return out


def names(table: pd.DataFrame, column: str) -> list[str]:
    """The distinct non-empty values of a column, sorted."""
    return sorted({str(v) for v in table[column] if isinstance(v, str) and v})
