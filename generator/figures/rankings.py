"""赛马: groups (townships, departments, leaders …) ranked on their figures, month on month.

Competition ranks (1, 2, 2, 4) on the shown (rounded) figures, best first; a group without
the figure (no plan, nothing due) is not ranked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.figures.groups import group_summary
from generator.figures.rates import number
from generator.figures.table import table_rows
from generator.model.collation import pinyin_key


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
    light: str | None = None  # the group's own light (its rate against 序时)
    red: int = 0  # its projects with a red light
    yellow: int = 0


RANK_KEYS: dict[str, str] = {
    "lag": "lag_pp",
    "start": "start_rate",
    "resolution": "problem_resolution_rate",
}


def _ranks_by_group(summary: pd.DataFrame, column: str) -> dict[str, int | None]:
    values = [number(v) for v in summary[column]]
    return dict(zip(summary["group"], competition_ranks(values), strict=True))


def rankings(table: pd.DataFrame, previous: pd.DataFrame | None, by: str) -> list[RankRow]:
    """Groups of ``by`` (township, department …) ranked on 较序时, 开工率 and 问题解决率,
    with the change of each rank since ``previous`` (last month's table); best 较序时 first."""
    now = group_summary(table, by)
    now = now[now["projects"] > 0].reset_index(drop=True)
    before = None
    if previous is not None:
        before = group_summary(previous, by)
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
        return Ranked(rank, change, number(value))

    rows = [
        RankRow(
            group=str(row["group"]),
            projects=int(row["projects"]),
            completed_ytd=float(row["completed_ytd"]),
            completion_rate=number(row["completion_rate"]),
            lag=ranked("lag", row["group"], row["lag_pp"]),
            start=ranked("start", row["group"], row["start_rate"]),
            resolution=ranked("resolution", row["group"], row["problem_resolution_rate"]),
            open_problems=int(row["open_problems"]),
            light=row["light"] if isinstance(row["light"], str) else None,
            red=int(row["lights_red"]),
            yellow=int(row["lights_yellow"]),
        )
        for _, row in table_rows(now)
    ]
    far = 10**9
    rows.sort(key=lambda r: (r.lag.rank if r.lag.rank is not None else far,
                             pinyin_key(r.group, person=by == "leader")))
    return rows


def members(table: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Rows of ``table`` whose ``column`` (leader, task_force) is ``value``; attrs kept."""
    out = table[table[column] == value]
    out.attrs = table.attrs
    return out


def names(table: pd.DataFrame, column: str) -> list[str]:
    """The distinct non-empty values of a column, by pinyin (leaders' surnames as such)."""
    return sorted({str(v) for v in table[column] if isinstance(v, str) and v},
                  key=lambda v: pinyin_key(v, person=column == "leader"))


