"""The numbers pages share, computed once per audience from that audience's data view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from generator.figures.groups import summarise
from generator.figures.lagging import LagEntry, LateReporter, lagging_projects, late_reporters
from generator.figures.records import records_frame
from generator.figures.series import monthly_by_project
from generator.figures.table import plain_rows, project_table, table_rows
from generator.figures.targets import TargetResult, evaluate_targets
from generator.model.dataset import Dataset


@dataclass
class Computed:
    ds: Dataset
    table: pd.DataFrame  # one row per project at the report date (project_table)
    region: dict[str, Any]  # the whole region's summary
    monthly: pd.DataFrame  # twelve months per project (monthly_by_project)
    targets: list[TargetResult]
    lagging: list[LagEntry]
    late: list[LateReporter]
    _months: dict[str, list[dict[str, Any]]] | None = field(default=None, init=False, repr=False)
    _records: dict[str, dict[str, Any]] | None = field(default=None, init=False, repr=False)

    def summarise(self, members: pd.DataFrame) -> dict[str, Any]:
        """Totals and rates for a set of projects (rows of ``table``)."""
        return summarise(members)

    def project_row(self, code: str) -> dict[str, Any]:
        """One project's row of ``table`` as plain values (a pandas row per page is slow)."""
        if self._records is None:
            self._records = dict(table_rows(self.table))
        return self._records[code]

    def project_series(self, code: str) -> list[dict[str, Any]]:
        """One project's twelve months of ``monthly``, as plain rows, split once for all."""
        if self._months is None:
            self._months = {}
            for row in plain_rows(self.monthly):
                self._months.setdefault(row.pop("project"), []).append(row)
        return self._months.get(code, [])


def compute(ds: Dataset, full: Dataset | None = None) -> Computed:
    """``full``: for the public site (``ds`` its view), the complete data set, from which
    only the county totals of targets that may be published are taken."""
    table = project_table(ds)
    records = records_frame(ds)
    return Computed(
        ds=ds,
        table=table,
        region=summarise(table),
        monthly=monthly_by_project(ds, records=records),
        targets=evaluate_targets(ds, table, full),
        lagging=lagging_projects(ds, table),
        late=late_reporters(ds, table),
    )
