"""One project's YAML document, from its spec: approvals, 五个清楚, tenders, contractors,
final accounts, progress text and notes.
"""

from __future__ import annotations

from typing import Any

from generator.model import vocab
from generator.model.dates import PartialDate

from .basics import cell, day_text, doc_number, money, month_of, year_of
from .contracts import add_contract_facts
from .county import County, Spec
from .kinds import RATIONALES, SCALES
from .names import BRANDS, BUILDERS, BUILDERS_BY_GROUP, DESIGNERS, FIRM_PLACES, LEADERS, SUPERVISORS


def render_project(county: County, spec: Spec) -> dict[str, Any]:
    """The project's YAML mapping, keys in a fixed order."""
    spec.notes = project_notes(county, spec)
    out: dict[str, Any] = {
        "code": spec.code,
        "name": spec.name,
        "level": spec.level,
        "domain": spec.domain,
    }
    if spec.batch:
        out["batch"] = spec.batch
    out["stage"] = spec.stage
    out["township"] = spec.township
    out["owner"] = spec.owner
    out["department"] = spec.department
    if spec.leader:
        out["leader"] = spec.leader
    if spec.task_force:
        out["task_force"] = spec.task_force
    out["government_invested"] = spec.gov
    out["total_investment"] = money(spec.total)
    out["funding"] = [
        {"source": s, "amount": money(a), **({"note": note} if note else {})}
        for s, a, note in spec.funding
    ]
    if spec.annual_plan:
        out["annual_plan"] = {year: money(a) for year, a in sorted(spec.annual_plan.items())}
    dates: dict[str, str] = {}
    if spec.planned_start:
        dates["planned_start"] = spec.planned_start
    if spec.start:
        dates["actual_start"] = day_text(*spec.start)
    if spec.planned_completion:
        dates["planned_completion"] = spec.planned_completion
    if spec.completion:
        dates["actual_completion"] = day_text(*spec.completion)
    if dates:
        out["dates"] = dates
    out["scale"] = SCALES[spec.tpl.scale].format(**spec.ctx)
    out["rationale"] = RATIONALES[spec.domain].format(**spec.ctx)
    out["progress"] = project_progress(spec)
    approvals = approval_rows(county, spec)
    if approvals:
        out["approvals"] = approvals
    five = five_clear(county, spec, approvals)
    if five:
        out["five_clear"] = five
    tenders, contractors = tenders_and_contractors(county, spec)
    variations = add_contract_facts(county, spec, tenders)
    if tenders:
        out["tenders"] = tenders
    if variations:
        out["variations"] = variations
    if contractors:
        out["contractors"] = contractors
    accounts = final_accounts(county, spec)
    if accounts:
        out["final_accounts"] = accounts
    if spec.public is not None:
        out["public"] = spec.public
    if spec.withhold_reason:
        out["withhold_reason"] = spec.withhold_reason
    if spec.notes:
        out["notes"] = spec.notes
    return out


def approval_rows(county: County, spec: Spec) -> list[dict[str, Any]]:
    rng = county.rng
    scale = spec.tpl.scale
    kinds = ["立项/可研批复"]
    if scale not in (
        "techrev",
        "platform",
        "base5g",
        "oldcomm",
        "reservoir",
        "charging",
        "rooftop",
    ):
        kinds.append("用地预审与选址")
    if spec.tpl.group == "building" or scale in ("factory", "smart", "cityroad", "agroproc"):
        kinds.append("规划许可")
    if scale not in ("platform",):
        kinds.append("环评")
    if spec.total >= 5000 and spec.domain in (
        "工业",
        "能源",
        "新型基础设施",
        "现代服务业",
        "社会民生",
    ):
        kinds.append("节能审查")
    if spec.tpl.group in ("linear", "pipe", "farm") or spec.domain in ("能源", "水利"):
        kinds.append("水土保持")
    if spec.gov and spec.total >= 30000:
        kinds.append("社会稳定风险评估")
    if spec.domain == "水利" and scale in ("flood", "reservoir"):
        kinds.append("其他")
    if scale not in ("platform", "base5g", "rooftop"):
        kinds.append("施工许可")
    offsets = {
        "立项/可研批复": (-12, -7),
        "用地预审与选址": (-9, -5),
        "规划许可": (-5, -2),
        "环评": (-7, -3),
        "节能审查": (-7, -3),
        "水土保持": (-6, -2),
        "社会稳定风险评估": (-11, -8),
        "其他": (-6, -3),
        "施工许可": (-1, -1),
    }
    big = spec.total >= 50000 or spec.level == "省重点"
    authority = {
        "立项/可研批复": ("示例市发展和改革委员会", "示发改审批")
        if big and spec.gov
        else ("县发展改革局", "示县发改审批" if spec.gov else "示县发改备"),
        "用地预审与选址": ("示例市自然资源和规划局", "示自然规预")
        if big
        else ("县自然资源局", "示县自然资预"),
        "规划许可": ("县自然资源局", "示县自然资规许"),
        "环评": ("示例市生态环境局", "示环审"),
        "节能审查": ("县发展改革局", "示县发改能审"),
        "水土保持": ("县水利局", "示县水保"),
        "社会稳定风险评估": ("县委政法委", "示县稳评"),
        "其他": ("县水利局", "示县水防评"),
        "施工许可": (
            ("县交通运输局", "示县交施")
            if spec.domain == "交通"
            else ("县水利局", "示县水施")
            if spec.domain == "水利"
            else ("县住房和城乡建设局", "示县住建施")
        ),
    }
    if spec.stage == "谋划":
        return []
    anchor = spec.start[0] if spec.start else spec.planned_start_index or county.R + 6
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        lo, hi = offsets[kind]
        due = anchor + rng.randint(lo, hi)
        due_day = rng.randint(5, 28)
        who, prefix = authority[kind]
        row: dict[str, Any] = {"kind": kind}
        if kind == "其他":
            row["name"] = "防洪影响评价"
        row["authority"] = who
        row["deadline"] = day_text(due, due_day)
        if spec.started:
            status = "已办结"
            done = (due, max(1, due_day - rng.randint(0, 10)))
            if kind == "施工许可" and spec.start:
                done = (min(due, spec.start[0]), min(done[1], spec.start[1]))
        elif spec.stage == "储备":
            status = "办理中" if kind == "立项/可研批复" else "未启动"
            if kind != "立项/可研批复" and rng.random() < 0.5:
                continue  # not yet even scheduled
            done = None
        else:
            # 前期: done when due well before the report date, but a few slip (逾期).
            if due < county.R - 1 and rng.random() < 0.8:
                status, done = "已办结", (due, max(1, due_day - rng.randint(0, 10)))
            elif due <= county.R + 2:
                status, done = "办理中", None
            else:
                status, done = rng.choice(["办理中", "未启动"]), None
        if (
            done is not None
            and PartialDate(year_of(done[0]), month_of(done[0]), done[1]).start()
            > county.report_day
        ):
            status, done = "办理中", None
        row["status"] = status
        if done is not None:
            row["done"] = day_text(*done)
            if kind != "社会稳定风险评估":
                row["document"] = doc_number(rng, prefix, year_of(done[0]))
        rows.append(row)
    return rows


def five_clear(county: County, spec: Spec, approvals: list[dict[str, Any]]) -> dict[str, Any]:
    rng = county.rng
    if spec.stage == "谋划" or (spec.stage == "储备" and rng.random() < 0.5) or rng.random() < 0.08:
        return {}
    sources = "、".join(f"{s}{cell(a)}万元" for s, a, _ in spec.funding)
    gap = spec.total - sum(a for _, a, _ in spec.funding)
    plan = f"总投资{cell(spec.total)}万元，其中{sources}"
    if gap > 1:
        plan += f"，尚有资金缺口{cell(gap)}万元，正在积极争取上级资金和金融支持"
    plan += "。"
    if spec.tpl.group in ("building", "plant", "linear") and spec.tpl.scale not in (
        "techrev",
        "oldcomm",
    ):
        mu = max(5, int(spec.ctx["area"] / 666 * rng.uniform(0.2, 0.6)))
        farm = f"项目占用耕地约{mu}亩，通过县域内储备补充耕地指标落实占补平衡。"
    else:
        farm = "项目不新增占用耕地。"
    target = {
        "谋划": "完成项目谋划论证",
        "储备": "完成项目建议书编制和立项",
        "前期": f"{county.Y}年底前完成前期手续并开工建设",
        "新开工": f"{county.Y}年底前完成{'主体结构施工' if spec.tpl.group == 'building' else '年度工程量'}",
        "续建": f"{county.Y}年底前完成累计工程量的{rng.randint(60, 95)}%",
        "竣工": "完成竣工验收和竣工决算",
        "投产": "实现稳定生产运营",
        "达产达效": "实现达产达效",
    }[spec.stage]
    annual = spec.annual_plan.get(county.Y)
    out: dict[str, Any] = {
        "funding_plan": plan,
        "farmland_balance": farm,
        "annual_progress_target": target + "。",
    }
    if annual:
        out["annual_investment_plan"] = f"{county.Y}年计划完成投资{cell(annual)}万元。"
    # The deadlines stated here are the ones the approvals list carries.
    pending = [a for a in approvals if a["status"] != "已办结" and "deadline" in a]
    if pending:
        out["approval_deadlines"] = (
            "、".join(
                f"{a.get('name', a['kind'])}{PartialDate.parse(a['deadline']).chinese()}前"
                for a in pending
            )
            + "办结。"
        )
    elif approvals:
        out["approval_deadlines"] = "各项审批手续已办结。"
    return out


def firm_name(county: County, kinds: list[str]) -> str:
    rng = county.rng
    return f"{rng.choice(FIRM_PLACES)}{rng.choice(BRANDS)}{rng.choice(kinds)}"


def tenders_and_contractors(
    county: County, spec: Spec
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rng = county.rng
    if spec.stage in vocab.PIPELINE_STAGES:
        return [], {}
    builders = BUILDERS_BY_GROUP.get(spec.tpl.group, BUILDERS)
    designer = firm_name(county, DESIGNERS)
    contractors: dict[str, Any] = {"designer": designer}
    tenders: list[dict[str, Any]] = []
    anchor = spec.start[0] if spec.start else spec.planned_start_index
    if anchor is None:
        return [], contractors
    big = spec.total >= 3000
    design_when = anchor - rng.randint(4, 7)
    if spec.gov and design_when <= county.R:
        tenders.append(
            {
                "item": "勘察设计",
                "method": "公开招标" if big else "竞争性磋商",
                "date": day_text(design_when, rng.randint(1, 28)),
                "winner": designer,
                "amount": money(spec.total * rng.uniform(0.02, 0.035)),
            }
        )
    if not spec.started:
        return tenders, contractors
    supervisor = firm_name(county, SUPERVISORS)
    builder = firm_name(county, builders)
    contractors["supervisor"] = supervisor
    contractors["builder"] = builder
    s = spec.start[0] if spec.start else anchor
    if spec.gov:
        tenders.append(
            {
                "item": "工程监理",
                "method": "公开招标" if big else "竞争性磋商",
                "date": day_text(s - 1, rng.randint(1, 28)),
                "winner": supervisor,
                "amount": money(spec.total * rng.uniform(0.01, 0.02)),
            }
        )
        tenders.append(
            {
                "item": "施工总承包",
                "method": "公开招标",
                "date": day_text(s - 1, rng.randint(1, 28)),
                "winner": builder,
                "amount": money(spec.total * rng.uniform(0.55, 0.8)),
            }
        )
    elif rng.random() < 0.3:
        tenders.append(
            {
                "item": "土建施工",
                "method": "邀请招标",
                "date": day_text(s - 1, rng.randint(1, 28)),
                "winner": builder,
                "amount": money(spec.total * rng.uniform(0.3, 0.5)),
            }
        )
    return tenders, contractors


def final_accounts(county: County, spec: Spec) -> dict[str, Any] | None:
    rng = county.rng
    if not (spec.completed and spec.gov and spec.completion):
        return None
    when = spec.completion[0] + rng.randint(3, 9)
    if when > county.R:
        return None  # 竣工决算审计 still under way
    return {
        "date": day_text(when, rng.randint(1, 28)),
        "amount": money(min(spec.total, spec.done_total) * rng.uniform(0.96, 1.0)),
        "approved_by": rng.choice(["县财政局", "县审计局"]),
        "document": doc_number(rng, rng.choice(["示县财评", "示县审投"]), year_of(when)),
    }


def project_progress(spec: Spec) -> str:
    if spec.stage == "谋划":
        return "正在开展项目谋划和前期研究论证。"
    if spec.stage == "储备":
        return "已纳入县重大项目储备库，正在编制项目建议书。"
    if spec.stage == "前期":
        return "正在办理用地、环评等前期手续，力争早日开工。"
    if spec.completion:
        c = spec.completion[0]
        text = f"项目已于{year_of(c)}年{month_of(c)}月竣工"
        if spec.stage == "投产":
            return text + "，已投产运营。"
        if spec.stage == "达产达效":
            return text + "，已达产达效。"
        return text + "，正在办理竣工验收和决算。"
    last = spec.months[-1].progress if spec.months else "已开工建设"
    return last + "。"


def project_notes(county: County, spec: Spec) -> str | None:
    rng = county.rng
    if spec.pace == "lagging" and rng.random() < 0.5:
        return f"投资进度滞后于序时进度，已列入县级挂牌督办，由{spec.leader or LEADERS[1]}同志牵头协调。"
    if (
        spec.stage == "前期"
        and spec.planned_start_index is not None
        and spec.planned_start_index <= county.R
    ):
        return "已过计划开工时间仍未开工，县重大办每周调度前期手续办理情况。"
    if spec.stage == "储备" and rng.random() < 0.3:
        return "拟申报下一批地方政府专项债券项目。"
    if spec.tpl.fund == "ent" and rng.random() < 0.1:
        return "企业拟申请设备更新改造中长期贷款财政贴息。"
    return None
