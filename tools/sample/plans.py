"""The plans (plans/*.yaml): the static task rows of ``plan_texts`` turned into dated
tasks with statuses and notes, linked to targets and projects; two that run at the report
date and an earlier three-year plan whose period has ended (``plan_texts_earlier``).
"""

from __future__ import annotations

from typing import Any

from generator.model import vocab
from generator.model.dates import PartialDate

from .basics import ord_date
from .county import County, Spec
from .plan_texts import INTERNAL_NOTES, KUODA_SECTIONS, NOTE_TEXTS, WENJINGJI_SECTIONS, TaskRow
from .plan_texts_earlier import EARLIER_SECTIONS


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
    major = next((t for t in targets if t["id"].startswith("major-")), None)
    kuoda = {
        "id": "kuoda-youxiao-touzi",
        "title": f"示例县扩大有效投资三年攻坚行动方案（{Y}—{Y + 2}年）",
        "issuer": "示例县人民政府办公室",
        "date": f"{Y}-03-18",
        "doc_number": f"示政办发〔{Y}〕12号",
        "meeting": "县十八届人民政府第41次常务会议",
        "period": {"start": f"{Y}-01", "end": f"{Y + 2}-12"},
        "summary": (
            f"为积极扩大有效投资、优化投资结构，发挥投资对稳增长的关键作用，力争到{Y + 2}年全县"
            "重点项目累计完成投资目标任务。方案明确重点领域投资、投融资渠道、重大项目建设和要素保障等"
            "任务，逐项明确牵头和配合单位。"
        ),
        "goals": [{"text": "在确保“十五五”时期全县投资稳定增长的基础上，突出抓好前3年促投资工作，"
                           + (f"{major['title']}。" if major else "全县重点项目累计完成投资目标任务。"),
                   **({"targets": [major["id"]]} if major else {})}],
        "sections": _plan_tasks(county, KUODA_SECTIONS, kuoda_issued, ids),
    }
    wen = {
        "id": "wenjingji-gongjian",
        "title": "示例县稳经济重要项目集中攻坚行动方案",
        "issuer": "示例县人民政府办公室",
        "date": f"{Y}-08-26",
        "doc_number": f"示政办〔{Y}〕35号",
        "period": {"start": f"{Y}-08", "end": f"{Y}-12"},
        "summary": (
            "冲刺四季度、奋战全年红：推动政策性开发性金融工具项目、“三个一批”项目、省市重点项目、"
            "中央预算内投资和地方政府专项债券项目加快开工、加快建设、加快达效。"
        ),
        "sections": _plan_tasks(county, WENJINGJI_SECTIONS, wen_issued, ids),
    }
    earlier = build_earlier_plan(county)
    return {"kuoda-youxiao-touzi": kuoda, "wenjingji-gongjian": wen, earlier["id"]: earlier}


def build_earlier_plan(county: County) -> dict[str, Any]:
    """The three-year plan before this one (Y-3 … Y-1), ended at the report date."""
    first = county.Y - 3
    issued = PartialDate(first, 7, 18).start().toordinal()
    end = PartialDate(first + 2, 12).end().toordinal()
    return {
        "id": f"kuoda-youxiao-touzi-{first}",
        "title": f"示例县扩大有效投资三年攻坚行动方案（{first}—{first + 2}年）",
        "issuer": "示例县人民政府办公室",
        "date": f"{first}-07-18",
        "doc_number": f"示政办发〔{first}〕21号",
        "meeting": "县十七届人民政府第73次常务会议",
        "period": {"start": f"{first}-01", "end": f"{first + 2}-12"},
        "summary": (
            "调动一切可以调动的资源要素，集中力量攻坚突破，拓展投资空间，优化投资结构，"
            f"突出抓好“十四五”时期前3年促投资工作。本方案执行期至{first + 2}年12月31日届满，"
            "由新一轮三年攻坚行动方案接续。"
        ),
        "goals": [
            {"text": "在确保“十四五”时期全县投资实现翻番的基础上（年均增长15%以上），"
                     f"力争到{first + 2}年全县重大项目累计完成投资120亿元以上。"},
        ],
        "sections": _earlier_tasks(county, first, issued, end),
    }


def _earlier_tasks(county: County, first: int, issued: int, end: int) -> list[dict[str, Any]]:
    """Tasks of a plan that has ended: deadline tasks done, done late or left open; recurring
    tasks with notes in most cycles of the period."""
    rng = county.rng
    out: list[dict[str, Any]] = []
    for number, title, rows in EARLIER_SECTIONS:
        tasks: list[dict[str, Any]] = []
        for sub, text, lead, support, when, state, _, _ in rows:
            task: dict[str, Any] = {
                "number": f"{number}{sub}",
                "text": text.format(y0=first, y1=first + 1, y2=first + 2),
                "lead": list(lead),
            }
            if support:
                task["support"] = list(support)
            notes: list[dict[str, Any]] = []
            if when.startswith("每"):
                task["rhythm"] = when
                step = {"每年": 12, "每季度": 3}.get(when, 1)
                keep = 0.6 if state == "open" else 0.9
                month = PartialDate.parse(ord_date(issued)).start()
                index = month.year * 12 + month.month - 1 + 1
                while index <= (first + 2) * 12 + 11:
                    if rng.random() < keep:
                        day = PartialDate(index // 12, index % 12 + 1, rng.randint(3, 26))
                        notes.append({"date": day.iso(), "text": rng.choice(NOTE_TEXTS) + "。"})
                    index += step
                deadline_day = end
            else:
                years, month_day = when.split("-", 1)
                deadline = PartialDate.parse(f"{first + int(years)}-{month_day}")
                task["deadline"] = deadline.iso()
                deadline_day = deadline.start().toordinal()
                for _ in range(rng.randint(1, 3)):
                    day = rng.randint(issued + 15, min(deadline_day, end))
                    notes.append({"date": ord_date(day), "text": rng.choice(NOTE_TEXTS) + "。"})
            if state == "open":
                task["status"] = "推进中"
            else:
                task["status"] = "已完成"
                if state == "done" and "rhythm" in task:  # ran to the end of the period
                    done = end
                elif state == "done":
                    done = max(issued + 10, deadline_day - rng.randint(0, 40))
                elif state == "done-late":  # after its deadline, while the plan still ran
                    done = min(end, deadline_day + rng.randint(20, 90))
                else:  # late: only after the plan had ended
                    done = end + rng.randint(40, 120)
                task["done"] = ord_date(min(done, county.report_day.toordinal()))
                if state == "late":
                    notes.append({"date": task["done"], "text": "已全部完成，验收合格。"})
            if notes:
                task["notes"] = sorted(notes, key=lambda n: n["date"])
            tasks.append(task)
        out.append({"number": number, "title": title, "tasks": tasks})
    return out


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
            if when.startswith("每"):  # one rhythm (每月) or several (每日、每周、每月)
                rhythms = when.split("、")
                task["rhythm"] = rhythms[0] if len(rhythms) == 1 else rhythms
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
