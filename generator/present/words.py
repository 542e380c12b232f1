"""Sentences and short phrases built from figures: the words every page and the bulletin share.

Figures hand over numbers, dates and records; this module says them the way a county
重大办 writes them (1—10月, 全县, 低于序时进度2.3个百分点, ↑2).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from generator.figures.cycles import Coverage, Cycle
from generator.figures.lagging import (
    ApprovalDueSoon,
    ApprovalOverdue,
    BehindSchedule,
    LagReason,
    NotStarted,
    StartDueSoon,
)
from generator.figures.lights import GREEN, RED, YELLOW, Rule
from generator.figures.rates import missing, points
from generator.figures.supervision import CLOSED, OPEN, OVERDUE, CaseState
from generator.model.dates import PartialDate
from generator.present.formatting import money, pct
from generator.rules.visibility import Disclosure

REGION_SUFFIXES = ("县", "市", "区", "旗", "省", "州", "盟")


def period_label(day: dt.date) -> str:
    """1—10月 (an em dash, as bulletins print it); 1月 for January."""
    return f"1—{day.month}月" if day.month > 1 else "1月"


def region_word(region: str) -> str:
    """全县 for 示例县, 全市 for a city: what a bulletin calls the whole region."""
    return f"全{region[-1]}" if region and region[-1] in REGION_SUFFIXES else region


def points_text(value: float) -> str:
    """Percentage points as bulletins write them: 2.3, 0.5, 3 (no trailing .0)."""
    text = str(Decimal(repr(abs(float(value)))).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return text[:-2] if text.endswith(".0") else text


def compare_to_schedule(lag_pp: float) -> str:
    """高于序时进度X个百分点 / 低于… / 与序时进度持平, from the lag rounded to 0.1 point."""
    lag_pp = points(lag_pp)
    if lag_pp > 0:
        return f"高于序时进度{points_text(lag_pp)}个百分点"
    if lag_pp < 0:
        return f"低于序时进度{points_text(lag_pp)}个百分点"
    return "与序时进度持平"


def progress_sentence(
    period: str,
    subject: str,
    completed: float,
    plan: float,
    completion_rate: float | None,
    schedule_rate: float,
) -> str:
    """1—10月，全县重点项目累计完成投资45.32亿元，占年度计划的83.5%，高于序时进度0.2个百分点。

    ``completion_rate`` and ``schedule_rate`` are fractions (as figures give them); the
    comparison uses the lag in points rounded as the project table rounds it, so the
    words always agree with the figures printed beside them.
    """
    head = f"{period}，{subject}累计完成投资{money(completed)}"
    if completion_rate is None or missing(completion_rate) or plan <= 0:
        return f"{head}（未安排年度计划投资）。"
    lag = points((completion_rate - schedule_rate) * 100)
    return f"{head}，占年度计划的{pct(completion_rate)}，{compare_to_schedule(lag)}。"


def rank_change_text(change: int | None) -> str:
    """↑2 / ↓1 / 持平 / — (no rank now or last month)."""
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "持平"


def chinese_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def lag_reason(reason: LagReason) -> str:
    """Why a project's light is yellow or red, in one clause."""
    if isinstance(reason, BehindSchedule):
        note = "（本月未报送，按已报数据计）" if reason.not_reported else ""
        share = (f"，为序时进度的{points_text(reason.share)}%" if reason.share is not None
                 else "")
        return (f"投资完成率{reason.completion_rate * 100:.1f}%，低于序时进度"
                f"{reason.schedule_rate * 100:.1f}%，滞后{-reason.lag_pp:.1f}个百分点"
                f"{share}{note}")
    if isinstance(reason, NotStarted):
        return f"计划{reason.planned_start.chinese()}开工，截至{chinese_day(reason.day)}尚未开工"
    if isinstance(reason, StartDueSoon):
        return f"计划{reason.planned_start.chinese()}开工，尚未开工，距开工时限{reason.days_left}天"
    if isinstance(reason, ApprovalDueSoon):
        approval = reason.approval
        deadline = approval.deadline.chinese() if approval.deadline is not None else "—"
        left = "今日到期" if reason.days_left == 0 else f"还有{reason.days_left}天"
        return (f"{approval.name or approval.kind}办理时限{deadline}，{left}，"
                f"目前{approval.status}（{approval.authority}）")
    return approval_overdue(reason)


def reasons_text(reasons: list[LagReason]) -> str:
    """The reasons in one line, each named by its light when they differ (红灯：…；黄灯：…)."""
    mixed = len({r.light for r in reasons}) > 1
    return "；".join((f"{LIGHT_WORDS[r.light]}：" if mixed else "") + lag_reason(r)
                    for r in reasons)


# A light's word; its icon and colour are in ``badges``.
LIGHT_WORDS: dict[str, str] = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯"}


def light_word(light: object) -> str:
    """绿灯 / 黄灯 / 红灯; 未亮灯 for a project with nothing to judge."""
    return LIGHT_WORDS.get(light, "未亮灯") if isinstance(light, str) else "未亮灯"


def light_legend(rule: Rule) -> list[tuple[str, str]]:
    """The rule in force, a line per light: what each light means on every page."""
    y, r = points_text(rule.yellow), points_text(rule.red)
    if rule.basis == "points":
        green = f"投资完成率低于序时进度不超过{y}个百分点（或高于序时进度）"
        yellow = f"低于序时进度超过{y}个百分点、不超过{r}个百分点"
        red = f"低于序时进度超过{r}个百分点"
    else:
        green = f"投资完成率不低于序时进度的{y}%"
        yellow = f"投资完成率低于序时进度的{y}%、不低于{r}%"
        red = f"投资完成率低于序时进度的{r}%"
    days, tasks = rule.warning_days, rule.task_warning_days
    return [
        (GREEN, f"{green}；前期手续、计划开工和任务均未到预警期或已完成。"),
        (YELLOW, f"{yellow}；或前期手续办理时限、计划开工前{days}天内仍未完成；"
                 f"或任务完成时限前{tasks}天内仍未完成。"),
        (RED, f"{red}；或前期手续超过办理时限未办结；或计划开工时间已到仍未开工；"
              "或任务超过完成时限未完成。红灯项目列为挂牌督办候选。"),
    ]


def light_rule_sentence(rule: Rule) -> str:
    """The rule in one sentence, for a bulletin's notes."""
    parts = [f"{LIGHT_WORDS[light]}：{text.rstrip('。')}" for light, text in light_legend(rule)]
    return "红黄绿灯按以下规则确定——" + "；".join(parts) + "。"


def approval_overdue(reason: ApprovalOverdue) -> str:
    approval = reason.approval
    label = approval.name or approval.kind
    now = "当时尚未办结" if approval.status == "已办结" else f"目前{approval.status}"
    deadline = approval.deadline.chinese() if approval.deadline is not None else "—"
    return f"{label}办理时限{deadline}已过，{now}（{approval.authority}）"


# How a cycle is named in a sentence: 本周已有进展, 本季度尚无进展.
CYCLE_WORDS: dict[str, str] = {
    "每日": "当日",
    "每周": "本周",
    "每月": "本月",
    "每季度": "本季度",
    "每半年": "本半年",
    "每年": "本年度",
}
# A number of cycles: 36 个月, 12 个季度, 3 年.
CYCLE_UNITS: dict[str, str] = {
    "每日": "天",
    "每周": "周",
    "每月": "个月",
    "每季度": "个季度",
    "每半年": "个半年",
    "每年": "年",
}


def cycle_word(cycle: Cycle) -> str:
    return CYCLE_WORDS[cycle.rhythm.base]


def cycle_label(cycle: Cycle) -> str:
    """2025年10月31日, 2025年第44周(10月27日—11月2日), 2025年10月, 2025年第四季度 …"""
    start, end = cycle.start, cycle.end
    base = cycle.rhythm.base
    if base == "每日":
        return chinese_day(start)
    if base == "每周":
        year, week, _ = start.isocalendar()
        return f"{year}年第{week}周({start.month}月{start.day}日—{end.month}月{end.day}日)"
    if base == "每月":
        return f"{start.year}年{start.month}月"
    if base == "每季度":
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    if base == "每半年":
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年"


def cycle_progress(cycle: Cycle, notes: int) -> str:
    """本月已有进展 / 本周尚无进展 / 本周已有1次进展(每周2次)."""
    word, rhythm = cycle_word(cycle), cycle.rhythm
    if notes >= rhythm.low:
        return f"{word}已有进展"
    if notes == 0:
        return f"{word}尚无进展"
    return f"{word}已有{notes}次进展({rhythm.text})"


def rhythm_words(texts: list[str]) -> str:
    """每日、每周、每月 — a task's rhythms as its plan lists them."""
    return "、".join(texts)


def coverage_text(cover: Coverage) -> str:
    """每月: 36 个月中 30 个月有进展记录 (每周2次: … 有 2 次以上进展记录)."""
    unit = CYCLE_UNITS[cover.rhythm.base]
    enough = "有进展记录" if cover.rhythm.low == 1 else f"有{cover.rhythm.low}次以上进展记录"
    return f"{cover.rhythm.text}: {cover.cycles} {unit}中 {cover.covered} {unit}{enough}"


def period_text(start: PartialDate, end: PartialDate) -> str:
    """2021年1月—2023年12月 (a plan's 执行期)."""
    return f"{start.chinese()}—{end.chinese()}"


def plan_life_text(status: str, closed: dt.date | None, ends: dt.date | None) -> str:
    """What a plan's status means at the report date, in one clause."""
    if status == "已终止" and closed is not None:
        return f"已于{chinese_day(closed)}终止执行, 任务按当日完成情况作最终判定"
    if status == "已到期" and closed is not None:
        return f"执行期已于{chinese_day(closed)}届满, 任务按执行期末完成情况作最终判定"
    if ends is not None:
        return f"执行中, 执行期至{chinese_day(ends)}"
    return "执行中"


def disclosure_reason(d: Disclosure) -> str:
    """Why a project is or is not on the public site, for the intranet's pages."""
    rule = {
        "not-government": "非政府投资项目",
        "below-threshold": f"财政资金 {d.fiscal:g} 万元, 低于公开门槛 {d.threshold:g} 万元",
        "pipeline": f"处于{d.stage}阶段, 尚未对外发布",
        "meets-rule": f"政府投资, 财政资金 {d.fiscal:g} 万元, 达到公开门槛 {d.threshold:g} 万元",
    }[d.basis]
    if d.marked is True:
        return "数据标记为公开" + ("" if d.by_rule else f" ({rule})")
    if d.marked is False:
        return f"不予公开: {d.withhold_reason}"
    return rule


# 挂牌督办: the same words for a case on every page and in the bulletin.
CASE_WORDS: dict[str, str] = {OPEN: "督办中", OVERDUE: "超期未销号", CLOSED: "已销号"}
CANDIDATE_WORD = "督办候选"


def case_word(state: str) -> str:
    return CASE_WORDS[state]


def case_detail(case: CaseState) -> str:
    """What the state means for this case: 距整改时限还有61天 / 整改时限今日到期 /
    超过整改时限31天 / 2025年8月20日销号."""
    if case.state == OVERDUE:
        return f"超过整改时限{case.days_overdue}天"
    if case.state == CLOSED and case.case.closed is not None:
        return f"{case.case.closed.chinese()}销号"
    if case.days_left == 0:
        return "整改时限今日到期"
    return f"距整改时限还有{case.days_left}天"
