"""红黄绿灯: each rule at its thresholds, on both bases, and the lights the pages show.

Hand-worked cases: 序时进度 75% (September of a plan for the calendar year), completion
rates just on and just past each line; deadlines on, one day inside and one day past the
warning days. Then the project table and the lagging list built from them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from test_metrics import dataset, monthly, project

from generator.figures.lagging import (
    ApprovalDueSoon,
    ApprovalOverdue,
    BehindSchedule,
    NotStarted,
    StartDueSoon,
    lagging_projects,
)
from generator.figures.lights import (
    GREEN,
    RED,
    YELLOW,
    Rule,
    counts,
    deadline_light,
    progress_light,
    rule_of,
    start_light,
    target_light,
    task_light,
    worst,
)
from generator.figures.table import project_table
from generator.figures.tasks import assess
from generator.inputs.explain import validation_errors
from generator.model.models import LightRule, Plan, SiteConfig
from generator.model.units import UnitRegister
from generator.present.badges import light_badge
from generator.present.words import lag_reason, light_legend, reasons_text

SEPTEMBER = 0.75  # 序时进度 at 30 September


def rule(basis: str = "points", yellow: float = 10, red: float = 30, days: int = 15,
         task_days: int = 30) -> Rule:
    return Rule(basis, yellow, red, days, task_days)


# ---------------------------------------------------------------- progress, points basis


@pytest.mark.parametrize(("completion", "light"), [
    (0.80, GREEN),   # ahead of 序时
    (0.75, GREEN),   # on 序时
    (0.65, GREEN),   # exactly 10.0 points below: the better light (银川: yellow from 10)
    (0.649, YELLOW),  # 10.1 below
    (0.45, YELLOW),  # exactly 30.0 below
    (0.449, RED),    # 30.1 below
    (0.0, RED),
])  # fmt: skip
def test_points_basis_at_its_lines(completion: float, light: str) -> None:
    assert progress_light(completion, SEPTEMBER, rule("points", 10, 30)) == light


@pytest.mark.parametrize(("completion", "light"), [
    (0.60, GREEN),   # 80.0% of 序时: on the yellow line (武汉: yellow below 80%)
    (0.599, YELLOW),  # 79.9%
    (0.45, YELLOW),  # 60.0%: on the red line
    (0.449, RED),    # 59.9%
    (0.90, GREEN),   # above 序时
])  # fmt: skip
def test_share_basis_at_its_lines(completion: float, light: str) -> None:
    assert progress_light(completion, SEPTEMBER, rule("share", 80, 60)) == light


def test_sanya_share_rule_is_yellow_anywhere_below_schedule() -> None:
    """三亚: up to 50 % below 序时 yellow, beyond red: share basis, yellow 100, red 50."""
    sanya = rule("share", 100, 50)
    assert progress_light(0.75, SEPTEMBER, sanya) == GREEN
    assert progress_light(0.749, SEPTEMBER, sanya) == YELLOW  # 99.9 %
    assert progress_light(0.375, SEPTEMBER, sanya) == YELLOW  # 50.0 %
    assert progress_light(0.374, SEPTEMBER, sanya) == RED


def test_nothing_due_is_green_and_no_rate_is_no_light() -> None:
    assert progress_light(0.0, 0.0, rule("points")) == GREEN
    assert progress_light(0.0, 0.0, rule("share")) == GREEN
    assert progress_light(None, SEPTEMBER, rule()) is None
    assert progress_light(float("nan"), SEPTEMBER, rule()) is None


# ---------------------------------------------------------------- defaults from site.yaml


def config(**lights: Any) -> SiteConfig:
    data: dict[str, Any] = {"region": "示例县", "title": "t", "report_date": "2025-09-30",
                            "lag_tolerance": 5, "townships": [{"code": "CG", "name": "城关镇"}]}
    if lights:
        data["lights"] = lights
    return SiteConfig.model_validate(data)


def test_defaults_make_yellow_the_lag_tolerance_and_red_30_points() -> None:
    assert rule_of(config()) == Rule("points", 5.0, 30.0, 15, 30)
    assert rule_of(config(basis="share")) == Rule("share", 80.0, 60.0, 15, 30)
    assert rule_of(config(yellow=10, red=30, warning_days=7)) == Rule("points", 10.0, 30.0, 7, 30)
    # A yellow line beyond the default red leaves no yellow band rather than an inverted one.
    assert rule_of(config(yellow=40)) == Rule("points", 40.0, 40.0, 15, 30)


@pytest.mark.parametrize(("basis", "yellow", "red"), [("points", 30, 10), ("share", 60, 80)])
def test_thresholds_in_the_wrong_order_are_refused(basis: str, yellow: int, red: int) -> None:
    with pytest.raises(ValidationError) as refused:
        LightRule(basis=basis, yellow=yellow, red=red)
    ((_, (code, values)),) = validation_errors(refused.value)
    assert code == "light-thresholds-order"
    assert (values["yellow"], values["red"]) == (str(yellow), str(red))


def test_equal_lines_leave_no_yellow_band() -> None:
    assert LightRule(basis="points", yellow=10, red=10).red == 10


# ---------------------------------------------------------------- deadlines


DAY = dt.date(2025, 9, 30)


@pytest.mark.parametrize(("deadline", "done", "light"), [
    (dt.date(2025, 10, 16), False, GREEN),   # 16 days ahead
    (dt.date(2025, 10, 15), False, YELLOW),  # 15 days: within the warning days
    (DAY, False, YELLOW),                    # due today, not yet overdue
    (dt.date(2025, 9, 29), False, RED),      # a day past
    (dt.date(2025, 9, 29), True, GREEN),     # done
    (None, False, None),
])  # fmt: skip
def test_deadline_light(deadline: dt.date | None, done: bool, light: str | None) -> None:
    assert deadline_light(deadline, done, DAY, 15) == light


def test_a_planned_start_is_due_on_its_last_day() -> None:
    assert start_light(DAY, False, DAY, 15) == RED  # as 开工率 counts it
    assert start_light(dt.date(2025, 10, 15), False, DAY, 15) == YELLOW
    assert start_light(dt.date(2025, 10, 16), False, DAY, 15) == GREEN
    assert start_light(dt.date(2025, 1, 31), True, DAY, 15) is None  # started
    assert start_light(None, False, DAY, 15) is None


def _task_state(deadline: str | None, status: str = "推进中", rhythm: str | None = None):
    plan = Plan.model_validate({
        "id": "p", "title": "方案", "issuer": "县政府", "date": "2025-01-01",
        "sections": [{"number": "一", "title": "任务", "tasks": [
            {"number": "1", "text": "任务", "lead": ["县发展改革局"], "deadline": deadline,
             "rhythm": rhythm, "status": status}]}],
    })  # fmt: skip
    section = plan.sections[0]
    return assess(section.tasks[0], DAY, UnitRegister([]), plan=plan, section=section)


def test_task_lights() -> None:
    r = rule(task_days=30)
    assert task_light(_task_state("2025-10-30"), r) == YELLOW  # 30 days left
    assert task_light(_task_state("2025-10-31"), r) == GREEN  # 31 days left
    assert task_light(_task_state("2025-09"), r) == YELLOW  # the month ends today
    assert task_light(_task_state("2025-08"), r) == RED  # overdue
    assert task_light(_task_state("2025-08", status="已完成"), r) == GREEN
    assert task_light(_task_state(None, rhythm="每月"), r) is None


def test_target_lights() -> None:
    r = rule("points", 10, 30)
    assert target_light("已完成", 1.0, 0.75, r) == GREEN  # met before its deadline
    assert target_light("完成", 1.0, 1.0, r) == GREEN  # met at its deadline
    assert target_light("未完成", 0.9, 1.0, r) == RED  # ended unmet
    assert target_light("按序时推进", 0.70, 0.75, r) == GREEN
    assert target_light("落后序时", 0.60, 0.75, r) == YELLOW  # 15 points behind its time
    assert target_light("落后序时", 0.40, 0.75, r) == RED
    assert target_light("落后序时", None, 0.75, r) == RED  # nothing achieved yet
    for unjudged in ("进行中", "暂无数据", "无数据", "缺最终数据", "仅公开项目"):
        assert target_light(unjudged, None, None, r) is None  # no light where none is judged


def test_worst_and_counts() -> None:
    assert worst([GREEN, None, YELLOW]) == YELLOW
    assert worst([GREEN, RED, YELLOW]) == RED
    assert worst([None, None]) is None
    assert counts([RED, GREEN, None, float("nan"), RED]) == {RED: 2, YELLOW: 0, GREEN: 1}


# ---------------------------------------------------------------- the table and the list


def _projects() -> list:
    approvals = [
        {"kind": "环评", "authority": "市生态环境局", "deadline": "2025-10-10", "status": "办理中"},
        {"kind": "施工许可", "authority": "县住建局", "deadline": "2025-11-30", "status": "未启动"},
    ]  # fmt: skip
    return [
        project("G1"),  # 75 % done: green
        project("Y1"),  # 6.7 points behind: yellow (tolerance 5)
        project("R1"),  # 40 points behind: red
        project("A1", approvals=approvals),  # on 序时, an approval due in 10 days: yellow
        project("S1", stage="前期", dates={"planned_start": "2025-10-12"}),  # starts soon
        project("S2", stage="前期", dates={"planned_start": "2025-08"}),  # overdue start
        project("N1", stage="谋划", annual_plan={}, dates={}),  # nothing to judge
    ]


def _records() -> list:
    return (monthly("G1", 100, range(1, 10)) + monthly("Y1", 82, range(1, 10))
            + monthly("R1", 46.67, range(1, 10)) + monthly("A1", 100, range(1, 10)))


def test_project_table_lights_and_their_reasons(tmp_path: Path) -> None:
    ds = dataset(tmp_path, _projects(), _records())
    table = project_table(ds)
    lights = {c: v if isinstance(v, str) else None for c, v in table["light"].items()}
    assert lights == {"A1": YELLOW, "G1": GREEN, "N1": None, "R1": RED,
                                        "S1": YELLOW, "S2": RED, "Y1": YELLOW}
    entries = {e.code: e for e in lagging_projects(ds, table)}
    # Red first, then the most reasons, the largest lag (R1 and S2 both 40 points), the code.
    assert [e.code for e in lagging_projects(ds, table)] == ["R1", "S2", "Y1", "A1", "S1"]
    assert set(entries) == {c for c, light in table["light"].items() if light in (RED, YELLOW)}
    for e in entries.values():  # the list says why, in the lights the table shows
        assert worst(r.light for r in e.reasons) == e.light
    (behind,) = entries["R1"].reasons
    assert isinstance(behind, BehindSchedule) and behind.light == RED
    assert lag_reason(behind) == "投资完成率35.0%，低于序时进度75.0%，滞后40.0个百分点"
    (due,) = entries["A1"].reasons
    assert isinstance(due, ApprovalDueSoon) and due.days_left == 10
    assert lag_reason(due) == "环评办理时限2025年10月10日，还有10天，目前办理中（市生态环境局）"
    (soon,) = entries["S1"].reasons
    assert isinstance(soon, StartDueSoon)
    assert lag_reason(soon) == "计划2025年10月12日开工，尚未开工，距开工时限12天"
    assert [type(r) for r in entries["S2"].reasons] == [NotStarted]
    assert entries["R1"].candidate and not entries["Y1"].candidate


def test_share_basis_from_site_yaml_changes_the_lights(tmp_path: Path) -> None:
    ds = dataset(tmp_path, _projects(), _records())
    ds.config = ds.config.model_copy(
        update={"lights": LightRule(basis="share", yellow=80, red=50)})
    table = project_table(ds)
    # Y1: 68.3 % done of 75 % is 91.1 % of 序时: green on this basis; R1: 46.7 %: red.
    assert (table.at["Y1", "light"], table.at["R1", "light"]) == (GREEN, RED)
    assert table.at["Y1", "status"] == "滞后"  # 滞后 keeps its own tolerance
    (entry,) = [e for e in lagging_projects(ds, table) if e.code == "R1"]
    assert lag_reason(entry.reasons[0]).endswith("滞后40.0个百分点，为序时进度的46.7%")


def test_mixed_reasons_name_their_lights() -> None:
    approval = _projects()[3].approvals
    reasons = [ApprovalOverdue(approval[0]), ApprovalDueSoon(approval[1], 3)]
    assert reasons_text(reasons).startswith("红灯：环评办理时限")
    assert "；黄灯：施工许可办理时限2025年11月30日，还有3天" in reasons_text(reasons)
    assert not reasons_text(reasons[:1]).startswith("红灯")


def test_legend_states_the_rule_in_force() -> None:
    points = dict(light_legend(rule("points", 10, 30, days=7)))
    assert "超过10个百分点、不超过30个百分点" in points[YELLOW] and "前7天内" in points[YELLOW]
    assert "超过30个百分点" in points[RED] and "挂牌督办候选" in points[RED]
    share = dict(light_legend(rule("share", 80, 60)))
    assert "低于序时进度的80%、不低于60%" in share[YELLOW]


def test_a_light_shows_a_shape_and_a_word_not_colour_alone() -> None:
    assert str(light_badge(RED)) == '<span class="zd-status zd-status--bad">■ 红灯</span>'
    assert "◆ 黄灯" in light_badge(YELLOW) and "● 绿灯" in light_badge(GREEN)
    assert "未亮灯" in light_badge(None)
    assert 'title="超期"' in light_badge(RED, "超期")
