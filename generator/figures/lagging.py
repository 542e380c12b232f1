"""挂牌督办 candidates (why each lags, who answers for it) and late reporters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from generator.figures.approvals import overdue_approvals
from generator.figures.rates import missing
from generator.figures.table import plain_rows, report_date
from generator.model.dataset import Dataset
from generator.model.dates import PartialDate
from generator.model.models import Approval


@dataclass(frozen=True)
class BehindSchedule:
    """投资完成率 more than the tolerance below 序时进度."""

    completion_rate: float
    schedule_rate: float
    lag_pp: float
    not_reported: bool  # no record this month: the figures are those last reported


@dataclass(frozen=True)
class NotStarted:
    """Planned to start by now, not started."""

    planned_start: PartialDate
    day: dt.date


@dataclass(frozen=True)
class ApprovalOverdue:
    """An approval past its deadline, not done at the day (``approvals.is_overdue``)."""

    approval: Approval


LagReason = BehindSchedule | NotStarted | ApprovalOverdue


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
    reasons: list[LagReason] = field(default_factory=list)


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
    day = report_date(table)
    tolerance = table.attrs.get("lag_tolerance", ds.config.lag_tolerance)
    entries = []
    columns = ["lag_pp", "started", "status", "completion_rate", "schedule_rate",
               "planned_started", "approvals_overdue"]
    for code, row in zip(table.index, plain_rows(table[columns]), strict=True):
        project = ds.projects[str(code)]
        reasons: list[LagReason] = []
        lag = None if missing(row["lag_pp"]) else float(row["lag_pp"])
        if lag is not None and lag < -tolerance and row["started"]:
            reasons.append(BehindSchedule(float(row["completion_rate"]),
                                          float(row["schedule_rate"]), lag,
                                          row["status"] == "未报送"))
        planned = project.dates.planned_start
        if planned is not None and row["planned_started"] and not row["started"]:
            reasons.append(NotStarted(planned, day))
        if row["approvals_overdue"]:  # counted by project_table; listed only for those
            reasons += [ApprovalOverdue(a) for a in overdue_approvals(project, day)]
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


