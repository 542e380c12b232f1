"""Projects with a yellow or red light, each with the reasons for it, and late reporters.

A project's light is the worst of its reasons (``figures.lights`` has the rule), each of
which carries its own light; a red project is a 挂牌督办 candidate, a yellow one is warned.
The project table works out the light; this module says why, with the same functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from generator.figures.approvals import approval_dates, done_by
from generator.figures.lights import (
    RED,
    SEVERITY,
    YELLOW,
    Rule,
    deadline_light,
    progress_light,
    rule_of,
    share_of_schedule,
    start_light,
)
from generator.figures.rates import missing
from generator.figures.table import plain_rows, report_date
from generator.model.dataset import Dataset
from generator.model.dates import PartialDate
from generator.model.models import Approval, Project


@dataclass(frozen=True)
class BehindSchedule:
    """投资完成率 behind 序时进度 far enough for a yellow or red light."""

    completion_rate: float
    schedule_rate: float
    lag_pp: float
    not_reported: bool  # no record this month: the figures are those last reported
    light: str = YELLOW
    share: float | None = None  # 完成率 as a percentage of 序时 (what the share basis compares)


@dataclass(frozen=True)
class NotStarted:
    """Planned to start by now, not started."""

    light: ClassVar[str] = RED
    planned_start: PartialDate
    day: dt.date


@dataclass(frozen=True)
class StartDueSoon:
    """Planned to start within the warning days, not started yet."""

    light: ClassVar[str] = YELLOW
    planned_start: PartialDate
    days_left: int


@dataclass(frozen=True)
class ApprovalOverdue:
    """An approval past its deadline, not done at the day (``approvals.is_overdue``)."""

    light: ClassVar[str] = RED
    approval: Approval


@dataclass(frozen=True)
class ApprovalDueSoon:
    """An approval due within the warning days, not done yet."""

    light: ClassVar[str] = YELLOW
    approval: Approval
    days_left: int


LagReason = BehindSchedule | NotStarted | StartDueSoon | ApprovalOverdue | ApprovalDueSoon


@dataclass(frozen=True)
class LagEntry:
    """A project with a yellow or red light: why, and who answers for it."""

    code: str
    name: str
    department: str
    leader: str | None
    township: str
    status: str
    lag_pp: float | None
    light: str = YELLOW
    reasons: list[LagReason] = field(default_factory=list)

    @property
    def candidate(self) -> bool:
        """Red: a 挂牌督办 candidate (a yellow light is a warning)."""
        return self.light == RED


@dataclass(frozen=True)
class LateReporter:
    code: str
    name: str
    department: str
    leader: str | None
    last_reported: str | None  # YYYY-MM, None when it never reported


def rule_from(ds: Dataset, table: pd.DataFrame) -> Rule:
    rule = table.attrs.get("light_rule")
    return rule if isinstance(rule, Rule) else rule_of(ds.config)


def light_reasons(project: Project, row: dict[str, object], day: dt.date,
                  rule: Rule) -> list[LagReason]:
    """Why a project's light (``row`` is its project-table row) is yellow or red: each
    component that is not green, progress first, then the start, then approvals in file
    order."""
    reasons: list[LagReason] = []
    lag = None if missing(row["lag_pp"]) else float(row["lag_pp"])  # type: ignore[arg-type]
    if row["started"] and lag is not None:
        completion, schedule = float(row["completion_rate"]), float(row["schedule_rate"])  # type: ignore[arg-type]
        light = progress_light(completion, schedule, rule)
        if light in (YELLOW, RED):
            share = share_of_schedule(completion, schedule) if rule.basis == "share" else None
            reasons.append(BehindSchedule(completion, schedule, lag, row["status"] == "未报送",
                                          str(light), share))
    planned = project.dates.planned_start
    if planned is not None:
        light = start_light(planned.end(), bool(row["started"]), day, rule.warning_days)
        if light == RED:
            reasons.append(NotStarted(planned, day))
        elif light == YELLOW:
            reasons.append(StartDueSoon(planned, (planned.end() - day).days))
    for approval in project.approvals:
        dates = approval_dates(approval)
        light = deadline_light(dates[0], done_by(dates, day), day, rule.warning_days)
        if light == RED:
            reasons.append(ApprovalOverdue(approval))
        elif light == YELLOW and dates[0] is not None:
            reasons.append(ApprovalDueSoon(approval, (dates[0] - day).days))
    return reasons


def lagging_projects(ds: Dataset, table: pd.DataFrame) -> list[LagEntry]:
    """Projects whose light is yellow or red, with why: red first, then the most reasons,
    then the largest lag, then by code."""
    day = report_date(table)
    rule = rule_from(ds, table)
    entries = []
    columns = ["lag_pp", "started", "status", "completion_rate", "schedule_rate", "light"]
    for code, row in zip(table.index, plain_rows(table[columns]), strict=True):
        if row["light"] not in (YELLOW, RED):
            continue
        project = ds.projects[str(code)]
        reasons = light_reasons(project, row, day, rule)
        lag = None if missing(row["lag_pp"]) else float(row["lag_pp"])
        entries.append(LagEntry(str(code), project.name, project.department, project.leader,
                                project.township, str(row["status"]), lag, str(row["light"]),
                                reasons))
    entries.sort(key=lambda e: (-SEVERITY[e.light], -len(e.reasons),
                                e.lag_pp if e.lag_pp is not None else 0.0, e.code))
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
