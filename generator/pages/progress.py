"""Targets (攻坚目标) for both sites, with their lights on the intranet."""

from __future__ import annotations

from collections.abc import Iterator

from generator.figures.lights import Rule, rule_of, target_light
from generator.figures.targets import TargetResult
from generator.pages.context import Page, RenderContext
from generator.pages.supervision import legend
from generator.present import charts
from generator.present.badges import light_badge, status_badge
from generator.present.charts import trusted
from generator.present.formatting import pct, target_amount


def target_rows(results: list[TargetResult], rule: Rule | None = None) -> list[dict[str, object]]:
    """The targets as the page shows them; with ``rule`` (the intranet), each with its light."""
    return [
        {
            "id": r.target.id,
            "title": r.target.title,
            "actual": target_amount(r.actual, r.unit),
            "value": target_amount(r.value, r.unit),
            "share": pct(r.share_achieved),
            "expected": pct(r.expected_share),
            "deadline": r.target.deadline.chinese(),
            "days_left": f"剩余 {r.days_left} 天" if r.days_left >= 0 else f"已到期 {-r.days_left} 天",
            "status": status_badge(r.status),
            "light": light_badge(target_light(r.status, r.share_achieved, r.expected_share, rule))
            if rule is not None else None,
            "projects": r.projects,
        }
        for r in results
    ]


def targets_view(ctx: RenderContext) -> Iterator[Page]:
    results = ctx.computed.targets
    chart = trusted(charts.targets_chart(results, "攻坚目标完成情况", ctx.charts)) \
        if results else None
    rule = rule_of(ctx.ds.config) if ctx.internal else None
    yield ctx.page("targets", dict(title="攻坚目标", rows=target_rows(results, rule), chart=chart,
                                   legend=legend(ctx.ds) if ctx.internal else None))
