"""攻坚目标: each target measured over its projects (or its reports) and period, at the report
date, with its 序时 rule and, once its deadline has passed, a final verdict.

Kinds (``KINDS``): an amount over projects, a rate over projects, a count of projects in a
state, growth over a base year, and a reported figure in the unit the document uses. Any
amount, growth or reported figure may be yearly (每年): each year is judged on its own.

序时 rules (``schedule_rule``), each compared with the share of the target achieved, with
``lag_tolerance`` points of slack:

* ``months``: the share of the period's months elapsed (amounts, most rates, counts);
* ``planned``: the share of the projects due by the deadline that are due by the report date
  (开工率 by planned start, 竣工投产率 by planned completion);
* ``yoy``: growth so far against the target growth itself (a year-on-year rate already
  compares like periods);
* ``none``: judged only at the deadline (reported counts such as 引进金融机构1家).

After the deadline a target is 完成 or 未完成 on its figure at the deadline (缺最终数据 when
the last report stops before it); never a count of days overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pandas as pd

from generator.figures.rates import EPS, period_share, rate
from generator.figures.table import project_table, report_date
from generator.figures.target_measures import KINDS, Figure, Measures
from generator.model.dataset import Dataset
from generator.model.models import Target, TargetBaseline, TargetReport
from generator.rules.targets import Publication, in_scope, is_reported, publications

__all__ = ["KINDS", "TargetResult", "YearResult", "evaluate_targets", "in_scope"]

UNITS = {"amount": "万元", "rate": "%", "count": "个", "growth": "%"}
PLANNED = frozenset({"start_rate", "production_rate"})
# What the public site shows for a figure over the disclosed projects only, where the scope
# withholds some: the target is the county's, so the part is not judged against it.
PARTIAL = "仅公开项目"


@dataclass(frozen=True)
class YearResult:
    """One year of a yearly (每年) or multi-year growth target."""

    year: int
    actual: float | None
    share_achieved: float | None
    expected_share: float | None
    status: str
    report: TargetReport | None = None


@dataclass(frozen=True)
class TargetResult:
    """A target at the report date. ``actual`` and ``value`` are in ``unit`` (万元, %, 个, or
    a reported unit as written); ``share_achieved`` is a fraction of the target (None when
    the target value is 0 or the figure is not judged); ``expected_share`` is what the 序时
    rule asks for by now (None: the rule is ``none``).

    ``coverage``: ``all`` (every project in scope), ``disclosed`` (the public site's figure
    over disclosed projects where the scope withholds some), ``reported``. ``reported_by``
    is the register's name of the reporting unit."""

    target: Target
    actual: float | None
    value: float
    share_achieved: float | None
    expected_share: float | None
    days_left: int
    status: str
    unit: str
    projects: int
    kind: str = "amount"
    schedule: str = "months"
    ended: bool = False
    as_of: dt.date | None = None
    coverage: str = "all"
    data_from: str | None = None
    gap: tuple[str, str] | None = None
    baseline: TargetBaseline | None = None
    report: TargetReport | None = None
    reported_by: str | None = None
    years: tuple[YearResult, ...] = ()
    publication: Publication | None = None


def schedule_rule(target: Target) -> str:
    if target.schedule == "无":
        return "none"
    if target.schedule == "按月":
        return "months"
    if target.metric == "growth":
        return "yoy"
    if target.metric in PLANNED:
        return "planned"
    if target.metric == "reported" and "元" not in (target.unit or "万元"):
        return "none"  # 1家, 5个: a share of a handful by month says nothing
    return "months"


def unit_of(target: Target) -> str:
    kind = KINDS[target.metric]
    if kind == "reported":
        return target.unit or "万元"
    return UNITS[kind]


def evaluate_targets(ds: Dataset, table: pd.DataFrame,
                     full: Dataset | None = None) -> list[TargetResult]:
    """Each target of ``ds`` at the report date of ``table``, in file order.

    ``full``: for the public site (``ds`` its view), the complete data set. A target whose
    county total may be published (``rules.targets.publications``) is then measured on it;
    any other over the disclosed projects, judged against the target only when the scope
    withholds nothing.
    """
    tolerance = table.attrs.get("lag_tolerance", ds.config.lag_tolerance)
    shown = publications(full if full is not None else ds)
    measures = Measures(ds, table)
    if full is None:
        return [replace(_evaluate(measures, t, tolerance), publication=shown.get(t.id))
                for t in ds.targets]
    full_measures: Measures | None = None
    out = []
    for target in ds.targets:
        pub = shown.get(target.id, Publication(False, 0))
        if pub.aggregate and pub.withheld:
            if full_measures is None:
                full_measures = Measures(full, project_table(full, report_date(table)))
            result = _evaluate(full_measures, target, tolerance)
        elif pub.withheld:
            result = _partial(_evaluate(measures, target, tolerance, baseline=False))
        else:
            result = _evaluate(measures, target, tolerance)
        out.append(replace(result, publication=pub))
    return out


def _partial(result: TargetResult) -> TargetResult:
    years = tuple(replace(y, share_achieved=None, expected_share=None, status=PARTIAL)
                  for y in result.years)
    return replace(result, share_achieved=None, expected_share=None, status=PARTIAL,
                   coverage="disclosed", years=years)


def _evaluate(m: Measures, target: Target, tolerance: float, *,
              baseline: bool = True) -> TargetResult:
    day = m.day
    deadline = target.deadline.end()
    start = target.start.start() if target.start else dt.date(deadline.year, 1, 1)
    rule = schedule_rule(target)
    ended = day > deadline
    common = dict(
        target=target, value=target.value, days_left=(deadline - day).days,
        unit=unit_of(target), kind=KINDS[target.metric], schedule=rule, ended=ended,
        as_of=min(day, deadline), coverage="reported" if is_reported(target) else "all",
        reported_by=m.unit_name(target.reported_by),
    )
    if target.yearly or target.metric == "growth":
        return _by_year(m, target, start, deadline, rule, tolerance, common)
    figure = m.figure(target, start, deadline, baseline=baseline)
    share, expected, status = _judge(figure, target.value, _expected(rule, figure, start,
                                                                     deadline, day),
                                     ended, tolerance, early=True)
    return TargetResult(actual=figure.actual, share_achieved=share, expected_share=expected,
                        status=status, projects=figure.projects, data_from=figure.data_from,
                        gap=figure.gap, report=figure.report,
                        baseline=target.baseline if figure.baseline is not None else None,
                        **common)  # type: ignore[arg-type]


def _expected(rule: str, figure: Figure, start: dt.date, end: dt.date,
              day: dt.date) -> float | None:
    if rule == "none":
        return None
    if rule == "yoy":
        return 1.0
    if rule == "planned" and figure.planned is not None:
        return figure.planned
    return period_share(start, end, day)


def _judge(figure: Figure, value: float, expected: float | None, ended: bool,
           tolerance: float, *, early: bool) -> tuple[float | None, float | None, str]:
    """(share achieved, share expected, status); ``early``: reaching the value before the
    deadline completes the target (not so for growth, which can fall back)."""
    actual = figure.actual
    share = None if actual is None else rate(max(actual, 0.0), value)
    if actual is None:
        return share, expected, "无数据" if ended else "暂无数据"
    reached = actual + EPS >= value
    if ended:
        return share, expected, "完成" if reached else ("未完成" if figure.final else "缺最终数据")
    if reached and early:
        return share, expected, "已完成"
    if expected is None:
        return share, expected, "进行中"
    on_track = (share or 0.0) * 100 + EPS >= expected * 100 - tolerance
    return share, expected, "按序时推进" if on_track else "落后序时"


def _by_year(m: Measures, target: Target, start: dt.date, deadline: dt.date, rule: str,
             tolerance: float, common: dict[str, object]) -> TargetResult:
    """Yearly targets, judged year by year, and growth (年均 over several years)."""
    day = m.day
    years: list[YearResult] = []
    figures: list[Figure] = []
    for year in range(start.year, min(day.year, deadline.year) + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(deadline, dt.date(year, 12, 31))
        as_of = min(day, last)
        if target.metric == "growth":
            figure = m.growth_year(target, year, as_of)
        else:
            figure = m.figure(target, first, last)
        figures.append(figure)
        expected = _expected(rule, figure, first, last, day)
        share, expected, status = _judge(figure, target.value, expected, day > last,
                                         tolerance, early=target.metric != "growth")
        years.append(YearResult(year, figure.actual, share, expected, status, figure.report))
    ended = bool(common["ended"])
    projects = figures[-1].projects if figures else 0
    if target.yearly or len(years) <= 1:
        if not years:
            return TargetResult(actual=None, share_achieved=None, expected_share=None,
                                status="暂无数据", projects=0, **common)  # type: ignore[arg-type]
        current = years[-1]
        status = current.status
        if ended:
            verdicts = {y.status for y in years}
            status = "完成" if verdicts == {"完成"} else (
                "缺最终数据" if verdicts & {"缺最终数据", "无数据"} else "未完成")
        return TargetResult(actual=current.actual, share_achieved=current.share_achieved,
                            expected_share=current.expected_share, status=status,
                            projects=projects, report=current.report,
                            data_from=figures[-1].data_from, years=tuple(years),
                            **common)  # type: ignore[arg-type]
    # 年均增长: the geometric mean of the years' growth so far.
    growths = [y.actual for y in years]
    mean = None
    if all(g is not None for g in growths):
        product = 1.0
        for g in growths:
            product *= 1 + g / 100  # type: ignore[operator]
        mean = round((max(product, 0.0) ** (1 / len(growths)) - 1) * 100, 1)
    overall = Figure(mean, projects, final=all(f.final for f in figures),
                     report=figures[-1].report)
    share, expected, status = _judge(overall, target.value, _expected(rule, overall, start,
                                                                       deadline, day),
                                     ended, tolerance, early=False)
    return TargetResult(actual=mean, share_achieved=share, expected_share=expected,
                        status=status, projects=projects, report=overall.report,
                        years=tuple(years), **common)  # type: ignore[arg-type]
