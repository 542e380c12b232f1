"""攻坚目标 (targets.yaml), sized from the projects' annual plans.

Nothing here draws from ``county.rng``: targets come after the projects and before the
plans, and a draw here would change every plan that follows. Reported figures (统计局,
投资促进局 …) are fixed, plausible values, as a unit would write them.
"""

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
            "reach": "开工",
            "scope": {"batches": ["签约一批"]},
            "value": min(len(signed), landed + 1),
            "deadline": end,
            "headline": True,
        },
        {
            "id": f"started-producing-{Y}",
            "title": f"建成投产“开工一批”项目{min(len(started_batch), built + 1)}个",
            "metric": "project_count",
            "reach": "竣工",
            "scope": {"batches": ["开工一批"]},
            "value": min(len(started_batch), built + 1),
            "deadline": end,
        },
        {
            "id": f"producing-full-{Y}",
            "title": f"达产达效“投产一批”项目{min(len(producing), full + 1)}个",
            "metric": "project_count",
            "reach": "达产达效",
            "scope": {"batches": ["投产一批"]},
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
    out += seed_003_targets(county)
    out += finance_targets(county)
    # County totals the public site may show: none reveals a withheld project (check).
    totals = {f"key-investment-{Y}", f"key-completion-nov-{Y}", f"major-{Y}-{Y + 2}",
              f"plan-start-spring-{Y}", f"plan-start-h1-{Y}"}
    for target in out:
        if target["id"] in totals:
            target["publish"] = "全县合计"
    return out


def seed_003_targets(county: County) -> list[dict[str, Any]]:
    """Seed 003 (吉林省 2024) scaled to the county: investment growth reported by the
    statistics bureau, the share of the year's plan projects started or resumed in spring
    and by midyear, the projects under way (and those of 1亿元 and more), and the money set
    aside for preparatory work."""
    Y = county.Y
    planned = [s for s in county.specs if s.annual_plan.get(Y, 0.0) > 0]
    under_way = sum(s.started for s in planned)
    big = [s for s in planned if s.total >= 10000]
    plan_scope = {"plan_year": Y}
    return [
        {
            "id": f"fai-growth-{Y}",
            "title": "全年固定资产投资增长3%以上",
            "metric": "growth",
            "value": 3,
            "base": {"year": Y - 1, "source": f"县统计局《{Y - 1}年统计公报》"},
            "deadline": f"{Y}-12-31",
            "reported_by": "县统计局",
            "reports": [
                {"date": f"{Y}-03", "growth": 4.2, "source": f"县统计局《{Y}年1—3月统计月报》"},
                {"date": f"{Y}-06", "growth": 2.6, "source": f"县统计局《{Y}年1—6月统计月报》"},
                {"date": f"{Y}-09", "growth": 2.1, "source": f"县统计局《{Y}年1—9月统计月报》"},
            ],
        },
        {
            "id": f"plan-start-spring-{Y}",
            "title": "计划项目的80%在春季集中开复工",
            "metric": "start_restart_rate",
            "scope": dict(plan_scope),
            "value": 80,
            "deadline": f"{Y}-05-31",
        },
        {
            "id": f"plan-start-h1-{Y}",
            "title": "上半年计划项目开复工率100%",
            "metric": "start_restart_rate",
            "scope": dict(plan_scope),
            "value": 100,
            "deadline": f"{Y}-06-30",
        },
        {
            "id": f"projects-under-way-{Y}",
            "title": f"全年实施重点项目{under_way + 2}个以上",
            "metric": "project_count",
            "reach": "开工",
            "scope": dict(plan_scope),
            "value": under_way + 2,
            "deadline": f"{Y}-12-31",
        },
        {
            "id": f"big-projects-under-way-{Y}",
            "title": f"其中亿元以上项目{sum(s.started for s in big) + 1}个以上",
            "metric": "project_count",
            "reach": "开工",
            "scope": {**plan_scope, "min_total": 10000},
            "value": sum(s.started for s in big) + 1,
            "deadline": f"{Y}-12-31",
        },
        {
            "id": f"prep-funds-{Y}",
            "title": "安排县级前期工作专项资金800万元",
            "metric": "reported",
            "value": 800,
            "deadline": f"{Y}-12-31",
            "reported_by": "县财政局",
            "reports": [
                {"date": f"{Y}-03", "value": 300, "source": f"县财政局《{Y}年县级前期工作经费安排》"},
                {"date": f"{Y}-09", "value": 520, "source": "县财政局前期工作经费拨付台账"},
            ],
        },
    ]


def finance_targets(county: County) -> list[dict[str, Any]]:
    """Seed 004's finance targets no project carries, reported by their lead units: a sum
    in 万美元, a count of 家, and a yearly amount judged year by year (the past year has
    its verdict); and a cumulative total that began before the monthly data, with the
    amount completed before it."""
    Y = county.Y
    level = [s for s in county.specs if s.level == "省重点"]
    before = sum(s.annual_plan.get(Y - 1, 0.0) for s in level)
    baseline = round(before * 0.8)  # January–October of last year, from the statistics
    aim = _yi(baseline + sum(s.annual_plan.get(Y, 0.0) for s in level))
    return [
        {
            "id": f"fdi-{Y}-{Y + 2}",
            "title": f"{Y}—{Y + 2}年直接利用外资300万美元以上",
            "metric": "reported",
            "unit": "万美元",
            "value": 300,
            "start": f"{Y}-01-01",
            "deadline": f"{Y + 2}-12-31",
            "reported_by": "县投资促进局",
            "reports": [
                {"date": f"{Y}-06", "value": 45, "source": "县投资促进局外资到位情况月报"},
                {"date": f"{Y}-09", "value": 80, "source": "县投资促进局外资到位情况月报"},
            ],
        },
        {
            "id": f"finance-institutions-{Y}-{Y + 2}",
            "title": f"{Y}—{Y + 2}年引进银行、保险、基金等金融机构1家",
            "metric": "reported",
            "unit": "家",
            "value": 1,
            "start": f"{Y}-01-01",
            "deadline": f"{Y + 2}-12-31",
            "reported_by": "县财政局",
            "reports": [{"date": f"{Y}-09", "value": 0, "source": "县财政局金融工作情况报告"}],
        },
        {
            "id": f"fiscal-yearly-{Y - 1}-{Y + 1}",
            "title": f"{Y - 1}—{Y + 1}年每年统筹县级财政资金5000万元支持项目建设",
            "metric": "reported",
            "yearly": True,
            "value": 5000,
            "start": f"{Y - 1}-01-01",
            "deadline": f"{Y + 1}-12-31",
            "reported_by": "县财政局",
            "reports": [
                {"date": f"{Y - 1}-12", "value": 4600, "source": f"县财政局《{Y - 1}年财政决算》"},
                {"date": f"{Y}-06", "value": 2300, "source": "县财政局预算执行情况报告"},
                {"date": f"{Y}-09", "value": 3900, "source": "县财政局预算执行情况报告"},
            ],
        },
        {
            "id": f"province-{Y - 1}-{Y}",
            "title": f"{Y - 1}—{Y}年省重点项目累计完成投资{aim:g}亿元以上",
            "metric": "investment_completed",
            "scope": {"levels": ["省重点"]},
            "value": round(aim * 10000),
            "start": f"{Y - 1}-01-01",
            "deadline": f"{Y}-12-31",
            "baseline": {
                "value": baseline,
                "through": f"{Y - 1}-10",
                "source": f"县统计局《{Y - 1}年1—10月重点项目投资统计》",
            },
        },
    ]
