"""The numbers pages share, computed once per audience from that audience's data view."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from generator.figures import metrics
from generator.model.dataset import Dataset
from generator.present.charts import ChartCache


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
    _months: dict[str, list[dict[str, Any]]] | None = field(default=None, init=False, repr=False)
    _records: dict[str, dict[str, Any]] | None = field(default=None, init=False, repr=False)

    def summarise(self, members: pd.DataFrame) -> dict[str, Any]:
        """Totals and rates for a set of projects (rows of ``table``)."""
        return metrics.summarise(members)

    def project_row(self, code: str) -> dict[str, Any]:
        """One project's row of ``table`` as plain values (a pandas row per page is slow)."""
        if self._records is None:
            self._records = dict(metrics.table_rows(self.table))
        return self._records[code]

    def project_series(self, code: str) -> list[dict[str, Any]]:
        """One project's twelve months of ``monthly``, as plain rows, split once for all."""
        if self._months is None:
            self._months = {}
            for row in self.monthly.to_dict("records"):
                self._months.setdefault(row.pop("project"), []).append(row)
        return self._months.get(code, [])


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
