"""Targets (攻坚目标) for both sites; the lagging list (挂牌督办 candidates) for the intranet."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from generator.figures.metrics import TargetResult
from generator.pages.common import status_badge, trusted
from generator.pages.context import Page, RenderContext, project_page_path
from generator.present import charts
from generator.present.formatting import escape, money, pct, pp

TARGETS_INDEX = "targets/index.md"
LAGGING_INDEX = "lagging/index.md"


def target_value(value: float | None, unit: str) -> str:
    if value is None or value != value:
        return "—"
    if unit == "万元":
        return money(value)
    if unit == "%":
        return f"{value:.1f}%"
    return f"{value:g}{unit}"


def target_rows(results: list[TargetResult]) -> list[dict[str, object]]:
    return [
        {
            "id": r.target.id,
            "title": r.target.title,
            "actual": target_value(r.actual, r.unit),
            "value": target_value(r.value, r.unit),
            "share": pct(r.share_achieved),
            "expected": pct(r.expected_share),
            "deadline": r.target.deadline.chinese(),
            "days_left": f"剩余 {r.days_left} 天" if r.days_left >= 0 else f"已到期 {-r.days_left} 天",
            "status": status_badge(r.status),
            "projects": r.projects,
        }
        for r in results
    ]


def reason_list(reasons: list[str]) -> Markup:
    items = Markup("").join(Markup("<li>{}</li>").format(escape(r)) for r in reasons)
    return Markup('<ul class="zd-reason-list">{}</ul>').format(items)


def pages(ctx: RenderContext) -> Iterator[Page]:
    results = ctx.computed.targets
    chart = trusted(charts.targets_chart(results, "攻坚目标完成情况", ctx.computed.charts)) \
        if results else None
    yield ctx.render("targets.md", TARGETS_INDEX, title="攻坚目标", rows=target_rows(results),
                     chart=chart)
    if not ctx.internal:
        return
    lagging = [
        [
            ctx.anchor(LAGGING_INDEX, project_page_path(e.code), e.name),
            e.department,
            e.leader or "—",
            e.township,
            status_badge(e.status),
            pp(e.lag_pp),
            reason_list(e.reasons),
        ]
        for e in ctx.computed.lagging
    ]
    late = [
        [
            ctx.anchor(LAGGING_INDEX, project_page_path(e.code), e.name),
            e.department,
            e.leader or "—",
            e.last_reported or "从未报送",
        ]
        for e in ctx.computed.late
    ]
    yield ctx.render("lagging.md", LAGGING_INDEX, title="滞后项目 (挂牌督办)",
                     lagging=lagging, late=late, tolerance=ctx.ds.config.lag_tolerance)
