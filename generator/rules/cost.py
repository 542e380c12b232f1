"""CoST IDS completeness: of the data points the Infrastructure Data Standard of the
Infrastructure Transparency Initiative (CoST) asks a project to disclose, the share a
disclosed project's public data holds.

Only the data points this data model can hold are counted, each once per project, or once
per contract (each entry of 招投标); completion points once the project is completed, and
招投标 itself once it has started. The page lists them (``POINTS``), so that a score is
never read as covering more than it does. Not counted, because the data has no place for
them: contact details, the contract administration entity (here always the owner), the
contract's final price and payments, and location geometry. A variation's reason is
required by the data model, so every variation recorded has one.

Score the public view of a project (``visibility.public_project``): what it discloses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from generator.model import vocab
from generator.model.models import Project, Tender

Level = Literal["project", "completion", "started", "contract"]


@dataclass(frozen=True)
class Point:
    name: str  # 中文
    ids: str  # the CoST IDS data point
    source: str  # where this data holds it
    level: Level
    test: Callable[[Project, Tender | None], bool]


def _approved(kind: str) -> Callable[[Project, Tender | None], bool]:
    return lambda p, _: any(a.kind == kind and a.status == "已办结" for a in p.approvals)


POINTS: tuple[Point, ...] = (
    Point("项目名称", "Project name", "name", "project", lambda p, _: bool(p.name)),
    Point("项目业主", "Project owner", "owner", "project", lambda p, _: bool(p.owner)),
    Point("行业领域", "Sector", "domain", "project", lambda p, _: bool(p.domain)),
    Point("项目地点", "Project location", "township", "project", lambda p, _: bool(p.township)),
    Point("建设必要性 (目的)", "Purpose", "rationale", "project", lambda p, _: bool(p.rationale)),
    Point("建设内容和规模", "Project scope / description", "scale", "project",
          lambda p, _: bool(p.scale)),
    Point("环境影响", "Environmental impact", "approvals: 环评 已办结", "project", _approved("环评")),
    Point("土地和征迁影响", "Land and settlement impact",
          "approvals: 用地预审与选址 已办结, 或 five_clear.farmland_balance", "project",
          lambda p, t: _approved("用地预审与选址")(p, t) or bool(p.five_clear.farmland_balance)),
    Point("资金来源", "Funding sources", "funding", "project", lambda p, _: bool(p.funding)),
    Point("项目预算", "Project budget", "total_investment", "project",
          lambda p, _: p.total_investment > 0),
    Point("预算批准日期", "Project budget approval date", "approvals: 立项/可研批复 已办结",
          "project", _approved("立项/可研批复")),
    Point("项目状态", "Project status (current)", "stage", "project", lambda p, _: bool(p.stage)),
    Point("招投标", "Procurement (any contract)", "tenders", "started",
          lambda p, _: bool(p.tenders)),
    Point("竣工日期", "Completion date", "dates.actual_completion", "completion",
          lambda p, _: p.dates.actual_completion is not None),
    Point("竣工决算金额", "Completion cost", "final_accounts.amount", "completion",
          lambda p, _: p.final_accounts is not None),
    Point("审计/决算批复", "Reference to audit and evaluation reports",
          "final_accounts.document", "completion",
          lambda p, _: p.final_accounts is not None and bool(p.final_accounts.document)),
    Point("采购方式", "Procurement process", "tenders[].method", "contract",
          lambda _, t: t is not None and bool(t.method)),
    Point("合同状态", "Contract status (current)", "tenders[].status", "contract",
          lambda _, t: t is not None and t.status is not None),
    Point("投标人数", "Number of firms tendering", "tenders[].bidders", "contract",
          lambda _, t: t is not None and t.bidders is not None),
    Point("招标控制价", "Cost estimate", "tenders[].estimate", "contract",
          lambda _, t: t is not None and t.estimate is not None),
    Point("定标日期", "Tender and award dates", "tenders[].award_date (或 date)", "contract",
          lambda _, t: t is not None and (t.award_date or t.date) is not None),
    Point("中标单位", "Contract firm(s)", "tenders[].winner", "contract",
          lambda _, t: t is not None and bool(t.winner)),
    Point("合同金额", "Contract price", "tenders[].amount", "contract",
          lambda _, t: t is not None and t.amount is not None),
    Point("合同工期", "Contract start date and duration",
          "tenders[].contract_start 和 contract_days", "contract",
          lambda _, t: t is not None and t.contract_start is not None
          and t.contract_days is not None),
)


@dataclass
class Score:
    disclosed: int = 0
    applicable: int = 0
    # (招标内容, or "" for the project's own points; 数据点), in the order of POINTS
    missing: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return self.disclosed / self.applicable if self.applicable else None

    def count(self, point: Point, ok: bool, where: str = "") -> None:
        self.applicable += 1
        if ok:
            self.disclosed += 1
        else:
            self.missing.append((where, point.name))


def score(project: Project) -> Score:
    """The project's score, over the data points that apply to it."""
    out = Score()
    applies = {"project": True, "started": project.stage in vocab.STARTED_STAGES,
               "completion": project.stage in vocab.COMPLETED_STAGES}
    for point in POINTS:
        if point.level != "contract" and applies[point.level]:
            out.count(point, point.test(project, None))
    for tender in project.tenders:
        for point in POINTS:
            if point.level == "contract":
                out.count(point, point.test(project, tender), tender.item)
    return out


def pooled(scores: Iterable[Score]) -> Score:
    """Several projects' data points together: a unit's score."""
    out = Score()
    for s in scores:
        out.disclosed += s.disclosed
        out.applicable += s.applicable
    return out
