"""One page per project at projects/<code>/: every fact, grouped as users look for them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.figures.approvals import approval_dates, done_by, is_overdue
from generator.figures.lagging import light_reasons
from generator.figures.lights import RED, YELLOW, Rule, deadline_light, rule_of
from generator.figures.supervision import CaseState
from generator.model import vocab
from generator.model.dataset import Record
from generator.model.models import Project
from generator.pages import entities
from generator.pages.context import Page, RenderContext
from generator.pages.supervision import (
    case_anchor,
    case_badge,
    case_cell,
    legend,
    reason_cell,
    reason_list,
)
from generator.present import catalogue as words
from generator.present.badges import light_badge, status_badge
from generator.present.charts import ChartOutput, project_progress_svg, trusted
from generator.present.formatting import day, money, pct, wan
from generator.present.search import project_terms
from generator.present.words import CANDIDATE_WORD, disclosure_reason
from generator.rules import catalogue
from generator.rules.visibility import disclosure

NOT_FILLED = "未填报"


@dataclass(frozen=True)
class ApprovalRow:
    name: str
    authority: Markup
    deadline: str
    status: str
    done: str
    document: str
    checked: bool
    overdue: bool
    warning: Markup | None = None  # intranet: a yellow light, due within the warning days


def approval_rows(project: Project, ctx: RenderContext, page: str) -> list[ApprovalRow]:
    report_day = ctx.ds.config.report_date.end()
    rule = rule_of(ctx.ds.config) if ctx.internal else None
    links = entities.of(ctx)
    rows = []
    for a in project.approvals:
        overdue = is_overdue(a, report_day)
        warning = None
        dates = approval_dates(a)
        if rule is not None and dates[0] is not None and deadline_light(
                dates[0], done_by(dates, report_day), report_day, rule.warning_days) == YELLOW:
            left = (dates[0] - report_day).days
            warning = Markup("{} {}").format(light_badge(YELLOW),
                                             "今日到期" if left == 0 else f"距时限还有 {left} 天")
        rows.append(ApprovalRow(
            name=a.name or a.kind if a.kind == "其他" else a.kind,
            authority=links.unit(page, a.authority),
            deadline=day(a.deadline),
            status=a.status,
            done=day(a.done),
            document=a.document or "",
            checked=a.status == "已办结",
            overdue=overdue,
            warning=warning,
        ))
    return rows


def funding_rows(project: Project, fiscal: frozenset[str]) -> list[list[str]]:
    total = project.total_investment or 0
    return [
        [f.source, wan(f.amount, unit=False), pct(f.amount / total) if total else "—",
         "是" if f.source in fiscal else "否", f.note or ""]
        for f in project.funding
    ]


def monthly_rows(records: list[Record], internal: bool = False) -> list[list[str]]:
    rows = []
    running = 0.0
    for record in sorted(records, key=lambda r: r.month):
        r = record.data
        running += r.completed
        rows.append([
            f"{record.month[:4]}年{int(record.month[5:])}月",
            wan(r.completed, unit=False),
            wan(r.cumulative if r.cumulative is not None else running, unit=False),
            wan(r.funds_arrived, unit=False),
            wan(r.funds_disbursed, unit=False),
            r.progress or "",
            *([r.issues or ""] if internal else []),
        ])
    return rows


def five_clear_rows(project: Project) -> list[tuple[str, str]]:
    fields = type(project.five_clear).model_fields
    return [
        (info.title or name, getattr(project.five_clear, name) or NOT_FILLED)
        for name, info in fields.items()
    ]


def contractor_rows(project: Project) -> list[tuple[str, str]]:
    c = project.contractors
    return [("设计单位", c.designer or NOT_FILLED), ("监理单位", c.supervisor or NOT_FILLED),
            ("施工单位", c.builder or NOT_FILLED)]


def tender_rows(project: Project) -> list[list[str]]:
    return [[t.item, t.method, day(t.award_date or t.date), str(t.bidders or "—"),
             t.winner or NOT_FILLED, wan(t.amount, unit=False), t.status or "—"]
            for t in project.tenders]


def variation_rows(project: Project) -> list[list[str]]:
    return [[day(v.date), v.contract, v.content, v.reason,
             " → ".join(wan(x, unit=False) for x in (v.amount_before, v.amount_after))
             if v.amount_after is not None else "—",
             " → ".join(day(x) for x in (v.end_before, v.end_after))
             if v.end_after is not None else "—"]
            for v in project.variations]


def catalogue_sections(project: Project, ctx: RenderContext) -> list[dict[str, Any]]:
    """The 公开目录 by 国办发〔2017〕94号's eight categories, each with its items' rows."""
    items = catalogue.items(project)
    clocks = ctx.clocks(project.code, items)
    by_key = {c.item.key: c for c in clocks} if clocks is not None else {}
    sections = []
    for number, category in enumerate(vocab.DISCLOSURE_CATEGORIES, start=1):
        mine = [item for item in items if item.category == category]
        rows = []
        for item in mine:
            clock = by_key.get(item.key)
            first = Markup("{}<br><span class=\"zd-muted\">{}</span>").format(
                item.title, item.subject)
            row: list[Any] = [first, words.content_text(item), words.formed_text(item),
                              words.published_text(clock, item)]
            if ctx.internal:
                row.append(Markup("{} {}").format(words.status_badge(clock),
                                                  words.status_detail(clock))
                           if clock is not None else "—")
            rows.append(row)
        sections.append({
            "title": f"{number}. {category}信息",
            "rows": rows,
            "basis": words.bases(mine),
            "limit": words.limits(mine),
            "empty": words.NOT_IN_DATA.get(category, "本项目暂无此类信息"),
        })
    return sections


def final_account_rows(project: Project, links: entities.Entities, page: str
                       ) -> list[tuple[str, object]]:
    f = project.final_accounts
    if f is None:
        return []
    return [("决算批复日期", day(f.date)), ("决算金额", money(f.amount)),
            ("审核/批复单位", links.unit(page, f.approved_by) if f.approved_by else NOT_FILLED),
            ("批复文号", f.document or "—")]


def problem_rows(problems: list[Any], links: entities.Entities, page: str) -> list[list[object]]:
    return [[p.id, day(p.raised), p.kind, p.description, links.unit(page, p.unit), p.level,
             p.status, day(p.resolved)]
            for p in sorted(problems, key=lambda p: (p.raised, p.id))]


def overview_rows(project: Project, ctx: RenderContext, page: str) -> list[tuple[object, object]]:
    d = project.dates
    report_year = ctx.ds.config.report_date.year
    links = entities.of(ctx)
    rows: list[tuple[object, object]] = [
        ("项目编号", project.code),
        (ctx.term(page, "项目级别"), links.group(page, "level", project.level)),
        ("所属领域", links.group(page, "domain", project.domain)),
        (ctx.term(page, "三个一批"),
         links.group(page, "batch", project.batch) if project.batch else "—"),
        (ctx.term(page, project.stage, "建设阶段"), links.group(page, "stage", project.stage)),
        ("所在乡镇", links.township(page, project.township)),
        ("业主单位", links.unit(page, project.owner)),
        ("责任单位", links.unit(page, project.department)),
        (ctx.term(page, "政府投资项目"), "是" if project.government_invested else "否"),
        ("总投资", money(project.total_investment)),
        (f"{report_year}年计划投资", money(project.annual_plan.get(report_year))),
        ("计划开工", day(d.planned_start)),
        ("实际开工", day(d.actual_start)),
        ("计划竣工", day(d.planned_completion)),
        ("实际竣工", day(d.actual_completion)),
    ]
    if ctx.internal:
        rows += [(ctx.term(page, "分包领导"), links.leader(page, project.leader)),
                 (ctx.term(page, "工作专班"), links.taskforce(page, project.task_force))]
    return rows


def progress_chart(ctx: RenderContext, code: str) -> ChartOutput | None:
    """The project's own chart, drawn without a renderer (thousands of pages)."""
    if ctx.computed.project_row(code)["status"] in ("未开工", "无计划"):
        return None
    return trusted(project_progress_svg(ctx.computed.project_series(code)))


def progress_summary(row: Any) -> dict[str, Any] | None:
    if row["status"] in ("未开工", "无计划"):
        return None
    return {
        "completed_ytd": money(row["completed_ytd"]),
        "completion_rate": pct(row["completion_rate"]),
        "schedule_rate": pct(row["schedule_rate"]),
        "status": status_badge(row["status"]),
    }


def light_view(ctx: RenderContext, project: Project, rule: Rule,
               cases: list[CaseState]) -> dict[str, Any]:
    """The intranet's supervision block of a project page: its light and why, its open
    挂牌督办 case or, when red with none, that it is a candidate."""
    row = ctx.computed.project_row(project.code)
    light = row["light"] if isinstance(row["light"], str) else None
    reasons = (light_reasons(project, row, ctx.ds.config.report_date.end(), rule)
               if light in (YELLOW, RED) else [])
    here = ctx.address("project", code=project.code)
    supervision = ctx.address("supervision")
    open_case = next((c for c in cases if c.is_open), None)
    case = None
    if open_case is not None:
        case = Markup("{} {}").format(
            ctx.anchor(here, f"{supervision}#{case_anchor(open_case.case.id)}",
                       open_case.case.id), case_badge(open_case))
    return {
        "badge": light_badge(light),
        "reasons": reason_list(reasons) if reasons else None,
        "case": case,
        "candidate": status_badge(CANDIDATE_WORD) if light == RED and case is None else None,
        "cases": [[case_cell(c), reason_cell(c), day(c.case.deadline), case_badge(c),
                   c.case.resolution or "—"] for c in cases],
    }
def photo_rows(ctx: RenderContext, page: str, project: Project) -> list[dict[str, Any]]:
    """Each photo as a thumbnail that links its full copy, oldest first, with its size (the
    page keeps its layout while the images load) and date."""
    rows = []
    for photo in sorted(project.photos, key=lambda p: (p.date is None, p.date and p.date.start(),
                                                       p.file)):
        source = ctx.ds.root / photo.file
        width, height = ctx.photos.thumbnail_size(source) if source.is_file() else (480, 360)
        rows.append({"src": ctx.photo_url(page, photo.file, thumb=True),
                     "full": ctx.photo_url(page, photo.file), "caption": photo.caption,
                     "date": day(photo.date) if photo.date else "", "internal": photo.internal,
                     "width": width, "height": height})
    return rows


def view(ctx: RenderContext) -> Iterator[Page]:
    records: dict[str, list[Record]] = defaultdict(list)
    for record in ctx.ds.records:
        records[record.data.project].append(record)
    problems: dict[str, list[Any]] = defaultdict(list)
    for problem in ctx.ds.problems:
        problems[problem.project].append(problem)
    fiscal = ctx.ds.config.fiscal
    rule = rule_of(ctx.ds.config)
    cases: dict[str, list[CaseState]] = defaultdict(list)
    if ctx.internal:
        for case in ctx.computed.supervision.cases:
            cases[case.case.project].append(case)
    rule_legend = legend(ctx.ds) if ctx.internal else None
    for code, project in ctx.ds.projects.items():
        path = ctx.address("project", code=code)
        decision = disclosure(project, ctx.ds.config) if ctx.internal else None
        yield ctx.page("project", dict(
            p=project,
            overview=overview_rows(project, ctx, path),
            funding=funding_rows(project, fiscal),
            fiscal_total=money(project.fiscal_money(fiscal)),
            approvals=approval_rows(project, ctx, path),
            five_clear=five_clear_rows(project),
            contractors=contractor_rows(project),
            tenders=tender_rows(project),
            variations=variation_rows(project),
            catalogue=catalogue_sections(project, ctx)
            if not ctx.internal or decision is None or decision.public else None,
            channel=(words.CHANNEL, words.AUDIENCE, words.MANNER),
            dated=ctx.dated,
            final_accounts=final_account_rows(project, entities.of(ctx), path),
            months=monthly_rows(records[code], ctx.internal),
            problems=problem_rows(problems[code], entities.of(ctx), path),
            progress=progress_summary(ctx.computed.project_row(code)),
            report_label=ctx.report_label,
            chart=progress_chart(ctx, code),
            disclosure=decision,
            disclosure_reason=disclosure_reason(decision) if decision else None,
            completed_stage=project.stage in vocab.COMPLETED_STAGES,
            photos=photo_rows(ctx, path, project),
            not_filled=NOT_FILLED,
            search=project_terms(project, entities.of(ctx).register, problems[code]),
            updated=ctx.last_change.get(code),
            light=light_view(ctx, project, rule, cases[code]) if ctx.internal else None,
            legend=rule_legend,
        ), code=code)
