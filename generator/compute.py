"""The numbers pages share, computed once per audience from that audience's data view."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import metrics
from .charts import ChartCache
from .load import Dataset


@dataclass
class Computed:
    ds: Dataset
    table: pd.DataFrame  # one row per project at the report date (metrics.project_table)
    region: dict[str, Any]  # the whole region's summary
    monthly: pd.DataFrame  # twelve months per project (metrics.monthly_by_project)
    targets: list[metrics.TargetResult]
    lagging: list[metrics.LagEntry]
    late: list[metrics.LateReporter]
    charts: ChartCache = field(repr=False)
    _rows: dict[str, Any] | None = field(default=None, init=False, repr=False)

    def summarise(self, members: pd.DataFrame) -> dict[str, Any]:
        """Totals and rates for a set of projects (rows of ``table``)."""
        return metrics.summarise(members)

    def project_series(self, code: str) -> pd.DataFrame:
        # Row positions per project, found once: a filter per page is quadratic in projects.
        if self._rows is None:
            self._rows = self.monthly.groupby("project", sort=False).indices
        rows = self.monthly.iloc[self._rows.get(code, [])]
        return rows.drop(columns="project").reset_index(drop=True)


def compute(ds: Dataset, chart_cache: Path | None = None) -> Computed:
    table = metrics.project_table(ds)
    records = metrics.records_frame(ds)
    return Computed(
        ds=ds,
        table=table,
        region=metrics.summarise(table),
        monthly=metrics.monthly_by_project(ds, records=records),
        targets=metrics.evaluate_targets(ds, table),
        lagging=metrics.lagging_projects(ds, table),
        late=metrics.late_reporters(ds, table),
        charts=ChartCache(chart_cache),
    )
