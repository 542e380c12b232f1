"""The words of the 公开目录: each item's row of the 标准目录 (发改办投资〔2019〕621号), its
content as text, and what its timeliness is called.

Of the 标准目录's columns, every item shows its 公开事项, 公开内容(要素) and 公开主体 from the
data; each category shows its 公开依据 and 公开时限; 公开渠道和载体 (this website), 公开对象
(全社会) and 公开方式 (主动公开) are the same for every item here and are said once.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.figures.timeliness import LIMIT, Clock
from generator.model.dates import PartialDate
from generator.model.workdays import PACKAGE, VERSION
from generator.present.badges import badge
from generator.present.formatting import day, wan
from generator.rules.catalogue import Change, Item, Value, Wan

REGULATION = "《政府信息公开条例》第二十条第(十)项、第二十六条"
OPINION = "国办发〔2017〕94号"
GUIDE = "发改办投资〔2019〕621号标准目录"
LOCAL = "本地政府投资项目公示规定 (见本站公开规则)"
TENDER_RULES = "《招标公告和公示信息发布管理办法》"
IN_TIME = f"信息形成或变更之日起 {LIMIT} 个工作日内"
CHANNEL = "本网站 (政府网站) 及其开放数据"
AUDIENCE = "全社会"
MANNER = "主动公开"


@dataclass(frozen=True)
class Element:
    """A row of the 标准目录: what it publishes, on what basis, how soon, by whom."""

    second: str  # 二级事项
    content: str  # 公开内容(要素)
    basis: tuple[str, ...]  # 公开依据
    limit: str  # 公开时限
    subject: str  # 公开主体, as the catalogue names it


ELEMENTS: dict[str, Element] = {
    "approval-process": Element("办理过程信息", "事项名称、办理部门、办理时限、办理进展",
                                (REGULATION, OPINION, GUIDE), "及时公开", "相关审批部门"),
    "approval-result": Element("审批结果", "审批结果、批复单位、批复文号、批复时间",
                               (REGULATION, OPINION, GUIDE), IN_TIME, "相关审批部门"),
    "project-facts": Element("项目基本情况", "建设内容和规模、建设必要性和依据、资金来源",
                             (LOCAL, REGULATION, OPINION), IN_TIME, "项目责任单位"),
    "tender": Element("招标投标", "招标公告、开标、中标结果、合同订立及履行情况",
                      (REGULATION, OPINION, GUIDE, TENDER_RULES), IN_TIME, "招标人"),
    "farmland": Element("征收土地信息", "补充耕地方案 (耕地占补平衡)",
                        (REGULATION, OPINION, GUIDE), IN_TIME, "项目单位、自然资源部门"),
    "variation": Element("重大设计变更", "变更内容、变更原因、批准单位、批复文号、批准时间",
                         (REGULATION, OPINION, GUIDE), IN_TIME, "项目法人单位、审批部门"),
    "contractor": Element("设计、施工、监理单位", "设计、施工、监理单位名称",
                          (LOCAL, REGULATION, OPINION, GUIDE), IN_TIME, "项目法人单位"),
    "completion": Element("竣工验收", "竣工时间", (REGULATION, OPINION, GUIDE), IN_TIME,
                          "项目法人单位"),
    "final-accounts": Element("竣工决算", "决算金额、审核单位、批复文号、批复时间",
                              (LOCAL, REGULATION, OPINION, GUIDE), IN_TIME, "项目法人单位"),
}

# What the data holds of a category with no items, when it can hold nothing of it.
NOT_IN_DATA: dict[str, str] = {
    "征收土地": "本站数据只含补充耕地方案, 征地告知、征收土地方案和补偿安置方案由自然资源部门另行公开",
    "质量安全监督": "本站数据暂不含质量安全监督信息, 由住房城乡建设等监督部门另行公开",
}

# Status → (badge text, badge kind).
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "on-time": ("✔ 按时公开", "ok"),
    "late": ("⚠ 超时公开", "bad"),
    "overdue": ("✖ 逾期未公开", "bad"),
    "pending": ("○ 待公开", "warn"),
    "missing": ("✖ 已形成未公开", "bad"),
    "initial": ("– 首版已有", "muted"),
    "untimed": ("– 不计时", "muted"),
    "unknown-year": ("? 无法判定", "warn"),
}


def value_text(value: Value) -> str:
    if isinstance(value, Wan):
        return wan(value.value)
    if isinstance(value, PartialDate):
        return day(value)
    if isinstance(value, Change):
        return f"{value_text(value.before)} → {value_text(value.after)}"
    return str(value)


def content_text(item: Item) -> str:
    """公开内容 as one line: 批复单位: 县发展改革局; 批复文号: …"""
    if not item.facts:
        return "未填报"
    if len(item.facts) == 1 and item.facts[0][0] == item.title:
        return value_text(item.facts[0][1])
    return "; ".join(f"{label}: {value_text(value)}" for label, value in item.facts)


def formed_text(item: Item) -> str:
    if item.formed is None:
        return "—"
    return f"{day(item.formed)} ({item.formed_by})"


def published_text(c: Clock | None, item: Item) -> str:
    """When the item reached the public site, as a reader should take it."""
    if c is None:
        return "—" if item.present else "未公开"
    if c.status == "initial":
        return f"{c.published.isoformat()} (首版数据)" if c.published else "早于可查记录"
    if c.published is not None:
        return c.published.isoformat()
    return "未公开" if not item.present else "待发布"


def status_badge(c: Clock) -> Markup:
    text, kind = STATUS_WORDS[c.status]
    return badge(text, kind)


def status_detail(c: Clock) -> str:
    """Why: the deadline and how late, or which year the calendar lacks."""
    if c.status == "unknown-year":
        return f"{PACKAGE} {VERSION} 未收录 {c.year} 年节假日安排"
    if c.status == "late":
        return f"期限 {c.deadline.isoformat() if c.deadline else '—'}, 超过 {c.late_by} 个工作日"
    if c.status in ("overdue", "pending") and c.deadline is not None:
        return f"期限 {c.deadline.isoformat()}"
    return ""


def bases(items: list[Item]) -> str:
    """The 公开依据 of a category's items, each once."""
    seen = dict.fromkeys(b for item in items for b in ELEMENTS[item.element].basis)
    return "、".join(seen)


def limits(items: list[Item]) -> str:
    return "; ".join(dict.fromkeys(ELEMENTS[item.element].limit for item in items))


def unknown_year_warning(years: list[int]) -> str:
    listed = "、".join(f"{y}年" for y in years)
    return (f"{PACKAGE} {VERSION} 尚未收录 {listed}的法定节假日和调休安排, 涉及这些年份的公开期限"
            "无法计算, 相关事项标为“无法判定”。国务院办公厅公布安排、该包发布新版本后, 升级 "
            "requirements.txt 和 constraints.txt 中的版本并重新生成。")
