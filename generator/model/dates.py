"""Dates as users write them: a day, or only a month.

Data holds ISO dates (``2025-03-15``) or months (``2025-03``); people also type
``2025-3``, ``2025/3/15``, ``2025年3月`` and ``2025年3月15日``. Each is unambiguous, so
each is accepted. A month means "by the end of that month" wherever a date is compared
(a deadline of 2025年6月 is met on 30 June).

Years outside ``MIN_YEAR``..``MAX_YEAR`` are refused: ``0000-05`` cannot even be a Python
date, and ``1025`` or ``2205`` are slips of the keyboard, not dates of a project, a plan or
a problem (no project in this register predates 1949 or runs past 2100).
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from generator.model.codes import CodedError

MIN_YEAR = 1949
MAX_YEAR = 2100
_FULLWIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$"),
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar day, or a whole month when ``day`` is None."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, text: object) -> PartialDate:
        """Parse what a user typed; raise CodedError (a ValueError) with what was expected.

        >>> PartialDate.parse("2025年3月").end()
        datetime.date(2025, 3, 31)
        """
        if isinstance(text, PartialDate):
            return text
        if isinstance(text, date):
            return cls(text.year, text.month, text.day)
        raw = str(text).strip().translate(_FULLWIDTH)
        for pattern in _PATTERNS:
            match = pattern.match(raw)
            if match:
                year, month = int(match[1]), int(match[2])
                day = int(match[3]) if match[3] else None
                if not 1 <= month <= 12:
                    break
                if not MIN_YEAR <= year <= MAX_YEAR:
                    raise CodedError("date-out-of-range", got=str(text), low=MIN_YEAR,
                                     high=MAX_YEAR)
                if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
                    break
                return cls(year, month, day)
        raise CodedError("bad-date", got=str(text))

    def start(self) -> date:
        return _start(self.year, self.month, self.day)

    def end(self) -> date:
        return _end(self.year, self.month, self.day)

    def iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def chinese(self) -> str:
        if self.day is None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年{self.month}月{self.day}日"

    def __str__(self) -> str:
        return self.iso()


# Metrics compare the same few hundred dates hundreds of thousands of times.
@functools.cache
def _start(year: int, month: int, day: int | None) -> date:
    return date(year, month, day or 1)


@functools.cache
def _end(year: int, month: int, day: int | None) -> date:
    return date(year, month, day or calendar.monthrange(year, month)[1])


def month_key(text: str) -> str:
    """Normalise a month to ``YYYY-MM``; raise ValueError otherwise."""
    parsed = PartialDate.parse(text)
    if parsed.day is not None:
        raise ValueError(f"应为月份 (got {text!r}, expected 2025-03)")
    return parsed.iso()


def month_end(month: str) -> date:
    return PartialDate.parse(month).end()
