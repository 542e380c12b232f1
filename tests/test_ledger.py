"""Importing a county ledger: every trait read, every bad input a finding with its place.

The ledgers are made here (``ledger_support``) or, for the ``.xls`` and the password-
protected workbook that no library here writes, kept as small fixtures made with
LibreOffice from the same rows (``tests/fixtures/ledger/README.md``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import make_minimal_data
from ledger_support import (
    ROW_NEW_FARM,
    ROW_NEW_WATER,
    ROW_XC001,
    ROW_XC002,
    SECTIONS,
    ledger_rows,
    write_csv,
    write_xlsx,
)

from generator.__main__ import main
from generator.inputs.ledger import Ledger, parse_period, read_ledger
from generator.inputs.ledger_columns import ColumnTable
from generator.model.dates import PartialDate
from generator.rules.check import check
from generator.rules.ledger import import_ledger

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"
NEW_CODES = {"XC-003", "XC-004"}  # the minimal data's own pattern, XC-001 and XC-002


def _read(path: Path, **kwargs: object) -> Ledger:
    return read_ledger(path.read_bytes(), path.suffix, path.name, ColumnTable(), **kwargs)


def _codes(ledger: Ledger) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.field, f.code) for f in ledger.findings]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


# --- reading ----------------------------------------------------------------------------


def test_every_trait_of_the_ledger_is_read(tmp_path: Path) -> None:
    ledger = _read(write_xlsx(tmp_path / "台账.xlsx"))
    assert ledger.findings == []
    assert ledger.title == "示例县2025年重点项目建设进展情况表"
    assert ledger.report_date == PartialDate(2025, 4, 30)
    assert (ledger.unit, ledger.ytd_month, ledger.plan_year) == ("万元", 4, 2025)
    assert ledger.sheets_read == ["项目表"] and ledger.sheets_skipped == ["填报说明"]
    assert [r.row for r in ledger.rows] == [7, 8, 10, 11]  # totals, sections, footnotes left out
    assert ledger.headers["ytd"] == "项目表!J列(1-4月完成投资/金额)"
    assert "项目表!K列(1-4月完成投资/占年度计划(%))" in ledger.ignored
    assert [why for _, _, why in ledger.skipped] == ["注释行", "注释行"]
    first, new, xc002, farm = ledger.rows
    assert first.values["total"] == 12000.0 and first.values["ytd"] == 1100.0
    assert first.sections == {"domain": "水利"}
    assert farm.sections == {"domain": "农业农村"}
    assert xc002.values["code"] == "XC-002"
    assert "ytd" not in xc002.values and "cumulative" not in xc002.values  # — and /
    assert new.values["period"] == (PartialDate(2025, 3), PartialDate(2027, 12))
    assert farm.values["total"] == 2500.5
    assert first.values["government_invested"] is True
    assert xc002.values["government_invested"] is False


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2024-2026", (2024, 12), (2026, 12)),
    ("2024.3-2026.12", (2024, 3), (2026, 12)),
    ("2023年-2025年", (2023, 12), (2025, 12)),
    ("2024年3月—2026年12月", (2024, 3), (2026, 12)),
    ("2024年3月至2026年6月", (2024, 3), (2026, 6)),
])
def test_construction_periods_as_counties_write_them(text: str, start: tuple[int, int],
                                                     end: tuple[int, int]) -> None:
    assert parse_period(text) == (PartialDate(*start), PartialDate(*end))


def test_a_gb18030_csv_reads_like_the_workbook(tmp_path: Path) -> None:
    xlsx = _read(write_xlsx(tmp_path / "a.xlsx"))
    text = _read(write_csv(tmp_path / "a.csv"))
    assert text.findings == []
    assert [r.values for r in text.rows] == [r.values for r in xlsx.rows]
    assert text.report_date == xlsx.report_date


def test_an_xls_saved_by_an_office_suite_reads_like_the_workbook(tmp_path: Path) -> None:
    xlsx = _read(write_xlsx(tmp_path / "a.xlsx"))
    xls = _read(FIXTURES / "ledger.xls")
    assert xls.findings == []
    assert [r.values for r in xls.rows] == [r.values for r in xlsx.rows]
    assert xls.sheets_skipped == ["填报说明"]


def test_county_spellings_from_site_yaml_find_their_columns(tmp_path: Path) -> None:
    rows = ledger_rows()
    rows[2][2] = "工程名称"
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    assert [f.code for f in _read(path).findings] == ["ledger-no-name-column"]
    ledger = read_ledger(path.read_bytes(), ".xlsx", "a.xlsx",
                         ColumnTable({"name": ["工程名称"]}))
    assert ledger.findings == [] and len(ledger.rows) == 4


# --- bad input: each a finding with sheet, row and column ------------------------------


def test_no_name_column(tmp_path: Path) -> None:
    rows = ledger_rows()
    rows[2][2] = "工程"
    ledger = _read(write_xlsx(tmp_path / "a.xlsx", rows))
    assert _codes(ledger) == [(None, "", "ledger-no-name-column")]
    assert "项目表、填报说明" in ledger.findings[0].message


def test_a_merged_cell_in_the_data_area(tmp_path: Path) -> None:
    ledger = _read(write_xlsx(tmp_path / "a.xlsx", merge_data="Q7:Q8"))
    assert _codes(ledger) == [(7, "项目表!Q列", "ledger-merged-cell")]
    assert "Q7:Q8" in ledger.findings[0].message


def test_a_subtotal_that_does_not_add_up(tmp_path: Path) -> None:
    rows = ledger_rows()
    rows[5][7] = 21000  # 一、水利项目: 12000 + 8000 is 20000
    rows[4][8] = "15,500"  # 合计 of the plan: 15000
    ledger = _read(write_xlsx(tmp_path / "a.xlsx", rows))
    assert _codes(ledger) == [
        (5, "项目表!I列(2025年计划投资)", "ledger-subtotal-mismatch"),
        (6, "项目表!H列(总投资)", "ledger-subtotal-mismatch"),
    ]
    assert "21000, 其下 2 行之和为 20000" in ledger.findings[1].message


def test_formulas_without_a_stored_value(tmp_path: Path) -> None:
    # openpyxl saves formulas without calculating them, as some tools do: a data cell is
    # refused (a blank would be a wrong figure), a subtotal is said to be unchecked.
    rows = ledger_rows()
    rows[6][12] = '="主管网铺设"'
    rows[5][7] = "=SUM(H7:H8)"
    ledger = _read(write_xlsx(tmp_path / "a.xlsx", rows))
    assert _codes(ledger) == [
        (7, "项目表!M列(形象进度)", "ledger-formula-no-value"),
        (6, "项目表!H列(总投资)", "ledger-subtotal-unchecked"),
    ]
    assert [f.severity for f in ledger.findings] == ["error", "warning"]


def test_a_count_that_does_not_match(tmp_path: Path) -> None:
    rows = ledger_rows()
    rows[5][0] = "一、水利项目（3个）"
    ledger = _read(write_xlsx(tmp_path / "a.xlsx", rows))
    assert _codes(ledger) == [(6, "项目表", "ledger-count-mismatch")]


def test_two_rows_with_one_name(tmp_path: Path) -> None:
    farm = list(ROW_NEW_FARM)
    farm[2] = ROW_NEW_WATER[2]
    rows = ledger_rows(sections=[("一、水利项目（2个）", [ROW_XC001, ROW_NEW_WATER]),
                                 ("二、农业农村项目（2个）", [ROW_XC002, farm])])
    root = make_minimal_data(tmp_path)
    ledger = _read(write_xlsx(tmp_path / "a.xlsx", rows))
    plan, written = import_ledger(ledger, root, write=True)
    assert [(f.line, f.field, f.code) for f in plan.errors] == [
        (11, "项目表!C列(项目名称)", "ledger-duplicate-name")]
    assert "第 8 行" in plan.errors[0].message
    assert written == []


def test_a_corrupt_workbook(tmp_path: Path) -> None:
    raw = write_xlsx(tmp_path / "a.xlsx").read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(raw[: len(raw) // 2])
    assert [f.code for f in _read(broken).findings] == ["ledger-unreadable"]
    text = tmp_path / "notes.xlsx"
    text.write_bytes("这不是表格".encode())
    assert [f.code for f in _read(text).findings] == ["ledger-unreadable"]


def test_a_password_protected_workbook() -> None:
    ledger = _read(FIXTURES / "ledger-password.xlsx")
    assert [(f.file, f.code) for f in ledger.findings] == [
        ("ledger-password.xlsx", "ledger-encrypted")]


def test_a_ledger_without_its_report_date(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ledger_rows(meta="单位：万元"))
    ledger = _read(path)
    assert _codes(ledger) == [(None, "项目表", "ledger-no-report-date")]
    root = make_minimal_data(tmp_path)
    before = _snapshot(root)
    assert main(["import", str(path), "--data", str(root), "--write"]) == 1
    assert _snapshot(root) == before
    assert _read(path, month="2025-04").findings == []


def test_a_ledger_without_a_unit(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ledger_rows(meta="截止日期：2025年4月30日"))
    assert _codes(_read(path)) == [(None, "项目表", "ledger-no-unit")]
    assert _read(path, unit="万元").findings == []


def test_an_amount_in_yi_yuan_is_converted(tmp_path: Path) -> None:
    rows = ledger_rows(meta="截止日期：2025年4月30日　单位：亿元")
    for row in rows[4:-2]:  # totals, sections and projects
        for i in (7, 8, 9, 11):
            if isinstance(row[i], (int, float)) or (isinstance(row[i], str)
                                                    and row[i][:1].isdigit()):
                row[i] = float(str(row[i]).replace(",", "")) / 10000
    ledger = _read(write_xlsx(tmp_path / "a.xlsx", rows))
    assert ledger.findings == []
    assert ledger.rows[0].values["total"] == 12000.0


def test_bad_cells_name_their_column(tmp_path: Path) -> None:
    first = list(ROW_XC001)
    first[7], first[3], first[18] = "约12000", "重点", "部分"
    rows = ledger_rows(sections=[("一、水利项目（2个）", [first, ROW_NEW_WATER]),
                                 SECTIONS[1]])
    rows[4][7] = rows[5][7] = None  # no subtotal to check against the refused cell
    ledger = _read(write_xlsx(tmp_path / "a.xlsx", rows))
    assert _codes(ledger) == [
        (7, "项目表!D列(项目级别)", "not-allowed-value"),
        (7, "项目表!H列(总投资)", "amount-approximate"),
        (7, "项目表!S列(是否政府投资)", "not-yes-no"),
    ]


def test_an_unreadable_file_type(tmp_path: Path) -> None:
    path = tmp_path / "台账.docx"
    path.write_bytes(b"hello")
    assert [f.code for f in _read(path).findings] == ["ledger-format"]


# --- matching and writing ---------------------------------------------------------------


def test_import_writes_new_and_updated_projects_and_the_month(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    project = root / "projects" / "XC-001.yaml"
    project.write_text(project.read_text("utf-8").replace(
        "name: 示例县城区供水管网改造工程\n", "name: 示例县城区供水管网改造工程  # 以立项批复为准\n"),
        "utf-8")
    path = write_xlsx(tmp_path / "台账.xlsx")
    before = _snapshot(root)
    plan, written = import_ledger(_read(path), root, write=False)
    assert written == [] and _snapshot(root) == before  # a dry run writes nothing
    assert plan.errors == []
    assert {c.code: c.status for c in plan.changes} == {
        "XC-001": "updated", "XC-002": "updated", "XC-003": "new", "XC-004": "new"}
    xc001 = next(c for c in plan.changes if c.code == "XC-001")
    assert set(xc001.updates) == {("progress",), ("leader",)}  # all else is as in data/
    plan, written = import_ledger(_read(path), root, write=True)
    text = project.read_text("utf-8")
    assert "# 以立项批复为准" in text and "funding:\n  - source: 地方政府专项债券" in text
    doc = yaml.safe_load(text)
    assert doc["leader"] == "张三" and doc["progress"] == "主管网铺设完成七成"
    assert doc["annual_plan"] == {2025: 5000}
    new = yaml.safe_load((root / "projects" / "XC-003.yaml").read_text("utf-8"))
    assert new["domain"] == "水利" and new["township"] == "城关镇"
    assert new["dates"] == {"planned_start": "2025-03", "planned_completion": "2027-12"}
    progress = (root / "progress" / "2025-04.csv").read_text("utf-8-sig").splitlines()
    assert progress[1].startswith("XC-001,500,6100,,主管网铺设完成七成")  # 1100 less March's 600
    assert "report_date: '2025-04-30'" in (root / "site.yaml").read_text("utf-8")
    problems = (root / "problems.csv").read_text("utf-8-sig").splitlines()
    assert problems[1].startswith("XC-003-202504,XC-003,2025-04-30,待补充,用地指标尚未落实")
    # check names what the ledger lacked, and nothing else: the problems' kind, level and
    # status, and the start dates of the new projects it says are under way (续建, 新开工)
    _, findings = check(root)
    assert sorted((f.file, f.field, f.code) for f in findings) == [
        ("data/problems.csv", "kind(问题类别)", "placeholder-value"),
        ("data/problems.csv", "level(协调层级)", "placeholder-value"),
        ("data/problems.csv", "status(办理状态)", "placeholder-value"),
        ("data/projects/XC-003.yaml", "dates.actual_start", "started-without-date"),
        ("data/projects/XC-004.yaml", "dates.actual_start", "started-without-date")]
    # the same ledger again changes nothing
    again, _ = import_ledger(_read(path), root, write=False)
    assert {c.status for c in again.changes} == {"unchanged"}
    assert again.records == {} and again.problems == []


def test_an_imported_ledger_builds(tmp_path: Path) -> None:
    from generator.site.render import render_site

    root = make_minimal_data(tmp_path)
    import_ledger(_read(write_xlsx(tmp_path / "台账.xlsx")), root, write=True)
    problems = root / "problems.csv"
    problems.write_text(problems.read_text("utf-8-sig").replace(
        "待补充,用地指标尚未落实,示例县水利局,待补充,待补充", "用地,用地指标尚未落实,示例县水利局,县,待协调"),
        "utf-8")
    dataset, findings = check(root)
    assert dataset is not None, findings
    assert any("XC-003" in page for page in render_site(dataset, "internal").pages)
    assert render_site(dataset, "public").pages


def test_placeholders_for_what_the_ledger_lacks(tmp_path: Path) -> None:
    rows = [[cell for i, cell in enumerate(row) if i not in {3, 18}] for row in ledger_rows()]
    root = make_minimal_data(tmp_path)
    path = write_xlsx(tmp_path / "a.xlsx", rows, instructions=False)
    plan, _ = import_ledger(_read(path), root, write=True)
    new = next(c for c in plan.changes if c.code == "XC-003")
    assert new.placeholders == {"level": "台账中没有“项目级别”列",
                                "government_invested": "台账中没有“政府投资项目”列"}
    text = (root / "projects" / "XC-003.yaml").read_text("utf-8")
    assert "level: 待补充  # 台账中没有“项目级别”列" in text
    _, findings = check(root)
    project_findings = [(f.file, f.field, f.code) for f in findings if "projects" in f.file]
    assert sorted(project_findings) == sorted(
        (f"data/projects/{code}.yaml", fld, "placeholder-value")
        for code in NEW_CODES
        for fld in ("level(项目级别)", "government_invested(政府投资项目)"))


def test_near_and_ambiguous_names_are_reported_not_merged(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    near = list(ROW_XC001)
    near[2] = "示例县城区供水管网改造工程(一期)"
    rows = ledger_rows(sections=[("一、水利项目（2个）", [near, ROW_NEW_WATER]), SECTIONS[1]])
    plan, written = import_ledger(_read(write_xlsx(tmp_path / "a.xlsx", rows)), root,
                                  write=True)
    assert [(f.line, f.code) for f in plan.errors] == [(7, "ledger-near-match")]
    assert "XC-001" in plan.errors[0].message and written == []
    shutil.copy(root / "projects" / "XC-001.yaml", root / "projects" / "XC-009.yaml")
    twin = root / "projects" / "XC-009.yaml"
    twin.write_text(twin.read_text("utf-8").replace("code: XC-001", "code: XC-009"), "utf-8")
    plan, _ = import_ledger(_read(write_xlsx(tmp_path / "b.xlsx")), root, write=False)
    assert [(f.line, f.code) for f in plan.errors] == [(7, "ledger-ambiguous-match")]


def test_unknown_units_get_suggestions(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "units.yaml").write_text(
        "- {code: slj, name: 示例县水利局, aliases: [县水利局]}\n"
        "- {code: nyncj, name: 示例县农业农村局, aliases: [县农业农村局]}\n", "utf-8")
    first = list(ROW_XC001)
    first[16] = "水利局县"
    rows = ledger_rows(sections=[("一、水利项目（2个）", [first, ROW_NEW_WATER]), SECTIONS[1]])
    plan, _ = import_ledger(_read(write_xlsx(tmp_path / "a.xlsx", rows)), root, write=False)
    assert [(f.line, f.field, f.code) for f in plan.errors] == [
        (7, "项目表!Q列(责任单位)", "ledger-unknown-unit")]
    assert "是否为: " in plan.errors[0].message and "水利局" in plan.errors[0].message


def test_the_cli_reports_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_minimal_data(tmp_path)
    path = write_xlsx(tmp_path / "台账.xlsx")
    assert main(["import", str(path), "--data", str(root)]) == 0
    out = capsys.readouterr().out
    assert "项目: 新增 2, 更新 2, 未变 0, 跳过 2 行" in out
    assert "预览, 未写入 (dry run)" in out
    assert main(["import", str(path), "--data", str(root), "--write"]) == 0
    out = capsys.readouterr().out
    assert "已写入 7 个文件" in out and (root / "projects" / "XC-004.yaml").exists()


def _bad_ledgers(tmp_path: Path) -> dict[str, Path]:
    """One ledger for each bad input the import must refuse as a whole."""
    no_name = ledger_rows()
    no_name[2][2] = "工程"
    subtotal = ledger_rows()
    subtotal[5][7] = 21000
    farm = list(ROW_NEW_FARM)
    farm[2] = ROW_NEW_WATER[2]
    twins = ledger_rows(sections=[("一、水利项目（2个）", [ROW_XC001, ROW_NEW_WATER]),
                                  ("二、农业农村项目（2个）", [ROW_XC002, farm])])
    formula = ledger_rows()
    formula[6][12] = '="主管网铺设"'
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(write_xlsx(tmp_path / "whole.xlsx").read_bytes()[:3000])
    return {
        "no-name-column": write_xlsx(tmp_path / "no-name.xlsx", no_name),
        "merged-cell": write_xlsx(tmp_path / "merged.xlsx", merge_data="Q7:Q8"),
        "subtotal": write_xlsx(tmp_path / "subtotal.xlsx", subtotal),
        "two-names": write_xlsx(tmp_path / "twins.xlsx", twins),
        "formula": write_xlsx(tmp_path / "formula.xlsx", formula),
        "no-report-date": write_xlsx(tmp_path / "no-date.xlsx", ledger_rows(meta="单位：万元")),
        "corrupt": broken,
        "password": FIXTURES / "ledger-password.xlsx",
    }


def test_write_writes_nothing_when_a_finding_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_minimal_data(tmp_path / "d")
    before = _snapshot(root)
    for case, path in _bad_ledgers(tmp_path).items():
        assert main(["import", str(path), "--data", str(root), "--write"]) == 1, case
        assert _snapshot(root) == before, case
        out = capsys.readouterr()
        assert f"{path.name}" in out.out + out.err, case
