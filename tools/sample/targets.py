"""攻坚目标 (targets.yaml), sized from the projects' annual plans."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .county import County, Spec


def _yi(wan: float) -> float:
    """亿元, rounded down to a tenth, as targets are stated."""
    return math.floor(wan / 1000) / 10


def build_targets(county: County) -> list[dict[str, Any]]:
    """The year's targets and the three-year ones, sized from the projects' annual plans."""
    Y = county.Y
    specs = county.specs

    def plan(select: Callable[[Spec], bool]) -> float:
        return sum(s.annual_plan.get(Y, 0.0) for s in specs if select(s))

    key = _yi(plan(lambda s: s.level in ("省重点", "市重点")))
    zxz = _yi(plan(lambda s: s.has("中央预算内投资", "地方政府专项债券")))
    started_stages = ["新开工", "续建", "竣工", "投产", "达产达效"]
    signed = [s for s in specs if s.batch == "签约一批"]
    started_batch = [s for s in specs if s.batch == "开工一批"]
    producing = [s for s in specs if s.batch == "投产一批"]
    landed = sum(s.started for s in signed)
    built = sum(s.completed for s in started_batch)
    full = sum(s.stage == "达产达效" for s in producing)
    end = f"{Y}-12-31"
    three = f"{Y}—{Y + 2}年"
    out: list[dict[str, Any]] = [
        {
            "id": f"key-investment-{Y}",
            "title": f"省市重点项目全年完成投资{key:g}亿元",
            "metric": "investment_completed",
            "scope": {"levels": ["省重点", "市重点"]},
            "value": round(key * 10000),
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"key-completion-nov-{Y}",
            "title": "省市重点项目11月底前投资完成率达到100%",
            "metric": "completion_rate",
            "scope": {"levels": ["省重点", "市重点"]},
            "value": 100,
            "deadline": f"{Y}-11-30",
            "headline": True,
        },
        {
            "id": f"zxz-start-rate-{Y}",
            "title": "地方政府专项债券项目12月底前开工率达到100%",
            "metric": "start_rate",
            "scope": {"funding_sources": ["地方政府专项债券"]},
            "value": 100,
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"zxz-disbursement-{Y}",
            "title": "中央预算内投资和地方政府专项债券项目12月底前资金拨付率达到100%",
            "metric": "disbursement_rate",
            "scope": {"funding_sources": ["中央预算内投资", "地方政府专项债券"]},
            "value": 100,
            "deadline": end,
        },
        {
            "id": f"zxz-investment-{Y}",
            "title": f"中央预算内投资和地方政府专项债券项目全年完成投资{zxz:g}亿元以上",
            "metric": "investment_completed",
            "scope": {"funding_sources": ["中央预算内投资", "地方政府专项债券"]},
            "value": round(zxz * 10000),
            "deadline": end,
        },
        {
            "id": f"zcx-start-{Y}",
            "title": "政策性开发性金融工具项目11月底前全部开工建设",
            "metric": "start_rate",
            "scope": {"funding_sources": ["政策性开发性金融工具"]},
            "value": 100,
            "deadline": f"{Y}-11-30",
        },
        {
            "id": f"signed-landed-{Y}",
            "title": f"年底前落地建设“签约一批”项目{min(len(signed), landed + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["签约一批"], "stages": started_stages},
            "value": min(len(signed), landed + 1),
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"started-producing-{Y}",
            "title": f"建成投产“开工一批”项目{min(len(started_batch), built + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["开工一批"], "stages": ["竣工", "投产", "达产达效"]},
            "value": min(len(started_batch), built + 1),
            "deadline": end,
        },
        {
            "id": f"producing-full-{Y}",
            "title": f"达产达效“投产一批”项目{min(len(producing), full + 1)}个",
            "metric": "project_count",
            "scope": {"batches": ["投产一批"], "stages": ["达产达效"]},
            "value": min(len(producing), full + 1),
            "deadline": end,
        },
        {
            "id": f"funds-arrival-{Y}",
            "title": "重点项目资金到位率达到90%以上",
            "metric": "funds_arrival_rate",
            "value": 90,
            "deadline": end,
            "internal": True,
        },
    ]
    # Seed 004's domain targets over three years: 工业35亿, 交通45亿 ... scaled to this county.
    for slug, domains, label in (
        ("industry", ["工业"], "工业投资"),
        ("transport", ["交通"], "综合交通建设"),
        ("water", ["水利"], "水利建设"),
        ("new-infra", ["新型基础设施"], "新型基础设施建设"),
        ("urbanisation", ["新型城镇化"], "新型城镇化建设"),
        ("agriculture", ["农业农村"], "农业农村投资"),
        ("livelihood", ["社会民生"], "社会民生领域投资"),
    ):
        amount = max(0.1, _yi(plan(lambda s, d=domains: s.domain in d) * 2.8))
        out.append(
            {
                "id": f"{slug}-{Y}-{Y + 2}",
                "title": f"{three}全县{label}累计完成投资{amount:g}亿元以上",
                "metric": "investment_completed",
                "scope": {"domains": domains},
                "value": round(amount * 10000),
                "start": f"{Y}-01-01",
                "deadline": f"{Y + 2}-12-31",
            }
        )
    total = max(0.1, _yi(plan(lambda s: True) * 2.8))
    out.append(
        {
            "id": f"major-{Y}-{Y + 2}",
            "title": f"到{Y + 2}年全县重点项目累计完成投资{total:g}亿元以上",
            "metric": "investment_completed",
            "value": round(total * 10000),
            "start": f"{Y}-01-01",
            "deadline": f"{Y + 2}-12-31",
        }
    )
    return out
