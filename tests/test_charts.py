"""Charts: offline SVG, same bytes for the same data, a cache that skips unchanged charts,
and text alternatives that carry the chart's numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_metrics import dataset, monthly, project, target

from generator.figures.groups import group_summary
from generator.figures.series import monthly_series
from generator.figures.table import project_table
from generator.figures.targets import evaluate_targets
from generator.model.dataset import Dataset
from generator.present import charts as c

NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def _dataset(tmp_path: Path) -> Dataset:
    projects = [
        project("P1", domain="交通", annual_plan={2025: 120000}, total_investment=500000),
        project("P2", domain="工业", township="新镇"),
        project("P3", domain="工业", stage="前期", dates={"planned_start": "2025-05"}),
    ]
    records = monthly("P1", 10000, range(1, 10)) + monthly("P2", 20, range(1, 10))
    targets = [
        target("T1", "investment_completed", 200000, "2025-12", title="全年完成投资20亿元"),
        target("T2", "project_count", 2, "2025-06", title="签约一批落地2个",
               scope={"batches": ["签约一批"]}),
    ]  # fmt: skip
    return dataset(tmp_path, projects, records, targets=targets)


def _all_charts(ds: Dataset, cache: c.ChartCache) -> dict[str, c.ChartOutput]:
    table = project_table(ds)
    return {
        "progress": c.progress_chart(monthly_series(ds), "全县累计完成投资", cache),
        "domain": c.rate_by_group_chart(
            group_summary(table, "domain"), "领域", "各领域投资完成率", cache
        ),
        "stage": c.stage_chart(table, "项目建设阶段", cache),
        "targets": c.targets_chart(evaluate_targets(ds, table), "攻坚目标", cache),
        "project": c.project_progress_svg(monthly_series(ds, ["P2"])),
    }


@pytest.fixture(scope="module")
def charts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, c.ChartOutput]:
    return _all_charts(_dataset(tmp_path_factory.mktemp("charts")), c.ChartCache(validate=True))


def test_every_chart_is_offline_well_formed_svg(charts: dict[str, c.ChartOutput]) -> None:
    for name, chart in charts.items():
        assert chart.svg.startswith("<svg "), name
        root = ET.fromstring(chart.svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("role") == "img"
        assert root.get("aria-label", "").startswith(chart.title)
        assert "max-width:100%" in root.get("style", "")
        rest = chart.svg
        for uri in NAMESPACES:
            rest = rest.replace(f'"{uri}"', "")
        assert "http" not in rest, name
        assert "<script" not in rest and "<image" not in rest, name
        assert "viewBox" in chart.svg, name


def test_charts_fit_a_phone_and_stay_small(charts: dict[str, c.ChartOutput]) -> None:
    for name, chart in charts.items():
        root = ET.fromstring(chart.svg)
        assert float(root.get("width", "0")) <= c.WIDTH, name
        assert len(chart.svg.encode()) < 20_000, name
    assert len(charts["project"].svg.encode()) < 4_000


def test_status_is_written_not_only_coloured(charts: dict[str, c.ChartOutput]) -> None:
    texts = {name: "".join(ET.fromstring(ch.svg).itertext()) for name, ch in charts.items()}
    assert "滞后" in texts["domain"]
    assert "序时" in texts["domain"]
    assert "未完成" in texts["targets"]
    assert "序时" in texts["progress"] and "年度计划" in texts["progress"]


def test_same_data_same_bytes(tmp_path: Path) -> None:
    first = _all_charts(_dataset(tmp_path), c.ChartCache(validate=True))
    second = _all_charts(_dataset(tmp_path), c.ChartCache(validate=True))
    for name in first:
        assert first[name].svg == second[name].svg, name


def test_cache_renders_each_spec_once(tmp_path: Path) -> None:
    ds = _dataset(tmp_path)
    cache = c.ChartCache(tmp_path / "cache", validate=True)
    c.progress_chart(monthly_series(ds), "全县", cache)
    assert (cache.renders, cache.hits) == (1, 0)
    again = c.progress_chart(monthly_series(ds), "全县", cache)
    assert (cache.renders, cache.hits) == (1, 1)
    files = list((tmp_path / "cache").glob("*.svg"))
    assert len(files) == 1
    # A new build reads the SVG from disk instead of rendering.
    fresh = c.ChartCache(tmp_path / "cache", validate=True)
    assert c.progress_chart(monthly_series(ds), "全县", fresh).svg == again.svg
    assert (fresh.renders, fresh.hits) == (0, 1)
    # Changed data is a new spec; a damaged file is rendered again.
    c.progress_chart(monthly_series(ds, ["P1"]), "P1", fresh)
    assert fresh.renders == 1
    files[0].write_text("<svg", encoding="utf-8")
    damaged = c.ChartCache(tmp_path / "cache", validate=True)
    assert c.progress_chart(monthly_series(ds), "全县", damaged).svg == again.svg
    assert damaged.renders == 1


def test_the_title_is_not_part_of_the_cache_key(tmp_path: Path) -> None:
    ds = _dataset(tmp_path)
    cache = c.ChartCache(validate=True)
    one = c.progress_chart(monthly_series(ds), "甲", cache)
    two = c.progress_chart(monthly_series(ds), "乙", cache)
    assert cache.renders == 1
    assert 'aria-label="甲：' in one.svg and 'aria-label="乙：' in two.svg


def test_progress_text_alternative(charts: dict[str, c.ChartOutput]) -> None:
    chart = charts["progress"]
    assert chart.headers == ("月份", "当月完成(万元)", "累计完成(万元)", "序时计划(万元)")
    assert len(chart.rows) == 9
    assert chart.rows[0] == ("1月", "10,020", "10,020", "10,200")
    assert chart.rows[-1] == ("9月", "10,020", "90,180", "91,800")
    # 90180 / 122400 = 73.7% against 75%: 1.3 points behind.
    assert chart.summary == (
        "截至9月累计完成投资9.02亿元，为年度计划12.24亿元的73.7%，序时进度75.0%，滞后1.3个百分点。"
    )
    assert "单位：亿元" in "".join(ET.fromstring(chart.svg).itertext())


def test_project_chart_marks_missing_months(tmp_path: Path) -> None:
    ds = dataset(
        tmp_path,
        [project("P1", dates={"planned_start": "2025-03", "actual_start": "2025-03"})],
        monthly("P1", 100, range(3, 6)) + monthly("P1", 100, range(7, 10)),
    )
    chart = c.project_progress_svg(monthly_series(ds, ["P1"]))
    assert [row[1] for row in chart.rows] == ["—", "—"] + ["100"] * 3 + ["未报送"] + ["100"] * 3
    assert chart.svg.count("<path ") == 1  # one × for June, none before the first report
    assert "单位：万元" in chart.svg
    assert chart.summary.startswith("截至9月累计完成投资600万元，为年度计划1,200万元的50.0%")
    assert chart.svg == c.project_progress_svg(monthly_series(ds, ["P1"])).svg


def test_group_text_alternative(charts: dict[str, c.ChartOutput]) -> None:
    chart = charts["domain"]
    assert chart.headers[0] == "领域"
    assert chart.rows == (
        ("工业", "2,400", "180", "7.5%", "75.0%", "-67.5个百分点", "滞后"),
        ("交通", "120,000", "90,000", "75.0%", "75.0%", "+0.0个百分点", "正常"),
    )
    assert chart.summary == "2个领域中，1个投资完成率低于序时进度75.0%超过容差：工业。"


def test_stage_text_alternative(charts: dict[str, c.ChartOutput]) -> None:
    chart = charts["stage"]
    assert dict(chart.rows) == {
        "谋划": "0", "储备": "0", "前期": "1", "新开工": "0", "续建": "2", "竣工": "0",
        "投产": "0", "达产达效": "0",
    }  # fmt: skip
    assert chart.summary == "共3个项目，在建2个，已竣工或投产0个。"


def test_targets_text_alternative(charts: dict[str, c.ChartOutput]) -> None:
    chart = charts["targets"]
    assert chart.rows == (
        ("全年完成投资20亿元", "20.00亿元", "9.02亿元", "45.1%", "75.0%", "落后序时", "剩余92天"),
        # Past its deadline: a verdict, and no 序时 requirement or count of days overdue.
        ("签约一批落地2个", "2个", "0个", "0.0%", "—", "未完成", "已到期"),
    )
    assert chart.summary == "2项目标中，落后序时1项，未完成1项。"


def test_untrusted_names_stay_text(tmp_path: Path) -> None:
    ds = dataset(tmp_path, [project("X1", department='<b>"局"&</b>', leader="<i>")])
    table = project_table(ds)
    chart = c.rate_by_group_chart(
        group_summary(table, "leader"), "领导", '标题"<>', c.ChartCache(validate=True)
    )
    root = ET.fromstring(chart.svg)  # still well-formed
    assert "<i>" in "".join(root.itertext())
    assert root.get("aria-label", "").startswith('标题"<>')


def test_ids_are_namespaced_per_chart() -> None:
    svg = '<svg x="1"><clipPath id="clip1"/><g clip-path="url(#clip1)"/><use href="#clip1"/></svg>'
    out = c._postprocess(svg, "abcdef0123")
    assert 'id="cabcdef01-clip1"' in out
    assert "url(#cabcdef01-clip1)" in out and 'href="#cabcdef01-clip1"' in out
    assert out.startswith('<svg style="max-width:100%;height:auto" x="1">')


@pytest.mark.parametrize(
    ("largest", "unit"), [(9999, "万元"), (10000, "亿元"), (2_000_000, "亿元"), (0, "万元")]
)
def test_money_unit(largest: float, unit: str) -> None:
    assert c.money_unit(largest)[0] == unit


def test_text_width_counts_cjk_as_one_em() -> None:
    assert c.text_width("工业") == 2 * c.FONT_SIZE
    assert c.text_width("ab") == pytest.approx(1.2 * c.FONT_SIZE)
    assert re.fullmatch(r"新型基础…", c._shorten("新型基础设施建设", 5 * c.FONT_SIZE))


def test_summaries_without_data(tmp_path: Path) -> None:
    ds = dataset(tmp_path, [project("A")])
    chart = c.project_progress_svg(monthly_series(ds, ["A"]))
    assert chart.summary == "本年尚无月度报送数据，年度计划1,200万元。"
    assert [row[1] for row in chart.rows] == ["—"] * 9
    cache = c.ChartCache(validate=True)
    assert c.targets_chart([], "攻坚目标", cache).summary == "暂无攻坚目标。"
    empty = group_summary(project_table(ds), "domain").iloc[0:0]
    assert c.rate_by_group_chart(empty, "领域", "各领域", cache).summary == "暂无数据。"


def test_a_long_name_wraps_to_two_lines_instead_of_being_cut() -> None:
    long = "地方政府专项债券项目12月底前开工率达到100%"
    lines = c._wrap(long, 200)
    assert len(lines) == 2 and "".join(lines) == long and "…" not in lines[1]
    room = c.text_width("地方政府专项债券项目12月底前开工率达到10")  # ends inside 100%
    assert c._wrap(long, room) == ["地方政府专项债券项目12月底前开工率达到", "100%"]
    assert c._wrap("交通", 200) == ["交通"]
