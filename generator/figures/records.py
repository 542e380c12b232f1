"""The monthly records that count, as a list and as a frame.

Records for unknown projects, or repeating a (month, project) pair, are not counted; of a
repeated pair the one validation accepts (first by month, then row) counts, so nothing is
counted twice. (Each figure then takes the months up to its own day.) Every figure, the
change report included, starts here.
"""

from __future__ import annotations

import pandas as pd

from generator.figures.rates import nan
from generator.model.dataset import Dataset, Record

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


def records_frame(ds: Dataset) -> pd.DataFrame:
    """One row per counted record, sorted by project and month (a copy: callers may add
    columns)."""
    return ds.derive("records-frame", _records_frame).copy()


def shared_records_frame(ds: Dataset) -> pd.DataFrame:
    """``records_frame`` without the copy, for readers that change nothing."""
    return ds.derive("records-frame", _records_frame)


def counted_records(ds: Dataset) -> list[Record]:
    """The monthly records that count, in validation's order (month, then row): one per
    (month, project), the first one wins, and only for known projects."""
    return ds.derive("counted-records", _counted_records)


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
                nan(r.cumulative),
                r.started,
                nan(r.funds_arrived),
                nan(r.funds_disbursed),
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


def totals_since_start(records: pd.DataFrame) -> pd.Series:
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


def first_started_record(ds: Dataset) -> dict[str, str]:
    """The first month each project's records say 已开工."""
    out: dict[str, str] = {}
    for record in sorted(ds.records, key=lambda r: (r.month, r.row)):
        if record.data.started is True:
            out.setdefault(record.data.project, record.month)
    return out


