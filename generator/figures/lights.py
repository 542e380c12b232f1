"""红黄绿灯: the one rule for the light of a project, an approval, a task or a target.

A light is a code (``GREEN``, ``YELLOW``, ``RED``); its word, icon and legend are written in
``present``. The rule in force comes from ``site.yaml`` (``SiteConfig.lights``):

* progress (投资完成率 against 序时进度, and a target's share achieved against its time) on
  one of two bases, as published practice does it:

  - ``points``: how many percentage points below 序时. Yellow when more than ``yellow``
    points below, red when more than ``red`` (银川: 10 and 30). ``yellow`` defaults to the
    lag tolerance, so that 滞后 and "yellow or red" are one set; ``red`` to 30.
  - ``share``: completion as a share of 序时 (完成率 ÷ 序时进度). Yellow below ``yellow`` %,
    red below ``red`` % (武汉: 80 and 60; 三亚: 100 and 50). Defaults 80 and 60.

  Both compare the shown (rounded) figures, and a value exactly on a line keeps the better
  light, as 滞后 means "by more than". With nothing due yet (序时 0) the light is green.
* deadlines (an approval's 时限, a task's 完成时限): red once past and not done, yellow when
  due within ``warning_days`` (tasks: ``task_warning_days``), else green. A planned start is
  due on its last day (as 开工率 counts it): red from that day while not started.

Nothing to judge (no plan this year, no deadline) is no light at all: ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.figures.rates import missing, points, rate
from generator.figures.tasks import TaskState
from generator.model.models import SiteConfig

GREEN, YELLOW, RED = "green", "yellow", "red"
LIGHTS: tuple[str, ...] = (RED, YELLOW, GREEN)  # worst first, as lists are ordered
SEVERITY = {GREEN: 0, YELLOW: 1, RED: 2}

DEFAULT_RED_POINTS = 30.0
DEFAULT_SHARE = (80.0, 60.0)  # yellow, red


@dataclass(frozen=True)
class Rule:
    """The lights' rule with every default resolved."""

    basis: str  # "points" or "share"
    yellow: float
    red: float
    warning_days: int
    task_warning_days: int


def rule_of(config: SiteConfig) -> Rule:
    lights = config.lights
    if lights.basis == "points":
        yellow = config.lag_tolerance if lights.yellow is None else lights.yellow
        red = DEFAULT_RED_POINTS if lights.red is None else lights.red
        red = max(red, yellow)  # a tolerance above the default red line: no yellow band
    else:
        yellow = DEFAULT_SHARE[0] if lights.yellow is None else lights.yellow
        red = DEFAULT_SHARE[1] if lights.red is None else lights.red
        red = min(red, yellow)
    return Rule(lights.basis, float(yellow), float(red), lights.warning_days,
                lights.task_warning_days)


def worst(lights: Iterable[str | None]) -> str | None:
    """The most severe light of several; None when none is lit."""
    lit = [light for light in lights if light is not None]
    return max(lit, key=SEVERITY.__getitem__) if lit else None


def share_of_schedule(completion: float, schedule: float) -> float | None:
    """完成率 as a percentage of 序时进度, to 0.1 (75.0% of 83.3% → 90.0); None when 序时 is 0."""
    share = rate(completion, schedule)
    return None if share is None else points(share * 100)


def progress_light(completion: float | None, schedule: float, rule: Rule) -> str | None:
    """The light of a completion rate (a fraction) against 序时 (a fraction)."""
    if completion is None or missing(completion):
        return None
    if schedule <= 0:
        return GREEN
    if rule.basis == "points":
        behind = -points((completion - schedule) * 100)
        return RED if behind > rule.red else YELLOW if behind > rule.yellow else GREEN
    share = share_of_schedule(completion, schedule)
    assert share is not None
    return RED if share < rule.red else YELLOW if share < rule.yellow else GREEN


def deadline_light(deadline: dt.date | None, done: bool, day: dt.date,
                   warning_days: int) -> str | None:
    """Red past the deadline (its last day) and not done, yellow within ``warning_days`` of
    it, else green; None without a deadline."""
    if deadline is None:
        return None
    if done:
        return GREEN
    if deadline < day:
        return RED
    return YELLOW if (deadline - day).days <= warning_days else GREEN


def start_light(planned: dt.date | None, started: bool, day: dt.date,
                warning_days: int) -> str | None:
    """A planned start (its last day) not yet made: red once due (on its last day, as 开工率
    counts it), yellow within ``warning_days``; None once started or with no plan."""
    if planned is None or started:
        return None
    if planned <= day:
        return RED
    return YELLOW if (planned - day).days <= warning_days else GREEN


def task_light(state: TaskState, rule: Rule) -> str | None:
    """A task of an action plan: green when done, else by its deadline; None for a
    recurring task without one, and for a task of a plan that has ended (judged, not timed)."""
    if state.done:
        return GREEN
    if state.final:  # the plan has ended: its verdict (未完成) stands, no clock runs on
        return None
    deadline = state.task.deadline
    return deadline_light(deadline.end() if deadline is not None else None, False,
                          state.report_day, rule.task_warning_days)


def target_light(status: str, share_achieved: float | None, expected_share: float | None,
                 rule: Rule) -> str | None:
    """A 攻坚目标: green once met, red once its deadline passed unmet, else its share
    achieved against the share of its time elapsed, on the progress rule; no light where
    ``figures.targets`` cannot judge it (no data, no 序时, disclosed projects only)."""
    if status in ("完成", "已完成"):
        return GREEN
    if status == "未完成":
        return RED
    if status not in ("按序时推进", "落后序时") or expected_share is None:
        return None
    return progress_light(share_achieved or 0.0, expected_share, rule) or GREEN


def counts(lights: Iterable[object]) -> dict[str, int]:
    """How many of each light (None and NaN not counted), every light present."""
    out = dict.fromkeys(LIGHTS, 0)
    for light in lights:
        if isinstance(light, str) and light in out:
            out[light] += 1
    return out
