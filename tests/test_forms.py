"""Monthly forms to the units and back: written, filled in Excel's place, read as they are."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import make_minimal_data

from generator.__main__ import main
from generator.inputs.writeback import update_yaml
from generator.present.forms import write_forms
from generator.rules.check import check
from generator.rules.visibility import public_view

UNITS = """\
- {code: slj, name: 示例县水利局, aliases: [县水利局]}
- {code: nyncj, name: 示例县农业农村局, aliases: [县农业农村局]}
"""
MONTH = "2025-04"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_minimal_data(tmp_path)
    (root / "units.yaml").write_text(UNITS, "utf-8")
    site = root / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("2025-03-31", "2025-04-30"), "utf-8")
    return root


def _forms(root: Path, out: Path) -> list[Path]:
    dataset, findings = check(root)
    assert dataset is not None, findings
    return write_forms(dataset, MONTH, out)


def _fill(path: Path, rows: dict[str, list[object]], target: Path) -> Path:
    """Fill the form as a clerk would in Excel: the cells to fill of each project's row."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        values = rows.get(row[0].value)
        if values is not None:
            for cell, value in zip(row[4:], values, strict=False):
                cell.value = value
    book.save(target)
    return target


def test_one_form_per_unit_prefilled_locked_and_checked(root: Path, tmp_path: Path) -> None:
    paths = _forms(root, tmp_path / "forms")
    assert [p.name for p in paths] == ["2025-04-nyncj.xlsx", "2025-04-slj.xlsx"]
    book = openpyxl.load_workbook(paths[1])
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "项目编号", "项目名称", "年度计划投资(万元)", "上月累计完成投资(万元)", "本月完成投资(万元)",
        "是否开工", "形象进度", "本月资金到位(万元)", "本月资金拨付(万元)", "存在问题"]
    assert [c.value for c in sheet[2]][:4] == ["XC-001", "示例县城区供水管网改造工程", 5000, 5600]
    assert sheet.protection.sheet
    assert sheet["B2"].protection.locked and not sheet["E2"].protection.locked
    rules = {(v.type, v.operator, v.formula1): str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert rules[("decimal", "greaterThanOrEqual", "0")] == "E2 H2 I2"
    assert rules[("list", None, '"是,否"')] == "F2"
    assert book.sheetnames[1] == "填表说明"
    guide = [c.value for c in book["填表说明"]["A"] if c.value]
    assert guide[0] == "示例县重点项目月度调度表 · 示例县水利局 · 2025年4月"
    assert any("2025-04-slj.xlsx" in line for line in guide)


def test_the_same_data_writes_the_same_bytes(root: Path, tmp_path: Path) -> None:
    first = [p.read_bytes() for p in _forms(root, tmp_path / "a")]
    assert first == [p.read_bytes() for p in _forms(root, tmp_path / "b")]


def test_filled_forms_of_two_units_read_back_as_one_month(root: Path, tmp_path: Path) -> None:
    slj, nyncj = (p for p in sorted(_forms(root, tmp_path / "forms"), key=lambda p: p.name)[::-1])
    progress = root / "progress"
    _fill(slj, {"XC-001": [700, "是", "主管网铺设完成八成", 650.5, 300, "管材供应紧张"]},
          progress / slj.name)
    _fill(nyncj, {"XC-002": [0, "否", "初步设计编制中"]}, progress / nyncj.name)
    dataset, findings = check(root)
    assert dataset is not None, findings
    assert findings == []
    april = {r.data.project: r for r in dataset.records if r.month == MONTH}
    one, two = april["XC-001"].data, april["XC-002"].data
    assert (one.completed, one.started, one.progress, one.funds_arrived, one.funds_disbursed,
            one.issues) == (700, True, "主管网铺设完成八成", 650.5, 300, "管材供应紧张")
    assert (two.completed, two.started, two.progress, two.issues) == (0, False, "初步设计编制中",
                                                                      None)
    assert april["XC-001"].file == "data/progress/2025-04-slj.xlsx"
    assert dataset.months.count(MONTH) == 1
    # 存在问题 is internal: the public view carries no word of it
    assert all(r.data.issues is None for r in public_view(dataset).records)


def test_a_project_in_two_forms_of_one_month_is_a_duplicate(root: Path, tmp_path: Path) -> None:
    slj = next(p for p in _forms(root, tmp_path / "forms") if p.name.endswith("slj.xlsx"))
    _fill(slj, {"XC-001": [700]}, root / "progress" / slj.name)
    shutil.copy(root / "progress" / slj.name, root / "progress" / "2025-04-tmp.xlsx")
    _, findings = check(root)
    assert [str(f) for f in findings] == [
        "data/progress/2025-04-tmp.xlsx:row 2: project(项目编号): 同一项目本月重复填报 "
        "(also data/progress/2025-04-slj.xlsx row 2) [duplicate-row]"]


def test_an_unfilled_row_is_not_reported_and_a_date_is_not_a_part(root: Path,
                                                                  tmp_path: Path) -> None:
    for path in _forms(root, tmp_path / "forms"):
        shutil.copy(path, root / "progress" / path.name)
    dataset, findings = check(root)
    assert dataset is not None and findings == []
    assert not [r for r in dataset.records if r.month == MONTH]
    (root / "progress" / "2025-04-15.csv").write_text("项目编号,本月完成投资(万元)\n", "utf-8")
    assert [f.code for f in check(root)[1]] == ["bad-month-filename"]


def test_the_cli_writes_forms_for_the_month_after_the_report_date(root: Path,
                                                                   tmp_path: Path) -> None:
    assert main(["forms", "--data", str(root), "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "2025-05-nyncj.xlsx", "2025-05-slj.xlsx"]


def test_project_files_come_back_byte_for_byte(tmp_path: Path) -> None:
    """The round-trip editing changes nothing it is not asked to: every sample file."""
    data = Path(__file__).resolve().parent.parent / "data"
    for path in [*sorted((data / "projects").glob("*.yaml")), data / "site.yaml"]:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        update_yaml(copy, {})
        assert copy.read_bytes() == path.read_bytes(), path.name
