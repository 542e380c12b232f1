"""Rates, percentage points and 序时进度: the arithmetic every figure shares.

Conventions, decided once here:

* Rates are fractions (0.896 for 89.6%), rounded half-up to 0.1 percentage point by
  ``rate``, so that a status always agrees with the figures a page shows. A lag is in
  percentage points, like ``SiteConfig.lag_tolerance``. A rate with nothing to divide by is
  ``None`` (NaN in frames), never 0.
* The report date's month is the report month whatever its day: a record for June covers
  June, so a report dated 15 June uses 序时 6/12 (bulletins say "1–6月" and "序时进度50%";
  an elapsed-days schedule would hold a whole month's figure against half a month's time).
* 序时: a project is held to the months of the year its plan covers (``plan_window``); a
  group or the region to the calendar (report month / 12), as bulletins publish it.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from generator.model.models import Project

STATUSES = ("超前", "正常", "滞后", "未报送", "无计划", "未开工")
# Worst first: lists of projects for those who answer for them start with what needs help.
STATUS_SEVERITY = {"滞后": 0, "未报送": 1, "未开工": 2, "正常": 3, "超前": 4, "无计划": 5}


# Targets still running, then ended ones (a verdict at the deadline), then the public
# site's figure over disclosed projects only, which is not judged (figures.targets).
TARGET_STATUSES = ("已完成", "按序时推进", "落后序时", "进行中", "暂无数据",
                   "完成", "未完成", "缺最终数据", "无数据", "仅公开项目")


UNFILLED = "未填"


ALL = "全部"


EPS = 1e-9


def missing(value: object) -> bool:
    """None or NaN: a figure that is not there (pandas keeps None as NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def nan(value: float | None) -> float:
    return math.nan if value is None else value


def number(value: object) -> float | None:
    """A frame's value as a float, None when missing."""
    return None if missing(value) else float(value)  # type: ignore[arg-type]


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def rate(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator`` as a fraction rounded half-up to 0.1 percentage point.

    None when the denominator is missing or not positive (a rate of nothing is unknown, not
    0%). Half-up on the decimal value, so 1075/1200 = 0.895833… → 0.896 and an exact
    0.0005 step rounds up as people expect (Python's ``round`` would go to even).

    >>> rate(1075, 1200), rate(391, 397), rate(5, 0)
    (0.896, 0.985, None)
    """
    if numerator is None or denominator is None:
        return None
    if missing(numerator) or missing(denominator) or denominator <= 0:
        return None
    value = Decimal(repr(float(numerator))) / Decimal(repr(float(denominator)))
    return float(value.quantize(Decimal("0.001"), ROUND_HALF_UP))


def points(value: float) -> float:
    """Percentage points, rounded half-up to one decimal (−13.25 → −13.3)."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), ROUND_HALF_UP))


def schedule_rate(day: dt.date, window: tuple[int, int] | None = (1, 12)) -> float:
    """序时进度 at ``day``: months of ``window`` elapsed, counting ``day``'s month, / its length.

    ``window`` is (first month, last month) of the year in which the plan is to be spent;
    None means the window lies after this year (nothing is due yet).

    >>> schedule_rate(dt.date(2025, 9, 30)), schedule_rate(dt.date(2025, 9, 30), (7, 12))
    (0.75, 0.5)
    """
    return rate(schedule_fraction(day, window), 1) or 0.0


def schedule_fraction(day: dt.date, window: tuple[int, int] | None = (1, 12)) -> float:
    """``schedule_rate`` unrounded, for lines drawn month by month."""
    if window is None:
        return 0.0
    first, last = window
    return min(max(day.month - first + 1, 0), last - first + 1) / (last - first + 1)


def plan_window(project: Project, year: int) -> tuple[int, int] | None:
    """Months of ``year`` in which the project's annual plan is to be spent.

    A project planned to start in July, or to finish in June, is held to its own months, so
    a July start is not called 滞后 in August. Planned dates (not actual ones) bound the
    window: starting late is exactly what the lag should show.
    """
    d = project.dates
    first, last = 1, 12
    if d.planned_start is not None:
        if d.planned_start.year > year:
            return None
        if d.planned_start.year == year:
            first = d.planned_start.month
    if d.planned_completion is not None and d.planned_completion.year == year:
        last = d.planned_completion.month
    if last < first:  # inconsistent dates (validation flags them): fall back to the year end
        last = 12
    return first, last


def progress_status(completion: float | None, schedule: float, tolerance: float) -> str:
    """超前 / 正常 / 滞后 from the shown (rounded) figures; 无计划 when there is no rate.

    Exactly ``tolerance`` behind or ahead is still 正常: 滞后 means "by more than".
    """
    if completion is None or missing(completion):
        return "无计划"
    lag = points((completion - schedule) * 100)
    if lag < -tolerance:
        return "滞后"
    if lag > tolerance:
        return "超前"
    return "正常"


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def period_share(start: dt.date, end: dt.date, day: dt.date) -> float:
    """Share of the months from ``start`` to ``end`` (inclusive) elapsed at ``day``."""
    total = _month_index(end) - _month_index(start) + 1
    elapsed = min(max(_month_index(day) - _month_index(start) + 1, 0), total)
    return rate(elapsed, total) or 0.0


