"""Month-by-month series for charts: completed, cumulative, plan and the 序时 line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from generator.figures.rates import month_key, plan_window, schedule_fraction
from generator.figures.records import records_frame
from generator.model.dataset import Dataset


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


