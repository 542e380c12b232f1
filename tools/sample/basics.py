"""Month arithmetic and the number formats of the ledgers.

Months are integers (``month_index``) so that month arithmetic is addition. Nothing here
keeps state; functions that draw take the caller's ``rng``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date


def month_index(year: int, month: int) -> int:
    """Months as integers, so that month arithmetic is addition."""
    return year * 12 + month - 1


def year_of(index: int) -> int:
    return index // 12


def month_of(index: int) -> int:
    return index % 12 + 1


def month_text(index: int) -> str:
    return f"{year_of(index):04d}-{month_of(index):02d}"


def day_text(index: int, day: int) -> str:
    return f"{month_text(index)}-{min(max(day, 1), 28):02d}"


def money(value: float) -> float | int:
    """Two decimals; whole amounts as integers, as people type them."""
    value = round(value, 2)
    return int(value) if value == int(value) else value


def cell(value: float | None) -> str:
    if value is None:
        return ""
    value = round(value, 2)
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def round_total(rng: random.Random, value: float) -> float:
    # Ledger totals are usually round; some carry the cents of an approved budget.
    if rng.random() < 0.15:
        return round(value, 2)
    if value >= 10000:
        return float(round(value / 10) * 10)
    return float(round(value))


def log_uniform(rng: random.Random, lo: float, hi: float) -> float:
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def quota(n: int, weights: Sequence[tuple[str, float]]) -> list[str]:
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


def doc_number(rng: random.Random, prefix: str, year: int) -> str:
    return f"{prefix}〔{year}〕{rng.randint(3, 160)}号"


def ord_date(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()
