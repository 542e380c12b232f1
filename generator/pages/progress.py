"""Targets (攻坚目标) for both sites, with their lights on the intranet."""

from __future__ import annotations

from collections.abc import Iterator

from generator.figures.lights import Rule, rule_of, target_light
from generator.figures.targets import TargetResult
from generator.pages.context import Page, RenderContext
from generator.pages.supervision import legend
from generator.present import charts, target_words
from generator.present.badges import light_badge, status_badge
from generator.present.charts import trusted

YEAR_HEADERS = ("年度", "实际", "目标", "完成比例", "状态")


def target_rows(results: list[TargetResult], internal: bool,
                rule: Rule | None = None) -> list[dict[str, object]]:
    """The targets as the page shows them; with ``rule`` (the intranet), each with its light."""
    return [
        {
            "id": r.target.id,
            "title": r.target.title,
            "status": status_badge(r.status),
            "light": light_badge(light) if rule is not None and (light := target_light(
                r.status, r.share_achieved, r.expected_share, rule)) is not None else None,
            "kind": target_words.kind_line(r, internal),
            "figure": target_words.figure_sentence(r),
            "deadline": target_words.deadline_sentence(r),
            "notes": target_words.data_notes(r, internal),
            "years": [[*target_words.year_row(r, y), status_badge(y.status)] for y in r.years]
            if len(r.years) > 1 or r.target.yearly else [],
        }
        for r in results
    ]


def targets_view(ctx: RenderContext) -> Iterator[Page]:
    results = ctx.computed.targets
    # A figure of the disclosed projects only is not set against its target: no bar.
    judged = [r for r in results if r.coverage != "disclosed"]
    chart = trusted(charts.targets_chart(judged, "攻坚目标完成情况", ctx.charts)) \
        if judged else None
    rule = rule_of(ctx.ds.config) if ctx.internal else None
    yield ctx.page("targets", dict(title="攻坚目标", rows=target_rows(results, ctx.internal, rule),
                                   chart=chart, year_headers=YEAR_HEADERS,
                                   partial=len(results) - len(judged),
                                   legend=legend(ctx.ds) if ctx.internal else None))
