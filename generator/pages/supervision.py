"""Supervision pages of the intranet: the lights (红黄灯项目) and 挂牌督办.

* ``lagging/index.md`` — projects with a red or yellow light and why, whether each is under a
  case, the legend of the rule in force, late reporters; ``lagging/lagging.xlsx``;
* ``supervision/index.md`` — cases open (overdue ones flagged), the candidates (red, no case
  open) apart from them, closed cases and the month-by-month history;
  ``supervision/supervision.xlsx``.

The helpers here (``legend``, ``reason_list``, ``light_cell``, ``case_badge``) are what every
page that shows a light or a case uses, so each says it the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from generator.figures.lagging import LagEntry, LagReason
from generator.figures.lights import GREEN, RED, YELLOW, counts, rule_of
from generator.figures.supervision import CaseState, history
from generator.model.dataset import Dataset
from generator.pages import entities
from generator.pages.context import File, Output, RenderContext
from generator.present import downloads
from generator.present.badges import light_badge, status_badge
from generator.present.formatting import day, escape, pp
from generator.present.words import (
    CANDIDATE_WORD,
    case_detail,
    case_word,
    lag_reason,
    light_legend,
)

LAGGING_XLSX = "lagging/lagging.xlsx"
CASES_XLSX = "supervision/supervision.xlsx"


def legend(ds: Dataset) -> list[tuple[Markup, str]]:
    """The lights' rule in force, a line per light, for the ``legend`` macro."""
    return [(light_badge(light), text) for light, text in light_legend(rule_of(ds.config))]


def reason_list(reasons: list[LagReason]) -> Markup:
    """Each reason with its own light: ■ 环评办理时限…已过 …"""
    items = Markup("").join(
        Markup("<li>{} {}</li>").format(light_badge(r.light), escape(lag_reason(r)))
        for r in reasons)
    return Markup('<ul class="zd-reason-list">{}</ul>').format(items)


def light_cell(light: str | None, reasons: list[LagReason]) -> Markup:
    """A light with its reasons as the tooltip: for tables with no room for them."""
    title = "；".join(lag_reason(r) for r in reasons) if reasons else None
    return light_badge(light, title)


def case_badge(case: CaseState) -> Markup:
    """督办中 / 超期未销号 / 已销号, with what it means for this case beside it."""
    return Markup("{} {}").format(status_badge(case_word(case.state)), case_detail(case))


def two_lines(first: object, second: object) -> Markup:
    """A cell's value with a smaller second line (the township under a project's name)."""
    if not second:
        return escape(first)
    return Markup('{}<br><span class="zd-sub">{}</span>').format(escape(first), escape(second))


def case_anchor(case_id: str) -> str:
    return f"case-{case_id}"


def case_cell(case: CaseState, anchored: bool = False) -> Markup:
    """The case's number (the target of links to it on the 挂牌督办 page) and when listed."""
    number = Markup('<span class="zd-nowrap"{}>{}</span>').format(
        Markup(' id="{}"').format(case_anchor(case.case.id)) if anchored else "", case.case.id)
    return Markup('{}<br><span class="zd-sub">{}挂牌</span>').format(number,
                                                                    day(case.case.listed))


def reason_cell(case: CaseState) -> Markup:
    """督办事由, with who listed it and the document under it."""
    by = " · ".join(x for x in (case.case.listed_by, case.case.document) if x)
    return two_lines(case.case.reason, by)


def lagging_view(ctx: RenderContext) -> Iterator[Output]:
    here = ctx.address("lagging")
    cases = ctx.computed.supervision
    cases_page = ctx.address("supervision")

    def project(code: str, name: str) -> Markup:
        return ctx.anchor(here, ctx.address("project", code=code), name)

    def supervised(entry: LagEntry) -> Markup:
        case = cases.open_case(entry.code)
        if case is not None:
            return ctx.anchor(here, f"{cases_page}#{case_anchor(case.case.id)}",
                              case_word(case.state))
        return status_badge(CANDIDATE_WORD) if entry.candidate else Markup("—")

    links = entities.of(ctx)

    def rows(light: str) -> list[list[object]]:
        return [[two_lines(project(e.code, e.name),
                           Markup("{} · {}").format(links.township(here, e.township), e.code)),
                 two_lines(links.unit(here, e.department),
                           Markup("分包领导 {}").format(links.leader(here, e.leader))
                           if e.leader else ""),
                 two_lines(status_badge(e.status), pp(e.lag_pp)), supervised(e),
                 reason_list(e.reasons)]
                for e in ctx.computed.lagging if e.light == light]

    late = [
        [project(e.code, e.name), links.unit(here, e.department),
         links.leader(here, e.leader) if e.leader else "—", e.last_reported or "从未报送"]
        for e in ctx.computed.late
    ]
    lit = counts(ctx.computed.table["light"])
    report_day = ctx.ds.config.report_date.end()
    under_case = {c.case.project: case_word(c.state) for c in reversed(cases.open)}
    yield File(LAGGING_XLSX, downloads.workbook(
        [*downloads.lagging_sheets(ctx.computed.lagging, ctx.computed.late, under_case),
         downloads.about_sheet(report_day, rule_of(ctx.ds.config))],
        "红黄灯项目", downloads.moment_of(report_day), author(ctx)))
    yield ctx.page("lagging", dict(
        title="红黄灯项目",
        red=rows(RED),
        yellow=rows(YELLOW),
        late=late,
        counts=[(light_badge(light), lit[light]) for light in (RED, YELLOW, GREEN)],
        unlit=len(ctx.computed.table) - sum(lit.values()),
        legend=legend(ctx.ds),
        headers=["项目", "责任单位", "进度", "督办", "亮灯原因"],
        cases=ctx.anchor(here, cases_page, "挂牌督办"),
        download=ctx.anchor(here, LAGGING_XLSX, "下载红黄灯项目清单 (lagging.xlsx)"),
        report_day=day(ctx.ds.config.report_date),
    ))  # fmt: skip


def author(ctx: RenderContext) -> str:
    return f"{ctx.ds.config.region}重点项目调度平台"


def supervision_view(ctx: RenderContext) -> Iterator[Output]:
    here = ctx.address("supervision")
    s = ctx.computed.supervision

    def project(code: str, name: str) -> Markup:
        return ctx.anchor(here, ctx.address("project", code=code), name)

    def who(case: CaseState) -> Markup:
        return two_lines(project(case.case.project, case.name), f"责任单位 {case.case.unit}")

    open_rows = [[case_cell(c, anchored=True), who(c), reason_cell(c), day(c.case.deadline), case_badge(c),
                  light_badge(c.light)] for c in s.open]
    closed = sorted((c for c in s.cases if c.state == "closed"),
                    key=lambda c: (c.case.closed.iso() if c.case.closed else "", c.case.id),
                    reverse=True)
    closed_rows = [[case_cell(c, anchored=True), who(c), reason_cell(c),
                    two_lines(day(c.case.closed), f"督办 {c.days_open} 天"),
                    c.case.resolution or ""] for c in closed]
    candidates = [
        [two_lines(project(e.code, e.name), f"{e.township} · {e.code}"),
         two_lines(e.department, f"分包领导 {e.leader}" if e.leader else ""),
         two_lines(status_badge(e.status), pp(e.lag_pp)), reason_list(e.reasons)]
        for e in s.candidates
    ]
    months = history(ctx.ds, ctx.ds.months)
    month_rows = [[f"{m.month[:4]}年{int(m.month[5:])}月", m.new, m.closed, m.open, m.overdue]
                  for m in reversed(months)]
    report_day = ctx.ds.config.report_date.end()
    yield File(CASES_XLSX, downloads.workbook(
        [*downloads.case_sheets(s.cases, s.candidates, months),
         downloads.about_sheet(report_day, rule_of(ctx.ds.config))],
        "挂牌督办", downloads.moment_of(report_day), author(ctx)))
    month = f"{report_day.month}月"
    yield ctx.page("supervision", dict(
        title="挂牌督办",
        kpis=[
            ("在督项目", f"{len(s.open)} 个"),
            ("其中超期未销号", f"{len(s.overdue)} 个"),
            (f"{month}新挂牌", f"{len(s.new)} 个"),
            (f"{month}销号", f"{len(s.closed)} 个"),
            ("累计销号", f"{len(closed)} 个"),
            (CANDIDATE_WORD, f"{len(s.candidates)} 个"),
        ],
        open=open_rows,
        open_headers=["督办编号", "项目", "督办事由", "整改时限", "督办状态", "当前亮灯"],
        candidates=candidates,
        candidate_headers=["项目", "责任单位", "进度", "亮灯原因"],
        closed=closed_rows,
        closed_headers=["督办编号", "项目", "督办事由", "销号日期", "销号情况"],
        months=month_rows,
        candidate=status_badge(CANDIDATE_WORD),
        lagging=ctx.anchor(here, ctx.address("lagging"), "红黄灯项目"),
        download=ctx.anchor(here, CASES_XLSX, "下载挂牌督办清单 (supervision.xlsx)"),
        report_day=day(ctx.ds.config.report_date),
        red=light_badge(RED),
    ))  # fmt: skip
