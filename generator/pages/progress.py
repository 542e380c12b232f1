"""Targets (攻坚目标) for both sites; the lagging list (挂牌督办 candidates) for the intranet."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from generator.figures.lagging import LagReason
from generator.figures.targets import TargetResult
from generator.pages import entities
from generator.pages.context import Page, RenderContext
from generator.present import charts, target_words
from generator.present.badges import status_badge
from generator.present.charts import trusted
from generator.present.formatting import escape, pp
from generator.present.words import lag_reason

YEAR_HEADERS = ("年度", "实际", "目标", "完成比例", "状态")


def target_rows(results: list[TargetResult], internal: bool) -> list[dict[str, object]]:
    return [
        {
            "id": r.target.id,
            "title": r.target.title,
            "status": status_badge(r.status),
            "kind": target_words.kind_line(r, internal),
            "figure": target_words.figure_sentence(r),
            "deadline": target_words.deadline_sentence(r),
            "notes": target_words.data_notes(r, internal),
            "years": [[*target_words.year_row(r, y), status_badge(y.status)] for y in r.years]
            if len(r.years) > 1 or r.target.yearly else [],
        }
        for r in results
    ]


def reason_list(reasons: list[LagReason]) -> Markup:
    items = Markup("").join(Markup("<li>{}</li>").format(escape(lag_reason(r))) for r in reasons)
    return Markup('<ul class="zd-reason-list">{}</ul>').format(items)


def targets_view(ctx: RenderContext) -> Iterator[Page]:
    results = ctx.computed.targets
    # A figure of the disclosed projects only is not set against its target: no bar.
    judged = [r for r in results if r.coverage != "disclosed"]
    chart = trusted(charts.targets_chart(judged, "攻坚目标完成情况", ctx.charts)) \
        if judged else None
    yield ctx.page("targets", dict(title="攻坚目标", rows=target_rows(results, ctx.internal),
                                   chart=chart, year_headers=YEAR_HEADERS,
                                   partial=len(results) - len(judged)))


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
