"""公开目录: what a disclosed project publishes, item by item, in the eight categories of
国办发〔2017〕94号, each with the date the data says it was formed.

政府信息公开条例 (2019) art. 20(10) makes 重大建设项目的批准和实施情况 proactive disclosure and
art. 26 gives 20 working days from the day information is formed or changed. 94号 sorts that
information into eight categories (``vocab.DISCLOSURE_CATEGORIES``); 发改办投资〔2019〕621号's
标准目录 describes each item by 公开事项, 公开内容(要素), 公开依据, 公开时限, 公开主体,
公开渠道和载体, 公开对象 and 公开方式: ``element`` names the row of that catalogue an item
follows, and ``present.catalogue`` words it.

Seed 004's six facts each fall in one category: 建设内容和规模, 建设必要性和依据 and 资金来源
are fixed by the project's approval (批准结果), 招投标 is 招标投标, 设计/监理/施工单位 is
施工有关 and 竣工决算 is 竣工有关.

An item is ``present`` when the project's data holds it; a few are there although the data
lacks them, because the project's state says they exist (a project that has started has a
builder): those are formed and not published. ``key`` names an item the same way in every
version of the data, so that git history can tell when it first reached the public site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import vocab
from generator.model.dates import PartialDate
from generator.model.models import Project


@dataclass(frozen=True)
class Wan:
    """An amount in 万元, for the pages to format as money."""

    value: float


@dataclass(frozen=True)
class Change:
    """A value before and after a variation: two Wan or two dates."""

    before: Wan | PartialDate
    after: Wan | PartialDate


Value = str | int | PartialDate | Wan | Change
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Item:
    category: str  # a key of vocab.DISCLOSURE_CATEGORIES
    element: str  # the 标准目录 row that describes it (present.catalogue.ELEMENTS)
    key: str  # the same in every version of the data
    title: str  # 公开事项
    facts: tuple[tuple[str, Value], ...]  # 公开内容: empty when the data lacks it
    formed: PartialDate | None  # when it was formed or changed, from the data
    formed_by: str  # which date that is
    subject: str  # 公开主体
    path: Path  # where in the project file ``formed`` is written
    present: bool  # in the data, so on the public site once committed

    @property
    def timed(self) -> bool:
        """Whether art. 26's clock applies: a dated item (or one the state implies)."""
        return self.formed is not None


def _facts(*pairs: tuple[str, Value | None]) -> tuple[tuple[str, Value], ...]:
    return tuple((label, value) for label, value in pairs if value not in (None, ""))


def _numbered(key: str, seen: Counter[str]) -> str:
    """``key``, or ``key#2`` for its second occurrence: two tenders may share a name."""
    seen[key] += 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def items(project: Project) -> list[Item]:
    """The project's 公开目录, in the categories' order."""
    out = [*_approvals(project), *_tenders(project), *_land(project), *_variations(project),
           *_construction(project), *_completion(project)]
    order = list(vocab.DISCLOSURE_CATEGORIES)
    return sorted(out, key=lambda item: order.index(item.category))


def feasibility(project: Project) -> tuple[int, PartialDate] | None:
    """The approval that fixes the project's scale, need and funding, when done."""
    for index, a in enumerate(project.approvals):
        if a.kind == "立项/可研批复" and a.status == "已办结" and a.done is not None:
            return index, a.done
    return None


def _approvals(p: Project) -> Iterator[Item]:
    seen: Counter[str] = Counter()
    for index, a in enumerate(p.approvals):
        label = a.name or a.kind if a.kind == "其他" else a.kind
        base = _numbered(f"{a.kind}/{a.name or ''}", seen)
        if a.status == "已办结":
            yield Item("批准结果", "approval-result", f"approval-result/{base}",
                       label if label.endswith("批复") else f"{label}批复",
                       _facts(("批复单位", a.authority), ("批复文号", a.document),
                              ("办结日期", a.done)),
                       a.done, "办结日期", a.authority, ("approvals", index, "done"), True)
        else:
            yield Item("批准服务", "approval-process", f"approval-process/{base}",
                       f"{label}办理", _facts(("办理部门", a.authority), ("办理状态", a.status),
                                            ("办理时限", a.deadline)),
                       None, "", a.authority, ("approvals", index), True)
    approved = feasibility(p)
    formed, path = (approved[1], ("approvals", approved[0], "done")) if approved else (None, ())
    funding = "、".join(dict.fromkeys(f.source for f in p.funding))
    for key, title, value in (("scale", "建设内容和规模", p.scale),
                              ("rationale", "建设必要性和依据", p.rationale),
                              ("funding", "资金来源", funding)):
        yield Item("批准结果", "project-facts", key, title, _facts((title, value)), formed,
                   "立项/可研批复日期", p.department, path, bool(value))


def _tenders(p: Project) -> Iterator[Item]:
    seen: Counter[str] = Counter()
    for index, t in enumerate(p.tenders):
        formed, by, field = next(
            ((d, by, f) for d, by, f in ((t.award_date, "定标日期", "award_date"),
                                         (t.date, "开标日期", "date"),
                                         (t.notice_date, "招标公告日期", "notice_date"))
             if d is not None),
            (None, "", ""))
        yield Item("招标投标", "tender", _numbered(f"tender/{t.item}", seen), t.item,
                   _facts(("招标方式", t.method), ("招标公告日期", t.notice_date),
                          ("开标日期", t.date), ("定标日期", t.award_date),
                          ("投标人数", t.bidders),
                          ("招标控制价", Wan(t.estimate) if t.estimate is not None else None),
                          ("中标单位", t.winner),
                          ("中标金额", Wan(t.amount) if t.amount is not None else None),
                          ("合同状态", t.status)),
                   formed, by, p.owner, ("tenders", index, field) if field else ("tenders", index),
                   True)


def _land(p: Project) -> Iterator[Item]:
    plan = p.five_clear.farmland_balance
    if plan:
        yield Item("征收土地", "farmland", "farmland", "补充耕地 (耕地占补平衡) 方案",
                   _facts(("方案", plan)), None, "", p.owner, ("five_clear", "farmland_balance"),
                   True)


def _variations(p: Project) -> Iterator[Item]:
    seen: Counter[str] = Counter()
    for index, v in enumerate(p.variations):
        amount = (Change(Wan(v.amount_before), Wan(v.amount_after))
                  if v.amount_before is not None and v.amount_after is not None else None)
        end = (Change(v.end_before, v.end_after)
               if v.end_before is not None and v.end_after is not None else None)
        yield Item("重大设计变更", "variation",
                   _numbered(f"variation/{v.contract}/{v.date.iso()}", seen),
                   f"{v.contract}变更",
                   _facts(("变更内容", v.content), ("变更原因", v.reason), ("合同金额", amount),
                          ("完工日期", end), ("批准单位", v.approved_by), ("批复文号", v.document),
                          ("批准日期", v.date)),
                   v.date, "批准日期", v.approved_by or p.owner, ("variations", index, "date"),
                   True)


def _award_of(p: Project, firm: str | None) -> tuple[PartialDate, Path] | None:
    """The award that made ``firm`` a contractor of the project, when the data has it."""
    for index, t in enumerate(p.tenders):
        when = t.award_date or t.date
        if firm and t.winner == firm and when is not None:
            return when, ("tenders", index, "award_date" if t.award_date else "date")
    return None


def _construction(p: Project) -> Iterator[Item]:
    c = p.contractors
    started = p.stage in vocab.STARTED_STAGES
    for key, title, firm in (("designer", "设计单位", c.designer),
                             ("supervisor", "监理单位", c.supervisor),
                             ("builder", "施工单位", c.builder)):
        award = _award_of(p, firm)
        if award is not None:
            formed, by, path = award[0], "定标日期", award[1]
        elif key == "builder" and started and p.dates.actual_start is not None:
            # A project that has started has its builder: known by the start at the latest.
            formed, by, path = p.dates.actual_start, "实际开工日期", ("dates", "actual_start")
        else:
            formed, by, path = None, "", ()
        if firm or (key == "builder" and started):
            yield Item("施工有关", "contractor", key, title, _facts((title, firm)), formed, by,
                       p.owner, path, bool(firm))


def _completion(p: Project) -> Iterator[Item]:
    done = p.dates.actual_completion
    if done is not None or p.stage in vocab.COMPLETED_STAGES:
        yield Item("竣工有关", "completion", "completion", "竣工", _facts(("实际竣工日期", done)),
                   done, "实际竣工日期", p.owner, ("dates", "actual_completion"),
                   done is not None)
    f = p.final_accounts
    if f is not None:
        yield Item("竣工有关", "final-accounts", "final-accounts", "竣工决算",
                   _facts(("决算金额", Wan(f.amount)), ("审核/批复单位", f.approved_by),
                          ("批复文号", f.document), ("决算批复日期", f.date)),
                   f.date, "决算批复日期", f.approved_by or p.owner,
                   ("final_accounts", "date"), True)


def present_keys(project: Project) -> list[str]:
    """The keys of the items the project's data holds: what history compares."""
    return [item.key for item in items(project) if item.present]
