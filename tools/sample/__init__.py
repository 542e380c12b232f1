"""Seeded synthetic data: the sample county shipped in data/ and benchmark-sized ledgers.

``write_dataset`` builds a whole data/ directory for an invented county, 示例县, from one
``random.Random(seed)`` and nothing else (no clock, no ``hash()``, no set order), so the same
arguments give the same bytes on every machine. Everything is invented: names, companies,
leaders, document numbers. The shapes follow the seed texts in shared/seeds (seed 000's
攻坚目标 and 重点任务, seed 004's numbered plan with 牵头/配合 units on every task).

Usage::

    python -m tools.sample data --n 64 --sample
    python -m tools.sample /tmp/big --n 10000 --months 36
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import vocab
from generator.dates import PartialDate

from .kinds import (
    BY_DOMAIN,
    KM_COST,
    PHASES,
    PROBLEM_TEXTS,
    PRODUCTIVE_DOMAINS,
    RATIONALES,
    SCALES,
    SEASON,
    STOPPAGES,
    Template,
)
from .names import (
    ANIMALS,
    AREAS,
    BRANDS,
    BUILDERS,
    BUILDERS_BY_GROUP,
    CITY_TOWNS,
    COUNTY_UNITS,
    COUNTY_WIDE,
    CROPS,
    DEPARTMENTS,
    DESIGNERS,
    FIRM_PLACES,
    FISCAL_SOURCES,
    INDUSTRY_WORDS,
    IRRIGATION,
    LEADERS,
    LOGISTICS,
    ORDINALS,
    PARK,
    PRODUCTS,
    PRODUCTS2,
    REGION,
    RIVERS,
    ROADS,
    SCENIC,
    SOE,
    SUPERVISORS,
    TASK_FORCES,
    THRESHOLD,
    TOWNS,
)
from .plan_texts import (
    INTERNAL_NOTES,
    KUODA_SECTIONS,
    NOTE_TEXTS,
    WENJINGJI_SECTIONS,
    TaskRow,
)

# libyaml when present: ~10x faster for benchmark sizes; both emit the same text for the
# plain maps, lists, strings and numbers written here (checked by the tests).
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


def _mi(year: int, month: int) -> int:
    """Months as integers, so that month arithmetic is addition."""
    return year * 12 + month - 1


def _year(index: int) -> int:
    return index // 12


def _mon(index: int) -> int:
    return index % 12 + 1


def _month(index: int) -> str:
    return f"{_year(index):04d}-{_mon(index):02d}"


def _day(index: int, day: int) -> str:
    return f"{_month(index)}-{min(max(day, 1), 28):02d}"


def _money(value: float) -> float | int:
    """Two decimals; whole amounts as integers, as people type them."""
    value = round(value, 2)
    return int(value) if value == int(value) else value


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    value = round(value, 2)
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def _round_total(rng: random.Random, value: float) -> float:
    # Ledger totals are usually round; some carry the cents of an approved budget.
    if rng.random() < 0.15:
        return round(value, 2)
    if value >= 10000:
        return float(round(value / 10) * 10)
    return float(round(value))


def _log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def _quota(n: int, weights: Sequence[tuple[str, float]]) -> list[str]:
    """n labels in the given proportions (largest remainder), each label at least once."""
    total = sum(w for _, w in weights)
    raw = [(label, n * w / total) for label, w in weights]
    counts = {label: max(1, int(x)) for label, x in raw}
    by_remainder = sorted(raw, key=lambda lx: -(lx[1] - int(lx[1])))
    i = 0
    while sum(counts.values()) < n:
        counts[by_remainder[i % len(by_remainder)][0]] += 1
        i += 1
    while sum(counts.values()) > n:
        label = max(counts, key=lambda k: counts[k])
        counts[label] -= 1
    return [label for label, _ in weights for _ in range(counts[label])]


def _doc(rng: random.Random, prefix: str, year: int) -> str:
    return f"{prefix}〔{year}〕{rng.randint(3, 160)}号"


def _dump_yaml(data: Any) -> bytes:
    text = yaml.dump(
        data,
        Dumper=_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=4096,
        default_flow_style=False,
    )
    return text.encode("utf-8")


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # UTF-8 with BOM, as Excel saves


# ---------------------------------------------------------------------------------------
# The project spec: everything decided about one project before it is written out
# ---------------------------------------------------------------------------------------


@dataclass
class _Month:
    index: int
    completed: float
    cumulative: float | None
    started: bool
    progress: str
    arrived: float | None = None
    disbursed: float | None = None


@dataclass
class _Spec:
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
    months: list[_Month] = field(default_factory=list)
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


class _Builder:
    """Decides every value, in a fixed order, from one random.Random."""

    def __init__(self, n: int, seed: int, months: int, report_date: str, sample: bool) -> None:
        if n < 1:
            raise ValueError(f"n must be at least 1 (got {n})")
        if months < 1:
            raise ValueError(f"months must be at least 1 (got {months})")
        self.rng = random.Random(seed)
        self.n = n
        self.sample = sample
        self.report = PartialDate.parse(report_date)
        self.report_day = self.report.end()
        self.R = _mi(self.report.year, self.report.month)  # report month
        self.Y = self.report.year
        self.first = self.R - months + 1  # first month file
        self.elapsed = self.report.month / 12  # 序时进度 at month end
        towns = TOWNS[:10] if sample or n <= 200 else TOWNS
        self.towns = [name for _, name in towns]
        self.township_rows = [*towns, PARK, COUNTY_WIDE]
        self.used_names: dict[str, int] = {}
        self.tpl_use: dict[str, int] = {}
        self.specs: list[_Spec] = []

    # -- units ---------------------------------------------------------------------------

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

    # -- projects --------------------------------------------------------------------------

    def build_projects(self) -> None:
        rng = self.rng
        n = self.n
        stages = _quota(
            n,
            [
                ("谋划", 6),
                ("储备", 8),
                ("前期", 13),
                ("新开工", 21),
                ("续建", 30),
                ("竣工", 9),
                ("投产", 7),
                ("达产达效", 6),
            ],
        )
        domains = _quota(
            n,
            [
                ("工业", 14),
                ("交通", 10),
                ("能源", 8),
                ("水利", 10),
                ("新型基础设施", 7),
                ("新型城镇化", 12),
                ("农业农村", 11),
                ("现代服务业", 9),
                ("生态环保", 8),
                ("社会民生", 11),
            ],
        )
        rng.shuffle(stages)
        rng.shuffle(domains)
        # Producing stages (投产, 达产达效) take domains that produce something first; a school
        # is 竣工, never 达产达效. Every other slot takes the remaining domains in order.
        pool = list(domains)
        chosen: dict[int, str] = {}
        for i, stage in enumerate(stages):
            if stage in ("投产", "达产达效"):
                pick = next((d for d in pool if d in PRODUCTIVE_DOMAINS), pool[0])
                pool.remove(pick)
                chosen[i] = pick
        rest = iter(pool)
        pairs = [
            (stage, chosen[i] if i in chosen else next(rest)) for i, stage in enumerate(stages)
        ]
        # A few projects of 10亿 and more (seed 004's bulletin tracks them separately).
        n_big = max(3, round(n * 0.05))
        big_slots: set[int] = set()
        for i, (stage, domain) in enumerate(pairs):
            if len(big_slots) >= n_big:
                break
            if stage not in vocab.PIPELINE_STAGES and any(
                t.hi >= 100000 for t in BY_DOMAIN[domain]
            ):
                big_slots.add(i)
        for i, (stage, domain) in enumerate(pairs):
            self.specs.append(self.new_spec(stage, domain, big=i in big_slots))
        self.assign_levels()
        self.assign_codes()
        self.apply_special_funding()
        # Against 序时进度: a fixed mix of ongoing projects ahead, on pace and lagging.
        ongoing = [s for s in self.specs if s.stage in ("新开工", "续建")]
        paces = _quota(len(ongoing), [("ahead", 3), ("normal", 4), ("lagging", 3)])
        rng.shuffle(paces)
        for spec, pace in zip(ongoing, paces, strict=True):
            spec.pace = pace
        for spec in self.specs:
            self.fill_schedule(spec)
        self.assign_batches()
        self.assign_disclosure()

    def new_spec(self, stage: str, domain: str, big: bool) -> _Spec:
        rng = self.rng
        r = rng.random()
        if big:
            band = (100000.0, 300000.0)
        elif r < 0.04:
            band = (100000.0, 250000.0)
        elif r < 0.22:
            band = (20000.0, 100000.0)
        elif r < 0.66:
            band = (3000.0, 20000.0)
        else:
            band = (500.0, 3000.0)
        fits = [t for t in BY_DOMAIN[domain] if t.lo < band[1] and t.hi > band[0]] or BY_DOMAIN[
            domain
        ]
        # The least-used kinds first, so a county's list is varied before anything repeats;
        # the sample would rather bend the size band than list 管网扩建工程（三期）.
        fewest = min(self.tpl_use.get(t.name, 0) for t in fits)
        if self.sample and not big and fewest > 0:
            fits = BY_DOMAIN[domain]
            fewest = min(self.tpl_use.get(t.name, 0) for t in fits)
        tpl = rng.choice([t for t in fits if self.tpl_use.get(t.name, 0) == fewest])
        self.tpl_use[tpl.name] = self.tpl_use.get(tpl.name, 0) + 1
        lo, hi = max(tpl.lo, band[0]), min(tpl.hi, band[1])
        if lo >= hi:
            lo, hi = tpl.lo, tpl.hi
        total = _round_total(rng, _log_uniform(rng, lo, hi))
        spec = _Spec(tpl=tpl, domain=domain, stage=stage, total=total)
        spec.township = self.pick_town(tpl.loc)
        spec.ctx = self.context(spec)
        spec.name = self.unique_name(tpl.name.format(**spec.ctx))
        spec.owner = self.owner(spec)
        spec.department = self.department(spec)
        spec.gov = tpl.fund == "gov"
        spec.funding = self.funding(spec)
        return spec

    def pick_town(self, loc: str) -> str:
        rng = self.rng
        if loc == "park":
            return PARK[1]
        if loc == "county":
            return rng.choice([COUNTY_WIDE[1], COUNTY_WIDE[1], "城关镇"])
        if loc == "city":
            return rng.choice(CITY_TOWNS)
        return rng.choice(self.towns[3:] or self.towns)

    def context(self, spec: _Spec) -> dict[str, Any]:
        rng = self.rng
        total = spec.total
        town = spec.township if spec.township in self.towns else rng.choice(self.towns[3:])
        others = [t for t in self.towns[3:] if t != town] or self.towns
        lo, hi = KM_COST.get(spec.tpl.scale, (300.0, 900.0))
        km = max(0.5, round(total / rng.uniform(lo, hi), 1))
        mw = max(5, int(total / rng.uniform(550, 800)) // 5 * 5)
        unit_mw = rng.choice([4.5, 5.0, 6.25])
        brand = rng.choice(BRANDS)
        word = rng.choice(INDUSTRY_WORDS.get(spec.domain, ["实业"]))
        return {
            "t": town,
            "t2": rng.choice(others),
            "y": self.Y,
            "co": f"{brand}{word}",
            "company": f"示例县{brand}{word}有限公司",
            "product": rng.choice(PRODUCTS),
            "product2": rng.choice(PRODUCTS2),
            "river": rng.choice(RIVERS),
            "irr": rng.choice(IRRIGATION),
            "scenic": rng.choice(SCENIC),
            "area_name": rng.choice(AREAS),
            "road": rng.choice(ROADS),
            "crop": rng.choice(CROPS),
            "animal": rng.choice(ANIMALS),
            "logi": rng.choice(LOGISTICS),
            "phase": ORDINALS[rng.randint(0, 2)],
            "gnum": rng.choice([207, 230, 311, 343, 345]),
            "school_no": ORDINALS[rng.randint(2, 7)],
            "km": km,
            "km2": round(km * rng.uniform(0.2, 0.5), 1),
            "area": max(800, int(total / rng.uniform(0.35, 0.6)) // 100 * 100),
            "mu": max(200, int(total / rng.uniform(0.15, 0.3)) // 100 * 100),
            "beds": max(30, int(total / rng.uniform(60, 120)) // 10 * 10),
            "classes": min(120, max(6, int(total / rng.uniform(300, 600)))),
            "sites": max(20, int(total / rng.uniform(15, 30))),
            "sites2": max(10, int(total / rng.uniform(40, 80))),
            "mw": mw,
            "mwh": mw * 2,
            "unit_mw": unit_mw,
            "turbines": max(2, int(mw / unit_mw)),
            "households": max(50, int(total / rng.uniform(2, 6))),
            "comm": max(3, int(total / rng.uniform(300, 800))),
            "cap": max(1, int(total / rng.uniform(800, 3000))),
            "lines": rng.randint(2, 8),
            "equip": max(10, int(total / rng.uniform(30, 120))),
            "output": max(1, round(total / rng.uniform(3000, 8000), 1)),
            "pct": rng.randint(15, 40),
            "bldg": rng.randint(2, 12),
            "bridges": rng.randint(2, 9),
            "bridge_m": rng.randint(180, 900),
            "width": rng.choice([8.5, 10, 12, 24, 30, 40]),
            "plants": rng.randint(1, 4),
            "m3": max(2000, int(total * rng.uniform(1.5, 3.0)) // 500 * 500),
            "racks": max(50, int(total / rng.uniform(15, 30))),
            "tpd": rng.choice([400, 600, 800]),
            "jobs": max(30, int(total / rng.uniform(30, 90))),
            "tax": max(50, int(total / rng.uniform(15, 40))),
            "coal": round(max(0.5, total / rng.uniform(8000, 20000)), 1),
            "floor": rng.randint(3, 15),
        }

    def unique_name(self, name: str) -> str:
        # Two ledgers rows with one name confuse everyone; later phases get 二期, 三期 ...
        count = self.used_names.get(name, 0)
        self.used_names[name] = count + 1
        if count == 0:
            return name
        suffix = ORDINALS[count] if count < len(ORDINALS) else str(count + 1)
        return f"{name}（{suffix}期）"

    def owner(self, spec: _Spec) -> str:
        key = spec.tpl.owner
        if key == "co":
            return spec.ctx["company"]
        if key == "town":
            return self.town_unit(spec.township)
        return SOE.get(key, key)

    def department(self, spec: _Spec) -> str:
        rng = self.rng
        if spec.tpl.owner == "town" or (spec.tpl.loc == "town" and rng.random() < 0.15):
            return self.town_unit(spec.township)
        return rng.choice(spec.tpl.dept or DEPARTMENTS[spec.domain])

    def funding(self, spec: _Spec) -> list[tuple[str, float, str | None]]:
        rng = self.rng
        total = spec.total
        parts: list[tuple[str, float, str | None]] = []
        if spec.tpl.fund == "ent":
            if rng.random() < 0.12:
                # Enterprise projects may get a subsidy; it does not make them government-invested.
                parts.append(
                    (
                        "其他财政资金",
                        float(round(min(total * 0.1, rng.uniform(50, 600)))),
                        "县级产业发展奖补资金",
                    )
                )
            bank = total * rng.choice([0.0, 0.3, 0.4, 0.5, 0.6]) if total >= 3000 else 0.0
            if bank:
                parts.append(("银行贷款", float(round(bank)), None))
            if spec.domain == "现代服务业" and total >= 20000 and rng.random() < 0.4:
                parts.append(("社会资本", float(round(total * 0.2)), "引进战略投资者"))
            parts.append(("企业自筹", total - sum(a for _, a, _ in parts), None))
        elif spec.tpl.fund == "ppp":
            parts.append(
                ("社会资本", float(round(total * rng.uniform(0.25, 0.4))), "PPP项目资本金")
            )
            parts.append(("银行贷款", total - parts[0][1], None))
        elif total < 2500:
            fiscal = min(total, float(round(rng.uniform(300, 950))))
            source = rng.choice(["其他财政资金", "中央预算内投资", "地方政府一般债券"])
            parts.append((source, fiscal, None))
            if total > fiscal:
                parts.append(
                    ("企业自筹" if spec.tpl.owner in SOE else "银行贷款", total - fiscal, None)
                )
        else:
            # 资金缺口 on some: not all of the money is found yet.
            budget = total * (rng.uniform(0.8, 0.95) if rng.random() < 0.12 else 1.0)
            shares: list[tuple[str, float, str | None]] = []
            if total >= 5000 and rng.random() < 0.75:
                shares.append(("地方政府专项债券", rng.uniform(0.3, 0.55), None))
            if rng.random() < 0.5:
                shares.append(("中央预算内投资", rng.uniform(0.08, 0.25), None))
            if total >= 20000 and rng.random() < 0.35:
                shares.append(("政策性开发性金融工具", rng.uniform(0.05, 0.12), "用作项目资本金"))
            if rng.random() < 0.3:
                shares.append(("地方政府一般债券", rng.uniform(0.05, 0.1), None))
            for source, share, note in shares:  # shares sum to at most 1.02; budget caps them
                amount = float(
                    min(round(total * share), math.floor(budget - sum(a for _, a, _ in parts)))
                )
                parts.append((source, amount, note))
            rest = budget - sum(a for _, a, _ in parts)
            if rest > 0 and total >= 20000 and rng.random() < 0.5:
                bank = float(round(rest * 0.6))
                parts.append(("银行贷款", bank, None))
                rest -= bank
            if rest > 0:
                parts.append(("其他财政资金", round(rest, 2), "县级财政配套"))
        return [(s, round(a, 2), note) for s, a, note in parts if a > 0]

    def assign_levels(self) -> None:
        n = len(self.specs)
        order = sorted(range(n), key=lambda i: -self.specs[i].total)
        n_prov = max(2, round(n * 0.05))
        n_city = max(3, round(n * 0.22))
        for rank, i in enumerate(order):
            self.specs[i].level = (
                "省重点" if rank < n_prov else "市重点" if rank < n_prov + n_city else "县重点"
            )

    def assign_codes(self) -> None:
        rng = self.rng
        counters: dict[int, int] = {}
        width = max(3, len(str(self.n)))
        for spec in self.specs:
            # The code keeps the year the project entered the ledger (stable codes).
            if spec.stage in ("续建", "竣工", "投产", "达产达效"):
                year = self.Y - rng.randint(1, 3)
            else:
                year = self.Y
            counters[year] = counters.get(year, 0) + 1
            spec.code = f"SL-{year}-{counters[year]:0{width}d}"
            spec.leader = None if spec.stage == "谋划" else self.leader(spec)
            big = spec.level == "省重点"
            spec.task_force = "省重点项目服务专班" if big else TASK_FORCES[spec.domain]
            if spec.stage in vocab.PIPELINE_STAGES and rng.random() < 0.6:
                spec.task_force = None

    def leader(self, spec: _Spec) -> str:
        if spec.level == "省重点":
            return LEADERS[0]  # the county head takes the provincial projects
        return LEADERS[1 + list(vocab.DOMAINS).index(spec.domain) % (len(LEADERS) - 1)]

    def apply_special_funding(self) -> None:
        """Cases at the disclosure threshold, so the 1000万 rule is exercised on both sides."""
        cases: list[tuple[str, list[tuple[str, float, str | None]]]] = [
            ("exact-1000-single", [("地方政府一般债券", 1000.0, None)]),
            (
                "exact-1000-split",
                [("中央预算内投资", 600.0, None), ("其他财政资金", 400.0, "县级财政配套")],
            ),
            (
                "split-above",
                [("中央预算内投资", 700.0, None), ("其他财政资金", 500.0, "县级财政配套")],
            ),
            ("just-below", [("其他财政资金", 999.99, None)]),
            ("below-a", [("中央预算内投资", 500.0, None), ("其他财政资金", 260.0, None)]),
            ("below-b", [("其他财政资金", 880.0, None)]),
        ]
        # State-owned owners first: the rest of their money is plausibly the company's own.
        candidates = [
            s
            for s in self.specs
            if s.gov and 1500 <= s.total <= 6000 and s.stage not in vocab.PIPELINE_STAGES
        ]
        candidates.sort(key=lambda s: s.tpl.owner not in SOE)
        for (label, fiscal), spec in zip(cases, candidates, strict=False):
            amount = sum(a for _, a, _ in fiscal)
            rest = round(spec.total - amount, 2)
            own = "企业自筹" if spec.tpl.owner in SOE else "银行贷款"
            spec.funding = [*fiscal, (own, rest, None)]
            spec.special = label

    # -- dates and money over time ---------------------------------------------------------

    def fill_schedule(self, spec: _Spec) -> None:
        rng = self.rng
        R, Y = self.R, self.Y
        stage = spec.stage
        duration = max(8, min(48, int(6 + math.log10(max(spec.total, 500)) * rng.uniform(3, 7))))
        if stage == "谋划":
            if rng.random() < 0.6:
                ps = R + rng.randint(8, 26)
                spec.planned_start = _month(ps)
                spec.planned_completion = _month(ps + duration)
            return
        if stage == "储备":
            ps = R + rng.randint(3, 15)
            spec.planned_start = _month(ps)
            spec.planned_completion = _month(ps + duration)
            spec.planned_start_index = ps
            return
        if stage == "前期":
            ps = R + rng.randint(-5, 8)
            spec.planned_start_index = ps
            spec.planned_start = _month(ps) if rng.random() < 0.6 else _day(ps, rng.randint(1, 28))
            spec.planned_completion = _month(ps + duration)
            if _year(ps) == Y:
                # Due to start this year: on the monthly return as 未开工 all year.
                spec.annual_plan[Y] = float(round(spec.total * rng.uniform(0.1, 0.3)))
                self.pre_start_months(spec, R + 1)
            return
        if stage == "新开工":
            s = _mi(Y, 1) + min(self.report.month - 1, int(rng.triangular(0, 9, 3)))
            pc = s + duration
        elif stage == "续建":
            # Started before this year, within one construction period of now.
            s = _mi(Y, 1) - rng.randint(1, max(2, min(33, duration - 3)))
            pc = s + duration
            if pc < R + 2:
                pc = R + rng.randint(2, 8)
            if rng.random() < 0.1:
                pc = R - rng.randint(1, 6)  # past its planned completion: 逾期未竣工
        else:
            lag = {"竣工": (0, 11), "投产": (2, 20), "达产达效": (8, 36)}[stage]
            c = R - rng.randint(*lag)
            s = c - rng.randint(10, 30)
            spec.completion = (c, rng.randint(1, 28))
            if spec.completion[0] == R:
                spec.completion = (c, min(spec.completion[1], self.report_day.day))
            pc = c + rng.randint(-3, 2)
        day = rng.randint(1, 28)
        if s == R:
            day = min(day, self.report_day.day)
        spec.start = (s, day)
        ps = s + rng.randint(-2, 1)
        spec.planned_start_index = ps
        spec.planned_start = _month(ps) if rng.random() < 0.5 else _day(ps, rng.randint(1, 28))
        spec.planned_completion_index = max(pc, ps + 3)
        spec.planned_completion = _month(spec.planned_completion_index)
        if stage == "新开工":
            self.pre_start_months(spec, s)
        self.spend(spec)

    def pre_start_months(self, spec: _Spec, start: int) -> None:
        """Projects due to start this year report monthly as 未开工 until they start."""
        for index in range(max(self.first, _mi(self.Y, 1)), min(start, self.R + 1)):
            spec.months.append(_Month(index, 0.0, 0.0, False, "前期手续办理中，尚未开工"))

    def spend(self, spec: _Spec) -> None:
        rng = self.rng
        assert spec.start is not None
        R, Y = self.R, self.Y
        s = spec.start[0]
        end = spec.completion[0] if spec.completion else R
        active = list(range(s, end + 1))
        year_months = [m for m in active if _year(m) == Y and m <= R]
        prior_months = [m for m in active if _year(m) < Y]
        total = spec.total
        planned_span = max(1, (spec.planned_completion_index or end) - s + 1)
        if spec.completed:
            done = total * rng.uniform(0.93, 0.99)
            if year_months:
                prior = done * len(prior_months) / len(active) * rng.uniform(0.8, 1.0)
            else:
                prior = done
            year_done = done - prior
            plan_y = year_done * rng.uniform(1.0, 1.08) if year_months else 0.0
            spec.pace = "completed"
        else:
            prior = 0.0
            if prior_months:
                prior = total * min(
                    0.7, max(0.05, len(prior_months) / planned_span * rng.uniform(0.8, 1.1))
                )
            remaining = total - prior
            if spec.stage == "新开工":
                plan_y = total * rng.uniform(0.2, 0.5)
            elif (
                spec.planned_completion_index is not None
                and _year(spec.planned_completion_index) <= Y
            ):
                plan_y = remaining * rng.uniform(0.85, 1.0)
            else:
                plan_y = remaining * rng.uniform(0.35, 0.75)
            factor = {
                "ahead": rng.uniform(1.12, 1.22),
                "normal": rng.uniform(0.97, 1.03),
                "lagging": rng.uniform(0.5, 0.85),
            }[spec.pace]
            year_done = min(plan_y * self.elapsed * factor, total * 0.98 - prior)
        # Spread money over months: slow around the Spring Festival, a push in December.
        amounts: dict[int, float] = {}
        for group, amount in ((prior_months, prior), (year_months, year_done)):
            if not group or amount <= 0:
                continue
            weights = [SEASON[_mon(m) - 1] * rng.uniform(0.7, 1.3) for m in group]
            if spec.pace == "lagging" and len(group) > 3 and group is year_months:
                weights[rng.randrange(len(group))] = 0.0  # a month of stoppage
            scale = amount / sum(weights)
            for m, w in zip(group, weights, strict=True):
                amounts[m] = round(w * scale, 2)
        # Annual plans: planned money for earlier years was roughly what got done.
        for year in sorted({_year(m) for m in prior_months}):
            done_y = sum(amounts.get(m, 0.0) for m in prior_months if _year(m) == year)
            if done_y > 0:
                spec.annual_plan[year] = min(total, float(round(done_y * rng.uniform(0.97, 1.12))))
        if year_months and plan_y > 0:
            spec.annual_plan[Y] = min(total, float(round(plan_y)))
        fiscal_disb = sum(a for src, a, _ in spec.funding if src in vocab.DISBURSEMENT_SOURCES)
        funded = sum(a for _, a, _ in spec.funding)
        running = 0.0
        arrived = disbursed = 0.0
        group = spec.tpl.group
        for m in active:
            if m > R:
                break
            amount = amounts.get(m, 0.0)
            running = round(running + amount, 2)
            if m < self.first:
                continue
            frac = running / total
            if spec.completion and m == spec.completion[0]:
                text = "项目完工，正在组织竣工验收"
            elif amount == 0:
                text = f"因{rng.choice(STOPPAGES)}，本月暂停施工"
            else:
                text = self.phase_text(group, frac, spec)
            arr = min(max(0.0, funded - arrived), round(amount * rng.uniform(0.5, 1.4), 2))
            arrived += arr
            disb: float | None = None
            if fiscal_disb > 0:
                share = fiscal_disb / total
                disb = min(
                    max(0.0, fiscal_disb - disbursed),
                    round(amount * share * rng.uniform(0.6, 1.5), 2),
                )
                disbursed += disb
            spec.months.append(
                _Month(
                    m,
                    amount,
                    running,
                    True,
                    text,
                    round(arr, 2),
                    None if disb is None else round(disb, 2),
                )
            )
        spec.done_total = running

    def phase_text(self, group: str, frac: float, spec: _Spec) -> str:
        phases = PHASES[group]
        text = phases[min(len(phases) - 1, int(frac * len(phases)))]
        return text.format(
            p=max(5, min(95, int(frac * 100))),
            floor=spec.ctx["floor"],
            km_done=round(spec.ctx["km"] * frac, 1),
        )

    def assign_batches(self) -> None:
        """三个一批 on a subset, in fixed proportions so every batch has projects."""
        rng = self.rng
        rules = [
            ("投产一批", lambda s: s.stage in ("投产", "达产达效"), 0.7),
            # Signed investment deals: some landed (started), some not yet.
            (
                "签约一批",
                lambda s: (
                    s.tpl.fund in ("ent", "ppp") and s.stage in ("储备", "前期", "新开工", "续建")
                ),
                0.6,
            ),
            ("开工一批", lambda s: s.stage in ("新开工", "续建", "竣工", "投产"), 0.25),
        ]
        for batch, fits, share in rules:
            pool = [s for s in self.specs if s.batch is None and fits(s)]
            for spec in rng.sample(pool, min(len(pool), max(1, round(len(pool) * share)))):
                spec.batch = batch

    def assign_disclosure(self) -> None:
        rng = self.rng
        above = [
            s
            for s in self.specs
            if s.gov
            and s.fiscal() >= THRESHOLD
            and s.stage in ("前期", "新开工", "续建")
            and s.special is None
        ]
        reasons = [
            "项目涉及网络与数据安全防护内容，经县保密工作领导小组审查，暂不公开建设内容细节",
            "项目招标文件编制中，部分信息涉及商业秘密，经审查暂缓公开，招标完成后公开",
        ]
        count = 2 if self.n >= 32 else 1
        for spec, reason in zip(rng.sample(above, min(count, len(above))), reasons, strict=False):
            spec.public = False
            spec.withhold_reason = reason
        small = [
            s
            for s in self.specs
            if s.gov
            and 0 < s.fiscal() < THRESHOLD
            and s.special is None
            and s.stage not in vocab.PIPELINE_STAGES
            and s.public is None
        ]
        if small:
            spec = small[0]
            spec.public = True  # a township chooses to publish although below the threshold

    # -- late reporters ---------------------------------------------------------------------

    def drop_late_reports(self) -> list[str]:
        """A couple of ongoing projects miss the latest month: the late reporters."""
        rng = self.rng
        ongoing = [
            s
            for s in self.specs
            if s.stage in ("新开工", "续建")
            and s.months
            and s.months[-1].index == self.R
            and s.months[-1].started
        ]
        k = 2 if self.n < 200 else max(2, self.n // 50)
        late = rng.sample(ongoing, min(k, len(ongoing)))
        for spec in late:
            spec.months.pop()  # the latest month was never reported
        return [s.code for s in late]

    # -- rendering projects ------------------------------------------------------------------

    def approvals(self, spec: _Spec) -> list[dict[str, Any]]:
        rng = self.rng
        scale = spec.tpl.scale
        kinds = ["立项/可研批复"]
        if scale not in (
            "techrev",
            "platform",
            "base5g",
            "oldcomm",
            "reservoir",
            "charging",
            "rooftop",
        ):
            kinds.append("用地预审与选址")
        if spec.tpl.group == "building" or scale in ("factory", "smart", "cityroad", "agroproc"):
            kinds.append("规划许可")
        if scale not in ("platform",):
            kinds.append("环评")
        if spec.total >= 5000 and spec.domain in (
            "工业",
            "能源",
            "新型基础设施",
            "现代服务业",
            "社会民生",
        ):
            kinds.append("节能审查")
        if spec.tpl.group in ("linear", "pipe", "farm") or spec.domain in ("能源", "水利"):
            kinds.append("水土保持")
        if spec.gov and spec.total >= 30000:
            kinds.append("社会稳定风险评估")
        if spec.domain == "水利" and scale in ("flood", "reservoir"):
            kinds.append("其他")
        if scale not in ("platform", "base5g", "rooftop"):
            kinds.append("施工许可")
        offsets = {
            "立项/可研批复": (-12, -7),
            "用地预审与选址": (-9, -5),
            "规划许可": (-5, -2),
            "环评": (-7, -3),
            "节能审查": (-7, -3),
            "水土保持": (-6, -2),
            "社会稳定风险评估": (-11, -8),
            "其他": (-6, -3),
            "施工许可": (-1, -1),
        }
        big = spec.total >= 50000 or spec.level == "省重点"
        authority = {
            "立项/可研批复": ("示例市发展和改革委员会", "示发改审批")
            if big and spec.gov
            else ("县发展改革局", "示县发改审批" if spec.gov else "示县发改备"),
            "用地预审与选址": ("示例市自然资源和规划局", "示自然规预")
            if big
            else ("县自然资源局", "示县自然资预"),
            "规划许可": ("县自然资源局", "示县自然资规许"),
            "环评": ("示例市生态环境局", "示环审"),
            "节能审查": ("县发展改革局", "示县发改能审"),
            "水土保持": ("县水利局", "示县水保"),
            "社会稳定风险评估": ("县委政法委", "示县稳评"),
            "其他": ("县水利局", "示县水防评"),
            "施工许可": (
                ("县交通运输局", "示县交施")
                if spec.domain == "交通"
                else ("县水利局", "示县水施")
                if spec.domain == "水利"
                else ("县住房和城乡建设局", "示县住建施")
            ),
        }
        if spec.stage == "谋划":
            return []
        anchor = spec.start[0] if spec.start else spec.planned_start_index or self.R + 6
        rows: list[dict[str, Any]] = []
        for kind in kinds:
            lo, hi = offsets[kind]
            due = anchor + rng.randint(lo, hi)
            due_day = rng.randint(5, 28)
            who, prefix = authority[kind]
            row: dict[str, Any] = {"kind": kind}
            if kind == "其他":
                row["name"] = "防洪影响评价"
            row["authority"] = who
            row["deadline"] = _day(due, due_day)
            if spec.started:
                status = "已办结"
                done = (due, max(1, due_day - rng.randint(0, 10)))
                if kind == "施工许可" and spec.start:
                    done = (min(due, spec.start[0]), min(done[1], spec.start[1]))
            elif spec.stage == "储备":
                status = "办理中" if kind == "立项/可研批复" else "未启动"
                if kind != "立项/可研批复" and rng.random() < 0.5:
                    continue  # not yet even scheduled
                done = None
            else:
                # 前期: done when due well before the report date, but a few slip (逾期).
                if due < self.R - 1 and rng.random() < 0.8:
                    status, done = "已办结", (due, max(1, due_day - rng.randint(0, 10)))
                elif due <= self.R + 2:
                    status, done = "办理中", None
                else:
                    status, done = rng.choice(["办理中", "未启动"]), None
            if (
                done is not None
                and PartialDate(_year(done[0]), _mon(done[0]), done[1]).start() > self.report_day
            ):
                status, done = "办理中", None
            row["status"] = status
            if done is not None:
                row["done"] = _day(*done)
                if kind != "社会稳定风险评估":
                    row["document"] = _doc(rng, prefix, _year(done[0]))
            rows.append(row)
        return rows

    def five_clear(self, spec: _Spec, approvals: list[dict[str, Any]]) -> dict[str, Any]:
        rng = self.rng
        if (
            spec.stage == "谋划"
            or (spec.stage == "储备" and rng.random() < 0.5)
            or rng.random() < 0.08
        ):
            return {}
        sources = "、".join(f"{s}{_cell(a)}万元" for s, a, _ in spec.funding)
        gap = spec.total - sum(a for _, a, _ in spec.funding)
        plan = f"总投资{_cell(spec.total)}万元，其中{sources}"
        if gap > 1:
            plan += f"，尚有资金缺口{_cell(gap)}万元，正在积极争取上级资金和金融支持"
        plan += "。"
        if spec.tpl.group in ("building", "plant", "linear") and spec.tpl.scale not in (
            "techrev",
            "oldcomm",
        ):
            mu = max(5, int(spec.ctx["area"] / 666 * rng.uniform(0.2, 0.6)))
            farm = f"项目占用耕地约{mu}亩，通过县域内储备补充耕地指标落实占补平衡。"
        else:
            farm = "项目不新增占用耕地。"
        target = {
            "谋划": "完成项目谋划论证",
            "储备": "完成项目建议书编制和立项",
            "前期": f"{self.Y}年底前完成前期手续并开工建设",
            "新开工": f"{self.Y}年底前完成{'主体结构施工' if spec.tpl.group == 'building' else '年度工程量'}",
            "续建": f"{self.Y}年底前完成累计工程量的{rng.randint(60, 95)}%",
            "竣工": "完成竣工验收和竣工决算",
            "投产": "实现稳定生产运营",
            "达产达效": "实现达产达效",
        }[spec.stage]
        annual = spec.annual_plan.get(self.Y)
        out: dict[str, Any] = {
            "funding_plan": plan,
            "farmland_balance": farm,
            "annual_progress_target": target + "。",
        }
        if annual:
            out["annual_investment_plan"] = f"{self.Y}年计划完成投资{_cell(annual)}万元。"
        # The deadlines stated here are the ones the approvals list carries.
        pending = [a for a in approvals if a["status"] != "已办结" and "deadline" in a]
        if pending:
            out["approval_deadlines"] = (
                "、".join(
                    f"{a.get('name', a['kind'])}{PartialDate.parse(a['deadline']).chinese()}前"
                    for a in pending
                )
                + "办结。"
            )
        elif approvals:
            out["approval_deadlines"] = "各项审批手续已办结。"
        return out

    def firm(self, kinds: list[str]) -> str:
        rng = self.rng
        return f"{rng.choice(FIRM_PLACES)}{rng.choice(BRANDS)}{rng.choice(kinds)}"

    def tenders_and_contractors(self, spec: _Spec) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        rng = self.rng
        if spec.stage in vocab.PIPELINE_STAGES:
            return [], {}
        builders = BUILDERS_BY_GROUP.get(spec.tpl.group, BUILDERS)
        designer = self.firm(DESIGNERS)
        contractors: dict[str, Any] = {"designer": designer}
        tenders: list[dict[str, Any]] = []
        anchor = spec.start[0] if spec.start else spec.planned_start_index
        if anchor is None:
            return [], contractors
        big = spec.total >= 3000
        design_when = anchor - rng.randint(4, 7)
        if spec.gov and design_when <= self.R:
            tenders.append(
                {
                    "item": "勘察设计",
                    "method": "公开招标" if big else "竞争性磋商",
                    "date": _day(design_when, rng.randint(1, 28)),
                    "winner": designer,
                    "amount": _money(spec.total * rng.uniform(0.02, 0.035)),
                }
            )
        if not spec.started:
            return tenders, contractors
        supervisor = self.firm(SUPERVISORS)
        builder = self.firm(builders)
        contractors["supervisor"] = supervisor
        contractors["builder"] = builder
        s = spec.start[0] if spec.start else anchor
        if spec.gov:
            tenders.append(
                {
                    "item": "工程监理",
                    "method": "公开招标" if big else "竞争性磋商",
                    "date": _day(s - 1, rng.randint(1, 28)),
                    "winner": supervisor,
                    "amount": _money(spec.total * rng.uniform(0.01, 0.02)),
                }
            )
            tenders.append(
                {
                    "item": "施工总承包",
                    "method": "公开招标",
                    "date": _day(s - 1, rng.randint(1, 28)),
                    "winner": builder,
                    "amount": _money(spec.total * rng.uniform(0.55, 0.8)),
                }
            )
        elif rng.random() < 0.3:
            tenders.append(
                {
                    "item": "土建施工",
                    "method": "邀请招标",
                    "date": _day(s - 1, rng.randint(1, 28)),
                    "winner": builder,
                    "amount": _money(spec.total * rng.uniform(0.3, 0.5)),
                }
            )
        return tenders, contractors

    def final_accounts(self, spec: _Spec) -> dict[str, Any] | None:
        rng = self.rng
        if not (spec.completed and spec.gov and spec.completion):
            return None
        when = spec.completion[0] + rng.randint(3, 9)
        if when > self.R:
            return None  # 竣工决算审计 still under way
        return {
            "date": _day(when, rng.randint(1, 28)),
            "amount": _money(min(spec.total, spec.done_total) * rng.uniform(0.96, 1.0)),
            "approved_by": rng.choice(["县财政局", "县审计局"]),
            "document": _doc(rng, rng.choice(["示县财评", "示县审投"]), _year(when)),
        }

    def project_progress(self, spec: _Spec) -> str:
        if spec.stage == "谋划":
            return "正在开展项目谋划和前期研究论证。"
        if spec.stage == "储备":
            return "已纳入县重大项目储备库，正在编制项目建议书。"
        if spec.stage == "前期":
            return "正在办理用地、环评等前期手续，力争早日开工。"
        if spec.completion:
            c = spec.completion[0]
            text = f"项目已于{_year(c)}年{_mon(c)}月竣工"
            if spec.stage == "投产":
                return text + "，已投产运营。"
            if spec.stage == "达产达效":
                return text + "，已达产达效。"
            return text + "，正在办理竣工验收和决算。"
        last = spec.months[-1].progress if spec.months else "已开工建设"
        return last + "。"

    def notes(self, spec: _Spec) -> str | None:
        rng = self.rng
        if spec.pace == "lagging" and rng.random() < 0.5:
            return f"投资进度滞后于序时进度，已列入县级挂牌督办，由{spec.leader or LEADERS[1]}同志牵头协调。"
        if (
            spec.stage == "前期"
            and spec.planned_start_index is not None
            and spec.planned_start_index <= self.R
        ):
            return "已过计划开工时间仍未开工，县重大办每周调度前期手续办理情况。"
        if spec.stage == "储备" and rng.random() < 0.3:
            return "拟申报下一批地方政府专项债券项目。"
        if spec.tpl.fund == "ent" and rng.random() < 0.1:
            return "企业拟申请设备更新改造中长期贷款财政贴息。"
        return None

    def render(self, spec: _Spec) -> dict[str, Any]:
        spec.notes = self.notes(spec)
        out: dict[str, Any] = {
            "code": spec.code,
            "name": spec.name,
            "level": spec.level,
            "domain": spec.domain,
        }
        if spec.batch:
            out["batch"] = spec.batch
        out["stage"] = spec.stage
        out["township"] = spec.township
        out["owner"] = spec.owner
        out["department"] = spec.department
        if spec.leader:
            out["leader"] = spec.leader
        if spec.task_force:
            out["task_force"] = spec.task_force
        out["government_invested"] = spec.gov
        out["total_investment"] = _money(spec.total)
        out["funding"] = [
            {"source": s, "amount": _money(a), **({"note": note} if note else {})}
            for s, a, note in spec.funding
        ]
        if spec.annual_plan:
            out["annual_plan"] = {year: _money(a) for year, a in sorted(spec.annual_plan.items())}
        dates: dict[str, str] = {}
        if spec.planned_start:
            dates["planned_start"] = spec.planned_start
        if spec.start:
            dates["actual_start"] = _day(*spec.start)
        if spec.planned_completion:
            dates["planned_completion"] = spec.planned_completion
        if spec.completion:
            dates["actual_completion"] = _day(*spec.completion)
        if dates:
            out["dates"] = dates
        out["scale"] = SCALES[spec.tpl.scale].format(**spec.ctx)
        out["rationale"] = RATIONALES[spec.domain].format(**spec.ctx)
        out["progress"] = self.project_progress(spec)
        approvals = self.approvals(spec)
        if approvals:
            out["approvals"] = approvals
        five = self.five_clear(spec, approvals)
        if five:
            out["five_clear"] = five
        tenders, contractors = self.tenders_and_contractors(spec)
        if tenders:
            out["tenders"] = tenders
        if contractors:
            out["contractors"] = contractors
        accounts = self.final_accounts(spec)
        if accounts:
            out["final_accounts"] = accounts
        if spec.public is not None:
            out["public"] = spec.public
        if spec.withhold_reason:
            out["withhold_reason"] = spec.withhold_reason
        if spec.notes:
            out["notes"] = spec.notes
        return out

    # -- problems ----------------------------------------------------------------------------

    def problems(self) -> list[list[str]]:
        rng = self.rng
        count = max(32, self.n // 2) if self.sample or self.n < 400 else self.n // 2
        pool = [s for s in self.specs if s.stage in ("前期", "新开工", "续建")]
        pool += [s for s in self.specs if s.pace == "lagging"]  # lagging projects raise more
        others = [s for s in self.specs if s.completed]
        kinds = list(vocab.PROBLEM_KINDS)
        weights = [5, 5, 4, 4, 2, 3, 2]
        first_day = PartialDate(_year(self.first), _mon(self.first), 1).start().toordinal()
        last_day = self.report_day.toordinal()
        raw: list[tuple[int, list[str]]] = []
        levels = list(vocab.PROBLEM_LEVELS)
        statuses = list(vocab.PROBLEM_STATUSES)
        for i in range(count):
            # The first rows cover every kind, level and status; the rest are drawn by weight.
            spec = rng.choice(
                others if (others and i >= 3 and rng.random() < 0.1) else pool or self.specs
            )
            kind = kinds[i] if i < len(kinds) else rng.choices(kinds, weights=weights)[0]
            text, units = rng.choice(PROBLEM_TEXTS[kind])
            unit = rng.choice(units)
            if unit == "town":
                unit = self.town_unit(spec.township)
            description = text.format(
                mu=rng.randint(20, 400),
                amt=max(50, round(spec.total * rng.uniform(0.05, 0.3))),
                t=spec.township,
                hh=rng.randint(3, 60),
                n=rng.randint(5, 60),
                km=round(rng.uniform(1, 8), 1),
            )
            level = levels[i] if i < 3 else rng.choices(levels, weights=[14, 5, 2])[0]
            # Status first, then a date that fits it: open items are recent, solved ones older.
            if i < 3 and not spec.completed:
                status = statuses[i]
            elif spec.completed:
                status = "已解决"
            else:
                status = rng.choices(statuses, weights=[15, 25, 60])[0]
            lo, hi = first_day, last_day
            if status == "待协调":
                lo = max(lo, hi - 45)
            elif status == "协调中":
                lo = max(lo, hi - 200)
            else:
                hi = max(lo, hi - 10)
            if spec.completion:  # raised while the project was still being built
                built = (
                    PartialDate(
                        _year(spec.completion[0]), _mon(spec.completion[0]), spec.completion[1]
                    )
                    .start()
                    .toordinal()
                )
                hi = min(hi, built)
                lo = min(lo, hi - 240)
            raised = rng.randint(lo, hi)
            resolved = None
            if status == "已解决":
                resolved = min(last_day, raised + rng.randint(3, 120))
            public = status == "已解决" and level == "县" and rng.random() < 0.08
            raw.append(
                (
                    raised,
                    [
                        spec.code,
                        _ord_date(raised),
                        kind,
                        description,
                        unit,
                        level,
                        status,
                        _ord_date(resolved) if resolved is not None else "",
                        "是" if public else "否",
                    ],
                )
            )
        raw.sort(key=lambda item: (item[0], item[1][0]))
        rows: list[list[str]] = []
        counters: dict[str, int] = {}
        for _, row in raw:
            year = row[1][:4]
            counters[year] = counters.get(year, 0) + 1
            rows.append([f"WT-{year}-{counters[year]:04d}", *row])
        return rows

    # -- monthly tables ------------------------------------------------------------------------

    def month_tables(self) -> dict[str, list[list[str]]]:
        tables: dict[str, list[list[str]]] = {_month(m): [] for m in range(self.first, self.R + 1)}
        for spec in self.specs:
            for rec in spec.months:
                if rec.index < self.first:
                    continue
                tables[_month(rec.index)].append(
                    [
                        spec.code,
                        _cell(rec.completed),
                        _cell(rec.cumulative),
                        "是" if rec.started else "否",
                        rec.progress,
                        _cell(rec.arrived),
                        _cell(rec.disbursed),
                    ]
                )
        for rows in tables.values():
            rows.sort(key=lambda row: row[0])
        return tables


def _ord_date(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


# ---------------------------------------------------------------------------------------
# Targets and plans
# ---------------------------------------------------------------------------------------


def _yi(wan: float) -> float:
    """亿元, rounded down to a tenth, as targets are stated."""
    return math.floor(wan / 1000) / 10


def _targets(b: _Builder) -> list[dict[str, Any]]:
    Y = b.Y
    specs = b.specs

    def plan(select: Callable[[_Spec], bool]) -> float:
        return sum(s.annual_plan.get(Y, 0.0) for s in specs if select(s))

    key = _yi(plan(lambda s: s.level in ("省重点", "市重点")))
    zxz = _yi(plan(lambda s: s.has("中央预算内投资", "地方政府专项债券")))
    started_stages = ["新开工", "续建", "竣工", "投产", "达产达效"]
    signed = [s for s in specs if s.batch == "签约一批"]
    started_batch = [s for s in specs if s.batch == "开工一批"]
    producing = [s for s in specs if s.batch == "投产一批"]
    landed = sum(s.started for s in signed)
    built = sum(s.completed for s in started_batch)
    full = sum(s.stage == "达产达效" for s in producing)
    end = f"{Y}-12-31"
    three = f"{Y}—{Y + 2}年"
    out: list[dict[str, Any]] = [
        {
            "id": f"key-investment-{Y}",
            "title": f"省市重点项目全年完成投资{key:g}亿元",
            "metric": "investment_completed",
            "scope": {"levels": ["省重点", "市重点"]},
            "value": round(key * 10000),
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"key-completion-nov-{Y}",
            "title": "省市重点项目11月底前投资完成率达到100%",
            "metric": "completion_rate",
            "scope": {"levels": ["省重点", "市重点"]},
            "value": 100,
            "deadline": f"{Y}-11-30",
            "headline": True,
        },
        {
            "id": f"zxz-start-rate-{Y}",
            "title": "地方政府专项债券项目12月底前开工率达到100%",
            "metric": "start_rate",
            "scope": {"funding_sources": ["地方政府专项债券"]},
            "value": 100,
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"zxz-disbursement-{Y}",
            "title": "中央预算内投资和地方政府专项债券项目12月底前资金拨付率达到100%",
            "metric": "disbursement_rate",
            "scope": {"funding_sources": ["中央预算内投资", "地方政府专项债券"]},
            "value": 100,
            "deadline": end,
        },
        {
            "id": f"zxz-investment-{Y}",
            "title": f"中央预算内投资和地方政府专项债券项目全年完成投资{zxz:g}亿元以上",
            "metric": "investment_completed",
            "scope": {"funding_sources": ["中央预算内投资", "地方政府专项债券"]},
            "value": round(zxz * 10000),
            "deadline": end,
        },
        {
            "id": f"zcx-start-{Y}",
            "title": "政策性开发性金融工具项目11月底前全部开工建设",
            "metric": "start_rate",
            "scope": {"funding_sources": ["政策性开发性金融工具"]},
            "value": 100,
            "deadline": f"{Y}-11-30",
        },
        {
            "id": f"signed-landed-{Y}",
            "title": f"年底前落地建设“签约一批”项目{min(len(signed), landed + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["签约一批"], "stages": started_stages},
            "value": min(len(signed), landed + 1),
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"started-producing-{Y}",
            "title": f"建成投产“开工一批”项目{min(len(started_batch), built + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["开工一批"], "stages": ["竣工", "投产", "达产达效"]},
            "value": min(len(started_batch), built + 1),
            "deadline": end,
        },
        {
            "id": f"producing-full-{Y}",
            "title": f"达产达效“投产一批”项目{min(len(producing), full + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["投产一批"], "stages": ["达产达效"]},
            "value": min(len(producing), full + 1),
            "deadline": end,
        },
        {
            "id": f"funds-arrival-{Y}",
            "title": "重点项目资金到位率达到90%以上",
            "metric": "funds_arrival_rate",
            "value": 90,
            "deadline": end,
            "internal": True,
        },
    ]
    # Seed 004's domain targets over three years: 工业35亿, 交通45亿 ... scaled to this county.
    for slug, domains, label in (
        ("industry", ["工业"], "工业投资"),
        ("transport", ["交通"], "综合交通建设"),
        ("water", ["水利"], "水利建设"),
        ("new-infra", ["新型基础设施"], "新型基础设施建设"),
        ("urbanisation", ["新型城镇化"], "新型城镇化建设"),
        ("agriculture", ["农业农村"], "农业农村投资"),
        ("livelihood", ["社会民生"], "社会民生领域投资"),
    ):
        amount = max(0.1, _yi(plan(lambda s, d=domains: s.domain in d) * 2.8))
        out.append(
            {
                "id": f"{slug}-{Y}-{Y + 2}",
                "title": f"{three}全县{label}累计完成投资{amount:g}亿元以上",
                "metric": "investment_completed",
                "scope": {"domains": domains},
                "value": round(amount * 10000),
                "start": f"{Y}-01-01",
                "deadline": f"{Y + 2}-12-31",
            }
        )
    total = max(0.1, _yi(plan(lambda s: True) * 2.8))
    out.append(
        {
            "id": f"major-{Y}-{Y + 2}",
            "title": f"到{Y + 2}年全县重点项目累计完成投资{total:g}亿元以上",
            "metric": "investment_completed",
            "value": round(total * 10000),
            "start": f"{Y}-01-01",
            "deadline": f"{Y + 2}-12-31",
        }
    )
    return out




def _plan_tasks(
    b: _Builder,
    sections: list[tuple[str, str, list[TaskRow]]],
    issued: int,
    target_ids: dict[str, str],
) -> list[dict[str, Any]]:
    """Turn the static rows into sections with statuses, notes and links to data."""
    rng = b.rng
    Y = b.Y
    by_domain: dict[str, list[_Spec]] = {}
    for spec in sorted(b.specs, key=lambda s: (-s.total, s.code)):
        if spec.stage not in vocab.PIPELINE_STAGES:
            by_domain.setdefault(spec.domain, []).append(spec)
    out: list[dict[str, Any]] = []
    for number, title, rows in sections:
        tasks: list[dict[str, Any]] = []
        for sub, text, lead, support, when, state, targets, domains in rows:
            task: dict[str, Any] = {
                "number": f"{number}{sub}",  # the document's own numbering: 二(一)3, 三(四)
                "text": text.format(y0=Y, y2=Y + 2),
                "lead": list(lead),
            }
            if support:
                task["support"] = list(support)
            deadline: PartialDate | None = None
            if when in vocab.TASK_RHYTHMS:
                task["rhythm"] = when
            else:
                year_key, month_day = when.split("-", 1)
                year = Y + (int(year_key[2:]) if "+" in year_key else 0)
                deadline = PartialDate.parse(f"{year}-{month_day}")
                task["deadline"] = deadline.iso()
            status = {"done": "已完成", "overdue": "推进中", "ongoing": "推进中", "new": "未开始"}[
                state
            ]
            task["status"] = status
            if state == "done" and deadline is not None:
                done_day = min(
                    deadline.start().toordinal() - rng.randint(0, 20), b.report_day.toordinal()
                )
                task["done"] = _ord_date(max(done_day, issued + 10))
            notes: list[dict[str, Any]] = []
            if state != "new":
                count = rng.randint(1, 3)
                first = issued + 15
                last = b.report_day.toordinal()
                if state == "done" and deadline is not None:
                    last = min(last, deadline.start().toordinal())
                days = sorted(rng.randint(first, max(first, last)) for _ in range(count))
                for day in days:
                    notes.append({"date": _ord_date(day), "text": rng.choice(NOTE_TEXTS) + "。"})
                if state == "overdue":
                    notes.append(
                        {
                            "date": _ord_date(last - rng.randint(0, 10)),
                            "text": rng.choice(INTERNAL_NOTES) + "。",
                            "internal": True,
                        }
                    )
                notes.sort(key=lambda note: note["date"])
            if notes:
                task["notes"] = notes
            linked = [target_ids[t] for t in targets if t in target_ids]
            if linked:
                task["targets"] = linked
            projects = [s.code for d in domains for s in by_domain.get(d, [])[:2]]
            if projects:
                task["projects"] = projects
            tasks.append(task)
        out.append({"number": number, "title": title, "tasks": tasks})
    return out


def _plans(b: _Builder, targets: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    Y = b.Y
    # Targets are linked by their slug without the year suffix.
    ids: dict[str, str] = {}
    for t in targets:
        slug = t["id"]
        for suffix in (f"-{Y}-{Y + 2}", f"-{Y}"):
            if slug.endswith(suffix):
                slug = slug[: -len(suffix)]
                break
        ids[slug] = t["id"]
    kuoda_issued = PartialDate(Y, 3, 18).start().toordinal()
    wen_issued = PartialDate(Y, 8, 26).start().toordinal()
    kuoda = {
        "id": "kuoda-youxiao-touzi",
        "title": f"示例县扩大有效投资三年攻坚行动方案（{Y}—{Y + 2}年）",
        "issuer": "示例县人民政府办公室",
        "date": f"{Y}-03-18",
        "doc_number": f"示政办发〔{Y}〕12号",
        "summary": (
            f"为积极扩大有效投资、优化投资结构，发挥投资对稳增长的关键作用，力争到{Y + 2}年全县"
            "重点项目累计完成投资目标任务。方案明确重点领域投资、投融资渠道、重大项目建设和要素保障等"
            "任务，逐项明确牵头和配合单位。"
        ),
        "sections": _plan_tasks(b, KUODA_SECTIONS, kuoda_issued, ids),
    }
    wen = {
        "id": "wenjingji-gongjian",
        "title": "示例县稳经济重要项目集中攻坚行动方案",
        "issuer": "示例县人民政府办公室",
        "date": f"{Y}-08-26",
        "doc_number": f"示政办〔{Y}〕35号",
        "summary": (
            "冲刺四季度、奋战全年红：推动政策性开发性金融工具项目、“三个一批”项目、省市重点项目、"
            "中央预算内投资和地方政府专项债券项目加快开工、加快建设、加快达效。"
        ),
        "sections": _plan_tasks(b, WENJINGJI_SECTIONS, wen_issued, ids),
    }
    return {"kuoda-youxiao-touzi": kuoda, "wenjingji-gongjian": wen}


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------

RECORD_HEADER = [
    "项目编号",
    "本月完成投资(万元)",
    "开工以来累计完成投资(万元)",
    "是否开工",
    "形象进度",
    "本月资金到位(万元)",
    "本月资金拨付(万元)",
]
PROBLEM_HEADER = [
    "问题编号",
    "项目编号",
    "提出日期",
    "问题类别",
    "问题描述",
    "责任单位",
    "协调层级",
    "办理状态",
    "解决日期",
    "是否公开",
]
_TOP_FILES = ("site.yaml", "units.yaml", "targets.yaml", "problems.csv")


def _clear(out: Path) -> None:
    """Remove what an earlier run wrote, so a smaller set leaves no stale files behind."""
    for name in _TOP_FILES:
        (out / name).unlink(missing_ok=True)
    for sub, suffix in (("projects", ".yaml"), ("progress", ".csv"), ("plans", ".yaml")):
        folder = out / sub
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file() and path.suffix == suffix:
                    path.unlink()


def write_dataset(
    out: Path,
    n_projects: int,
    seed: int = 2025,
    months: int = 12,
    report_date: str = "2025-10-31",
    sample: bool = False,
) -> dict[str, int]:
    """Write a complete data directory to ``out``; return the counts written."""
    out = Path(out)
    b = _Builder(n_projects, seed, months, report_date, sample)
    b.build_projects()
    b.drop_late_reports()
    projects = {spec.code: b.render(spec) for spec in b.specs}
    problems = b.problems()
    tables = b.month_tables()
    targets = _targets(b)
    plans = _plans(b, targets)

    out.mkdir(parents=True, exist_ok=True)
    _clear(out)
    for sub in ("projects", "progress", "plans"):
        (out / sub).mkdir(exist_ok=True)
    site = {
        "region": REGION,
        "title": f"{REGION}重点项目建设信息公开",
        "report_date": b.report.iso(),
        "disclosure_threshold": int(THRESHOLD),
        "fiscal_sources": list(FISCAL_SOURCES),
        "lag_tolerance": 5,
        "big_project_threshold": 100000,
        "townships": [{"code": code, "name": name} for code, name in b.township_rows],
    }
    (out / "site.yaml").write_bytes(_dump_yaml(site))
    units = b.units()
    (out / "units.yaml").write_bytes(_dump_yaml(units))
    (out / "targets.yaml").write_bytes(_dump_yaml(targets))
    for code, data in projects.items():
        (out / "projects" / f"{code}.yaml").write_bytes(_dump_yaml(data))
    for month, rows in tables.items():
        (out / "progress" / f"{month}.csv").write_bytes(_csv_bytes(RECORD_HEADER, rows))
    (out / "problems.csv").write_bytes(_csv_bytes(PROBLEM_HEADER, problems))
    for plan_id, plan in plans.items():
        (out / "plans" / f"{plan_id}.yaml").write_bytes(_dump_yaml(plan))
    return {
        "projects": len(projects),
        "monthly_files": len(tables),
        "monthly_records": sum(len(rows) for rows in tables.values()),
        "problems": len(problems),
        "targets": len(targets),
        "plans": len(plans),
        "tasks": sum(len(s["tasks"]) for p in plans.values() for s in p["sections"]),
        "units": len(units),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.sample",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out", type=Path, help="data directory to write")
    parser.add_argument("--n", type=int, required=True, help="number of projects")
    parser.add_argument(
        "--months", type=int, default=12, help="monthly files up to the report month"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--report-date", default="2025-10-31")
    parser.add_argument("--sample", action="store_true", help="the shipped sample county")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    counts = write_dataset(
        args.out,
        args.n,
        seed=args.seed,
        months=args.months,
        report_date=args.report_date,
        sample=args.sample,
    )
    took = time.perf_counter() - began
    print(", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({took:.1f}s)")
    return 0

