"""Whether each item of a 公开目录 was published in time: 20 working days from the day it was
formed (政府信息公开条例 art. 26), counted on China's official calendar (``model.workdays``).

An item's publication date is the first version of the data whose public view held it
(``history.lastchange``). What is not in git yet, or not in the data at all although the
project's state says it exists, is not published: overdue once its deadline has passed by
``as_of`` (the newest version of the data, or the report date if later), pending before.
An item in the data's first version has no publication date of its own and is not judged;
neither is an item without a formation date. A deadline that needs a year the calendar
package does not hold is not guessed: ``unknown-year``, with the year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, Protocol

from generator.model.workdays import UnknownYear, add_workdays, workdays_between
from generator.rules.catalogue import Item

LIMIT = 20  # working days, 政府信息公开条例 art. 26

Status = Literal[
    "on-time",  # published within the limit
    "late",  # published after it
    "overdue",  # not published, the limit passed
    "pending",  # not published, the limit not passed yet
    "missing",  # not published, formed on a day the data does not give
    "initial",  # in the data's first version: published on a day not known
    "untimed",  # published; the data gives no day it was formed
    "unknown-year",  # the calendar does not hold a year the count needs
]
FLAGGED: frozenset[str] = frozenset({"late", "overdue", "missing"})
UNPUBLISHED: frozenset[str] = frozenset({"overdue", "pending", "missing"})


class Seen(Protocol):
    """When an item first reached the public site (``history.lastchange.FirstSeen``)."""

    day: str
    initial: bool


@dataclass(frozen=True)
class Clock:
    item: Item
    status: Status
    published: date | None = None
    deadline: date | None = None
    late_by: int = 0  # working days after the deadline
    year: int | None = None  # the year the calendar lacks, for unknown-year


def clock(item: Item, seen: Seen | None, as_of: date) -> Clock:
    """The item's state against art. 26's limit."""
    formed = item.formed.end() if item.formed is not None else None  # a month: its last day
    if seen is None or not item.present:
        if formed is None:  # in the data but not yet in git: no clock to run
            return Clock(item, "pending" if item.present else "missing")
        if as_of <= formed + timedelta(days=LIMIT):  # 20 working days are ≥ 20 days
            return Clock(item, "pending")
        try:
            deadline = add_workdays(formed, LIMIT)
        except UnknownYear as error:
            return Clock(item, "unknown-year", year=error.year)
        return Clock(item, "overdue" if as_of > deadline else "pending", deadline=deadline)
    published = date.fromisoformat(seen.day) if seen.day else None
    if seen.initial or published is None:
        return Clock(item, "initial", published)
    if formed is None:
        return Clock(item, "untimed", published)
    if published <= formed + timedelta(days=LIMIT):
        return Clock(item, "on-time", published)
    try:
        deadline = add_workdays(formed, LIMIT)
        late_by = workdays_between(deadline, published)
    except UnknownYear as error:
        return Clock(item, "unknown-year", published, year=error.year)
    return Clock(item, "late" if late_by > 0 else "on-time", published, deadline, late_by)


def clocks(items: Iterable[Item], seen: Mapping[str, Seen], as_of: date) -> list[Clock]:
    return [clock(item, seen.get(item.key), as_of) for item in items]


@dataclass
class Tally:
    """Counts of statuses over some items: a project's, or a unit's."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, status: str) -> None:
        self.counts[status] += 1

    @property
    def judged(self) -> int:
        """Items whose timeliness is known: published on time or late, or not published."""
        return sum(self.counts[s] for s in ("on-time", "late", "overdue", "pending", "missing"))

    @property
    def flagged(self) -> int:
        return sum(self.counts[s] for s in FLAGGED)

    def __getitem__(self, status: str) -> int:
        return self.counts[status]


def tally(items: Iterable[Clock]) -> Tally:
    out = Tally()
    for c in items:
        out.add(c.status)
    return out


def unknown_years(items: Iterable[Clock]) -> list[int]:
    return sorted({c.year for c in items if c.year is not None})
