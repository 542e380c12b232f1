"""The CoST data points of some projects' contracts: tender notice and award dates, bidders,
cost estimate, status and contract period, and a few 设计变更 with their reasons.

Drawn from a generator of each project's own (seeded by the county's seed and the project
code), not from ``county.rng``: adding these facts leaves every other value of the sample as
it was. Only some projects get them, so that completeness differs between projects.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from generator.model import vocab
from generator.model.dates import PartialDate

from .basics import money
from .county import County, Spec

DETAILED = 0.6  # share of government-invested projects whose tenders carry every fact
VARIED = 0.25  # share of those, started, with a 设计变更 of the construction contract
REASONS = (
    ("地质勘察发现局部软弱土层, 基础处理方案由换填调整为桩基", "增加基础处理工程量"),
    ("按群众意见增设人行通道和无障碍设施", "增设人行通道2处、无障碍坡道4处"),
    ("管线迁改与原设计冲突, 调整线位", "调整线位约300米"),
    ("原材料价格上涨, 按合同约定调整价差", "按合同价格调整条款调整主要材料价差"),
)


def _day(text: str) -> date:
    return PartialDate.parse(text).start()


def add_contract_facts(county: County, spec: Spec, tenders: list[dict[str, Any]]
                       ) -> list[dict[str, Any]]:
    """Fill in the CoST facts of ``tenders`` (in place) for some projects; return the
    project's 设计变更."""
    rng = random.Random(f"{county.seed}:{spec.code}:contracts")
    if not (spec.gov and tenders) or rng.random() >= DETAILED:
        return []
    for t in tenders:
        opened = _day(t["date"])
        notice = opened - timedelta(days=rng.randint(20, 35))
        award = opened + timedelta(days=rng.randint(5, 12))
        estimate = t["amount"] / rng.uniform(0.88, 0.97)
        start = award + timedelta(days=rng.randint(7, 20))
        days = rng.choice([90, 120, 180, 240, 365, 540]) if "施工" in t["item"] else rng.choice(
            [60, 90, 120])
        if t["item"] == "勘察设计":
            days = rng.choice([60, 90])
        elif "监理" in t["item"]:  # supervision runs as long as the works
            days = rng.choice([240, 365, 540])
        finished = start + timedelta(days=days) <= county.report_day or spec.completed
        detailed = {
            "item": t["item"],
            "method": t["method"],
            "status": "已完成" if finished else "履约中",
            "notice_date": notice.isoformat(),
            "date": t["date"],
        }
        if award <= county.report_day:
            detailed["award_date"] = award.isoformat()
        detailed["estimate"] = money(estimate)
        detailed["bidders"] = rng.randint(3, 11) if t["method"] == "公开招标" else rng.randint(2, 4)
        detailed.update({k: t[k] for k in ("winner", "amount")})
        detailed["contract_start"] = start.isoformat()
        detailed["contract_days"] = days
        t.clear()
        t.update(detailed)
    build = next((t for t in tenders if "施工" in t["item"]), None)
    if build is None or spec.stage not in vocab.STARTED_STAGES or rng.random() >= VARIED:
        return []
    reason, content = rng.choice(REASONS)
    approved = _day(build["contract_start"]) + timedelta(days=rng.randint(60, 200))
    if approved > county.report_day:
        return []
    end = _day(build["contract_start"]) + timedelta(days=build["contract_days"] - 1)
    variation: dict[str, Any] = {
        "date": approved.isoformat(),
        "contract": build["item"],
        "content": content,
        "reason": reason,
        "amount_before": build["amount"],
        "amount_after": money(build["amount"] * rng.uniform(1.03, 1.09)),
    }
    if rng.random() < 0.5:
        variation["end_before"] = end.isoformat()
        variation["end_after"] = (end + timedelta(days=rng.choice([30, 45, 60]))).isoformat()
    variation["scope"] = "工程量" in content or "增设" in content or "线位" in content
    variation["approved_by"] = "县发展改革局" if spec.total >= 5000 else spec.owner
    return [variation]
