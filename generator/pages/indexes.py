"""Index pages: projects grouped by domain, stage, level, batch and township, with totals.

Each dimension has an overview page (one row per group) and a page per group listing its
projects. Group pages have ASCII addresses from the vocabularies or the township register,
so no data value chooses a path.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from generator.figures.table import table_rows
from generator.pages import entities, maps
from generator.pages.context import Page, RenderContext
from generator.pages.entities import DIMENSIONS, groups
from generator.present.badges import light_badge, status_badge
from generator.present.formatting import money, pct, pp, wan
from generator.present.search import place_terms


def project_rows(ctx: RenderContext, table: pd.DataFrame, page: str) -> list[list[object]]:
    links = entities.of(ctx)
    rows = []
    for code, row in table_rows(table):
        rows.append([
            code,
            ctx.anchor(page, ctx.address("project", code=code), row["name"]),
            links.group(page, "stage", row["stage"]),
            links.township(page, row["township"]),
            wan(row["total_investment"], unit=False),
            wan(row["annual_plan"], unit=False),
            wan(row["completed_ytd"], unit=False),
            pct(row["completion_rate"]),
            status_badge(row["status"]),
        ])
        if ctx.internal:  # lights are a supervision tool of the intranet
            rows[-1].append(light_badge(row["light"] if isinstance(row["light"], str) else None))
    return rows


PROJECT_HEADERS = ["编号", "项目名称", "阶段", "乡镇", "总投资(万元)", "年度计划(万元)",
                   "本年完成(万元)", "完成率", "进度"]
INTERNAL_HEADERS = [*PROJECT_HEADERS, "亮灯"]


def view(ctx: RenderContext) -> Iterator[Page]:
    table = ctx.computed.table
    for dim in DIMENSIONS:
        overview = ctx.address("dimension", dimension=dim.slug)
        rows = []
        for value, slug in groups(ctx, dim):
            members = table[table[dim.column] == value]
            if members.empty:
                continue
            summary = ctx.computed.summarise(members)
            rows.append([
                ctx.anchor(overview, ctx.address("group", dimension=dim.slug, group=slug),
                           value),
                len(members),
                money(members["total_investment"].sum()),
                money(summary["annual_plan"]),
                money(summary["completed_ytd"]),
                pct(summary["completion_rate"]),
                pp(summary["lag_pp"]),
            ])
            path = ctx.address("group", dimension=dim.slug, group=slug)
            area_map = (maps.township_map(ctx, path, value, members.index)
                        if dim.column == "township" else None)
            yield ctx.page("group", dict(
                area_map=area_map,
                title=f"{value}项目",
                search=place_terms(value) if dim.column == "township" else "",
                dimension=dim,
                value=value,
                summary=[
                    ("项目数", f"{len(members)} 个"),
                    ("总投资", money(members["total_investment"].sum())),
                    ("年度计划投资", money(summary["annual_plan"])),
                    (f"{ctx.report_label}完成投资", money(summary["completed_ytd"])),
                    (ctx.term(path, "投资完成率"), pct(summary["completion_rate"])),
                    (ctx.term(path, "序时进度"), pct(summary["schedule_rate"])),
                ],
                headers=INTERNAL_HEADERS if ctx.internal else PROJECT_HEADERS,
                rows=project_rows(ctx, members, path),
                back=ctx.anchor(path, overview, f"全部{dim.label}"),
            ), dimension=dim.slug, group=slug)
        unassigned = int(table[dim.column].isna().sum())
        yield ctx.page("dimension", dict(
            title=f"项目{dim.title}",
            dimension=dim,
            headers=[dim.label, "项目数", "总投资", "年度计划", f"{ctx.report_label}完成",
                     "完成率", "较序时"],
            rows=rows,
            unassigned=unassigned,
            total=len(table),
        ), dimension=dim.slug)
