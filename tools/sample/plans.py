"""The two plans (plans/*.yaml): the static task rows of ``plan_texts`` turned into dated
tasks with statuses and notes, linked to targets and projects.
"""

from __future__ import annotations

from typing import Any

from generator.model import vocab
from generator.model.dates import PartialDate

from .basics import ord_date
from .county import County, Spec
from .plan_texts import INTERNAL_NOTES, KUODA_SECTIONS, NOTE_TEXTS, WENJINGJI_SECTIONS, TaskRow


def build_plans(county: County, targets: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The two plans by id, their tasks linked to the given targets."""
    Y = county.Y
    # Targets are linked by their slug without the year suffix.
    ids: dict[str, str] = {}
    for t in targets:
        slug = t["id"]
        for suffix in (f"-{Y}-{Y + 2}", f"-{Y}"):
            if slug.endswith(suffix):
                slug = slug[: -len(suffix)]
                break
        ids[slug] = t["id"]
    kuoda_issued = PartialDate(Y, 3, 18).start().toordinal()
    wen_issued = PartialDate(Y, 8, 26).start().toordinal()
    kuoda = {
        "id": "kuoda-youxiao-touzi",
        "title": f"示例县扩大有效投资三年攻坚行动方案（{Y}—{Y + 2}年）",
        "issuer": "示例县人民政府办公室",
        "date": f"{Y}-03-18",
        "doc_number": f"示政办发〔{Y}〕12号",
        "summary": (
            f"为积极扩大有效投资、优化投资结构，发挥投资对稳增长的关键作用，力争到{Y + 2}年全县"
            "重点项目累计完成投资目标任务。方案明确重点领域投资、投融资渠道、重大项目建设和要素保障等"
            "任务，逐项明确牵头和配合单位。"
        ),
        "sections": _plan_tasks(county, KUODA_SECTIONS, kuoda_issued, ids),
    }
    wen = {
        "id": "wenjingji-gongjian",
        "title": "示例县稳经济重要项目集中攻坚行动方案",
        "issuer": "示例县人民政府办公室",
        "date": f"{Y}-08-26",
        "doc_number": f"示政办〔{Y}〕35号",
        "summary": (
            "冲刺四季度、奋战全年红：推动政策性开发性金融工具项目、“三个一批”项目、省市重点项目、"
            "中央预算内投资和地方政府专项债券项目加快开工、加快建设、加快达效。"
        ),
        "sections": _plan_tasks(county, WENJINGJI_SECTIONS, wen_issued, ids),
    }
    return {"kuoda-youxiao-touzi": kuoda, "wenjingji-gongjian": wen}


def _plan_tasks(
    county: County,
    sections: list[tuple[str, str, list[TaskRow]]],
    issued: int,
    target_ids: dict[str, str],
) -> list[dict[str, Any]]:
    """Turn the static rows into sections with statuses, notes and links to data."""
    rng = county.rng
    Y = county.Y
    by_domain: dict[str, list[Spec]] = {}
    for spec in sorted(county.specs, key=lambda s: (-s.total, s.code)):
        if spec.stage not in vocab.PIPELINE_STAGES:
            by_domain.setdefault(spec.domain, []).append(spec)
    out: list[dict[str, Any]] = []
    for number, title, rows in sections:
        tasks: list[dict[str, Any]] = []
        for sub, text, lead, support, when, state, targets, domains in rows:
            task: dict[str, Any] = {
                "number": f"{number}{sub}",  # the document's own numbering: 二(一)3, 三(四)
                "text": text.format(y0=Y, y2=Y + 2),
                "lead": list(lead),
            }
            if support:
                task["support"] = list(support)
            deadline: PartialDate | None = None
            if when in vocab.TASK_RHYTHMS:
                task["rhythm"] = when
            else:
                year_key, month_day = when.split("-", 1)
                year = Y + (int(year_key[2:]) if "+" in year_key else 0)
                deadline = PartialDate.parse(f"{year}-{month_day}")
                task["deadline"] = deadline.iso()
            status = {"done": "已完成", "overdue": "推进中", "ongoing": "推进中", "new": "未开始"}[
                state
            ]
            task["status"] = status
            if state == "done" and deadline is not None:
                done_day = min(
                    deadline.start().toordinal() - rng.randint(0, 20), county.report_day.toordinal()
                )
                task["done"] = ord_date(max(done_day, issued + 10))
            notes: list[dict[str, Any]] = []
            if state != "new":
                count = rng.randint(1, 3)
                first = issued + 15
                last = county.report_day.toordinal()
                if state == "done" and deadline is not None:
                    last = min(last, deadline.start().toordinal())
                days = sorted(rng.randint(first, max(first, last)) for _ in range(count))
                for day in days:
                    notes.append({"date": ord_date(day), "text": rng.choice(NOTE_TEXTS) + "。"})
                if state == "overdue":
                    notes.append(
                        {
                            "date": ord_date(last - rng.randint(0, 10)),
                            "text": rng.choice(INTERNAL_NOTES) + "。",
                            "internal": True,
                        }
                    )
                notes.sort(key=lambda note: note["date"])
            if notes:
                task["notes"] = notes
            linked = [target_ids[t] for t in targets if t in target_ids]
            if linked:
                task["targets"] = linked
            projects = [s.code for d in domains for s in by_domain.get(d, [])[:2]]
            if projects:
                task["projects"] = projects
            tasks.append(task)
        out.append({"number": number, "title": title, "tasks": tasks})
    return out
