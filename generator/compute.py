"""The numbers pages share, computed once per audience from that audience's data view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import metrics
from .load import Dataset


@dataclass
class Computed:
    ds: Dataset
    table: pd.DataFrame  # one row per project at the report date (metrics.project_table)
    region: dict[str, Any]  # the whole region's summary row

    def summarise(self, members: pd.DataFrame) -> dict[str, Any]:
        """Totals and rates for a set of projects (rows of ``table``)."""
        return metrics.group_summary(members, None).iloc[0].to_dict()


def compute(ds: Dataset) -> Computed:
    table = metrics.project_table(ds)
    region = metrics.group_summary(table, None).iloc[0].to_dict()
    return Computed(ds=ds, table=table, region=region)
