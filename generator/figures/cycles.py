"""The cycles of a recurring task: which calendar period a report is due in, and how many
of a period's cycles had one.

A rhythm's cycle is the calendar day (每日), the ISO week, Monday to Sunday (每周), the
calendar month, quarter, half-year or year. A note counts for a cycle when it is dated
inside it, first day included; a note dated by month only counts only for cycles that
hold the whole month, so it never counts for a day or a week. A cycle is covered when it
holds at least as many notes as the rhythm asks (每周2次: two).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from generator.model.dates import PartialDate
from generator.model.models import TaskNote
from generator.model.rhythms import Rhythm, parse_rhythm

_MONTHS = {"每月": 1, "每季度": 3, "每半年": 6, "每年": 12}


@dataclass(frozen=True)
class Cycle:
    """The calendar period of one rhythm of a recurring task."""

    rhythm: Rhythm
    start: date
    end: date

    def contains(self, when: PartialDate) -> bool:
        return self.start <= when.start() and when.end() <= self.end

    def count(self, notes: Iterable[TaskNote]) -> int:
        return sum(self.contains(n.date) for n in notes)

    def covered(self, notes: Iterable[TaskNote]) -> bool:
        return self.count(notes) >= self.rhythm.low


def cycle_of(rhythm: Rhythm | str, day: date) -> Cycle:
    """The cycle of ``rhythm`` (每日 … 每年, or 每月1—2次 …) that holds ``day``."""
    if isinstance(rhythm, str):
        rhythm = parse_rhythm(rhythm)
    if rhythm.base == "每日":
        return Cycle(rhythm, day, day)
    if rhythm.base == "每周":
        start = day - timedelta(days=day.weekday())
        return Cycle(rhythm, start, start + timedelta(days=6))
    months = _MONTHS[rhythm.base]
    first = (day.month - 1) // months * months + 1
    last = first + months - 1
    return Cycle(rhythm, date(day.year, first, 1), PartialDate(day.year, last).end())


@dataclass(frozen=True)
class Coverage:
    """How many cycles of one rhythm from ``first`` to ``last`` had their notes."""

    rhythm: Rhythm
    first: date
    last: date
    cycles: int
    covered: int


def coverage(rhythm: Rhythm, notes: Iterable[TaskNote], first: date, last: date) -> Coverage:
    """The cycles of ``rhythm`` that overlap ``first``…``last``, and how many were covered
    by notes dated inside them (notes outside the span count for nothing)."""
    if last < first:
        return Coverage(rhythm, first, last, 0, 0)
    start = cycle_of(rhythm, first).start
    cycles = 0
    day = start
    while day <= last:
        cycles += 1
        day = cycle_of(rhythm, day).end + timedelta(days=1)
    per_cycle: Counter[date] = Counter()
    for note in notes:
        cycle = cycle_of(rhythm, note.date.start())
        if cycle.contains(note.date) and cycle.start <= last and cycle.end >= first:
            per_cycle[cycle.start] += 1
    covered = sum(1 for n in per_cycle.values() if n >= rhythm.low)
    return Coverage(rhythm, first, last, cycles, covered)
