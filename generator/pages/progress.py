"""Targets (攻坚目标) for both sites; the lagging list (挂牌督办 candidates) for the intranet."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from generator.figures.lagging import LagReason
from generator.figures.targets import TargetResult
from generator.pages import entities
from generator.pages.context import Page, RenderContext
from generator.present import charts
from generator.present.badges import status_badge
from generator.present.charts import trusted
from generator.present.formatting import escape, pct, pp, target_amount
from generator.present.words import lag_reason


def target_rows(results: list[TargetResult]) -> list[dict[str, object]]:
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
            "projects": r.projects,
        }
        for r in results
    ]


def reason_list(reasons: list[LagReason]) -> Markup:
    items = Markup("").join(Markup("<li>{}</li>").format(escape(lag_reason(r))) for r in reasons)
    return Markup('<ul class="zd-reason-list">{}</ul>').format(items)


def targets_view(ctx: RenderContext) -> Iterator[Page]:
    results = ctx.computed.targets
    chart = trusted(charts.targets_chart(results, "攻坚目标完成情况", ctx.charts)) \
        if results else None
    yield ctx.page("targets", dict(title="攻坚目标", rows=target_rows(results), chart=chart))


def lagging_view(ctx: RenderContext) -> Iterator[Page]:
    here = ctx.address("lagging")

    def project(code: str, name: str) -> Markup:
        return ctx.anchor(here, ctx.address("project", code=code), name)

    links = entities.of(ctx)
    lagging = [
        [
            project(e.code, e.name),
            links.unit(here, e.department),
            links.leader(here, e.leader),
            links.township(here, e.township),
            status_badge(e.status),
            pp(e.lag_pp),
            reason_list(e.reasons),
        ]
        for e in ctx.computed.lagging
    ]
    late = [
        [project(e.code, e.name), links.unit(here, e.department), links.leader(here, e.leader),
         e.last_reported or "从未报送"]
        for e in ctx.computed.late
    ]
    yield ctx.page("lagging", dict(title="滞后项目 (挂牌督办)", lagging=lagging, late=late,
                                   tolerance=ctx.ds.config.lag_tolerance))
