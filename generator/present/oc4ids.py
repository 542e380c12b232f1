"""The disclosed projects as an OC4IDS project package (Open Contracting for Infrastructure
Data Standard, schema 0.9.5), for ``opendata/oc4ids.json`` on the public site.

Built from the public view only. The mapping:

* project code → ``id``, after the site's registered ``oc4ids_prefix`` when it is set;
* stage → ``status`` (the closed projectStatus codelist): 谋划/储备 → identification, 前期 →
  preparation, 新开工/续建 → implementation, 竣工 → completion, or maintenance once 竣工决算
  is approved, 投产/达产达效 → maintenance;
* domain → ``sector`` (projectSector codes where one fits) and, with level and batch, to
  ``additionalClassifications`` so that nothing is lost in the mapping;
* total investment → ``budget.amount``; funding sources → a ``budget.budgetBreakdowns`` entry
  with one breakdown per source (``sourceParty`` the funder); annual plans → a second entry;
* units → ``parties``: 业主单位 buyer and procuringEntity (and funder of 企业自筹), 责任单位
  publicAuthority (also ``publicAuthority``), each funding source a funder, designer,
  supervisor, builder and tender winners suppliers;
* monthly records → ``metrics``: financialProgress (investment completed since start, at each
  month's end), physicalProgress (形象进度) and the month's investment completed; annual
  plans → ``forecasts``;
* 建设内容和规模, 建设必要性和依据, approvals that are done, 竣工决算 → ``documents``
  (projectScope, needsAssessment, feasibilityStudy / environmentalImpact / …,
  financialAuditReport);
  tenders → ``contractingProcesses`` (status, tender notice date, cost estimate, number of
  tenderers, contract value and period; the award date as a milestone); 设计变更 → the
  ``modifications`` of the contract they change (one per kind: value, duration, scope, each
  with its reason); actual completion and 竣工决算 → ``completion``;
* approvals, start and completion → project ``milestones`` (projectApproval, commencement,
  completion): met on the day the data gives, scheduled for the deadline or planned date, not
  met once that has passed by the report date.

Money is in 万元 in data and in 元 (CNY) here. Dates are China Standard Time (+08:00); a
month-only date starts on the 1st and ends on the last day of the month.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from generator.figures.records import counted_records, records_frame
from generator.figures.table import plain_rows
from generator.model import vocab
from generator.model.dataset import Dataset
from generator.model.dates import PartialDate
from generator.model.models import Project, Tender
from generator.present.formatting import wan
from generator.present.opendata import compact_json

VERSION = "0.9"
CURRENCY = "CNY"
TZ = "+08:00"

# projectStatus is closed. 0.9.4 deprecated "completed" in favour of "maintenance" ("also
# called operation"; open-contracting/infrastructure#432): a project put into production is
# operating, and a completed one is too once 竣工决算 closes it out (``status``).
STATUS = {
    "谋划": "identification",
    "储备": "identification",
    "前期": "preparation",
    "新开工": "implementation",
    "续建": "implementation",
    "竣工": "completion",
    "投产": "maintenance",
    "达产达效": "maintenance",
}
SECTORS: dict[str, list[str]] = {
    "工业": ["economy"],
    "交通": ["transport"],
    "能源": ["energy"],
    "水利": ["waterAndWaste"],
    "新型基础设施": ["communications"],
    "新型城镇化": [],
    "农业农村": ["economy"],
    "现代服务业": ["economy"],
    "生态环保": ["naturalResources"],
    "社会民生": [],
}
DOCUMENT_TYPES = {
    "立项/可研批复": "feasibilityStudy",
    "用地预审与选址": "landAndSettlementImpact",
    "规划许可": "projectPlan",
    "环评": "environmentalImpact",
    "水土保持": "environmentalImpact",
}
PROCUREMENT_METHODS = {
    "公开招标": "open",
    "邀请招标": "selective",
    "竞争性谈判": "limited",
    "竞争性磋商": "limited",
    "单一来源": "limited",
    "询价": "limited",
    "直接委托": "direct",
}
SELF_FUNDED = "企业自筹"

# Metric ids: financialProgress and physicalProgress from the metricID codelist. No code
# there is a flow over a period, and Metric.id "may be an arbitrary identifier" (schema), so
# the month's investment completed and the year's planned investment keep ids of their own.
FINANCIAL = "financialProgress"
PHYSICAL = "physicalProgress"
MONTHLY = "investment-completed-monthly"
ANNUAL_PLAN = "annual-plan"
# Values that open codelists do not hold, each for the reason given. The validator lists
# them as additions (not errors); the test fails on any other, so a new one needs a reason.
OPEN_CODELIST_ADDITIONS: dict[str, set[str]] = {
    "projects/metrics/id": {MONTHLY},  # see above
    "projects/forecasts/id": {ANNUAL_PLAN},  # see above
    # The codelist names international schemes; these are the site's own vocabularies.
    "projects/additionalClassifications/scheme": {"zdxm-domain", "zdxm-level", "zdxm-batch"},
}


def party_id(name: str) -> str:
    return "org-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def yuan(wan: float) -> dict[str, Any]:
    """A Value in 元 from 万元."""
    return {"amount": round(wan * 10000, 2), "currency": CURRENCY}


def start_time(date: PartialDate) -> str:
    return f"{date.start().isoformat()}T00:00:00{TZ}"


def end_time(date: PartialDate) -> str:
    return f"{date.end().isoformat()}T23:59:59{TZ}"


def month_period(month: str) -> dict[str, str]:
    date = PartialDate.parse(month)
    return {"startDate": start_time(date), "endDate": end_time(date)}


def month_end(month: str) -> dict[str, str]:
    """The last moment of a month, as a period of no length."""
    end = end_time(PartialDate.parse(month))
    return {"startDate": end, "endDate": end}


def year_period(year: int) -> dict[str, str]:
    return {"startDate": f"{year}-01-01T00:00:00{TZ}", "endDate": f"{year}-12-31T23:59:59{TZ}"}


class Parties:
    """Organizations of one project, each once, with all its roles in first-seen order."""

    def __init__(self) -> None:
        self._parties: dict[str, dict[str, Any]] = {}

    def add(self, name: str | None, role: str) -> dict[str, str] | None:
        if not name:
            return None
        key = party_id(name)
        party = self._parties.setdefault(key, {"id": key, "name": name, "roles": []})
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": key, "name": name}

    def all(self) -> list[dict[str, Any]]:
        return list(self._parties.values())


def status(p: Project) -> str:
    code = STATUS[p.stage]
    if code == "completion" and p.final_accounts is not None:
        return "maintenance"
    return code


def _nature(item: str) -> list[str]:
    out = []
    if "设计" in item or "勘察" in item:
        out.append("design")
    if "施工" in item or "总承包" in item:
        out.append("construction")
    if "监理" in item:
        out.append("supervision")
    return out


def _documents(p: Project) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    if p.scale:
        docs.append(
            {
                "id": "scope",
                "documentType": "projectScope",
                "title": "建设内容和规模",
                "description": p.scale,
                "language": "zh",
            }
        )
    if p.rationale:
        docs.append(
            {
                "id": "rationale",
                "documentType": "needsAssessment",
                "title": "建设必要性和依据",
                "description": p.rationale,
                "language": "zh",
            }
        )
    for i, a in enumerate(p.approvals, start=1):
        if a.status != "已办结" or a.done is None:
            continue
        label = a.name or a.kind
        doc: dict[str, Any] = {"id": f"approval-{i}"}
        if a.kind in DOCUMENT_TYPES:
            doc["documentType"] = DOCUMENT_TYPES[a.kind]
        doc.update({
            "title": f"{label}批复" + (f"（{a.document}）" if a.document else ""),
            "description": f"{label}，审批部门：{a.authority}，办结日期：{a.done.chinese()}",
            "datePublished": start_time(a.done),
            "language": "zh",
        })  # fmt: skip
        docs.append(doc)
    f = p.final_accounts
    if f is not None:
        docs.append({
            "id": "final-accounts",
            "documentType": "financialAuditReport",
            "title": "竣工决算" + (f"（{f.document}）" if f.document else ""),
            "description": f"决算金额{wan(f.amount)}" + (f"，审核/批复单位：{f.approved_by}"
                                                      if f.approved_by else ""),
            "datePublished": start_time(f.date),
            "language": "zh",
        })  # fmt: skip
    return docs


def _contract_period(t: Tender) -> dict[str, Any] | None:
    """The contract's start and duration; its end when the start is a day."""
    if t.contract_start is None:
        return None
    period: dict[str, Any] = {"startDate": start_time(t.contract_start)}
    if t.contract_days is not None:
        if t.contract_start.day is not None:
            end = t.contract_start.start() + timedelta(days=t.contract_days - 1)
            period["endDate"] = f"{end.isoformat()}T23:59:59{TZ}"
        period["durationInDays"] = t.contract_days
    return period


def _modifications(p: Project, t: Tender) -> list[dict[str, Any]]:
    """The variations of contract ``t``: one modification for each thing a variation
    changed (the codelist takes one type each), all with its reason."""
    out = []
    for i, v in enumerate((v for v in p.variations if v.contract == t.item), start=1):
        for kind in v.kinds:
            m: dict[str, Any] = {
                "id": f"{i}-{kind}",
                "date": start_time(v.date),
                "description": v.content,
                "rationale": v.reason,
                "type": kind,
            }
            if kind == "value" and v.amount_before is not None and v.amount_after is not None:
                m["oldContractValue"] = yuan(v.amount_before)
                m["newContractValue"] = yuan(v.amount_after)
            if kind == "duration" and v.end_before is not None and v.end_after is not None:
                m["oldContractPeriod"] = {"endDate": end_time(v.end_before)}
                m["newContractPeriod"] = {"endDate": end_time(v.end_after)}
            out.append(m)
    return out


def _contracting(p: Project, parties: Parties, buyer: dict[str, str] | None) -> list[dict]:
    processes = []
    for i, t in enumerate(p.tenders, start=1):
        summary: dict[str, Any] = {"title": t.item}
        nature = _nature(t.item)
        if nature:
            summary["nature"] = nature
        details = [f"招标方式：{t.method}"]
        if t.date:
            details.append(f"开标日期：{t.date.chinese()}")
        if t.award_date:
            details.append(f"定标日期：{t.award_date.chinese()}")
        summary["description"] = "，".join(details)
        if t.status:
            summary["status"] = vocab.TENDER_STATUSES[t.status]
        tender: dict[str, Any] = {
            "procurementMethod": PROCUREMENT_METHODS[t.method],
            "procurementMethodDetails": t.method,
        }
        if t.notice_date:
            tender["datePublished"] = start_time(t.notice_date)
        if t.estimate is not None:
            tender["costEstimate"] = yuan(t.estimate)
        if t.bidders is not None:
            tender["numberOfTenderers"] = t.bidders
        if buyer:
            tender["procuringEntity"] = buyer
        summary["tender"] = tender
        supplier = parties.add(t.winner, "supplier")
        if supplier:
            summary["suppliers"] = [supplier]
        if t.amount is not None:
            summary["contractValue"] = yuan(t.amount)
        period = _contract_period(t)
        if period:
            summary["contractPeriod"] = period
        modifications = _modifications(p, t)
        if modifications:
            summary["modifications"] = modifications
        if t.award_date:
            summary["milestones"] = [{
                "id": "award", "title": "定标（发出中标通知书）", "type": "procurement",
                "dateMet": start_time(t.award_date), "status": "met",
            }]  # fmt: skip
        processes.append({"id": f"{p.code}-tender-{i}", "summary": summary})
    return processes


def _milestone(mid: str, title: str, code: str, kind: str, due: PartialDate | None,
               met: PartialDate | None, report: PartialDate) -> dict[str, Any] | None:
    """A milestone as of the report date; None when the data has neither date."""
    if due is None and met is None:
        return None
    m: dict[str, Any] = {"id": mid, "title": title, "type": kind, "code": code}
    if due is not None:
        m["dueDate"] = end_time(due)
    if met is not None:
        m["dateMet"] = start_time(met)
        m["status"] = "met"
    elif due is not None and due.end() < report.end():
        m["status"] = "notMet"
        m["dateModified"] = end_time(report)
    else:
        m["status"] = "scheduled"
    return m


def _milestones(p: Project, report: PartialDate) -> list[dict[str, Any]]:
    found = [
        _milestone(f"approval-{i}", a.name or a.kind, "projectApproval", "approval",
                   a.deadline, a.done, report)
        for i, a in enumerate(p.approvals, start=1)
    ]
    d = p.dates
    found.append(_milestone("commencement", "开工", "commencement", "delivery",
                            d.planned_start, d.actual_start, report))
    found.append(_milestone("completion", "竣工", "completion", "delivery",
                            d.planned_completion, d.actual_completion, report))
    return [m for m in found if m is not None]


def _metrics(code: str, records: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    mine = records.get(code, [])
    if not mine:
        return []
    # Progress is a state at a date, so (as the OC4IDS guidance does) its period starts and
    # ends at the month's end; the month's investment is measured over the month.
    financial = [
        {"id": r["month"], "period": month_end(r["month"]), "value": yuan(r["total"])} for r in mine
    ]
    physical = [
        {"id": r["month"], "period": month_end(r["month"]), "measure": r["progress"]}
        for r in mine
        if r["progress"]
    ]
    monthly = [
        {"id": r["month"], "period": month_period(r["month"]), "value": yuan(r["completed"])}
        for r in mine
    ]
    out = [
        {"id": FINANCIAL, "title": "开工以来累计完成投资",
         "description": "财务进度：截至各月末的开工以来累计完成投资，按月度调度数据累计"
                        "（以项目单位报送的累计数为基准）。",
         "observations": financial},
    ]  # fmt: skip
    if physical:
        out.append({"id": PHYSICAL, "title": "形象进度",
                    "description": "实物进度：项目单位按月报送的形象进度（文字）。",
                    "observations": physical})  # fmt: skip
    out.append({"id": MONTHLY, "title": "本月完成投资",
                "description": "项目单位按月报送的当月完成投资。",
                "observations": monthly})  # fmt: skip
    return out


def _records(ds: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Counted records (as metrics keeps them) with a running total since start, by project
    and month. Grouped once: a scan of every record per project is quadratic in projects."""
    progress = {(r.month, r.data.project): r.data.progress for r in counted_records(ds)}
    out: dict[str, list[dict[str, Any]]] = {}
    running = offset = 0.0
    for r in plain_rows(records_frame(ds)):  # sorted by project, month
        code = r["project"]
        if code not in out:
            out[code] = []
            running = offset = 0.0
        running += float(r["completed"])
        if r["cumulative"] == r["cumulative"]:  # reported: the anchor
            offset = float(r["cumulative"]) - running
        out[code].append({
            "project": code,
            "month": r["month"],
            "completed": float(r["completed"]),
            "total": round(running + offset, 2),
            "progress": progress.get((r["month"], code)),
        })  # fmt: skip
    return out


def project(p: Project, ds: Dataset, records: dict[str, list[dict[str, Any]]],
            updated: str) -> dict:
    parties = Parties()
    buyer = parties.add(p.owner, "buyer")
    parties.add(p.owner, "procuringEntity")
    authority = parties.add(p.department, "publicAuthority")
    prefix = ds.config.oc4ids_prefix
    out: dict[str, Any] = {
        "id": f"{prefix}-{p.code}" if prefix else p.code,
        "updated": updated,
        "title": p.name,
    }
    if p.scale:
        out["description"] = p.scale
    out["status"] = status(p)
    d = p.dates
    period: dict[str, str] = {}
    if d.planned_start:
        period["startDate"] = start_time(d.planned_start)
    if d.planned_completion:
        period["endDate"] = end_time(d.planned_completion)
    if period:
        out["period"] = period
    if SECTORS[p.domain]:
        out["sector"] = SECTORS[p.domain]
    if p.rationale:
        out["purpose"] = p.rationale
    classes = [
        {"scheme": "zdxm-domain", "id": vocab.DOMAINS[p.domain], "description": p.domain},
        {"scheme": "zdxm-level", "id": vocab.LEVELS[p.level], "description": p.level},
    ]
    if p.batch:
        classes.append(
            {"scheme": "zdxm-batch", "id": vocab.BATCHES[p.batch], "description": p.batch}
        )
    out["additionalClassifications"] = classes
    location: dict[str, Any] = {
        "id": "1",
        "description": f"{ds.config.region}{p.township}",
        "address": {"locality": p.township, "region": ds.config.region, "countryName": "中国"},
    }
    if p.location is not None:  # GeoJSON order: [longitude, latitude]; the township's point
        # is a drawing fallback, not where the project is, so it is not exported
        location["geometry"] = {"type": "Point",
                                "coordinates": [p.location.lon, p.location.lat]}
    out["locations"] = [location]

    budget: dict[str, Any] = {"amount": yuan(p.total_investment)}
    feasibility = next(
        (a for a in p.approvals if a.kind == "立项/可研批复" and a.status == "已办结" and a.done),
        None,
    )
    if feasibility is not None and feasibility.done is not None:
        budget["approvalDate"] = start_time(feasibility.done)
    breakdowns = []
    if p.funding:
        by_source = []
        for i, f in enumerate(p.funding, start=1):
            funder = (
                parties.add(p.owner, "funder")
                if f.source == SELF_FUNDED
                else parties.add(f.source, "funder")
            )
            item: dict[str, Any] = {
                "id": str(i),
                "description": f.source + (f"（{f.note}）" if f.note else ""),
                "amount": yuan(f.amount),
            }
            if funder:
                item["sourceParty"] = funder
            by_source.append(item)
        breakdowns.append(
            {"id": "funding-sources", "description": "按资金来源", "budgetBreakdown": by_source}
        )
    if p.annual_plan:
        breakdowns.append({
            "id": "annual-plans",
            "description": "按年度计划投资",
            "budgetBreakdown": [
                {"id": str(year), "description": f"{year}年计划投资", "amount": yuan(amount),
                 "period": year_period(year)}
                for year, amount in p.annual_plan.items()
            ],
        })  # fmt: skip
    if breakdowns:
        budget["budgetBreakdowns"] = breakdowns
    out["budget"] = budget

    c = p.contractors
    parties.add(c.designer, "supplier")
    parties.add(c.supervisor, "supplier")
    parties.add(c.builder, "supplier")
    processes = _contracting(p, parties, buyer)
    out["parties"] = parties.all()
    if authority:
        out["publicAuthority"] = authority
    documents = _documents(p)
    if documents:
        out["documents"] = documents
    if processes:
        out["contractingProcesses"] = processes
    milestones = _milestones(p, ds.config.report_date)
    if milestones:
        out["milestones"] = milestones
    if p.annual_plan:
        out["forecasts"] = [{
            "id": ANNUAL_PLAN,
            "title": "年度计划投资",
            "observations": [
                {"id": str(year), "period": year_period(year), "value": yuan(amount)}
                for year, amount in p.annual_plan.items()
            ],
        }]  # fmt: skip
    observed = _metrics(p.code, records)
    if observed:
        out["metrics"] = observed
    if d.actual_completion is not None:
        completion: dict[str, Any] = {"endDate": end_time(d.actual_completion)}
        f = p.final_accounts
        if f is not None:
            completion["finalValue"] = yuan(f.amount)
            who = "，".join(x for x in (f.approved_by, f.document) if x)
            completion["finalValueDetails"] = f"竣工决算于{f.date.chinese()}批复" + (
                f"（{who}）" if who else ""
            )
        if p.scale:
            completion["finalScope"] = p.scale
        out["completion"] = completion
    return out


def package(ds: Dataset) -> dict[str, Any]:
    """An OC4IDS project package of every project in ``ds`` (pass the public view)."""
    report = ds.config.report_date
    published = f"{report.end().isoformat()}T00:00:00{TZ}"
    region_key = hashlib.sha1(ds.config.region.encode("utf-8")).hexdigest()[:10]
    records = _records(ds)
    return {
        "uri": f"urn:x-zdxm:oc4ids:{region_key}:{report.iso()}",
        "publishedDate": published,
        "publisher": {"name": ds.config.title},
        "version": VERSION,
        "projects": [project(p, ds, records, published) for p in ds.projects.values()],
    }


def package_bytes(ds: Dataset) -> bytes:
    return compact_json(package(ds))
