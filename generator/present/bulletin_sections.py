"""The intranet bulletin's supervision sections: 要素保障, 红黄灯 and 挂牌督办.

Each function words one section from the figures of ``figures.bulletin``: 要素保障 from
``figures.elements``, the lights from the month-end's project table and lagging list, the
cases from ``figures.supervision``. Candidates (red lights with no case open) are listed
apart from the decided cases, in the words the site's pages use (``words.case_word``).
"""

from __future__ import annotations

from generator.figures.bulletin import Bulletin
from generator.figures.elements import Element, Funds
from generator.figures.lagging import LagEntry
from generator.figures.lights import GREEN, RED, YELLOW, counts
from generator.figures.problems import days_open
from generator.figures.supervision import CaseState
from generator.present.bulletin_blocks import Section, Segment, Table, mention, project_link
from generator.present.formatting import day, money, pct, pp, wan
from generator.present.words import (
    CANDIDATE_WORD,
    case_detail,
    case_word,
    light_word,
    reasons_text,
)


def _problem_sentence(b: Bulletin, element: Element) -> str:
    k = element.problems
    if not k.received_total:
        return f"暂无{element.name}方面的问题诉求。"
    return (f"{b.day.month}月新受理{element.name}问题{k.received_month}条，协调解决"
            f"{k.resolved_month}条；累计受理{k.received_total}条，已解决{k.resolved_total}条，"
            f"尚有{k.open_total}条待解决。")


def _approval_sentence(element: Element) -> str:
    a = element.approvals
    if a is None:
        return ""
    return (f"{a.kind}手续本月办结{a.done_month}项，"
            f"超过办理时限未办结{a.overdue}项。")


def _funds_sentences(f: Funds) -> str:
    parts = []
    if f.planned > 0:
        parts.append(f"累计到位资金{money(f.arrived)}，资金到位率{pct(f.arrival_rate)}")
    if f.allocated > 0:
        parts.append(f"中央预算内投资和专项债券资金累计拨付{money(f.disbursed)}，"
                     f"拨付率{pct(f.disbursement_rate)}")
    if f.bond_projects:
        parts.append(f"其中安排专项债券的{f.bond_projects}个项目拨付{money(f.bond_disbursed)}，"
                     f"拨付率{pct(f.bond_rate)}（序时进度{pct(f.schedule_rate)}）")
    return "；".join(parts) + "。" if parts else ""


def elements_section(b: Bulletin) -> Section:
    """要素保障情况: 用地, 用能 and 资金, as seed 002 reports them."""
    section = Section("要素保障情况")
    assert b.elements is not None
    for i, element in enumerate(b.elements.elements, start=1):
        money_text = _funds_sentences(b.elements.funds) if element.name == "资金" else ""
        section.subhead(i, f"{element.name}方面。", money_text + _problem_sentence(b, element)
                        + _approval_sentence(element))
    behind = b.elements.funds.behind
    if behind:
        section.say(f"以下{len(behind)}个专项债券项目资金拨付率低于序时进度"
                    f"{pct(b.elements.funds.schedule_rate)}，请责任单位加快拨付使用：")
        section.blocks.append(Table(
            ["序号", "项目", "责任单位", "安排资金(万元)", "累计拨付(万元)", "拨付率"],
            [[str(i), project_link(x.code, x.name), mention("unit", x.department), wan(x.allocated, unit=False),
              wan(x.disbursed, unit=False), pct(x.disbursement_rate)]
             for i, x in enumerate(behind, start=1)],
            numeric=(0, 3, 4, 5),
        ))  # fmt: skip
    waiting = [p for e in b.elements.elements for p in e.open]
    if waiting:
        section.say(f"截至{b.day.month}月底，用地、用能、资金方面待解决的问题{len(waiting)}条：")
        section.blocks.append(Table(
            ["类别", "项目", "问题描述", "责任单位", "协调层级", "提出日期", "已历时(天)"],
            [[p.kind, project_link(p.project, _name(b, p.project)), p.description,
              mention("unit", p.unit),
              p.level, day(p.raised), str(days_open(p, b.day))] for p in waiting],
            numeric=(6,),
            cls="zd-bulletin-problems",
        ))  # fmt: skip
    return section


def _name(b: Bulletin, code: str) -> str:
    """A project's name from the month-end table (the data set's projects, by code)."""
    return str(b.table.at[code, "name"]) if code in b.table.index else code


def _entry_rows(entries: list[LagEntry]) -> list[list[Segment]]:
    return [[str(i), project_link(e.code, e.name), mention("unit", e.department),
             mention("leader", e.leader), pp(e.lag_pp),
             reasons_text(e.reasons)]
            for i, e in enumerate(entries, start=1)]


ENTRY_HEADERS = ["序号", "项目", "责任单位", "分包领导", "较序时", "亮灯原因"]


def lights_section(b: Bulletin) -> Section:
    """红黄灯预警: the count of each light; red projects with no case open (the candidates)
    and yellow ones, each with why."""
    section = Section("红黄灯预警情况")
    assert b.cases is not None
    lit = counts(b.table["light"])
    unlit = len(b.table) - sum(lit.values())
    section.say(
        f"按红黄绿灯规则，截至{b.day.month}月底，{len(b.table)}个项目中红灯{lit[RED]}个、"
        f"黄灯{lit[YELLOW]}个、绿灯{lit[GREEN]}个"
        + (f"，未亮灯{unlit}个（无本年投资计划，也无到期节点）" if unlit else "") + "。"
    )
    candidates, warned = b.cases.candidates, b.cases.warned
    under_case = lit[RED] - len(candidates)
    if candidates:
        section.say(
            f"尚未挂牌督办的红灯项目{len(candidates)}个，列为{CANDIDATE_WORD}，"
            "请研究是否挂牌督办" + (f"（另有{under_case}个红灯项目已在督办中）" if under_case
                              else "") + "：")
        section.blocks.append(Table(ENTRY_HEADERS, _entry_rows(candidates), numeric=(0, 4),
                                    cls="zd-bulletin-reasons"))
    elif lit[RED]:
        section.say("红灯项目均已挂牌督办。")
    if warned:
        section.say(f"黄灯项目{len(warned)}个，请责任单位和分包领导加快推进，防止转为红灯：")
        section.blocks.append(Table(ENTRY_HEADERS, _entry_rows(warned), numeric=(0, 4),
                                    cls="zd-bulletin-reasons"))
    return section


def supervision_section(b: Bulletin) -> Section:
    """挂牌督办情况: cases listed and closed in the month, and those open at its end."""
    section = Section("挂牌督办情况")
    cases = b.cases
    assert cases is not None
    m = b.day.month
    if not (cases.new or cases.open or cases.closed):
        section.say(f"{m}月无新挂牌督办项目，无在督项目。")
        return section
    section.say(
        f"{m}月新挂牌督办项目{len(cases.new)}个，销号{len(cases.closed)}个；截至{m}月底，"
        f"在督项目{len(cases.open)}个，其中超过整改时限未销号{len(cases.overdue)}个。"
    )
    if cases.new:
        section.say(f"{m}月新挂牌督办项目：")
        section.blocks.append(Table(
            ["督办编号", "项目", "责任单位", "挂牌日期", "挂牌单位", "督办事由", "整改时限"],
            [[c.case.id, project_link(c.case.project, c.name), mention("unit", c.case.unit), day(c.case.listed),
              c.case.listed_by, c.case.reason, day(c.case.deadline)] for c in cases.new],
            cls="zd-bulletin-cases",
        ))  # fmt: skip
    if cases.open:
        section.say(f"截至{m}月底在督项目（超过整改时限的排在前面）：")
        section.blocks.append(Table(
            ["督办编号", "项目", "责任单位", "挂牌日期", "督办状态", "当前亮灯"],
            [[c.case.id, project_link(c.case.project, c.name), mention("unit", c.case.unit), day(c.case.listed),
              _state(c), light_word(c.light)] for c in cases.open],
        ))  # fmt: skip
    if cases.closed:
        section.say(f"{m}月销号项目：")
        section.blocks.append(Table(
            ["督办编号", "项目", "挂牌日期", "销号日期", "督办天数", "销号情况"],
            [[c.case.id, project_link(c.case.project, c.name), day(c.case.listed),
              day(c.case.closed), str(c.days_open), c.case.resolution or ""]
             for c in cases.closed],
            numeric=(4,),
            cls="zd-bulletin-cases",
        ))  # fmt: skip
    return section


def _state(case: CaseState) -> str:
    """督办中（整改时限2025年12月31日） / 超期未销号（超过整改时限31天）."""
    return f"{case_word(case.state)}（{case_detail(case)}）"
