"""A bulletin as a document: numbered sections of paragraphs and tables, for one audience.

``document(bulletin, internal, subject)`` words the figures of ``figures.bulletin`` and
decides what each audience reads (the intranet gets the full 通报; the public site a summary
without leaders, problems or the names of lagging projects); ``pages.bulletins`` renders
the result as HTML and ``docx.docx_bytes`` as a Word file, so the page and the download
always say the same thing.
"""

from __future__ import annotations

import datetime as dt

from generator.figures.bulletin import Bulletin, GroupLine
from generator.figures.rates import number
from generator.present.bulletin_blocks import (
    Document,
    Section,
    Segment,
    Table,
    joined,
    mention,
    project_link,
)
from generator.present.bulletin_sections import (
    elements_section,
    lights_section,
    supervision_section,
)
from generator.present.formatting import day as day_text
from generator.present.formatting import money, pct, pp, threshold_amount, wan
from generator.present.words import (
    compare_to_schedule,
    light_rule_sentence,
    light_word,
    period_label,
    progress_sentence,
)

TOWNSHIPS_SECTION = "分乡镇完成情况"  # the web page adds its map here


def title_month(b: Bulletin) -> str:
    return f"{b.day.year}年{b.day.month}月"


def headline(b: Bulletin, subject: str) -> str:
    """1—10月，全县重点项目累计完成投资45.32亿元，占年度计划的83.5%，高于序时进度0.2个百分点。"""
    o = b.overall
    return progress_sentence(period_label(b.day), subject, float(o["completed_ytd"]),  # type: ignore[arg-type]
                             float(o["annual_plan"]), number(o["completion_rate"]),  # type: ignore[arg-type]
                             float(o["schedule_rate"]))  # type: ignore[arg-type]


def _month_sentence(b: Bulletin) -> str:
    return (f"{b.day.month}月份，{b.reporting}个项目报送调度数据，当月完成投资"
            f"{money(float(b.overall['completed_month']))}。")  # type: ignore[arg-type]


def _start_sentence(b: Bulletin) -> str:
    due = int(b.overall["planned_started"])  # type: ignore[call-overload]
    if not due:
        return f"截至{b.day.month}月底，暂无到期应开工项目。"
    return (f"截至{b.day.month}月底，计划开工的{due}个项目已开工{b.started_due}个，开工率"
            f"{pct(number(b.overall['start_rate']))}。")


def _completion_sentence(b: Bulletin) -> str:
    due = int(b.overall["planned_completed"])  # type: ignore[call-overload]
    if not due:
        return ""
    return (f"计划竣工的{due}个项目已竣工{b.completed_due}个，竣工率"
            f"{pct(number(b.overall['completion_count_rate']))}。")


def _leaders_sentence(label: str, lines: list[GroupLine]) -> str:
    top = [g for g in lines if g.completed_ytd > 0][:3]
    if not top:
        return ""
    names = "、".join(g.group for g in top)
    amounts = "、".join(money(g.completed_ytd) for g in top)
    rank_word = {1: "居首位", 2: "居前两位", 3: "居前三位"}[len(top)]
    tail = "为" if len(top) == 1 else "分别为"
    return f"分{label}看，{names}完成投资{rank_word}，{tail}{amounts}。"


def _group_table(label: str, lines: list[GroupLine], kind: str) -> Table:
    rows: list[list[Segment]] = [
        [
            str(g.rank),
            mention(kind, g.group),
            str(g.projects),
            wan(g.annual_plan, unit=False),
            wan(g.completed_month, unit=False),
            wan(g.completed_ytd, unit=False),
            pct(g.completion_rate),
            pp(g.lag_pp),
        ]
        for g in lines
    ]
    headers = ["名次", label, "项目数", "年度计划(万元)", "本月完成(万元)", "累计完成(万元)",
               "完成率", "较序时"]  # fmt: skip
    return Table(headers, rows, numeric=(0, 2, 3, 4, 5, 6, 7), cls="zd-ranked")


def document_moment(day: dt.date) -> dt.datetime:
    """The fixed time written into a bulletin's files: its month-end, midnight."""
    return dt.datetime(day.year, day.month, day.day)


def document(b: Bulletin, internal: bool, subject: str) -> Document:
    """The bulletin's text for one audience (``b`` is computed from that audience's view);
    ``subject`` names what it covers (全县重点项目)."""
    overall = b.overall
    period = period_label(b.day)
    lead = headline(b, subject)
    sections: list[Section] = []

    general = Section("总体情况")
    general.say(lead + _month_sentence(b))
    general.say(_start_sentence(b) + _completion_sentence(b))
    counts = b.table["status"].value_counts()
    general.say(
        f"按项目看，{int(overall['projects'])}个项目中，超前序时{int(counts.get('超前', 0))}个、"
        f"正常推进{int(counts.get('正常', 0))}个、滞后{int(counts.get('滞后', 0))}个，"
        f"本月未报送{int(counts.get('未报送', 0))}个，未开工{int(counts.get('未开工', 0))}个，"
        f"本年无投资计划{int(counts.get('无计划', 0))}个。"
    )
    sections.append(general)

    domains = Section("分领域完成情况")
    domains.say(_leaders_sentence("领域", b.by_domain))
    domains.blocks.append(_group_table("领域", b.by_domain, "domain"))
    sections.append(domains)

    townships = Section(TOWNSHIPS_SECTION)
    townships.say(_leaders_sentence("乡镇", b.by_township))
    townships.blocks.append(_group_table("乡镇(街道)", b.by_township, "township"))
    sections.append(townships)

    if internal:
        big = Section(f"{threshold_amount(b.big_threshold)}以上重大项目进展")
        if b.big_projects:
            big.say(
                f"总投资{threshold_amount(b.big_threshold)}及以上的重大项目{len(b.big_projects)}个，"
                "逐个通报如下："
            )
            for i, p in enumerate(b.big_projects, start=1):
                rate = (
                    f"占年度计划的{pct(p.completion_rate)}，"
                    f"{compare_to_schedule(p.lag_pp) if p.lag_pp is not None else ''}"
                    if p.completion_rate is not None
                    else "本年未安排投资计划"
                )
                month = (
                    f"本月完成{money(p.completed_month)}，" if p.completed_month is not None
                    else "本月未报送，"
                )  # fmt: skip
                light = f"，{light_word(p.light)}" if p.light else ""
                big.say(
                    f"（{i}）",
                    project_link(p.code, p.name),
                    "（",
                    mention("township", p.township),
                    f"，总投资{money(p.total_investment)}）：{month}"
                    f"{period}累计完成{money(p.completed_ytd)}，{rate.rstrip('，')}{light}；"
                    f"形象进度：{(p.progress or '未填报').rstrip('。')}。",
                    kind="item",
                )
        else:
            big.say(f"暂无总投资{threshold_amount(b.big_threshold)}及以上的项目。")
        sections.append(big)

    events = Section("项目开工和竣工情况")
    if b.starts:
        events.say(
            f"{b.day.month}月新开工项目{len(b.starts)}个：",
            *joined([project_link(e.code, e.name) for e in b.starts]),
            "。",
        )
    else:
        events.say(f"{b.day.month}月无新开工项目。")
    if b.completions:
        events.say(
            f"{b.day.month}月竣工项目{len(b.completions)}个：",
            *joined([project_link(e.code, e.name) for e in b.completions]),
            "。",
        )
    else:
        events.say(f"{b.day.month}月无竣工项目。")
    sections.append(events)

    if internal and b.problems is not None:
        pr = b.problems
        problems = Section("问题协调解决情况")
        problems.say(
            f"{b.day.month}月新受理项目问题诉求{pr.received_month}条，协调解决{pr.resolved_month}条；"
            f"累计受理{pr.received_total}条，已协调解决{pr.resolved_total}条，"
            f"问题解决率{pct(pr.resolution_rate)}，尚有{pr.open_total}条待解决。"
        )
        problems.blocks.append(Table(
            ["问题类别", "本月受理", "本月解决", "累计受理", "累计解决", "待解决"],
            [[k.kind, str(k.received_month), str(k.resolved_month), str(k.received_total),
              str(k.resolved_total), str(k.open_total)] for k in pr.by_kind],
            numeric=(1, 2, 3, 4, 5),
        ))  # fmt: skip
        sections.append(problems)
        sections.append(elements_section(b))

        approvals = Section("前期手续办理情况")
        approvals.say(
            f"{b.day.month}月办结前期手续{len(b.approvals_done)}项"
            + ("：" if b.approvals_done else "。")
        )
        if b.approvals_done:
            approvals.blocks.append(Table(
                ["项目", "手续", "审批部门", "办结日期", "备注"],
                [[project_link(a.code, a.name), a.approval.name or a.approval.kind,
                  mention("unit", a.approval.authority), day_text(a.approval.done),
                  f"批复文号{a.approval.document}" if a.approval.document else ""]
                 for a in b.approvals_done],
            ))  # fmt: skip
        approvals.say(
            f"截至{b.day.month}月底，超过办理时限仍未办结的前期手续"
            f"{len(b.approvals_overdue)}项" + ("：" if b.approvals_overdue else "。")
        )
        if b.approvals_overdue:
            approvals.blocks.append(Table(
                ["项目", "手续", "审批部门", "办理时限", "逾期"],
                [[project_link(a.code, a.name), a.approval.name or a.approval.kind,
                  mention("unit", a.approval.authority), day_text(a.approval.deadline),
                  f"已逾期{a.days_overdue}天"]
                 for a in b.approvals_overdue],
            ))  # fmt: skip
        sections.append(approvals)

        sections.append(lights_section(b))
        sections.append(supervision_section(b))

        late = Section("未按时报送调度数据项目")
        if b.late:
            late.say(
                f"以下{len(b.late)}个在建项目{b.day.month}月未报送调度数据（不按零计算），"
                "请责任单位及时补报："
            )
            late.blocks.append(Table(
                ["项目", "责任单位", "分包领导", "最近报送月份"],
                [[project_link(e.code, e.name), mention("unit", e.department),
                  mention("leader", e.leader), e.last_reported or "从未报送"] for e in b.late],
            ))  # fmt: skip
        else:
            late.say(f"{b.day.month}月在建项目均已按时报送调度数据。")
        sections.append(late)

    note = Section("说明")
    note.say(
        f"1. 序时进度按月计算：{b.day.month}月末为{b.day.month}/12，即"
        f"{pct(float(overall['schedule_rate']))}；投资完成率＝{period}完成投资÷年度计划投资。",
        kind="note",
    )
    if internal:
        note.say("2. 本通报为内部资料，含分包领导、问题诉求和督办信息，请勿对外公开。", kind="note")
        if b.rule is not None:
            note.say(f"3. {light_rule_sentence(b.rule)}", kind="note")
    else:
        note.say("2. 本摘要仅统计已公开的项目，金额单位为万元或亿元。", kind="note")
    sections.append(note)

    kind = "通报" if internal else "通报(公开摘要)"
    title = f"{b.region}重点项目建设情况{kind}"
    return Document(
        title=title,
        issue=f"（{b.year}年第{b.day.month}期）",
        dated=f"数据截至{b.day.year}年{b.day.month}月{b.day.day}日",
        lead=lead,
        sections=sections,
        internal=internal,
    )


