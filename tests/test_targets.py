"""Targets of every kind the seeds set: figures, 序时 rules, final verdicts, baselines, and
what the public site may show of them. Hand-worked cases on data sets built here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from test_metrics import dataset, monthly, project, rec, target

from generator.figures.table import project_table
from generator.figures.targets import TargetResult, evaluate_targets
from generator.model.dataset import Dataset
from generator.model.models import Target
from generator.pages.progress import target_rows
from generator.present import target_words
from generator.rules.targets import publications
from generator.rules.visibility import public_view

# A county at the end of September 2025 with data from January 2025. Projects:
# P1..P4 disclosed (government money 2000万元), H1..H3 withheld (company money).
PUBLIC = {"government_invested": True,
          "funding": [{"source": "地方政府专项债券", "amount": 2000}]}


def withheld(code: str, **fields: Any) -> Any:
    return project(code, government_invested=False, funding=[], **fields)


def evaluate(tmp_path: Path, *targets: Target, projects: list[Any] | None = None,
             records: list[Any] | None = None, report_date: str = "2025-09-30"
             ) -> list[TargetResult]:
    ds = dataset(tmp_path, projects or [project("P1", **PUBLIC)],
                 records if records is not None else monthly("P1", 100, range(1, 10)),
                 targets=list(targets), report_date=report_date)
    return evaluate_targets(ds, project_table(ds))


def reported(tid: str, value: float, deadline: str, reports: list[dict[str, Any]],
             **fields: Any) -> Target:
    return target(tid, fields.pop("metric", "reported"), value, deadline,
                  reported_by="县统计局", reports=reports, **fields)


# ---------------------------------------------------------------- amount over projects


def test_amount_months_rule_and_final_verdicts(tmp_path: Path) -> None:
    # P1 reports 100 a month, January–September: 900 by the report date.
    on_track, ended_done, ended_short = evaluate(
        tmp_path,
        target("A", "investment_completed", 1000, "2025-12"),
        target("B", "investment_completed", 500, "2025-05"),
        target("C", "investment_completed", 800, "2025-06"),
    )
    assert (on_track.actual, on_track.expected_share, on_track.status) == (900, 0.75, "按序时推进")
    assert on_track.schedule == "months"
    # Ended targets are judged on their figure at the deadline, and say so once.
    assert (ended_done.ended, ended_done.actual, ended_done.status) == (True, 500, "完成")
    assert (ended_short.actual, ended_short.status) == (600, "未完成")
    sentence = target_words.deadline_sentence(ended_short)
    assert sentence == "已于 2025年6月 到期: 最终未完成, 截止时 600万元。"
    assert "天" not in sentence  # no ever-growing overdue count


def test_baseline_counts_before_the_data_and_pages_say_from_when(tmp_path: Path) -> None:
    # A 2024—2025 target; monthly data starts in January 2025.
    base = {"value": 3000, "through": "2024-12", "source": "县统计局2024年投资统计"}
    without, with_base = evaluate(
        tmp_path,
        target("A", "investment_completed", 6000, "2025-12", start="2024-01"),
        target("B", "investment_completed", 6000, "2025-12", start="2024-01", baseline=base),
    )
    assert without.actual == 900
    assert without.gap == ("2024-01", "2024-12")
    assert (without.data_from, without.baseline) == ("2025-01", None)
    assert with_base.actual == 3900  # 3000 before the data + 900 since
    assert with_base.gap is None and with_base.baseline is not None
    notes = " ".join(target_words.data_notes(without, internal=True))
    assert "月度数据自 2025年1月 起" in notes and "2024年1月至2024年12月的完成额未计入" in notes
    notes = " ".join(target_words.data_notes(with_base, internal=True))
    assert "含截至 2024年12月 已完成 3,000万元 (来源: 县统计局2024年投资统计)" in notes


def test_baseline_through_a_month_the_data_covers_is_not_counted_twice(tmp_path: Path) -> None:
    base = {"value": 250, "through": "2025-03", "source": "台账"}
    (result,) = evaluate(tmp_path, target("A", "investment_completed", 2000, "2025-12",
                                          baseline=base))
    assert result.actual == 250 + 600  # April–September from the data


# ---------------------------------------------------------------- rates over projects


def _rate_projects() -> list[Any]:
    return [
        # Under way since 2024, worked in 2025: a restart.
        project("C1", dates={"planned_start": "2024-03", "actual_start": "2024-03"}),
        # Under way since 2024, nothing reported this year: not restarted.
        project("C2", dates={"planned_start": "2024-03", "actual_start": "2024-04"}),
        # New this year: one started on plan, one due in June not started, one due in 2026.
        project("N1", stage="新开工", dates={"planned_start": "2025-02", "actual_start": "2025-02"}),
        project("N2", stage="前期", dates={"planned_start": "2025-06"}),
        project("N3", stage="前期", dates={"planned_start": "2026-03"}),
        # Completion: one planned for March and done, one planned for November.
        project("D1", stage="竣工", dates={"planned_start": "2023-01", "actual_start": "2023-01",
                                          "planned_completion": "2025-03",
                                          "actual_completion": "2025-03"}),
        project("D2", dates={"planned_start": "2023-01", "actual_start": "2023-01",
                             "planned_completion": "2025-11"}),
    ]


def _rate_records() -> list[Any]:
    return [*monthly("C1", 50, range(3, 10)), *monthly("N1", 80, range(2, 10)),
            rec("2024-12", "C2", 10)]


def test_start_rate_follows_planned_starts(tmp_path: Path) -> None:
    scope = {"projects": ["N1", "N2", "N3"]}
    year, june = evaluate(
        tmp_path,
        target("S", "start_rate", 100, "2025-12", scope=scope),
        target("J", "start_rate", 100, "2025-06", scope=scope),
        projects=_rate_projects(), records=_rate_records(),
    )
    # Due by December: N1 and N2 (N3 is due in 2026). One of two started.
    assert (year.actual, year.schedule) == (50.0, "planned")
    assert year.expected_share == 1.0  # both were due by September
    assert year.status == "落后序时"
    assert (june.ended, june.status, june.actual) == (True, "未完成", 50.0)


def test_restart_and_start_restart_rates(tmp_path: Path) -> None:
    scope = {"projects": ["C1", "C2", "N1", "N2", "N3"]}
    restart, both = evaluate(
        tmp_path,
        target("R", "restart_rate", 100, "2025-06", scope=scope),
        target("B", "start_restart_rate", 80, "2025-05", scope=scope),
        projects=_rate_projects(), records=_rate_records(),
    )
    # Continuing: C1 (worked in 2025) and C2 (did not): 50%.
    assert (restart.actual, restart.status) == (50.0, "未完成")
    # 开复工率 by May: C1 resumed and N1 started, of C1, C2 and N1 (N2 is due in June).
    assert (both.actual, both.status) == (66.7, "未完成")


def test_production_and_agreement_rates(tmp_path: Path) -> None:
    produced, landed = evaluate(
        tmp_path,
        target("P", "production_rate", 100, "2025-12", scope={"projects": ["D1", "D2"]}),
        target("L", "agreement_rate", 100, "2025-12", scope={"projects": ["N1", "N2"]}),
        projects=_rate_projects(), records=_rate_records(),
    )
    # D1 done; D2 due in November. Half due by now, half done: on its planned pace.
    assert (produced.actual, produced.expected_share, produced.status) == (50.0, 0.5, "按序时推进")
    # 协议履约率: signed projects landed (started), whatever their planned dates.
    assert (landed.actual, landed.expected_share, landed.status) == (50.0, 0.75, "落后序时")


# ---------------------------------------------------------------- counts


def test_counts_of_projects_reaching_a_state(tmp_path: Path) -> None:
    projects = [
        project("S1", batch="签约一批", stage="新开工", dates={"actual_start": "2025-05"}),
        project("S2", batch="签约一批", stage="前期", dates={}),
        project("K1", batch="开工一批", stage="投产", dates={"actual_start": "2024-01",
                                                         "actual_completion": "2025-04"}),
        project("K2", batch="开工一批", stage="达产达效", dates={"actual_start": "2023-01",
                                                            "actual_completion": "2024-06"}),
        project("Z1", funding=[{"source": "政策性开发性金融工具", "amount": 5000}], stage="新开工",
                dates={"actual_start": "2025-10"}),
    ]
    landed, built, full, policy = evaluate(
        tmp_path,
        target("L", "project_count", 5, "2025-12", reach="开工", scope={"batches": ["签约一批"]}),
        target("B", "project_count", 2, "2025-12", reach="投产", scope={"batches": ["开工一批"]}),
        target("F", "project_count", 1, "2025-12", reach="达产达效"),
        # 2个政策性金融工具项目11月底前全部开工: Z1 starts in October, after this report.
        target("Z", "project_count", 1, "2025-11",
               reach="开工", scope={"funding_sources": ["政策性开发性金融工具"]}),
        projects=projects, records=[],
    )
    assert (landed.actual, landed.unit, landed.status) == (1, "个", "落后序时")
    assert (built.actual, built.status) == (2, "已完成")
    assert (full.actual, full.status) == (1, "已完成")
    assert (policy.actual, policy.status) == (1, "已完成")  # the stage says started
    assert target_words.metric_name(landed.target) == "已开工项目个数"


# ---------------------------------------------------------------- growth


def test_reported_growth_compares_year_on_year(tmp_path: Path) -> None:
    reports = [{"date": "2025-06", "growth": 2.6, "source": "1—6月统计月报"},
               {"date": "2025-09", "growth": 2.9, "source": "1—9月统计月报"}]
    ok, behind = evaluate(
        tmp_path,
        reported("G", 3, "2025-12", reports, metric="growth", base={"year": 2024}),
        reported("H", 10, "2025-12", reports, metric="growth"),
    )
    assert (ok.actual, ok.unit, ok.schedule, ok.expected_share) == (2.9, "%", "yoy", 1.0)
    assert ok.status == "按序时推进"  # 2.9 of 3: within 5 points of the share
    assert ok.report is not None and ok.report.source == "1—9月统计月报"
    assert (behind.actual, behind.status) == (2.9, "落后序时")
    assert behind.coverage == "reported"


def test_growth_over_several_years_is_the_yearly_average(tmp_path: Path) -> None:
    # 工业投资年均增长30%: 2021—2023, each year's December figure from the statistics.
    reports = [{"date": "2021-12", "growth": 40, "source": "统计公报"},
               {"date": "2022-12", "growth": 20, "source": "统计公报"},
               {"date": "2023-12", "growth": 31, "source": "统计公报"}]
    average, yearly = evaluate(
        tmp_path,
        reported("G", 30, "2023-12-31", reports, metric="growth", start="2021-01-01",
                 base={"year": 2020}),
        # 招商引资到位资金每年增长20%: 2022 missed it.
        reported("Y", 25, "2023-12-31", reports, metric="growth", start="2021-01-01",
                 yearly=True),
    )
    # (1.4 × 1.2 × 1.31) ^ (1/3) − 1 = 30.1%.
    assert (average.actual, average.ended, average.status) == (30.1, True, "完成")
    assert [y.status for y in average.years] == ["完成", "未完成", "完成"]
    assert (yearly.status, [y.actual for y in yearly.years]) == ("未完成", [40, 20, 31])


def test_growth_from_projects_against_a_base(tmp_path: Path) -> None:
    # Base 2024: 1000万元 for the year. January–September 2025: 900, against 750 pro rata.
    (result,) = evaluate(
        tmp_path,
        target("G", "growth", 15, "2025-12",
               base={"year": 2024, "value": 1000, "source": "2024年统计"}),
    )
    assert (result.actual, result.status) == (20.0, "按序时推进")
    assert result.coverage == "all"


def test_growth_without_a_final_figure(tmp_path: Path) -> None:
    reports = [{"date": "2024-09", "growth": 1.0, "source": "1—9月统计月报"}]
    (result,) = evaluate(tmp_path, reported("G", 3, "2024-12", reports, metric="growth"),
                         report_date="2025-03-31")
    assert (result.ended, result.status) == (True, "缺最终数据")
    assert "缺截止时的数据" in target_words.deadline_sentence(result)


# ---------------------------------------------------------------- yearly and reported


def test_yearly_amount_is_judged_year_by_year(tmp_path: Path) -> None:
    # 每年统筹财政资金5000万元, 2024—2026: 2024 done, 2025 so far 3900 of 5000 by September.
    reports = [{"date": "2024-12", "value": 5100, "source": "2024年决算"},
               {"date": "2025-09", "value": 3900, "source": "预算执行情况"}]
    (result,) = evaluate(tmp_path, reported("Y", 5000, "2026-12", reports, yearly=True,
                                            start="2024-01-01"))
    assert [(y.year, y.actual, y.status) for y in result.years] == [
        (2024, 5100, "完成"), (2025, 3900, "按序时推进")]
    assert (result.actual, result.expected_share, result.status) == (3900, 0.75, "按序时推进")
    row = target_rows([result], internal=True)[0]
    assert [r[0] for r in row["years"]] == ["2024年", "2025年"]  # type: ignore[index]


def test_yearly_target_after_its_period(tmp_path: Path) -> None:
    reports = [{"date": "2023-12", "value": 6000, "source": "决算"},
               {"date": "2024-12", "value": 4000, "source": "决算"}]
    (result,) = evaluate(tmp_path, reported("Y", 5000, "2024-12", reports, yearly=True,
                                            start="2023-01-01"), report_date="2025-09-30")
    assert (result.ended, result.status) == (True, "未完成")


def test_reported_values_keep_their_unit(tmp_path: Path) -> None:
    fdi = [{"date": "2025-06", "value": 120, "source": "外资月报"}]
    usd, firms, none = evaluate(
        tmp_path,
        reported("U", 500, "2027-12", fdi, unit="万美元", start="2025-01-01"),
        reported("F", 1, "2027-12", [{"date": "2025-09", "value": 0, "source": "金融办"}],
                 unit="家", start="2025-01-01"),
        reported("N", 2000, "2025-12", []),
    )
    # 120 of 500 (24%) with 9 of 36 months gone (25%): on pace.
    assert (usd.actual, usd.unit, usd.schedule, usd.status) == (120, "万美元", "months", "按序时推进")
    assert "120万美元 / 目标 500万美元" in target_words.figure_sentence(usd)
    # A count of 家 has no 序时: judged at the deadline, running until then.
    assert (firms.unit, firms.schedule, firms.expected_share, firms.status) == (
        "家", "none", None, "进行中")
    assert (none.actual, none.status) == (None, "暂无数据")


# ---------------------------------------------------------------- public figures


def _county(tmp_path: Path, *targets: Target) -> Dataset:
    projects = [project(f"P{i}", **PUBLIC) for i in range(1, 5)]
    projects += [withheld(f"H{i}", domain="交通") for i in range(1, 4)]
    records = [r for p in projects for r in monthly(p.code, 100, range(1, 10))]
    return dataset(tmp_path, projects, records, targets=list(targets))


def _both(ds: Dataset) -> tuple[list[TargetResult], list[TargetResult]]:
    view = public_view(ds)
    return (evaluate_targets(ds, project_table(ds)),
            evaluate_targets(view, project_table(view), ds))


def test_county_total_published_only_when_it_hides_enough_projects(tmp_path: Path) -> None:
    ds = _county(
        tmp_path,
        target("ALL", "investment_completed", 9000, "2025-12", publish="全县合计"),
        target("ONE", "investment_completed", 2000, "2025-12", publish="全县合计",
               scope={"projects": ["P1", "P2", "H1"]}),
        target("PART", "investment_completed", 9000, "2025-12"),
        target("OPEN", "investment_completed", 4000, "2025-12", publish="全县合计",
               scope={"domains": ["工业"]}),
    )
    pubs = publications(ds)
    assert (pubs["ALL"].aggregate, pubs["ALL"].withheld) == (True, 3)
    assert (pubs["ONE"].aggregate, pubs["ONE"].refused) == (False, "few")
    assert (pubs["PART"].aggregate, pubs["PART"].withheld) == (False, 3)
    assert (pubs["OPEN"].withheld, pubs["OPEN"].refused) == (0, None)
    internal, public = _both(ds)
    by_id = {r.target.id: r for r in public}
    # The county total is the intranet's figure, judged the same way.
    assert (by_id["ALL"].actual, by_id["ALL"].status) == (internal[0].actual, internal[0].status)
    assert by_id["ALL"].actual == 6300
    # The others are the disclosed projects' sum, named so and not judged.
    for tid in ("ONE", "PART"):
        part = by_id[tid]
        assert (part.coverage, part.status, part.share_achieved) == ("disclosed", "仅公开项目", None)
    assert by_id["PART"].actual == 3600
    assert by_id["OPEN"].actual == internal[3].actual  # nothing withheld: the whole figure
    rows = {r["id"]: r for r in target_rows(public, internal=False)}
    assert "全县合计" in " ".join(rows["ALL"]["notes"])  # type: ignore[arg-type]
    for tid in ("ONE", "PART"):
        said = " ".join([str(rows[tid]["figure"]), *rows[tid]["notes"]])  # type: ignore[misc]
        assert "已公开" in said and "全县" not in said


def test_county_totals_that_subtract_to_a_project_are_refused(tmp_path: Path) -> None:
    projects = [project(f"P{i}", **PUBLIC) for i in range(1, 3)]
    projects += [withheld(f"H{i}", level="市重点" if i < 4 else "县重点") for i in range(1, 6)]
    ds = dataset(tmp_path, projects, [], targets=[
        target("ALL", "investment_completed", 1, "2025-12", publish="全县合计"),
        # H1..H3 beside H1..H5: the difference is H4 and H5 alone.
        target("CITY", "investment_completed", 1, "2025-12", publish="全县合计",
               scope={"levels": ["市重点"]}),
        # A count is another measure: its totals cannot be subtracted from money.
        target("N", "project_count", 1, "2025-12", publish="全县合计",
               scope={"levels": ["市重点"]}),
        # No two of these funds totals nest, but {H1,H2,H3} + {H1,H4,H5} − {H2,H3,H4,H5}
        # is twice H1 alone.
        target("A", "funds_arrival_rate", 1, "2025-12", publish="全县合计",
               scope={"projects": ["H1", "H2", "H3"]}),
        target("B", "funds_arrival_rate", 1, "2025-12", publish="全县合计",
               scope={"projects": ["H1", "H4", "H5"]}),
        target("C", "funds_arrival_rate", 1, "2025-12", publish="全县合计",
               scope={"projects": ["H2", "H3", "H4", "H5"]}),
    ])
    pubs = publications(ds)
    assert pubs["ALL"].aggregate
    assert (pubs["CITY"].aggregate, pubs["CITY"].refused) == (False, "difference")
    assert pubs["N"].aggregate
    assert pubs["A"].aggregate and pubs["B"].aggregate
    assert (pubs["C"].aggregate, pubs["C"].refused) == (False, "difference")


def test_internal_page_says_what_the_public_site_shows(tmp_path: Path) -> None:
    ds = _county(tmp_path, target("PART", "investment_completed", 9000, "2025-12"),
                 target("SECRET", "investment_completed", 9000, "2025-12", internal=True))
    internal, _ = _both(ds)
    notes = [" ".join(target_words.data_notes(r, internal=True)) for r in internal]
    assert "公开站点: 仅已公开项目合计, 不作进度判断 (未公开项目 3 个)" in notes[0]
    assert "公开站点: 不公开 (仅内部)" in notes[1]


def test_sample_targets_on_both_sites(datasets: tuple[Dataset, Dataset]) -> None:
    """Each target of the shipped sample: the public figure is the intranet's whenever it is
    called the county's, and is otherwise named as the disclosed projects' only."""
    full, view = datasets
    internal = {r.target.id: r for r in evaluate_targets(full, project_table(full))}
    public = evaluate_targets(view, project_table(view), full)
    assert {r.coverage for r in public} == {"all", "disclosed", "reported"}
    for r in public:
        i = internal[r.target.id]
        if r.coverage in ("all", "reported"):
            assert (r.actual, r.status, r.share_achieved) == (i.actual, i.status, i.share_achieved)
        else:
            assert r.status == "仅公开项目" and r.share_achieved is None
            assert "已公开" in target_words.figure_sentence(r)
    kinds = {r.kind for r in public}
    assert kinds == {"amount", "rate", "count", "growth", "reported"}
    assert any(r.ended and r.status in ("完成", "未完成") for r in public)
    assert any(r.baseline is not None for r in internal.values())


def test_old_targets_files_still_read(tmp_path: Path) -> None:
    """A targets.yaml written before kinds existed keeps its meaning: its targets are
    measured over projects and shown publicly over the disclosed ones."""
    old = Target.model_validate({"id": "k", "title": "省市重点项目全年完成投资20亿元",
                                 "metric": "investment_completed",
                                 "scope": {"levels": ["省重点", "市重点"]}, "value": 200000,
                                 "deadline": "2025-12-31", "headline": True})
    assert (old.publish, old.yearly, old.reports, old.schedule) == ("仅公开项目", False, [], None)
    (result,) = evaluate(tmp_path, old)
    assert result.kind == "amount" and result.as_of == dt.date(2025, 9, 30)


@pytest.mark.parametrize("metric", ["investment_completed", "completion_rate", "start_rate",
                                    "restart_rate", "start_restart_rate", "disbursement_rate",
                                    "funds_arrival_rate", "production_rate", "agreement_rate",
                                    "project_count"])
def test_every_project_metric_has_a_figure_and_words(tmp_path: Path, metric: str) -> None:
    (result,) = evaluate(tmp_path, target("T", metric, 100, "2025-12"))
    assert result.status in ("已完成", "按序时推进", "落后序时", "暂无数据")
    row = target_rows([result], internal=True)[0]
    assert row["figure"] and row["kind"]


def test_reporting_unit_must_be_registered(tmp_path: Path) -> None:
    from generator.rules.target_checks import check_targets

    ds = dataset(tmp_path, [project("P1")], targets=[
        reported("A", 1, "2025-12", []), target("B", "reported", 1, "2025-12", reported_by="统计所")])
    found = check_targets(ds, lambda name: name != "县统计局")
    assert [(f.code, f.field) for f in found] == [("unknown-unit", "reported_by")]
