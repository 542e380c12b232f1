"""赛马 and responsibility pages (intranet only).

* ``rankings/index.md`` — townships and responsible departments ranked on 较序时 (completion
  against 序时), 开工率 and 问题解决率 at the report month, each with the change of rank since
  the previous month;
* ``leaders/index.md`` and ``leaders/<slug>/index.md`` — each 分包领导's projects with status,
  lag and open problems;
* ``taskforces/index.md`` and ``taskforces/<slug>/index.md`` — the same per 工作专班.

Slugs are short hashes of the name (``slug``), never the name itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd

from generator.figures.bulletin import previous_month_end
from generator.figures.groups import summarise
from generator.figures.lights import rule_of
from generator.figures.problems import open_problems
from generator.figures.rankings import Ranked, RankRow, members, names, rankings
from generator.figures.rates import STATUS_SEVERITY
from generator.figures.table import project_table, table_rows
from generator.pages import entities
from generator.pages.context import File, Output, Page, RenderContext
from generator.pages.entities import slug
from generator.pages.supervision import author, legend, light_cell
from generator.present import downloads
from generator.present.badges import light_badge, status_badge
from generator.present.formatting import day, money, pct, pp
from generator.present.words import rank_change_text


def _rank(r: Ranked, value: str) -> list[object]:
    """The value, then its rank with the change since last month: 2 (↑7)."""
    if r.rank is None:
        return [value, "—"]
    return [value, f"{r.rank} ({rank_change_text(r.change)})"]


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"


def ranking_rows(rows: list[RankRow], name: Callable[[str], object] = str) -> list[list[object]]:
    """Each group's row; ``name`` writes the group's name (a link to its page)."""
    return [
        [
            name(row.group),
            row.projects,
            pct(row.completion_rate),
            *_rank(row.lag, _points(row.lag.value)),
            *_rank(row.start, pct(row.start.value)),
            *_rank(row.resolution, pct(row.resolution.value)),
            row.open_problems,
            light_badge(row.light),
            f"{row.red} / {row.yellow}",
        ]
        for row in rows
    ]


RANKING_HEADERS = [
    "名称", "项目数", "投资完成率", "较序时(百分点)", "名次(变化)", "开工率", "名次(变化)",
    "问题解决率", "名次(变化)", "待解决问题", "亮灯", "红灯/黄灯项目",
]  # fmt: skip
RANKINGS_XLSX = "rankings/rankings.xlsx"


def project_rows(ctx: RenderContext, page: str, rows: pd.DataFrame) -> list[list[object]]:
    def order(item: tuple[object, dict[str, Any]]) -> tuple[int, float, str]:
        code, row = item
        lag = row["lag_pp"]
        return STATUS_SEVERITY.get(row["status"], 9), 0.0 if lag != lag else float(lag), str(code)

    ordered = sorted(table_rows(rows), key=order)
    links = entities.of(ctx)
    return [
        [
            ctx.anchor(page, ctx.address("project", code=code), row["name"]),
            links.group(page, "stage", row["stage"]),
            links.township(page, row["township"]),
            links.unit(page, row["department"]),
            money(row["completed_ytd"]),
            pct(row["completion_rate"]),
            status_badge(row["status"]),
            _points(None if pd.isna(row["lag_pp"]) else float(row["lag_pp"])),
            int(row["open_problems"]),
            int(row["approvals_overdue"]),
            light_cell(row["light"] if isinstance(row["light"], str) else None, []),
        ]
        for code, row in ordered
    ]


PROJECT_HEADERS = ["项目", "阶段", "乡镇", "责任单位", "本年完成", "完成率", "进度", "较序时(百分点)",
                   "待解决问题", "逾期手续", "亮灯"]  # fmt: skip


def open_problem_rows(ctx: RenderContext, page: str, codes: set[str]) -> list[list[object]]:
    problems = open_problems((p for p in ctx.ds.problems if p.project in codes),
                             ctx.ds.config.report_date.end())
    return [
        [
            ctx.anchor(page, ctx.address("project", code=p.project),
                       ctx.ds.projects[p.project].name),
            day(p.raised), p.kind, p.description, entities.of(ctx).unit(page, p.unit), p.level,
            p.status,
        ]
        for p in problems
    ]  # fmt: skip


def _owner_pages(ctx: RenderContext, column: str, label: str, index_type: str,
                 page_type: str) -> Iterator[Page]:
    """A page per 分包领导 (or 工作专班), then their index."""
    table = ctx.computed.table
    index = ctx.address(index_type)
    rows = []
    for name in names(table, column):
        path = ctx.address(page_type, slug=slug(name))
        group = members(table, column, name)
        summary = summarise(group)
        rows.append([
            ctx.anchor(index, path, name),
            len(group),
            money(summary["completed_ytd"]),  # type: ignore[arg-type]
            pct(summary["completion_rate"]),  # type: ignore[arg-type]
            pp(summary["lag_pp"]),  # type: ignore[arg-type]
            summary["lagging"],
            summary["not_reported"],
            summary["open_problems"],
        ])  # fmt: skip
        yield ctx.page(page_type, dict(
            title=f"{label}：{name}",  # a full-width colon, as Chinese writes it
            facts=[
                ("项目数", f"{len(group)} 个"),
                ("总投资", money(summary["total_investment"])),  # type: ignore[arg-type]
                ("年度计划投资", money(summary["annual_plan"])),  # type: ignore[arg-type]
                (f"{ctx.report_label}完成投资", money(summary["completed_ytd"])),  # type: ignore[arg-type]
                (ctx.term(path, "投资完成率"), pct(summary["completion_rate"])),  # type: ignore[arg-type]
                (ctx.term(path, "序时进度"), pct(summary["schedule_rate"])),  # type: ignore[arg-type]
                ("滞后项目", f"{summary['lagging']} 个"),
                ("本月未报送", f"{summary['not_reported']} 个"),
                ("待解决问题", f"{summary['open_problems']} 条"),
            ],
            headers=PROJECT_HEADERS,
            rows=project_rows(ctx, path, group),
            problems=open_problem_rows(ctx, path, set(group.index)),
            back=ctx.anchor(path, index, f"全部{label}"),
            rankings=ctx.anchor(path, ctx.address("rankings"), "赛马排名"),
        ), slug=slug(name))  # fmt: skip
    yield ctx.page(index_type, dict(
        title=label,
        label=label,
        headers=[label, "项目数", f"{ctx.report_label}完成", "完成率", "较序时", "滞后",
                 "未报送", "待解决问题"],
        rows=rows,
        unassigned=int(table[column].isna().sum() + (table[column] == "").sum()),
    ))  # fmt: skip


def rankings_view(ctx: RenderContext) -> Iterator[Output]:
    links = entities.of(ctx)
    table = ctx.computed.table
    day_ = ctx.ds.config.report_date.end()
    previous_day = previous_month_end(day_)
    previous = project_table(ctx.ds, previous_day)
    here = ctx.address("rankings")
    townships = rankings(table, previous, "township")
    departments = rankings(table, previous, "department")
    yield File(RANKINGS_XLSX, downloads.workbook(
        [downloads.Sheet("乡镇(街道)", downloads.RANK_HEADERS, downloads.ranking_rows(townships)),
         downloads.Sheet("责任单位", downloads.RANK_HEADERS, downloads.ranking_rows(departments)),
         downloads.about_sheet(day_, rule_of(ctx.ds.config), [
             f"名次变化: 与{previous_day.year}年{previous_day.month}月相比上升为正、下降为负",
             "亮灯: 投资完成率对照序时进度, 规则同项目"])],
        "赛马排名", downloads.moment_of(day_), author(ctx)))
    yield ctx.page("rankings", dict(
        title="赛马排名",
        month=f"{day_.year}年{day_.month}月",
        previous=f"{previous_day.year}年{previous_day.month}月",
        headers=RANKING_HEADERS,
        townships=ranking_rows(townships, lambda name: links.township(here, name)),
        departments=ranking_rows(departments, lambda name: links.unit(here, name)),
        legend=legend(ctx.ds),
        download=ctx.anchor(here, RANKINGS_XLSX, "下载排名表 (rankings.xlsx)"),
        tolerance=ctx.ds.config.lag_tolerance,
        leaders=ctx.anchor(here, ctx.address("leaders"), "分包领导"),
        taskforces=ctx.anchor(here, ctx.address("taskforces"), "工作专班"),
    ))  # fmt: skip


def leaders_view(ctx: RenderContext) -> Iterator[Page]:
    yield from _owner_pages(ctx, "leader", "分包领导", "leaders", "leader")


def taskforces_view(ctx: RenderContext) -> Iterator[Page]:
    yield from _owner_pages(ctx, "task_force", "工作专班", "taskforces", "taskforce")
