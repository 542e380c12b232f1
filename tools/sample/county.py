"""The county being invented (``County``) and what is decided about each project (``Spec``).

``County`` holds the one ``random.Random`` every value is drawn from, the report month and
the project specs drawn so far; the other modules are functions over it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from generator.model import vocab
from generator.model.dates import PartialDate

from .basics import month_index
from .kinds import Template
from .names import COUNTY_UNITS, COUNTY_WIDE, FISCAL_SOURCES, PARK, TOWNS


@dataclass
class MonthRecord:
    """One project's line in one monthly progress table."""

    index: int
    completed: float
    cumulative: float | None
    started: bool
    progress: str
    arrived: float | None = None
    disbursed: float | None = None


@dataclass
class Spec:
    """Everything decided about one project before it is written out."""

    tpl: Template
    domain: str
    stage: str
    total: float
    level: str = "县重点"
    code: str = ""
    name: str = ""
    township: str = ""
    owner: str = ""
    department: str = ""
    leader: str | None = None
    task_force: str | None = None
    batch: str | None = None
    gov: bool = False
    funding: list[tuple[str, float, str | None]] = field(default_factory=list)
    annual_plan: dict[int, float] = field(default_factory=dict)
    planned_start: str | None = None
    start: tuple[int, int] | None = None  # (month index, day)
    planned_completion: str | None = None
    completion: tuple[int, int] | None = None
    planned_start_index: int | None = None
    planned_completion_index: int | None = None
    ctx: dict[str, Any] = field(default_factory=dict)
    pace: str = "normal"
    months: list[MonthRecord] = field(default_factory=list)
    done_total: float = 0.0
    public: bool | None = None
    withhold_reason: str | None = None
    notes: str | None = None
    special: str | None = None

    @property
    def started(self) -> bool:
        return self.stage in vocab.STARTED_STAGES

    @property
    def completed(self) -> bool:
        return self.stage in vocab.COMPLETED_STAGES

    def fiscal(self) -> float:
        return sum(a for s, a, _ in self.funding if s in FISCAL_SOURCES)

    def has(self, *sources: str) -> bool:
        return any(s in sources and a > 0 for s, a, _ in self.funding)


class County:
    """The county being invented and what has been drawn for it so far.

    Every value comes from ``rng``, so the functions that draw must run in a fixed order
    (``write.write_dataset`` keeps it). Months are ``month_index`` integers.
    """

    def __init__(self, n: int, seed: int, months: int, report_date: str, sample: bool) -> None:
        if n < 1:
            raise ValueError(f"n must be at least 1 (got {n})")
        if months < 1:
            raise ValueError(f"months must be at least 1 (got {months})")
        self.rng = random.Random(seed)
        self.seed = seed
        self.n = n
        self.sample = sample
        self.report = PartialDate.parse(report_date)
        self.report_day = self.report.end()
        self.R = month_index(self.report.year, self.report.month)  # the report month
        self.Y = self.report.year  # the report year
        self.first = self.R - months + 1  # first month file
        self.elapsed = self.report.month / 12  # 序时进度 at month end
        towns = TOWNS[:10] if sample or n <= 200 else TOWNS
        self.towns = [name for _, name in towns]
        self.township_rows = [*towns, PARK, COUNTY_WIDE]
        self.used_names: dict[str, int] = {}
        self.tpl_use: dict[str, int] = {}
        self.specs: list[Spec] = []

    def units(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for code, name, aliases, kind in COUNTY_UNITS:
            row: dict[str, Any] = {"code": code, "name": name}
            if aliases:
                row["aliases"] = list(aliases)
            row["kind"] = kind
            rows.append(row)
        for code, name in self.township_rows[: len(self.towns)]:
            full = f"{name}办事处" if name.endswith("街道") else f"{name}人民政府"
            alias = f"{name}办" if name.endswith("街道") else f"{name}政府"
            rows.append({"code": f"{code}-gov", "name": full, "aliases": [alias], "kind": "乡镇"})
        return rows

    def town_unit(self, town: str) -> str:
        if town in self.towns:
            return f"{town}办事处" if town.endswith("街道") else f"{town}人民政府"
        return "县工管委" if town == PARK[1] else "县发展改革局"
