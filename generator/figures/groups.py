"""Totals and rates over groups of projects (rows of a project table).

A group's 序时进度 is the calendar's (report month / 12), as bulletins publish it, while
each project is held to its own construction window (``plan_window``); so a group can lag
when none of its projects does, which is what the region's figure means.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from generator.figures.lights import GREEN, RED, YELLOW, Rule, progress_light
from generator.figures.rates import (
    ALL,
    UNFILLED,
    missing,
    nan,
    points,
    progress_status,
    rate,
    schedule_rate,
)
from generator.figures.table import report_date
from generator.model import vocab
from generator.model.collation import pinyin_key

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
        self.day = report_date(table)
        self.tolerance = table.attrs.get("lag_tolerance", 5.0)
        self.values: dict[str, np.ndarray] = {}
        for name in _AMOUNTS:
            column = table[name].to_numpy(dtype="float64", na_value=np.nan)
            self.values[name] = np.where(np.isnan(column), 0.0, column)
        for name in _COUNTS:
            self.values[name] = table[name].to_numpy(dtype="int64")
        for name in _FLAGS:
            self.values[name] = table[name].to_numpy(dtype="bool")
        rule = table.attrs.get("light_rule")
        self.rule = rule if isinstance(rule, Rule) else None
        light = table["light"].to_numpy(dtype="object")
        for name in (RED, YELLOW, GREEN):
            self.values[f"lights_{name}"] = light == name
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
            "completion_rate": nan(completion),
            "schedule_rate": schedule,
            "lag_pp": math.nan if completion is None else points((completion - schedule) * 100),
            "status": progress_status(completion, schedule, self.tolerance),
            "started": count("started"),
            "planned_started": due,
            "start_rate": nan(rate(started_due, due)),
            "funds_arrived_total": arrived,
            "funds_planned": planned,
            "funds_arrival_rate": nan(rate(arrived, planned)),
            "funds_disbursed_total": disbursed,
            "disbursement_allocated": allocated,
            "disbursement_rate": nan(rate(disbursed, allocated)),
            "completed_projects": count("completed"),
            "planned_completed": completion_due,
            "completion_count_rate": nan(rate(completed_due, completion_due)),
            # The group's own light, on its rate against the calendar, and its projects'.
            "light": progress_light(completion, schedule, self.rule) if self.rule else None,
            "lights_red": count("lights_red"),
            "lights_yellow": count("lights_yellow"),
            "lights_green": count("lights_green"),
            "lagging": count("lagging"),
            "not_reported": count("not_reported"),
            "open_problems": count("open_problems"),
            "problems_total": received,
            "problems_resolved": resolved,
            "problem_resolution_rate": nan(rate(resolved, received)),
        }


def _group_order(table: pd.DataFrame, by: str, values: Iterable[str]) -> list[str]:
    """Vocabulary order where there is one, the configured township order, else by the
    pinyin of the name."""
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
    # names (units, leaders, task forces) by pinyin, as a reader looks them up
    rest = sorted((v for v in present - set(known) if v != UNFILLED),
                  key=lambda v: pinyin_key(v, person=by == "leader"))
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
        keys = table[by].map(lambda v: UNFILLED if missing(v) or v == "" else str(v))
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
    "light", "lights_red", "lights_yellow", "lights_green", "lagging", "not_reported",
    "open_problems", "problems_total", "problems_resolved",
    "problem_resolution_rate",
]  # fmt: skip


