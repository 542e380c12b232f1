"""Where each project's money comes from, and the disclosure threshold.

Fixes cases at the 1000万 threshold on both sides, then picks which projects are withheld
from the public site and which township publishes although below it.
"""

from __future__ import annotations

import math

from generator.model import vocab

from .county import County, Spec
from .names import SOE, THRESHOLD


def plan_funding(county: County, spec: Spec) -> list[tuple[str, float, str | None]]:
    """(source, 万元, note) rows that fit how the project is financed (gov, ent or ppp)."""
    rng = county.rng
    total = spec.total
    parts: list[tuple[str, float, str | None]] = []
    if spec.tpl.fund == "ent":
        if rng.random() < 0.12:
            # Enterprise projects may get a subsidy; it does not make them government-invested.
            parts.append(
                (
                    "其他财政资金",
                    float(round(min(total * 0.1, rng.uniform(50, 600)))),
                    "县级产业发展奖补资金",
                )
            )
        bank = total * rng.choice([0.0, 0.3, 0.4, 0.5, 0.6]) if total >= 3000 else 0.0
        if bank:
            parts.append(("银行贷款", float(round(bank)), None))
        if spec.domain == "现代服务业" and total >= 20000 and rng.random() < 0.4:
            parts.append(("社会资本", float(round(total * 0.2)), "引进战略投资者"))
        parts.append(("企业自筹", total - sum(a for _, a, _ in parts), None))
    elif spec.tpl.fund == "ppp":
        parts.append(("社会资本", float(round(total * rng.uniform(0.25, 0.4))), "PPP项目资本金"))
        parts.append(("银行贷款", total - parts[0][1], None))
    elif total < 2500:
        fiscal = min(total, float(round(rng.uniform(300, 950))))
        source = rng.choice(["其他财政资金", "中央预算内投资", "地方政府一般债券"])
        parts.append((source, fiscal, None))
        if total > fiscal:
            parts.append(
                ("企业自筹" if spec.tpl.owner in SOE else "银行贷款", total - fiscal, None)
            )
    else:
        # 资金缺口 on some: not all of the money is found yet.
        budget = total * (rng.uniform(0.8, 0.95) if rng.random() < 0.12 else 1.0)
        shares: list[tuple[str, float, str | None]] = []
        if total >= 5000 and rng.random() < 0.75:
            shares.append(("地方政府专项债券", rng.uniform(0.3, 0.55), None))
        if rng.random() < 0.5:
            shares.append(("中央预算内投资", rng.uniform(0.08, 0.25), None))
        if total >= 20000 and rng.random() < 0.35:
            shares.append(("政策性开发性金融工具", rng.uniform(0.05, 0.12), "用作项目资本金"))
        if rng.random() < 0.3:
            shares.append(("地方政府一般债券", rng.uniform(0.05, 0.1), None))
        for source, share, note in shares:  # shares sum to at most 1.02; budget caps them
            amount = float(
                min(round(total * share), math.floor(budget - sum(a for _, a, _ in parts)))
            )
            parts.append((source, amount, note))
        rest = budget - sum(a for _, a, _ in parts)
        if rest > 0 and total >= 20000 and rng.random() < 0.5:
            bank = float(round(rest * 0.6))
            parts.append(("银行贷款", bank, None))
            rest -= bank
        if rest > 0:
            parts.append(("其他财政资金", round(rest, 2), "县级财政配套"))
    return [(s, round(a, 2), note) for s, a, note in parts if a > 0]


def apply_special_funding(county: County) -> None:
    """Cases at the disclosure threshold, so the 1000万 rule is exercised on both sides."""
    cases: list[tuple[str, list[tuple[str, float, str | None]]]] = [
        ("exact-1000-single", [("地方政府一般债券", 1000.0, None)]),
        (
            "exact-1000-split",
            [("中央预算内投资", 600.0, None), ("其他财政资金", 400.0, "县级财政配套")],
        ),
        (
            "split-above",
            [("中央预算内投资", 700.0, None), ("其他财政资金", 500.0, "县级财政配套")],
        ),
        ("just-below", [("其他财政资金", 999.99, None)]),
        ("below-a", [("中央预算内投资", 500.0, None), ("其他财政资金", 260.0, None)]),
        ("below-b", [("其他财政资金", 880.0, None)]),
    ]
    # State-owned owners first: the rest of their money is plausibly the company's own.
    candidates = [
        s
        for s in county.specs
        if s.gov and 1500 <= s.total <= 6000 and s.stage not in vocab.PIPELINE_STAGES
    ]
    candidates.sort(key=lambda s: s.tpl.owner not in SOE)
    for (label, fiscal), spec in zip(cases, candidates, strict=False):
        amount = sum(a for _, a, _ in fiscal)
        rest = round(spec.total - amount, 2)
        own = "企业自筹" if spec.tpl.owner in SOE else "银行贷款"
        spec.funding = [*fiscal, (own, rest, None)]
        spec.special = label


def assign_disclosure(county: County) -> None:
    """Withhold one or two projects above the threshold; publish one below it."""
    rng = county.rng
    above = [
        s
        for s in county.specs
        if s.gov
        and s.fiscal() >= THRESHOLD
        and s.stage in ("前期", "新开工", "续建")
        and s.special is None
    ]
    reasons = [
        "项目涉及网络与数据安全防护内容，经县保密工作领导小组审查，暂不公开建设内容细节",
        "项目招标文件编制中，部分信息涉及商业秘密，经审查暂缓公开，招标完成后公开",
    ]
    count = 2 if county.n >= 32 else 1
    for spec, reason in zip(rng.sample(above, min(count, len(above))), reasons, strict=False):
        spec.public = False
        spec.withhold_reason = reason
    small = [
        s
        for s in county.specs
        if s.gov
        and 0 < s.fiscal() < THRESHOLD
        and s.special is None
        and s.stage not in vocab.PIPELINE_STAGES
        and s.public is None
    ]
    if small:
        spec = small[0]
        spec.public = True  # a township chooses to publish although below the threshold
