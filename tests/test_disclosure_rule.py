"""The disclosure rule at its edges (seed 004 三(二)2: fiscal money ≥ 1000万元)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.model.models import Project, SiteConfig
from generator.present.words import disclosure_reason
from generator.rules.visibility import INTERNAL_PROJECT_FIELDS, disclosure, public_project

CONFIG = SiteConfig.model_validate({
    "region": "示例县", "title": "示例县重点项目", "report_date": "2025-10-31",
    "townships": [{"code": "cg", "name": "城关镇"}],
})


def project(funding: list[tuple[str, float]], **extra: Any) -> Project:
    data = {
        "code": "T-1", "name": "测试项目", "level": "县重点", "domain": "水利", "stage": "续建",
        "township": "城关镇", "owner": "业主", "department": "县水利局",
        "government_invested": True, "total_investment": 50000,
        "funding": [{"source": s, "amount": a} for s, a in funding],
    }
    data.update(extra)
    return Project.model_validate(data)


@pytest.mark.parametrize(
    ("funding", "expected"),
    [
        ([("地方政府专项债券", 999.99)], False),
        ([("地方政府专项债券", 1000)], True),
        ([("中央预算内投资", 600), ("其他财政资金", 400)], True),  # split across sources
        ([("中央预算内投资", 0.1), ("其他财政资金", 0.2), ("地方政府一般债券", 999.7)], True),
        ([("中央预算内投资", 600), ("企业自筹", 400)], False),  # only 600 is fiscal
        ([("企业自筹", 30000), ("银行贷款", 20000)], False),  # non-fiscal money only
        ([("政策性开发性金融工具", 5000)], False),  # not fiscal under the default config
    ],
)
def test_threshold_edges(funding: list[tuple[str, float]], expected: bool) -> None:
    assert disclosure(project(funding), CONFIG).public is expected


def test_not_government_invested_is_not_published() -> None:
    p = project([("地方政府专项债券", 5000)], government_invested=False)
    decision = disclosure(p, CONFIG)
    assert not decision.public and disclosure_reason(decision) == "非政府投资项目"


def test_explicit_public_mark_publishes_a_small_project() -> None:
    decision = disclosure(project([("其他财政资金", 10)], public=True), CONFIG)
    assert decision.public and not decision.by_rule
    assert disclosure_reason(decision).startswith("数据标记为公开")


def test_withheld_project_keeps_its_reason() -> None:
    p = project([("地方政府专项债券", 5000)], public=False, withhold_reason="涉及国家安全")
    decision = disclosure(p, CONFIG)
    assert not decision.public and decision.by_rule
    assert disclosure_reason(decision) == "不予公开: 涉及国家安全"


def test_withholding_without_reason_is_a_validation_error() -> None:
    with pytest.raises(ValueError, match="withhold_reason"):
        project([("地方政府专项债券", 5000)], public=False)


def test_pipeline_projects_stay_internal_unless_marked() -> None:
    for stage in ("谋划", "储备"):
        assert not disclosure(project([("地方政府专项债券", 5000)], stage=stage), CONFIG).public


def test_threshold_comes_from_config() -> None:
    config = CONFIG.model_copy(update={"disclosure_threshold": 500})
    assert disclosure(project([("地方政府专项债券", 600)]), config).public


def test_public_project_empties_every_internal_field() -> None:
    p = project([("地方政府专项债券", 5000)], leader="王建国", task_force="水利专班",
                notes="内部备注", public=True)
    cleaned = public_project(p)
    for name in INTERNAL_PROJECT_FIELDS:
        assert getattr(cleaned, name) in (None, [], {}), name
    assert cleaned.name == p.name
