"""The home page: headline figures at the report date and where to go next."""

from __future__ import annotations

from collections.abc import Iterator

from .. import vocab
from ..formatting import money, pct, pp
from ..render import Page, RenderContext
from .common import status_badge
from .indexes import DIMENSIONS, overview_path


def pages(ctx: RenderContext) -> Iterator[Page]:
    table = ctx.computed.table
    region = ctx.computed.region
    config = ctx.ds.config
    kpis = [
        ("项目总数", f"{len(table)} 个"),
        ("总投资", money(table["total_investment"].sum())),
        (f"{config.report_date.year}年计划投资", money(region["annual_plan"])),
        (f"{ctx.report_label}完成投资", money(region["completed_ytd"])),
        ("投资完成率", pct(region["completion_rate"])),
        ("序时进度", pct(region["schedule_rate"])),
    ]
    by_stage = [
        [stage, int((table["stage"] == stage).sum())] for stage in vocab.STAGES
    ]
    by_level = [[level, int((table["level"] == level).sum())] for level in vocab.LEVELS]
    yield ctx.render(
        "home.md", "index.md",
        title=f"{config.region}重点项目" + ("调度平台" if ctx.internal else "信息公开"),
        kpis=kpis,
        status=status_badge(region["status"]),
        lag=pp(region["lag_pp"]),
        by_stage=by_stage,
        by_level=by_level,
        report_date=config.report_date,
        threshold=config.disclosure_threshold,
        dimensions=[ctx.anchor("index.md", overview_path(d), d.title) for d in DIMENSIONS],
    )
