"""Working days (工作日) as China's official calendar has them: the clock of the disclosure
rules, which give "20 working days from the day the information is formed or changed"
(政府信息公开条例 art. 26).

Which days are holidays, and which weekend days are 调休 make-up working days, the State
Council announces each year, usually in November or December for the next. They follow no
rule that code could derive, so the calendar is the maintained package ``chinese-calendar``
(pinned in requirements.txt); a year it does not hold yet is ``UnknownYear``, named, never
guessed: a wrong deadline would flag an item as late that was not, or the reverse.

Counting follows 民法典 art. 201: the day the period starts is not counted, so the deadline
is the 20th working day after the day the item was formed.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import chinese_calendar

PACKAGE = "chinese-calendar"
VERSION: str = chinese_calendar.__version__


class UnknownYear(ValueError):
    """The calendar package has no holiday arrangement for ``year``."""

    def __init__(self, year: int) -> None:
        super().__init__(f"{PACKAGE} {VERSION} has no holidays for {year}")
        self.year = year


@functools.cache
def known_years() -> tuple[int, int]:
    """The first and last year the installed package holds."""
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return min(years), max(years)


# The package takes ~70 µs a day (measured under load); a late item counts hundreds of days
# and items share their spans, so the answers are kept (a decade is under 4,000 days).
@functools.lru_cache(maxsize=8192)
def is_workday(day: date) -> bool:
    first, last = known_years()
    if not first <= day.year <= last:
        raise UnknownYear(day.year)
    return bool(chinese_calendar.is_workday(day))


@functools.lru_cache(maxsize=65536)  # items share their days: a county has a few thousand
def add_workdays(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted).

    >>> add_workdays(date(2025, 9, 30), 1)  # 国庆中秋: 10月1日至8日放假
    datetime.date(2025, 10, 9)
    """
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)
    return count
