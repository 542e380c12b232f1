"""The problems ledger (problems.csv): 问题 raised by projects, with unit, level and status."""

from __future__ import annotations

from generator.model import vocab
from generator.model.dates import PartialDate

from .basics import month_of, ord_date, year_of
from .county import County
from .kinds import PROBLEM_TEXTS


def problem_rows(county: County) -> list[list[str]]:
    """The rows of problems.csv, numbered WT-YYYY-NNNN in order of the day raised."""
    rng = county.rng
    count = max(32, county.n // 2) if county.sample or county.n < 400 else county.n // 2
    pool = [s for s in county.specs if s.stage in ("前期", "新开工", "续建")]
    pool += [s for s in county.specs if s.pace == "lagging"]  # lagging projects raise more
    others = [s for s in county.specs if s.completed]
    kinds = list(vocab.PROBLEM_KINDS)
    weights = [5, 2, 5, 4, 4, 2, 3, 2]  # in vocab.PROBLEM_KINDS order
    first_day = PartialDate(year_of(county.first), month_of(county.first), 1).start().toordinal()
    last_day = county.report_day.toordinal()
    raw: list[tuple[int, list[str]]] = []
    levels = list(vocab.PROBLEM_LEVELS)
    statuses = list(vocab.PROBLEM_STATUSES)
    for i in range(count):
        # The first rows cover every kind, level and status; the rest are drawn by weight.
        spec = rng.choice(
            others if (others and i >= 3 and rng.random() < 0.1) else pool or county.specs
        )
        kind = kinds[i] if i < len(kinds) else rng.choices(kinds, weights=weights)[0]
        text, units = rng.choice(PROBLEM_TEXTS[kind])
        unit = rng.choice(units)
        if unit == "town":
            unit = county.town_unit(spec.township)
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
                    year_of(spec.completion[0]), month_of(spec.completion[0]), spec.completion[1]
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
                    ord_date(raised),
                    kind,
                    description,
                    unit,
                    level,
                    status,
                    ord_date(resolved) if resolved is not None else "",
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
