"""The home page: headline figures at the report date and where to go next."""

from __future__ import annotations

from collections.abc import Iterator

from generator.figures.groups import group_summary
from generator.figures.lights import RED, YELLOW, counts
from generator.figures.series import monthly_series
from generator.model import vocab
from generator.pages import maps
from generator.pages.context import Page, RenderContext
from generator.pages.entities import DIMENSIONS
from generator.present import charts
from generator.present.badges import status_badge
from generator.present.charts import trusted
from generator.present.formatting import money, pct, pp


def view(ctx: RenderContext) -> Iterator[Page]:
    table = ctx.computed.table
    region = ctx.computed.region
    config = ctx.ds.config
    kpis = [
        ("项目总数", f"{len(table)} 个"),
        ("总投资", money(table["total_investment"].sum())),
        (f"{config.report_date.year}年计划投资", money(region["annual_plan"])),
        (f"{ctx.report_label}完成投资", money(region["completed_ytd"])),
        (ctx.term("index.md", "投资完成率"), pct(region["completion_rate"])),
        (ctx.term("index.md", "序时进度"), pct(region["schedule_rate"])),
    ]
    if ctx.internal:  # supervision at a glance: the lights and the cases open
        lit = counts(table["light"])
        kpis += [
            ("红灯项目", f"{lit[RED]} 个"),
            ("黄灯项目", f"{lit[YELLOW]} 个"),
            ("挂牌督办在督", f"{len(ctx.computed.supervision.open)} 个"),
        ]
    by_level = [[level, int((table["level"] == level).sum())] for level in vocab.LEVELS]
    cache = ctx.charts
    figures = [
        charts.progress_chart(monthly_series(ctx.ds), f"{config.report_date.year}年累计完成投资", cache),
        charts.rate_by_group_chart(group_summary(table, "domain"), "领域",
                                   "各领域投资完成率", cache),
        charts.rate_by_group_chart(group_summary(table, "township"), "乡镇",
                                   "各乡镇投资完成率", cache),
        charts.stage_chart(table, "各建设阶段项目数", cache),
    ]
    headline = [r for r in ctx.computed.targets
                if r.target.headline and r.coverage != "disclosed"]
    targets_figure = (
        trusted(charts.targets_chart(headline, "重点攻坚目标", cache)) if headline else None
    )
    county = maps.county_map(ctx, "index.md", "项目分布图")
    yield ctx.page("home", dict(
        county_map=county,
        title=f"{config.region}重点项目" + ("调度平台" if ctx.internal else "信息公开"),
        kpis=kpis,
        status=status_badge(region["status"]),
        lag=pp(region["lag_pp"]),
        by_level=by_level,
        report_date=config.report_date,
        threshold=config.disclosure_threshold,
        dimensions=[ctx.anchor("index.md", ctx.address("dimension", dimension=d.slug), d.title)
                    for d in DIMENSIONS],
        figures=[trusted(f) for f in figures],
        targets_figure=targets_figure,
        targets_link=ctx.anchor("index.md", ctx.address("targets"), "查看全部攻坚目标"),
    ))
