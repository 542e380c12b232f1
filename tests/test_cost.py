"""CoST IDS completeness, counted by hand on small projects, and the contract facts
(bidders, dates, estimate, period, variations) in the OC4IDS export and the checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml
from conftest import make_minimal_data
from test_timeliness import APPROVALS, TENDERS, VARIATION

from generator.inputs.load import load_dataset
from generator.model.dataset import Dataset
from generator.present.oc4ids import package
from generator.rules import cost
from generator.rules.check import check


def _dataset(tmp_path: Path, **values: object) -> tuple[Path, Dataset]:
    data = make_minimal_data(tmp_path)
    path = data / "projects" / "XC-001.yaml"
    doc = dict(yaml.safe_load(path.read_text("utf-8")), **values)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    ds, findings = load_dataset(data)
    assert ds is not None and not [f for f in findings if f.severity == "error"], findings
    return data, ds


def test_a_started_project_without_approvals_or_tenders(tmp_path) -> None:
    _, ds = _dataset(tmp_path)
    score = cost.score(ds.projects["XC-001"])
    # 12 project points, of which rationale, 环评, land and the budget approval date are
    # missing; 招投标 applies once started and is missing too.
    assert (score.disclosed, score.applicable) == (8, 13)
    assert [name for _, name in score.missing] == [
        "建设必要性 (目的)", "环境影响", "土地和征迁影响", "预算批准日期", "招投标"]


def test_a_contract_with_every_fact_and_one_with_two(tmp_path) -> None:
    bare = {"item": "工程监理", "method": "竞争性磋商", "winner": "示例监理有限公司"}
    _, ds = _dataset(tmp_path, approvals=APPROVALS, tenders=[*TENDERS, bare])
    score = cost.score(ds.projects["XC-001"])
    # Project: 13 applicable, 10 (budget approval date and 招投标 now given); contracts: 8
    # each, all of the first, method and winner of the second.
    assert (score.disclosed, score.applicable) == (10 + 8 + 2, 13 + 16)
    assert score.missing[-6:] == [("工程监理", n) for n in (
        "合同状态", "投标人数", "招标控制价", "定标日期", "合同金额", "合同工期")]


def test_completion_points_apply_once_completed(tmp_path) -> None:
    _, ds = _dataset(tmp_path, stage="竣工",
                     dates={"actual_start": "2024-05-20", "actual_completion": "2025-03-01"},
                     final_accounts={"date": "2025-03-20", "amount": 11800})
    score = cost.score(ds.projects["XC-001"])
    assert (score.disclosed, score.applicable) == (8 + 2, 13 + 3)
    assert score.missing[-1] == ("", "审计/决算批复")
    # XC-002 (前期): name, owner, domain, township, budget and status of its 12 points.
    both = cost.pooled([score, cost.score(ds.projects["XC-002"])])
    assert (both.disclosed, both.applicable) == (score.disclosed + 6, score.applicable + 12)


def test_contract_facts_and_variations_reach_oc4ids(tmp_path) -> None:
    _, ds = _dataset(tmp_path, approvals=APPROVALS, tenders=TENDERS, variations=[VARIATION])
    ds = dataclasses.replace(ds, projects={"XC-001": ds.projects["XC-001"]})
    [project] = package(ds)["projects"]
    [process] = project["contractingProcesses"]
    summary = process["summary"]
    assert summary["status"] == "active"
    assert summary["tender"]["numberOfTenderers"] == 6
    assert summary["tender"]["costEstimate"] == {"amount": 90000000, "currency": "CNY"}
    assert summary["tender"]["datePublished"] == "2024-03-20T00:00:00+08:00"
    assert summary["contractPeriod"] == {"startDate": "2024-05-20T00:00:00+08:00",
                                         "endDate": "2025-11-10T23:59:59+08:00",
                                         "durationInDays": 540}
    assert summary["milestones"][0]["dateMet"] == "2024-04-22T00:00:00+08:00"
    value, scope = summary["modifications"]
    assert (value["type"], scope["type"]) == ("value", "scope")
    assert value["rationale"] == scope["rationale"] == "管线迁改与原设计冲突"
    assert value["oldContractValue"]["amount"] == 86000000
    assert value["newContractValue"]["amount"] == 89000000
    codes = {m["code"]: m["status"] for m in project["milestones"]}
    assert codes == {"projectApproval": "notMet", "commencement": "met", "completion": "scheduled"}


def test_contract_checks(tmp_path) -> None:
    tender = dict(TENDERS[0], award_date="2024-03-01", bidders=2)
    data, _ = _dataset(tmp_path, tenders=[tender], variations=[dict(VARIATION, contract="施工")])
    found = {(f.code, f.field, f.severity) for f in check(data)[1]}
    assert ("award-before-notice", "tenders[0].award_date", "error") in found
    assert ("too-few-bidders", "tenders[0].bidders", "warning") in found
    assert ("unknown-contract", "variations[0].contract", "error") in found


def test_a_variation_says_what_it_changed(tmp_path) -> None:
    data = make_minimal_data(tmp_path)
    path = data / "projects" / "XC-001.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    half = {k: v for k, v in VARIATION.items() if k not in ("amount_after", "scope")}
    empty = {k: v for k, v in VARIATION.items()
             if k not in ("amount_before", "amount_after", "scope")}
    doc.update(tenders=TENDERS, variations=[half, empty])
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    codes = {(f.code, f.field.split("(")[0]) for f in check(data)[1]}
    assert ("variation-half", "variations[0]") in codes
    assert ("variation-empty", "variations[1]") in codes
