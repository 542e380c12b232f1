"""How a target is said: its kind, the projects it counts, its figure, its 序时 rule, where its
data comes from, and (on the public site) what the figure covers.

Every sentence here keeps a partial figure from being read as the county's: a figure over
the disclosed projects says so and is not set against the county's target.
"""

from __future__ import annotations

from generator.figures.targets import TargetResult, YearResult
from generator.model.models import Target, TargetScope
from generator.present.formatting import money, pct, target_amount, threshold_amount

METRIC_NAMES: dict[str, str] = {
    "investment_completed": "完成投资",
    "completion_rate": "投资完成率",
    "start_rate": "开工率",
    "restart_rate": "复工率",
    "start_restart_rate": "开复工率",
    "disbursement_rate": "资金拨付率",
    "funds_arrival_rate": "资金到位率",
    "production_rate": "竣工投产率",
    "agreement_rate": "协议履约率",
    "project_count": "项目个数",
    "growth": "同比增长",
    "reported": "报送数",
}
KIND_NAMES = {"amount": "金额", "rate": "比率", "count": "个数", "growth": "增长",
              "reported": "报送数值"}
SCHEDULE_WORDS = {
    "months": "按月计算序时进度",
    "planned": "按项目计划时间计算序时进度",
    "yoy": "同比增长直接与目标比较",
    "none": "不计序时进度, 到期评定",
}
_REACHED = {"开工": "已开工", "竣工": "已竣工", "投产": "已投产", "达产达效": "已达产达效"}


def _month(month: str) -> str:
    """2024-11 → 2024年11月."""
    return f"{int(month[:4])}年{int(month[5:])}月"


def metric_name(target: Target) -> str:
    if target.metric == "project_count" and target.reach:
        return f"{_REACHED[target.reach]}项目个数"
    if target.metric == "growth" and target.yearly:
        return "每年同比增长"
    if target.yearly:
        return f"每年{METRIC_NAMES[target.metric]}"
    return METRIC_NAMES[target.metric]


def scope_words(scope: TargetScope) -> str:
    """全部项目, or the filters joined: 省重点、市重点 · 含地方政府专项债券 · 总投资1亿元以上."""
    parts = [
        "、".join(scope.levels), "、".join(scope.domains), "、".join(scope.batches),
        "、".join(f"{s}阶段" for s in scope.stages) if scope.stages else "",
        "、".join(scope.townships),
        ("资金来源含" + "、".join(scope.funding_sources)) if scope.funding_sources else "",
        f"总投资{threshold_amount(scope.min_total)}以上" if scope.min_total is not None else "",
        f"指定项目{len(scope.projects)}个" if scope.projects else "",
        f"列入{scope.plan_year}年计划" if scope.plan_year is not None else "",
    ]
    joined = " · ".join(p for p in parts if p)
    return joined or "全部项目"


def kind_line(r: TargetResult, internal: bool) -> str:
    """指标: 比率 · 开工率 · 适用项目: 资金来源含地方政府专项债券 (12个)."""
    kind, metric = KIND_NAMES[r.kind], metric_name(r.target)
    if r.kind == "reported":
        metric = f"单位 {r.unit}" + (" · 每年" if r.target.yearly else "")
    head = f"指标: {kind} · {metric}"
    if r.coverage == "reported":
        return f"{head} · 报送单位: {r.reported_by or '—'}"
    count = f" ({r.projects}个)" if internal else ""
    return f"{head} · 适用项目: {scope_words(r.target.scope)}{count}"


def figure_sentence(r: TargetResult) -> str:
    """实际 12.35亿元 / 目标 14.29亿元, 完成目标的 86.4% (序时要求 83.3%)."""
    actual, value = target_amount(r.actual, r.unit), target_amount(r.value, r.unit)
    if r.coverage == "disclosed":
        return f"{_disclosed_figure(r, actual)}; 目标 {value} 针对全部项目, 不以此判断进度。"
    lead = {"growth": "年均增长" if len(r.years) > 1 and not r.target.yearly else "增长"}.get(
        r.kind, "实际")
    if r.target.yearly and r.years:
        lead = f"{r.years[-1].year}年{lead}"
    text = f"{lead} {actual} / 目标 {value}"
    if r.share_achieved is not None and r.kind != "growth":
        text += f", 完成目标的 {pct(r.share_achieved)}"
    if r.expected_share is not None and not r.ended and r.kind != "growth":
        text += f" (序时要求 {pct(r.expected_share)})"
    return text + "。"


def _disclosed_figure(r: TargetResult, actual: str) -> str:
    """已公开的 9 个项目合计 15.55亿元: the public site's part, named as a part."""
    if not r.projects:
        return "已公开项目中没有适用的项目"
    if r.kind == "count":
        reached = _REACHED[r.target.reach] if r.target.reach else "符合条件的"
        return f"已公开项目中{reached} {actual}"
    if r.kind == "rate":
        return f"已公开的 {r.projects} 个项目{metric_name(r.target)} {actual}"
    return f"已公开的 {r.projects} 个项目合计 {actual}"


def deadline_sentence(r: TargetResult) -> str:
    """截止 2025年12月31日, 剩余 61 天 — or, once passed, the final verdict on its figure."""
    deadline = r.target.deadline.chinese()
    if not r.ended:
        return f"截止 {deadline}, 剩余 {r.days_left} 天。"
    if r.coverage == "disclosed":
        return f"已于 {deadline} 到期。"
    figure = target_amount(r.actual, r.unit)
    verdict = {
        "完成": f"最终完成, 截止时 {figure}",
        "未完成": f"最终未完成, 截止时 {figure}",
        "缺最终数据": f"缺截止时的数据, 最近数据 {figure}",
    }.get(r.status, "无数据")
    return f"已于 {deadline} 到期: {verdict}。"


def data_notes(r: TargetResult, internal: bool) -> list[str]:
    """Where the figure comes from and what it covers, one short sentence each."""
    notes = [] if r.coverage == "disclosed" else [f"序时: {SCHEDULE_WORDS[r.schedule]}。"]
    if r.report is not None:
        notes.append(f"数据截至 {r.report.date.chinese()}, 来源: {r.report.source}。")
    elif r.coverage == "reported":
        notes.append("尚无报送数据。")
    since = _month(r.data_from) if r.data_from else None
    if r.baseline is not None:
        b = r.baseline
        notes.append(f"含截至 {b.through.chinese()} 已完成 {money(b.value)} (来源: {b.source})。")
    if r.gap is not None:
        first, last = r.gap
        notes.append(f"月度数据自 {since} 起; {_month(first)}至{_month(last)}的完成额未计入"
                     "(未填报数据起点前已完成额)。")
    elif since is not None and r.kind == "amount":
        notes.append(f"完成额按 {since} 起的月度数据累计。")
    if r.coverage == "disclosed":
        notes.append("公开方式: 仅统计已公开项目。")
    elif r.coverage == "all" and not internal:
        pub = r.publication
        notes.append("公开方式: 全县合计, 含未公开项目, 只公布合计数。" if pub and pub.withheld
                     else f"涉及项目 {r.projects} 个, 均已公开。")
    if internal and r.publication is not None and r.coverage == "all":
        notes.append(publication_note(r))
    return notes


def publication_note(r: TargetResult) -> str:
    """For the intranet: what the public site shows for this target, and why."""
    pub = r.publication
    assert pub is not None
    if r.target.internal:
        return "公开站点: 不公开 (仅内部)。"
    if not pub.withheld:
        return f"公开站点: 全部 {r.projects} 个项目均已公开, 与本页相同。"
    if pub.aggregate:
        return f"公开站点: 全县合计 (含未公开项目 {pub.withheld} 个, 只公布合计数)。"
    why = {"few": "所含未公开项目过少", "difference": "与其他全县合计相减可推算出未公开项目"}
    if pub.refused:
        return (f"公开站点: 仅已公开项目合计, 不作进度判断 (全县合计因{why[pub.refused]}而不公开; "
                f"未公开项目 {pub.withheld} 个)。")
    return f"公开站点: 仅已公开项目合计, 不作进度判断 (未公开项目 {pub.withheld} 个)。"


def year_row(r: TargetResult, y: YearResult) -> list[str]:
    """年度 | 实际 | 目标 | 完成比例 | 状态 (the status is filled in by the page as a badge)."""
    return [f"{y.year}年", target_amount(y.actual, r.unit), target_amount(r.value, r.unit),
            "—" if r.kind == "growth" else pct(y.share_achieved)]
