"""Metrics: hand-worked cases on datasets built in the test, including the seeds' figures."""

from __future__ import annotations

import datetime as dt
import math
from itertools import count
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from generator.figures.approvals import overdue_approvals
from generator.figures.groups import group_summary
from generator.figures.lagging import ApprovalOverdue, lagging_projects, late_reporters
from generator.figures.problems import problem_counts, problem_resolution_rate
from generator.figures.projects import start_rate
from generator.figures.rates import points, rate
from generator.figures.records import records_frame
from generator.figures.series import monthly_by_project, monthly_series
from generator.figures.table import plain_rows, project_table
from generator.figures.targets import TargetResult, evaluate_targets
from generator.model.dataset import Dataset, Record
from generator.model.models import MonthlyRecord, Problem, Project, SiteConfig, Target
from generator.present.words import approval_overdue, lag_reason

_rows = count(2)


def project(code: str, **fields: Any) -> Project:
    data: dict[str, Any] = {
        "code": code,
        "name": f"项目{code}",
        "level": "县重点",
        "domain": "工业",
        "stage": "续建",
        "township": "城关镇",
        "owner": "业主公司",
        "department": "县发展改革局",
        "government_invested": True,
        "total_investment": 100000,
        "annual_plan": {2025: 1200},
        "dates": {"planned_start": "2024-03", "actual_start": "2024-03-10"},
    }
    data.update(fields)
    return Project.model_validate(data)


def rec(
    month: str, code: str, completed: float, *, file: str | None = None, **fields: Any
) -> Record:
    data = MonthlyRecord.model_validate({"project": code, "completed": completed, **fields})
    return Record(month, file or f"data/progress/{month}.csv", next(_rows), data)


def monthly(code: str, amount: float, months: range, year: int = 2025) -> list[Record]:
    return [rec(f"{year}-{i:02d}", code, amount) for i in months]


def problem(pid: str, code: str, raised: str, resolved: str | None = None) -> Problem:
    return Problem.model_validate(
        {
            "id": pid,
            "project": code,
            "raised": raised,
            "kind": "用地",
            "description": "用地指标未落实",
            "unit": "县自然资源局",
            "level": "县",
            "status": "已解决" if resolved else "协调中",
            "resolved": resolved,
        }
    )


def target(tid: str, metric: str, value: float, deadline: str, **fields: Any) -> Target:
    data = {"id": tid, "title": f"目标{tid}", "metric": metric, "value": value}
    return Target.model_validate({**data, "deadline": deadline, **fields})


def dataset(
    tmp_path: Path,
    projects: list[Project],
    records: list[Record] = (),  # type: ignore[assignment]
    *,
    report_date: str = "2025-09-30",
    problems: list[Problem] = (),  # type: ignore[assignment]
    targets: list[Target] = (),  # type: ignore[assignment]
    tolerance: float = 5.0,
) -> Dataset:
    config = SiteConfig.model_validate(
        {
            "region": "示例县",
            "title": "示例县重点项目",
            "report_date": report_date,
            "lag_tolerance": tolerance,
            "townships": [
                {"code": "XZ", "name": "新镇"},
                {"code": "CG", "name": "城关镇"},
            ],
        }
    )
    return Dataset(
        root=tmp_path,
        config=config,
        projects={p.code: p for p in sorted(projects, key=lambda p: p.code)},
        project_files={},
        records=list(records),
        problems=list(problems),
        targets=list(targets),
    )


# ---------------------------------------------------------------- rates and seeds


def test_rate_rounds_half_up_to_a_tenth_of_a_point() -> None:
    assert rate(1, 3) == 0.333
    assert rate(2, 3) == 0.667
    assert rate(1, 8) == 0.125
    assert rate(1, 16) == 0.063  # 0.0625 → half-up, where round() would give 0.062
    assert rate(0, 5) == 0.0
    assert rate(5, 0) is None
    assert rate(5, None) is None
    assert rate(math.nan, 5) is None
    assert points(-13.25) == -13.3


def test_seed_problem_resolution_1075_of_1200_is_89_6_percent() -> None:
    day = dt.date(2020, 6, 30)
    problems = [
        problem(f"W{i}", "P1", "2020-03", resolved="2020-05" if i < 1075 else None)
        for i in range(1200)
    ]
    assert problem_counts(problems, day) == (1200, 1075, 125)
    assert problem_resolution_rate(problems, day) == 0.896


def test_seed_special_bond_start_rate_391_of_397_is_98_5_percent(tmp_path: Path) -> None:
    projects = [
        project(
            f"ZX{i:03d}",
            stage="新开工" if i < 391 else "前期",
            funding=[{"source": "地方政府专项债券", "amount": 5000}],
            dates={"planned_start": "2020-03", **({"actual_start": "2020-04"} if i < 391 else {})},
        )
        for i in range(397)
    ]
    day = dt.date(2020, 6, 30)
    assert start_rate(projects, day) == 0.985
    ds = dataset(tmp_path, projects, report_date="2020-06-30")
    table = project_table(ds)
    summary = group_summary(table, "funding_source").set_index("group")
    assert summary.loc["地方政府专项债券", "started"] == 391
    assert summary.loc["地方政府专项债券", "planned_started"] == 397
    assert summary.loc["地方政府专项债券", "start_rate"] == 0.985


def test_problem_counts_at_a_date() -> None:
    problems = [
        problem("A", "P1", "2025-01-05", resolved="2025-02-01"),
        problem("B", "P1", "2025-03-01", resolved="2025-10-01"),  # resolved after the date: open
        problem("C", "P1", "2025-10-01"),  # raised after the date: not counted
    ]
    assert problem_counts(problems, dt.date(2025, 9, 30)) == (2, 1, 1)
    assert problem_resolution_rate(problems, dt.date(2025, 9, 30)) == 0.5
    assert problem_resolution_rate([], dt.date(2025, 9, 30)) is None


# ---------------------------------------------------------------- project table


def test_on_schedule_project(tmp_path: Path) -> None:
    ds = dataset(tmp_path, [project("P1")], monthly("P1", 100, range(1, 10)))
    row = project_table(ds).loc["P1"]
    assert row["annual_plan"] == 1200
    assert row["completed_month"] == 100
    assert row["completed_ytd"] == 900
    assert row["completion_rate"] == 0.75
    assert row["schedule_rate"] == 0.75
    assert row["lag_pp"] == 0
    assert row["status"] == "正常"
    assert row["reported"] and row["started"] and row["planned_started"]
    assert not row["completed"]


@pytest.mark.parametrize(
    ("monthly_amount", "lag", "status"),
    [
        (40, -45.0, "滞后"),  # 360 / 1200 = 30% against 75%
        (80, -15.0, "滞后"),
        (93.3, -5.0, "正常"),  # exactly the tolerance behind: still 正常 ("by more than")
        (93, -5.2, "滞后"),  # 837 / 1200 = 69.75% → shown 69.8%, 5.2 points behind
        (106.7, 5.0, "正常"),
        (120, 15.0, "超前"),
    ],
)
def test_status_against_tolerance(
    tmp_path: Path, monthly_amount: float, lag: float, status: str
) -> None:
    ds = dataset(tmp_path, [project("P1")], monthly("P1", monthly_amount, range(1, 10)))
    row = project_table(ds).loc["P1"]
    assert row["lag_pp"] == lag
    assert row["status"] == status


def test_no_record_this_month_is_not_reported_not_zero(tmp_path: Path) -> None:
    ds = dataset(
        tmp_path,
        [project("P1"), project("P2", stage="竣工", dates={"actual_completion": "2025-06"})],
        monthly("P1", 100, range(1, 9)) + monthly("P2", 200, range(1, 7)),
    )
    table = project_table(ds)
    row = table.loc["P1"]
    assert not row["reported"]
    assert math.isnan(row["completed_month"])
    assert row["completed_ytd"] == 800
    assert row["status"] == "未报送"
    assert row["last_reported"] == "2025-08"
    late = late_reporters(ds, table)
    assert [(r.code, r.last_reported) for r in late] == [("P1", "2025-08")]  # P2 is finished
    assert table.loc["P2", "completed"]
    summary = group_summary(table).iloc[0]
    assert summary["not_reported"] == 1
    assert summary["completed_month"] == 0  # NaN of P1 is skipped, not a zero in disguise


def test_plan_zero_has_no_rate(tmp_path: Path) -> None:
    ds = dataset(
        tmp_path, [project("P1", annual_plan={2024: 500})], monthly("P1", 10, range(1, 10))
    )
    row = project_table(ds).loc["P1"]
    assert row["annual_plan"] == 0
    assert math.isnan(row["completion_rate"])
    assert math.isnan(row["lag_pp"])
    assert row["status"] == "无计划"
    assert lagging_projects(ds, project_table(ds)) == []


def test_mid_year_start_is_held_to_its_own_months(tmp_path: Path) -> None:
    planned_july = {"planned_start": "2025-07", "actual_start": "2025-07-05"}
    not_yet = {"planned_start": "2025-11"}
    ds = dataset(
        tmp_path,
        [
            project("P1", stage="新开工", dates=planned_july),
            project("P2", stage="前期", dates=not_yet),
            project("P3", stage="新开工", dates={**planned_july, "planned_completion": "2025-08"}),
        ],
        monthly("P1", 200, range(7, 10)) + monthly("P3", 600, range(7, 9)),
    )
    table = project_table(ds)
    # July–December: September is 3 of 6 months; 600 of 1200 is on schedule.
    assert table.loc["P1", "schedule_rate"] == 0.5
    assert table.loc["P1", "completion_rate"] == 0.5
    assert table.loc["P1", "status"] == "正常"
    # Planned for November: nothing due, not started, and not lagging.
    assert table.loc["P2", "schedule_rate"] == 0
    assert table.loc["P2", "status"] == "未开工"
    assert not table.loc["P2", "planned_started"]
    # Planned July–August: fully due by September.
    assert table.loc["P3", "schedule_rate"] == 1.0
    assert table.loc["P3", "completion_rate"] == 1.0
    assert lagging_projects(ds, table) == []
    # The region is measured against the calendar: 9/12.
    assert group_summary(table).iloc[0]["schedule_rate"] == 0.75


def test_a_month_reported_twice_counts_once(tmp_path: Path) -> None:
    records = [
        rec("2025-09", "P1", 300, file="data/progress/2025-09.csv"),
        rec("2025-09", "P1", 999, file="data/progress/2025-9.csv"),
        rec("2025-08", "P1", 100),
    ]
    ds = dataset(tmp_path, [project("P1")], records)
    frame = records_frame(ds)
    assert len(frame) == 2
    row = project_table(ds).loc["P1"]
    assert row["completed_month"] == 300
    assert row["completed_ytd"] == 400


def test_records_of_unknown_projects_are_ignored(tmp_path: Path) -> None:
    ds = dataset(tmp_path, [project("P1")], [rec("2025-09", "GHOST", 50), rec("2025-09", "P1", 5)])
    assert list(records_frame(ds)["project"]) == ["P1"]


def test_turn_of_the_year(tmp_path: Path) -> None:
    ds = dataset(
        tmp_path,
        [project("P1"), project("P2")],
        [
            rec("2024-11", "P1", 300),
            rec("2024-12", "P1", 500),
            rec("2025-01", "P1", 100),
            # P2 reports a cumulative figure in December, then only monthly amounts.
            rec("2024-12", "P2", 400, cumulative=5000),
            rec("2025-01", "P2", 100),
            rec("2025-02", "P2", 50),
        ],
        report_date="2025-02-28",
    )
    table = project_table(ds)
    assert table.loc["P1", "completed_ytd"] == 100  # December 2024 is last year
    assert table.loc["P1", "completed_total"] == 900  # but counts since the start
    assert table.loc["P2", "completed_ytd"] == 150
    assert table.loc["P2", "completed_total"] == 5150
    # At the end of 2024 the same records make a different year.
    december = project_table(ds, dt.date(2024, 12, 31))
    assert december.loc["P1", "completed_ytd"] == 800
    assert december.loc["P1", "annual_plan"] == 0  # no 2024 plan in these projects


def test_report_date_mid_month_uses_the_month(tmp_path: Path) -> None:
    ds = dataset(
        tmp_path, [project("P1")], monthly("P1", 100, range(1, 7)), report_date="2025-06-15"
    )
    row = project_table(ds).loc["P1"]
    assert row["schedule_rate"] == 0.5  # 6/12, not 166/365
    assert row["completed_month"] == 100  # the June record counts
    assert row["completion_rate"] == 0.5
    assert row["status"] == "正常"


def test_earlier_report_date_ignores_later_records_and_the_current_stage(tmp_path: Path) -> None:
    p = project("P1", stage="竣工", dates={"planned_start": "2025-01", "actual_start": "2025-02"})
    ds = dataset(tmp_path, [p], monthly("P1", 100, range(2, 10)))
    now = project_table(ds).loc["P1"]
    assert now["completed"]  # stage 竣工 at the data's report date
    earlier = project_table(ds, dt.date(2025, 5, 31)).loc["P1"]
    assert earlier["completed_ytd"] == 400
    assert not earlier["completed"]  # the stage says nothing about May
    assert earlier["started"]  # the actual start does
    assert not project_table(ds, dt.date(2025, 1, 31)).loc["P1", "started"]


def test_a_record_can_say_started(tmp_path: Path) -> None:
    p = project("P1", stage="前期", dates={"planned_start": "2025-05"})
    ds = dataset(tmp_path, [p], [rec("2025-08", "P1", 50, started="是")])
    table = project_table(ds)
    assert table.loc["P1", "started"]
    assert not project_table(ds, dt.date(2025, 7, 31)).loc["P1", "started"]


def test_funding_and_problem_columns(tmp_path: Path) -> None:
    p = project(
        "P1",
        funding=[
            {"source": "中央预算内投资", "amount": 1000},
            {"source": "地方政府专项债券", "amount": 3000},
            {"source": "企业自筹", "amount": 6000},
        ],
    )
    records = [
        rec("2024-12", "P1", 100, funds_arrived=500, funds_disbursed=400),
        rec("2025-03", "P1", 100, funds_arrived=1500, funds_disbursed=1200),
        rec("2025-09", "P1", 100, funds_arrived=1000),
    ]
    problems = [problem("Q1", "P1", "2025-02", "2025-04"), problem("Q2", "P1", "2025-08")]
    ds = dataset(tmp_path, [p], records, problems=problems)
    row = project_table(ds).loc["P1"]
    assert row["funding_sources"] == ("中央预算内投资", "地方政府专项债券", "企业自筹")
    assert row["has_special_bond"] and row["has_central_budget"]
    assert row["fiscal_money"] == 4000
    assert row["disbursement_allocated"] == 4000
    assert row["funds_planned"] == 10000
    assert row["funds_arrived_ytd"] == 2500
    assert row["funds_disbursed_ytd"] == 1200
    assert row["funds_arrived_total"] == 3000
    assert row["funds_disbursed_total"] == 1600
    assert (row["problems_total"], row["problems_resolved"], row["open_problems"]) == (2, 1, 1)
    summary = group_summary(project_table(ds)).iloc[0]
    assert summary["funds_arrival_rate"] == 0.3
    assert summary["disbursement_rate"] == 0.4
    assert summary["problem_resolution_rate"] == 0.5


# ---------------------------------------------------------------- groups


def _group_dataset(tmp_path: Path) -> Dataset:
    projects = [
        project("A1", domain="交通", township="城关镇", batch="开工一批", leader="张三",
                funding=[{"source": "地方政府专项债券", "amount": 500}, {"source": "企业自筹", "amount": 100}]),
        project("A2", domain="工业", township="新镇", leader="李四",
                funding=[{"source": "企业自筹", "amount": 1000}]),
        project("A3", domain="工业", township="城关镇", batch="签约一批", annual_plan={2025: 2400},
                stage="前期", dates={"planned_start": "2025-03"}),
        project("A4", domain="水利", township="新镇", stage="竣工", annual_plan={},
                dates={"planned_start": "2024-01", "actual_start": "2024-02",
                       "planned_completion": "2025-06", "actual_completion": "2025-06"}),
    ]  # fmt: skip
    records = (
        monthly("A1", 100, range(1, 10))  # 900 / 1200: 正常
        + monthly("A2", 50, range(1, 9))  # 400 / 1200, no September record: 未报送
        + monthly("A4", 30, range(1, 7))
    )
    return dataset(tmp_path, projects, records)


def test_group_summary_whole_region(tmp_path: Path) -> None:
    table = project_table(_group_dataset(tmp_path))
    assert list(table["status"]) == ["正常", "未报送", "未开工", "无计划"]
    row = group_summary(table).iloc[0]
    assert row["group"] == "全部"
    assert row["projects"] == 4
    assert row["annual_plan"] == 4800
    assert row["completed_ytd"] == 900 + 400 + 180
    assert row["completion_rate"] == 0.308  # 1480 / 4800
    assert row["schedule_rate"] == 0.75
    assert row["lag_pp"] == -44.2
    assert row["status"] == "滞后"
    assert (row["started"], row["planned_started"], row["start_rate"]) == (3, 4, 0.75)
    assert (row["completed_projects"], row["planned_completed"]) == (1, 1)
    assert row["completion_count_rate"] == 1.0
    assert row["lagging"] == 0
    assert row["not_reported"] == 1


def test_group_summary_orders_and_overlaps(tmp_path: Path) -> None:
    table = project_table(_group_dataset(tmp_path))
    by_domain = group_summary(table, "domain")
    assert list(by_domain["group"]) == ["工业", "交通", "水利"]  # vocabulary order
    assert list(by_domain["projects"]) == [2, 1, 1]
    assert list(group_summary(table, "township")["group"]) == ["新镇", "城关镇"]  # site.yaml
    assert list(group_summary(table, "batch")["group"]) == ["签约一批", "开工一批", "未填"]
    assert list(group_summary(table, "leader")["group"]) == ["李四", "张三", "未填"]  # pinyin
    by_source = group_summary(table, "funding_source").set_index("group")
    assert list(by_source.index) == ["地方政府专项债券", "企业自筹", "未填"]
    # A1 has two sources and counts fully under each.
    assert by_source.loc["企业自筹", "projects"] == 2
    assert by_source.loc["地方政府专项债券", "annual_plan"] == 1200
    assert by_source["projects"].sum() == 5
    assert group_summary(table, "domain").equals(group_summary(table, "domain"))
    with pytest.raises(ValueError, match="unknown grouping"):
        group_summary(table, "colour")


def test_group_summary_counts_lagging(tmp_path: Path) -> None:
    ds = dataset(
        tmp_path,
        [project("P1", domain="交通"), project("P2", domain="交通")],
        monthly("P1", 20, range(1, 10)) + monthly("P2", 100, range(1, 10)),
    )
    row = group_summary(project_table(ds), "domain").iloc[0]
    assert row["lagging"] == 1
    assert row["completion_rate"] == 0.45  # 1080 / 2400


# ---------------------------------------------------------------- monthly series


def test_monthly_series_region_and_project(tmp_path: Path) -> None:
    ds = dataset(
        tmp_path,
        [project("P1"), project("P2", dates={"planned_start": "2025-07"}, stage="前期")],
        [rec("2025-01", "P1", 100), rec("2025-03", "P1", 200), rec("2024-12", "P1", 999)],
        report_date="2025-03-31",
    )
    series = monthly_series(ds)
    assert list(series["month"][:3]) == ["2025-01", "2025-02", "2025-03"]
    assert series["completed"][0] == 100
    assert math.isnan(series["completed"][1])  # nobody reported in February: a gap
    assert list(series["cumulative"][:3]) == [100, 100, 300]
    assert series["cumulative"][3:].isna().all()  # after the report month
    assert series["plan"][0] == 2400
    assert series["schedule"][2] == 600  # 2400 × 3/12, the calendar for a set of projects
    assert series["schedule"][11] == 2400
    one = monthly_series(ds, ["P2"])
    assert one["schedule"][5] == 0  # June: before its July start
    assert one["schedule"][8] == 600  # September: 3 of its 6 months
    assert monthly_series(ds, year=2024)["completed"][11] == 999


# ---------------------------------------------------------------- targets


def _target_dataset(tmp_path: Path, targets: list[Target]) -> Dataset:
    projects = [
        project("B1", funding=[{"source": "地方政府专项债券", "amount": 2000}],
                dates={"planned_start": "2025-02", "actual_start": "2025-02"}),
        project("B2", funding=[{"source": "中央预算内投资", "amount": 1000}], stage="前期",
                dates={"planned_start": "2025-06"}),
        project("S1", batch="签约一批", stage="新开工", annual_plan={},
                dates={"actual_start": "2025-05"}),
        project("S2", batch="签约一批", stage="前期", annual_plan={}, dates={}),
        project("S3", batch="开工一批", stage="新开工", annual_plan={},
                dates={"actual_start": "2025-04"}),
    ]  # fmt: skip
    funds = {"funds_arrived": 1200, "funds_disbursed": 1500}
    records = [
        rec("2024-12", "B1", 5000),
        *(rec(f"2025-{i:02d}", "B1", 100, **(funds if i == 3 else {})) for i in range(2, 10)),
        rec("2025-09", "B2", 0, funds_arrived=100, funds_disbursed=100),
    ]
    return dataset(tmp_path, projects, records, targets=targets)


def _evaluate(tmp_path: Path, *targets: Target) -> list[TargetResult]:
    ds = _target_dataset(tmp_path, list(targets))
    return evaluate_targets(ds, project_table(ds))


def test_target_investment_completed(tmp_path: Path) -> None:
    # B1 reports 100 in each of February–September: 800 this year; December 2024 is outside.
    on_track, behind, since = _evaluate(
        tmp_path,
        target("T1", "investment_completed", 1000, "2025-12"),
        target("T2", "investment_completed", 2000, "2025-12"),
        target("T3", "investment_completed", 5000, "2025-12", start="2024-12"),
    )
    assert (on_track.actual, on_track.unit, on_track.share_achieved) == (800, "万元", 0.8)
    assert on_track.expected_share == 0.75
    assert on_track.status == "按序时推进"
    assert on_track.days_left == 92
    assert behind.share_achieved == 0.4
    assert behind.status == "落后序时"
    assert since.actual == 5800
    assert since.status == "已完成"


def test_target_completion_rate_and_expiry(tmp_path: Path) -> None:
    behind, expired = _evaluate(
        tmp_path,
        target("T1", "completion_rate", 100, "2025-11", scope={"projects": ["B1", "B2"]}),
        target("T2", "investment_completed", 2000, "2025-06"),
    )
    # 800 of B1's and B2's 2400 plan: 33.3%; period January–November, 9 of 11 months gone.
    assert (behind.actual, behind.unit) == (33.3, "%")
    assert behind.share_achieved == 0.333
    assert behind.expected_share == 0.818
    assert behind.status == "落后序时"
    assert behind.projects == 2
    # A deadline in June is judged on what stood at the end of June: 500, a final verdict.
    assert expired.actual == 500
    assert expired.days_left == -92
    assert (expired.ended, expired.status) == (True, "未完成")


def test_target_start_rate_and_funding_scope(tmp_path: Path) -> None:
    bond, both, landed = _evaluate(
        tmp_path,
        target("T1", "start_rate", 100, "2025-12", scope={"funding_sources": ["地方政府专项债券"]}),
        target("T2", "start_rate", 100, "2025-12",
               scope={"funding_sources": ["地方政府专项债券", "中央预算内投资"]}),
        target("T3", "start_rate", 100, "2025-12", scope={"batches": ["签约一批"]}),
    )  # fmt: skip
    assert (bond.actual, bond.status, bond.projects) == (100.0, "已完成", 1)
    assert both.actual == 50.0  # OR within a key: B1 started, B2 not
    assert both.status == "落后序时"  # 50% achieved: both were due to start by September
    assert landed.actual == 50.0  # S2 has no planned start: a target still counts it


def test_target_disbursement_and_arrival_rates(tmp_path: Path) -> None:
    disbursed, arrived = _evaluate(
        tmp_path,
        target("T1", "disbursement_rate", 100, "2025-12", scope={"projects": ["B1", "B2"]}),
        target("T2", "funds_arrival_rate", 50, "2025-12", scope={"projects": ["B1", "B2"]}),
    )
    assert disbursed.actual == 53.3  # (1500 + 100) / (2000 + 1000)
    assert disbursed.share_achieved == 0.533
    assert disbursed.status == "落后序时"
    assert arrived.actual == 43.3  # (1200 + 100) / (2000 + 1000): funding plans, not totals
    assert arrived.share_achieved == 0.866  # of a 50% target
    assert arrived.status == "按序时推进"


def test_target_project_count_scope_is_anded(tmp_path: Path) -> None:
    landed, signed, none = _evaluate(
        tmp_path,
        target("T1", "project_count", 2, "2025-12",
               scope={"batches": ["签约一批"], "stages": ["新开工", "续建", "竣工", "投产"]}),
        target("T2", "project_count", 2, "2025-12", scope={"batches": ["签约一批"]}),
        target("T3", "project_count", 1, "2025-12", scope={"batches": ["投产一批"]}),
    )  # fmt: skip
    assert (landed.actual, landed.unit, landed.share_achieved) == (1, "个", 0.5)
    assert landed.status == "落后序时"  # half of the count with three quarters of the year gone
    assert signed.status == "已完成"
    assert (none.actual, none.share_achieved, none.status) == (0, 0.0, "落后序时")


# ---------------------------------------------------------------- lagging list


def test_lagging_projects_reasons(tmp_path: Path) -> None:
    approvals = [
        {"kind": "环评", "authority": "市生态环境局", "deadline": "2025-06", "status": "办理中"},
        {"kind": "施工许可", "authority": "县住建局", "deadline": "2025-12", "status": "未启动"},
        {"kind": "规划许可", "authority": "县自然资源局", "deadline": "2025-03",
         "status": "已办结", "done": "2025-04-02"},
    ]  # fmt: skip
    ds = dataset(
        tmp_path,
        [
            project("L1", leader="王五", department="县交通运输局"),
            project("L2", stage="前期", dates={"planned_start": "2025-04"}, approvals=approvals),
            project("OK", dates={"planned_start": "2024-01", "actual_start": "2024-01"}),
        ],
        monthly("L1", 20, range(1, 10)) + monthly("OK", 100, range(1, 10)),
    )
    entries = lagging_projects(ds, project_table(ds))
    assert [e.code for e in entries] == ["L2", "L1"]
    l2, l1 = entries
    assert [lag_reason(r) for r in l2.reasons] == [
        "计划2025年4月开工，截至2025年9月30日尚未开工",
        "环评办理时限2025年6月已过，目前办理中（市生态环境局）",
    ]
    assert l2.status == "未开工"
    assert [lag_reason(r) for r in l1.reasons] == ["投资完成率15.0%，低于序时进度75.0%，滞后60.0个百分点"]
    assert (l1.department, l1.leader, l1.lag_pp, l1.status) == (
        "县交通运输局",
        "王五",
        -60.0,
        "滞后",
    )


def test_lagging_project_that_also_missed_its_report(tmp_path: Path) -> None:
    ds = dataset(tmp_path, [project("L1")], monthly("L1", 20, range(1, 9)))
    (entry,) = lagging_projects(ds, project_table(ds))
    assert entry.status == "未报送"
    assert [lag_reason(r) for r in entry.reasons] == [
        "投资完成率13.3%，低于序时进度75.0%，滞后61.7个百分点（本月未报送，按已报数据计）"
    ]


def test_table_requires_report_date(tmp_path: Path) -> None:
    table = project_table(dataset(tmp_path, [project("P1")]))
    bare = table.copy()
    bare.attrs = {}
    with pytest.raises(ValueError, match="report_date"):
        group_summary(bare)
    assert table[table["level"] == "县重点"].attrs["report_date"] == dt.date(2025, 9, 30)


def test_monthly_by_project_matches_single_project_series(tmp_path: Path) -> None:
    ds = dataset(
        tmp_path,
        [project("P1"), project("P2", dates={"planned_start": "2025-07"}, stage="前期")],
        [rec("2025-01", "P1", 100), rec("2025-03", "P1", 200), rec("2025-02", "P2", 7)],
        report_date="2025-03-31",
    )
    every = monthly_by_project(ds)
    assert len(every) == 24
    assert list(every["project"].unique()) == ["P1", "P2"]
    for code in ("P1", "P2"):
        own = every[every["project"] == code].drop(columns="project").reset_index(drop=True)
        assert own.equals(monthly_series(ds, [code]))
    p2 = every[every["project"] == "P2"].reset_index(drop=True)
    assert list(p2["cumulative"][:3]) == [0, 7, 7]  # per project, not across projects
    assert list(p2["reporting"][:3]) == [0, 1, 0]



def test_an_approval_finished_later_is_overdue_in_earlier_months() -> None:
    """A past bulletin's 挂牌督办 list is what it was then, not what the approval is now."""
    p = project("A1", approvals=[{"kind": "环评", "authority": "市生态环境局",
                                   "status": "已办结", "deadline": "2025-03",
                                   "done": "2025-06-10"}])
    assert overdue_approvals(p, dt.date(2025, 3, 31)) == []  # the deadline's own month
    (approval,) = overdue_approvals(p, dt.date(2025, 5, 31))
    assert approval_overdue(ApprovalOverdue(approval)) == (
        "环评办理时限2025年3月已过，当时尚未办结（市生态环境局）")
    assert overdue_approvals(p, dt.date(2025, 6, 10)) == []


def _same_rows(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> bool:
    """Equal row by row, value by value, of the same type (NaN equals NaN)."""
    if len(got) != len(expected):
        return False
    for a, b in zip(got, expected, strict=True):
        if list(a) != list(b):
            return False
        for key in a:
            x, y = a[key], b[key]
            if type(x) is not type(y) or not (x == y or (x != x and y != y)):
                return False
    return True


def test_plain_rows_are_what_to_dict_gives(datasets: tuple[Dataset, Dataset]) -> None:
    """``plain_rows`` stands in for ``to_dict("records")`` wherever pages read rows."""
    full, public = datasets
    frames = [project_table(full), project_table(public), records_frame(full),
              monthly_by_project(full), project_table(full).iloc[:0]]
    frames += [group_summary(project_table(full), by) for by in ("domain", "township", "leader")]
    frames.append(pd.DataFrame({
        "float": [1.5, math.nan, 0.0],
        "int": [1, 2, 3],
        "bool": [True, False, True],
        "text": ["甲", None, "丙"],
        "object": [np.float64(2.5), np.int64(4), pd.NA],
        "mixed": [("a", "b"), None, np.bool_(True)],
        "day": pd.to_datetime(["2025-01-31", None, "2025-03-31"]),
    }))
    for frame in frames:
        assert _same_rows(plain_rows(frame), frame.to_dict("records")), list(frame.columns)
