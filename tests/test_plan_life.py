"""Plans with a life: rhythms (每日 … 每年, 每月1—2次, several per task), the cycle each asks
for while the plan runs, and the final verdict on every task once the period has ended."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from generator.figures.cycles import coverage, cycle_of
from generator.figures.tasks import (
    DONE,
    EXPIRED,
    IN_PROGRESS,
    OVERDUE,
    RUNNING,
    TERMINATED,
    UNFINISHED,
    Counts,
    assess,
    assess_plan,
    plan_life,
)
from generator.model.codes import CodedError
from generator.model.models import Plan, Task, TaskNote
from generator.model.rhythms import Rhythm, parse_rhythm
from generator.model.units import UnitRegister
from generator.present.words import coverage_text, cycle_label, cycle_progress, plan_life_text
from generator.rules.check import check
from generator.site.render import render_site

REGISTER = UnitRegister([])


def plan(**fields: Any) -> Plan:
    data: dict[str, Any] = {
        "id": "p", "title": "三年攻坚行动方案", "issuer": "县政府办", "date": "2022-07-18",
        "sections": [{"number": "一", "title": "任务", "tasks": [
            {"number": "1", "text": "任务。", "lead": ["县发改局"], "deadline": "2024-12"}]}],
    }
    data.update(fields)
    return Plan.model_validate(data)


def task(**fields: Any) -> Task:
    data: dict[str, Any] = {"number": "1", "text": "任务。", "lead": ["县发改局"]}
    data.update(fields)
    return Task.model_validate(data)


def notes(*days: str) -> list[dict[str, str]]:
    return [{"date": d, "text": "进展"} for d in days]


def judged(t: Task, p: Plan, report: date) -> Any:
    return assess(t, report, REGISTER, plan=p, section=p.sections[0], life=plan_life(p, report))


# --- rhythms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "kept", "rhythm"), [
    ("每日", "每日", Rhythm("每日")),
    ("每天", "每日", Rhythm("每日")),
    ("每周", "每周", Rhythm("每周")),
    ("每月", "每月", Rhythm("每月")),
    ("每季度", "每季度", Rhythm("每季度")),
    ("每季", "每季度", Rhythm("每季度")),
    ("每半年", "每半年", Rhythm("每半年")),
    ("每年", "每年", Rhythm("每年")),
    ("每月1—2次", "每月1—2次", Rhythm("每月", 1, 2)),
    ("每月1-2次", "每月1—2次", Rhythm("每月", 1, 2)),
    ("每月1至2次", "每月1—2次", Rhythm("每月", 1, 2)),
    ("每月 1 - 2 次", "每月1—2次", Rhythm("每月", 1, 2)),
    ("每周2次", "每周2次", Rhythm("每周", 2)),
    ("每周两次", "每周2次", Rhythm("每周", 2)),
    ("每月一次", "每月", Rhythm("每月")),
    ("每月召开1-2次", "每月1—2次", Rhythm("每月", 1, 2)),
])
def test_each_rhythm_as_plans_write_it(written: str, kept: str, rhythm: Rhythm) -> None:
    assert parse_rhythm(written) == rhythm
    assert rhythm.text == kept
    assert task(rhythm=written).rhythm == [kept]


@pytest.mark.parametrize("written", ["每旬", "每月2-1次", "每月0次", "月度", "每两周", ""])
def test_other_rhythms_are_refused_with_their_code(written: str) -> None:
    with pytest.raises(CodedError) as refused:
        parse_rhythm(written)
    assert refused.value.code == "unknown-rhythm"


def test_several_rhythms_per_task() -> None:
    # Seed 004 二(三)4: 每日调度、每周报告、每月调度.
    assert task(rhythm="每日、每周、每月").rhythm == ["每日", "每周", "每月"]
    assert task(rhythm=["每日", "每周", "每月1-2次"]).rhythm == ["每日", "每周", "每月1—2次"]
    assert task(rhythm=["每月", "每月"]).rhythm == ["每月"]
    assert task().rhythm == []
    with pytest.raises(ValidationError):
        task(rhythm=["每月", "每旬"])


@pytest.mark.parametrize(("rhythm", "day", "start", "end"), [
    ("每日", date(2025, 10, 31), date(2025, 10, 31), date(2025, 10, 31)),
    ("每周", date(2025, 10, 31), date(2025, 10, 27), date(2025, 11, 2)),
    ("每周2次", date(2025, 10, 31), date(2025, 10, 27), date(2025, 11, 2)),
    ("每月", date(2025, 10, 31), date(2025, 10, 1), date(2025, 10, 31)),
    ("每月1—2次", date(2025, 2, 14), date(2025, 2, 1), date(2025, 2, 28)),
    ("每季度", date(2025, 11, 5), date(2025, 10, 1), date(2025, 12, 31)),
    ("每半年", date(2025, 6, 30), date(2025, 1, 1), date(2025, 6, 30)),
    ("每年", date(2025, 1, 1), date(2025, 1, 1), date(2025, 12, 31)),
])
def test_the_cycle_of_each_rhythm(rhythm: str, day: date, start: date, end: date) -> None:
    cycle = cycle_of(rhythm, day)
    assert (cycle.start, cycle.end) == (start, end)


def test_a_daily_cycle_is_the_report_day_and_a_month_note_never_covers_it() -> None:
    report = date(2025, 10, 31)
    on_day = assess(task(rhythm="每日", notes=notes("2025-10-31")), report, REGISTER,
                    plan=plan(), section=plan().sections[0])
    day_before = assess(task(rhythm="每日", notes=notes("2025-10-30", "2025-10")), report,
                        REGISTER, plan=plan(), section=plan().sections[0])
    assert on_day.cycle_done is True and day_before.cycle_done is False
    assert cycle_label(on_day.cycles[0]) == "2025年10月31日"
    assert cycle_progress(day_before.cycles[0], 0) == "当日尚无进展"


def test_a_rhythm_with_a_count_needs_that_many_notes() -> None:
    report = date(2025, 10, 31)
    p = plan()
    twice = task(rhythm="每周2次", notes=notes("2025-10-28"))
    once = assess(twice, report, REGISTER, plan=p, section=p.sections[0])
    assert once.cycle_done is False and once.cycle_missing
    assert cycle_progress(once.cycles[0], 1) == "本周已有1次进展(每周2次)"
    enough = task(rhythm="每周2次", notes=notes("2025-10-28", "2025-10-30"))
    assert assess(enough, report, REGISTER, plan=p, section=p.sections[0]).cycle_done is True
    # 每月1—2次: one meeting a month is enough; the 2 is what the plan allows at most.
    monthly = task(rhythm="每月1-2次", notes=notes("2025-10-09"))
    assert assess(monthly, report, REGISTER, plan=p, section=p.sections[0]).cycle_done is True


def test_several_rhythms_each_have_their_cycle() -> None:
    report = date(2025, 10, 31)
    p = plan()
    t = task(rhythm="每日、每周、每月", notes=notes("2025-10-03", "2025-10-28"))
    s = assess(t, report, REGISTER, plan=p, section=p.sections[0])
    assert [c.rhythm.base for c in s.cycles] == ["每日", "每周", "每月"]
    assert [c.covered(s.notes) for c in s.cycles] == [False, True, True]
    assert s.cycle_done is False and s.cycle_missing  # the day's report is missing


# --- a plan's life ------------------------------------------------------------------------------


PERIOD = {"start": "2022-01", "end": "2024-12"}


@pytest.mark.parametrize(("fields", "report", "status", "closed"), [
    ({}, date(2030, 1, 1), RUNNING, None),  # no period: runs until terminated
    ({"period": PERIOD}, date(2024, 12, 31), RUNNING, None),  # its last day: still running
    ({"period": PERIOD}, date(2025, 1, 1), EXPIRED, date(2024, 12, 31)),
    ({"period": PERIOD}, date(2026, 10, 31), EXPIRED, date(2024, 12, 31)),
    ({"period": PERIOD, "terminated": "2023-06-30"}, date(2025, 10, 31), TERMINATED,
     date(2023, 6, 30)),
    ({"period": PERIOD, "terminated": "2023-06"}, date(2023, 6, 15), TERMINATED,
     date(2023, 6, 15)),
    ({"period": PERIOD, "terminated": "2025-03-01"}, date(2025, 10, 31), EXPIRED,
     date(2024, 12, 31)),  # ended by its period first
    ({"period": PERIOD, "terminated": "2026-01-01"}, date(2024, 10, 31), RUNNING, None),
    ({"terminated": "2025-03-01"}, date(2025, 10, 31), TERMINATED, date(2025, 3, 1)),
])
def test_plan_status(fields: dict[str, Any], report: date, status: str,
                     closed: date | None) -> None:
    life = plan_life(plan(**fields), report)
    assert (life.status, life.closed) == (status, closed)


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match="执行期止 2021-12 早于执行期起 2023-01"):
        plan(period={"start": "2023-01", "end": "2021-12"})


def test_plan_life_words() -> None:
    assert plan_life_text(EXPIRED, date(2023, 12, 31), date(2023, 12, 31)) == (
        "执行期已于2023年12月31日届满, 任务按执行期末完成情况作最终判定")
    assert plan_life_text(RUNNING, None, date(2027, 12, 31)) == "执行中, 执行期至2027年12月31日"
    assert plan_life_text(TERMINATED, date(2023, 6, 30), None).startswith("已于2023年6月30日终止")


# --- final verdicts -----------------------------------------------------------------------------


REPORT = date(2025, 10, 31)  # ten months after the period ended


@pytest.mark.parametrize(("fields", "verdict", "late"), [
    ({"status": "已完成", "done": "2024-06-30"}, DONE, False),
    ({"status": "已完成", "done": "2024-12-31"}, DONE, False),  # done on the last day
    ({"status": "已完成"}, DONE, False),  # no date: taken at its word
    ({"status": "已完成", "done": "2025-03-10"}, UNFINISHED, True),  # done after the end
    ({"status": "推进中"}, UNFINISHED, False),
    ({"status": "未开始", "deadline": "2022-12"}, UNFINISHED, False),
])
def test_tasks_get_a_final_verdict_at_the_end_date(fields: dict[str, Any], verdict: str,
                                                   late: bool) -> None:
    p = plan(period=PERIOD)
    s = judged(task(**{"deadline": "2024-12", **fields}), p, REPORT)
    assert s.state == verdict and s.done_late is late and s.final
    assert s.closed == date(2024, 12, 31)
    assert not s.overdue and s.days_overdue is None and s.days_left is None
    assert s.cycles == ()


def test_the_same_task_runs_while_the_plan_runs() -> None:
    p = plan(period=PERIOD)
    s = judged(task(deadline="2023-06", status="推进中"), p, date(2024, 3, 31))
    assert s.state == OVERDUE and s.days_overdue == 275 and not s.final  # 2024 is a leap year
    s = judged(task(deadline="2024-06", status="推进中"), p, date(2024, 3, 31))
    assert s.state == IN_PROGRESS


def test_a_terminated_plan_judges_at_its_termination_date() -> None:
    p = plan(period=PERIOD, terminated="2023-06-30")
    assert judged(task(status="已完成", done="2023-05-01"), p, REPORT).state == DONE
    assert judged(task(status="已完成", done="2023-08-01"), p, REPORT).state == UNFINISHED


def test_recurring_tasks_ask_for_notes_only_while_the_plan_runs() -> None:
    t = task(rhythm="每月", status="推进中", notes=notes("2024-11-05", "2024-12-02"))
    ended = judged(t, plan(period=PERIOD), REPORT)
    assert ended.cycles == () and not ended.cycle_missing and ended.state == UNFINISHED
    running = judged(t, plan(period=PERIOD), date(2024, 12, 20))
    assert running.cycle_done is True
    not_begun = judged(t, plan(period={"start": "2026-01", "end": "2028-12"}), REPORT)
    assert not_begun.cycles == () and not not_begun.cycle_missing


def test_recurring_tasks_report_their_cycles_over_the_period() -> None:
    # Issued 18 July 2022, period 2022-01 … 2024-12: months from July 2022 count (30).
    monthly = [f"{y}-{m:02d}-10" for y in (2022, 2023, 2024) for m in range(1, 13)
               if (y, m) >= (2022, 7) and m != 5]
    t = task(rhythm="每月、每季度、每周2次", status="已完成", done="2024-12-31",
             notes=notes(*monthly, "2025-01-10"))
    s = judged(t, plan(period=PERIOD), REPORT)
    by_base = {c.rhythm.text: (c.cycles, c.covered) for c in s.coverage}
    assert by_base["每月"] == (30, 28)  # May 2023 and May 2024 missed; 2025 is after the end
    assert by_base["每季度"] == (10, 10)
    assert by_base["每周2次"][1] == 0  # one note a week is never two
    assert coverage_text(s.coverage[0]) == "每月: 30 个月中 28 个月有进展记录"
    assert coverage_text(s.coverage[2]).endswith("有2次以上进展记录")


def test_daily_coverage_counts_days() -> None:
    rhythm = parse_rhythm("每日")
    cover = coverage(rhythm, [TaskNote.model_validate(n) for n in notes("2024-12-30",
                                                                         "2024-12")],
                     date(2024, 12, 1), date(2024, 12, 31))
    assert (cover.cycles, cover.covered) == (31, 1)


def test_counts_of_a_plan_that_ended_are_verdicts() -> None:
    p = plan(period=PERIOD, sections=[{"number": "一", "title": "任务", "tasks": [
        {"number": "1", "text": "a", "lead": ["x"], "deadline": "2023-12", "status": "已完成"},
        {"number": "2", "text": "b", "lead": ["x"], "deadline": "2023-12", "status": "推进中"},
        {"number": "3", "text": "c", "lead": ["x"], "rhythm": "每月"},
    ]}])
    counts = assess_plan(p, REPORT, REGISTER).counts
    assert (counts.done, counts.unfinished, counts.overdue, counts.in_progress) == (1, 2, 0, 0)
    assert counts.total == 3 and (counts + Counts(overdue=1)).total == 4


# --- the pages ----------------------------------------------------------------------------------


ENDED_PLAN = """\
id: old
title: 三年攻坚行动方案(2022—2024年)
issuer: 示例县人民政府办公室
date: 2022-07-18
meeting: 县十七届人民政府第73次常务会议
period: {start: 2022-01, end: 2024-12}
goals:
  - text: 力争到2024年全县重大项目累计完成投资120亿元以上
sections:
  - number: 一
    title: 任务
    tasks:
      - {number: 一1, text: 着力扩大工业投资。, lead: [示例县水利局], deadline: 2023-06, status: 推进中}
      - {number: 一2, text: 按月调度。, lead: [示例县水利局], rhythm: 每月, status: 推进中}
      - {number: 一3, text: 建成园区道路。, lead: [示例县水利局], deadline: 2024-06, status: 已完成,
         done: 2024-05-20}
"""


def test_a_plan_that_ended_shows_verdicts_not_growing_overdue_days(minimal_data: Path) -> None:
    (minimal_data / "plans").mkdir()
    (minimal_data / "plans" / "old.yaml").write_text(ENDED_PLAN, encoding="utf-8")
    ds, findings = check(minimal_data)
    assert ds is not None, findings
    pages = render_site(ds, "internal").pages
    page = pages["plans/old/index.md"]
    assert "已到期" in page and "执行期已于2024年12月31日届满" in page
    assert "县十七届人民政府第73次常务会议" in page and "2022年1月—2024年12月" in page
    assert "力争到2024年全县重大项目累计完成投资120亿元以上" in page
    assert "已逾期" not in page and "逾期</span>" not in page
    assert "尚无进展" not in page  # no cycle is asked for once the plan is over
    assert page.count('aria-label="未完成"') == 2 and page.count('aria-label="已完成"') == 1
    index = pages["plans/index.md"]
    assert "## 已结束的方案" in index and "暂无执行中的行动方案" in index
    overdue = index.split("## 逾期任务", 1)[1].split("## 周期性任务", 1)[0]
    recurring = index.split("## 周期性任务", 1)[1]
    assert "old/index.html" not in overdue and "old/index.html" not in recurring
