"""Checks of targets.yaml beyond each field's own type: the fields each kind takes, reports,
baselines, the month the data starts and county totals the public site cannot show."""

from __future__ import annotations

from collections.abc import Callable

from generator.model.dataset import Dataset
from generator.model.findings import Finding
from generator.model.models import Target
from generator.rules.targets import FIELD_METRICS, is_reported, publications

# Fields whose default is "not written", for telling what a target sets.
_UNSET: dict[str, object] = {"reach": None, "unit": None, "base": None, "baseline": None,
                             "reported_by": None, "yearly": False}


def data_start(ds: Dataset) -> str | None:
    """The first month of monthly data ("2024-11"), from the progress files or records."""
    months = ds.months or sorted({r.month for r in ds.records})
    return min(months) if months else None


def check_targets(ds: Dataset, unknown_unit: Callable[[str], bool]) -> list[Finding]:
    out: list[Finding] = []
    file = f"{ds.root.name}/targets.yaml"
    first_month = data_start(ds)
    report_day = ds.config.report_date.end()

    for index, target in enumerate(ds.targets):
        def add(code: str, *path: str | int, index: int = index, field: str | None = None,
                **values: object) -> None:
            """A finding at ``path`` in this target (at the target when the path is absent),
            named ``field`` or the path."""
            name = field if field is not None else "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
            line = ds.line(file, index, *path) or ds.line(file, index)
            out.append(Finding.of(code, file, line, name, **values))

        for name, metrics in FIELD_METRICS.items():
            if getattr(target, name) != _UNSET[name] and target.metric not in metrics:
                add("target-field-not-for-metric", name, metric=target.metric,
                    allowed="、".join(sorted(metrics)))
        reported = is_reported(target)
        if reported and target.publish == "全县合计":
            add("target-field-not-for-metric", "publish", metric=target.metric,
                allowed="按项目统计的指标")
        if reported and _scoped(target):
            add("target-field-not-for-metric", "scope", metric=target.metric,
                allowed="按项目统计的指标")
        if target.reports and not reported:
            add("target-field-not-for-metric", "reports", metric=target.metric,
                allowed="reported, 或填了 reported_by 的 growth")
        if target.metric == "reported" and not target.reported_by:
            add("target-field-missing", field="reported_by", metric=target.metric)
        if target.metric == "growth" and not reported and (
                target.base is None or target.base.value is None):
            add("target-field-missing", *(("base",) if target.base else ()), field="base.value",
                metric="growth (按项目统计)")
        if target.reported_by and unknown_unit(target.reported_by):
            add("unknown-unit", "reported_by", got=target.reported_by)
        for j, report in enumerate(target.reports):
            needs = "growth" if target.metric == "growth" and target.base is None else "value"
            if report.value is None and report.growth is None:
                add("target-field-missing", "reports", j, field=f"reports[{j}].{needs}",
                    metric=target.metric)
            if report.date.start() > report_day:
                add("target-report-in-future", "reports", j, "date", got=report.date,
                    report_date=ds.config.report_date)
        _check_period(target, first_month, add)

    shown = publications(ds)
    for index, target in enumerate(ds.targets):
        pub = shown.get(target.id)
        if pub is not None and pub.refused is not None:
            out.append(Finding.of("target-aggregate-withheld", file,
                                  ds.line(file, index, "publish") or ds.line(file, index),
                                  "publish", why=_why(pub.refused, pub.withheld,
                                                      ds.config.min_withheld)))
    return out


def _why(refused: str, withheld: int, limit: int) -> str:
    if refused == "few":
        return f"范围内只有{withheld}个未公开项目, 少于{limit}个"
    return f"与前面的全县合计目标相减, 可推算出少于{limit}个未公开项目的数据"


def _scoped(target: Target) -> bool:
    return any(bool(v) for v in target.scope.model_dump().values())


def _check_period(target: Target, first_month: str | None, add: Callable[..., None]) -> None:
    """A baseline inside the period; a cumulative total that starts before the data does."""
    deadline = target.deadline.end()
    start = target.start.start() if target.start else deadline.replace(month=1, day=1)
    start_month = f"{start.year:04d}-{start.month:02d}"
    if target.baseline is not None:
        through = target.baseline.through.end()
        if through < start.replace(day=1) or through >= deadline:
            add("baseline-outside-period", "baseline", "through", got=target.baseline.through,
                start=start_month, deadline=target.deadline)
    elif (target.metric == "investment_completed" and not target.yearly
          and first_month is not None and start_month < first_month):
        add("target-before-data", *(("start",) if target.start else ()), field="start",
            start=start_month,
            first=first_month)

