"""Hostile and odd workbooks: bounded reads, which sheet is read, formats that change a number.

Workbooks are built here (openpyxl, or part by part with ``xlsx_parts`` for what openpyxl
would never write); each test checks the findings ``check`` prints, at row and column.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bounded import check_bounded
from conftest import make_minimal_data
from xlsx_parts import Sheet, cells, workbook

from generator.inputs.load import RECORD_COLUMNS
from generator.inputs.numformat import format_effect
from generator.inputs.workbook import MAX_STYLE_TAGS, MAX_XLSX_TAGS, read_xlsx
from generator.rules.check import check

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["项目编号", "本月完成投资(万元)", "开工以来累计完成投资(万元)", "是否开工", "形象进度"]
ROW = ["XC-001", 500, 5000, "是", "管网"]
MONTH = "data/progress/2025-02.xlsx"


def findings_of(root: Path) -> list[str]:
    return [str(f) for f in check(root)[1]]


def with_month(tmp_path: Path, raw: bytes) -> Path:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-02.xlsx").write_bytes(raw)
    return root


# --- bounds: the sheet's real extent, not its dimension tag ------------------------------


def _formatted_blank_at_the_last_cell() -> bytes:
    """What Excel leaves after a value at XFD1048576 is deleted but its format kept."""
    book = openpyxl.Workbook()
    for row in (HEADER, ROW):
        book.active.append(row)
    book.active["XFD1048576"].font = openpyxl.styles.Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_formatted_blank_cell_at_xfd1048576_is_not_walked(tmp_path: Path) -> None:
    raw = _formatted_blank_at_the_last_cell()
    assert len(raw) < 8000
    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:XFD1048576"/>' in sheet and b'<c r="XFD1048576"' in sheet
    # Before, openpyxl's iteration walked the 17 billion cells the sheet claims (6 GB
    # after 80 s); a child process with a deadline makes such a regression a failure.
    run = check_bounded(with_month(tmp_path, raw), seconds=30)
    assert run.returncode == 0, run.stderr
    assert run.stderr == []
    assert run.seconds < 5
    assert run.peak_mib < 300


def test_a_dimension_tag_claiming_the_whole_sheet_is_ignored() -> None:
    raw = workbook([Sheet("Sheet1", cells(HEADER, ROW) + '<row r="1048576"><c r="XFD1048576" '
                         's="0"/></row>', dimension="A1:XFD1048576")])
    table = read_xlsx(raw, RECORD_COLUMNS, ["project", "completed"])
    assert [number for number, _ in table.rows] == [2] and table.problems == []


@pytest.mark.parametrize(
    ("cell", "row"),
    [("XFD5", 5), ("GS2", 2), ("A20001", 20001), ("XFD1048576", 1048576)],
)
def test_a_value_beyond_the_limits_is_refused_naming_the_cell(tmp_path: Path, cell: str,
                                                              row: int) -> None:
    far = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row>'
    if row == 2:  # in a row with data: the value shares the row
        far = cells(HEADER) + cells([*ROW, *([None] * 195), "x"], start=2)
    raw = workbook([Sheet("Sheet1", (cells(HEADER, ROW) if row != 2 else "") + far)])
    assert findings_of(with_month(tmp_path, raw)) == [
        f"{MONTH}:row {row}: 单元格 {cell} 有内容, 超出可读取的范围 A1:GR20000 (expected at "
        "most 20000 rows and 200 columns; 请删除范围外的内容) [xlsx-cell-out-of-range]"
    ]


def _flood(part: str) -> bytes:
    """A few KB that expand to millions of empty elements in one part."""
    many = 1_200_000
    if part == "cells":
        return workbook([Sheet("Sheet1", cells(HEADER, ROW) + '<row r="3">' + "<c/>" * many
                               + "</row>")])
    if part == "rows":
        return workbook([Sheet("Sheet1", cells(HEADER, ROW) + "<row/>" * many)])
    if part == "strings":
        return workbook([Sheet("Sheet1", cells(HEADER, ROW))],
                        shared=b"<si><t>x</t></si>" * (many // 2))
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    styles = workbook([Sheet("Sheet1", "")])  # the default styles, to grow
    default = zipfile.ZipFile(io.BytesIO(styles)).read("xl/styles.xml")
    return workbook([Sheet("Sheet1", cells(HEADER, ROW))],
                    styles=default.replace(b"</cellXfs>", xf * 200_000 + b"</cellXfs>"))


@pytest.mark.parametrize(
    ("part", "where", "limit"),
    [
        ("cells", "整个文件", MAX_XLSX_TAGS),
        ("rows", "整个文件", MAX_XLSX_TAGS),
        ("strings", "整个文件", MAX_XLSX_TAGS),
        ("styles", "xl/styles.xml", MAX_STYLE_TAGS),
    ],
)
def test_millions_of_empty_elements_are_refused_before_parsing(
    tmp_path: Path, part: str, where: str, limit: int
) -> None:
    raw = _flood(part)
    assert len(raw) < 200_000
    run = check_bounded(with_month(tmp_path, raw), seconds=60)
    assert run.returncode == 1, run.stderr
    assert run.seconds < 20 and run.peak_mib < 1024
    [finding, verdict] = run.stderr
    assert finding.startswith(f"{MONTH}: xlsx 文件内容过多: {where} 中有 ")
    assert finding.endswith(f"个 XML 标记 (expected at most {limit}; 常是整行整列设了格式、"
                            "大量空行或复制来的样式) [xlsx-too-complex]")
    count = int(finding.split(" 中有 ")[1].split(" ")[0])
    assert count > limit
    assert verdict.startswith("数据校验未通过")


# --- which sheet ---------------------------------------------------------------------------


def test_a_hidden_first_sheet_is_not_read(tmp_path: Path) -> None:
    raw = workbook([
        Sheet("旧数据", cells(HEADER, ["XC-001", 1, 1, "是", "旧"]), state="hidden"),
        Sheet("2月", cells(HEADER, ROW)),
    ])
    root = with_month(tmp_path, raw)
    dataset, findings = check(root)
    assert [str(f) for f in findings] == [
        f"{MONTH}: warning: 隐藏的工作表 '旧数据' 中有内容, 不会读入 (只读取可见的工作表 '2月') "
        "[xlsx-hidden-sheet]"
    ]
    assert dataset is not None
    assert [(r.month, r.data.completed) for r in dataset.records][:1] == [("2025-02", 500.0)]


def test_an_instructions_sheet_beside_the_data_is_skipped(tmp_path: Path) -> None:
    raw = workbook([
        Sheet("说明", cells(["填表说明: 金额以万元为单位"], ["项目编号见项目库"])),
        Sheet("2月", cells(HEADER, ROW)),
        Sheet("空白", ""),
    ])
    dataset, findings = check(with_month(tmp_path, raw))
    assert [str(f) for f in findings] == [
        f"{MONTH}: warning: 只读取第 1 行是表头的工作表 '2月'; 工作表 '说明' 中的内容被忽略 "
        "[xlsx-extra-sheet]"
    ]
    assert dataset is not None


def test_two_visible_data_sheets_are_refused(tmp_path: Path) -> None:
    raw = workbook([Sheet("1月", cells(HEADER, ROW)), Sheet("2月", cells(HEADER, ROW))])
    assert findings_of(with_month(tmp_path, raw)) == [
        f"{MONTH}: 无法确定读哪个工作表: 可见的工作表 '1月'、'2月' 都有内容 (expected exactly one "
        "visible sheet with the header in row 1) [xlsx-several-sheets]"
    ]


def test_two_visible_sheets_without_a_header_are_refused(tmp_path: Path) -> None:
    raw = workbook([Sheet("甲", cells(["2025年2月调度表"], HEADER, ROW)),
                    Sheet("乙", cells(["备注"]))])
    assert findings_of(with_month(tmp_path, raw)) == [
        f"{MONTH}: 无法确定读哪个工作表: 可见的工作表 '甲'、'乙' 都有内容 (expected exactly one "
        "visible sheet with the header in row 1) [xlsx-several-sheets]"
    ]


def test_data_only_in_hidden_sheets_is_refused(tmp_path: Path) -> None:
    raw = workbook([Sheet("Sheet1", ""), Sheet("数据", cells(HEADER, ROW), state="veryHidden")])
    assert findings_of(with_month(tmp_path, raw)) == [
        f"{MONTH}: 可见的工作表都是空的; 有内容的工作表 '数据' 是隐藏的 (expected the data in a "
        "visible sheet; 隐藏的工作表不会读入) [xlsx-no-visible-sheet]"
    ]


def test_the_one_visible_sheet_is_read_even_without_a_header(tmp_path: Path) -> None:
    raw = workbook([Sheet("Sheet1", cells(["2025年2月调度表", None], HEADER, ROW))])
    assert findings_of(with_month(tmp_path, raw)) == [
        f"{MONTH}:row 1: 第 1 行应为表头, 看起来是标题 (got '2025年2月调度表'; 请删除标题行, "
        "让列名在第 1 行) [header-is-title]"
    ]


def test_a_header_only_workbook_is_a_warning(tmp_path: Path) -> None:
    dataset, findings = check(with_month(tmp_path, workbook([Sheet("Sheet1", cells(HEADER))])))
    assert [str(f) for f in findings] == [
        f"{MONTH}: warning: 只有表头, 没有数据行 (expected one row per project under the header) "
        "[table-no-rows]"
    ]
    assert dataset is not None


# --- number formats that change what a cell shows ------------------------------------------


def _formatted(rows: list[list[object]], formats: dict[str, str]) -> bytes:
    """Rows with numbers; ``formats`` maps a cell (B2) to its number format."""
    styles = {i: fmt for i, fmt in enumerate(dict.fromkeys(formats.values()), start=1)}
    style_of = {fmt: i for i, fmt in styles.items()}
    xml = cells(HEADER)
    for number, row in enumerate(rows, start=2):
        parts = []
        for index, value in enumerate(row):
            ref = f"{'ABCDE'[index]}{number}"
            style = f' s="{style_of[formats[ref]]}"' if ref in formats else ""
            if isinstance(value, int | float):
                parts.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
            elif value is not None:
                parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        xml += f'<row r="{number}">{"".join(parts)}</row>'
    return workbook([Sheet("Sheet1", xml)], formats=styles)


def test_a_percentage_is_never_read_as_an_amount(tmp_path: Path) -> None:
    raw = _formatted(
        [["XC-001", 0.5, 5000, "是", 0.255], ["XC-002", 0.125, None, "否", None]],
        {"B2": "0%", "E2": "0.0%", "B3": "0.00%"},
    )
    assert findings_of(with_month(tmp_path, raw)) == [
        f"{MONTH}:row 2: completed(本月完成投资(万元)): 单元格 B2 是百分比格式: Excel 显示 50%, "
        "单元格中存的是 0.5 (expected a plain number; 请把单元格格式设为“常规”或“数值”后重新填写) "
        "[xlsx-percent-format]",
        f"{MONTH}:row 2: progress(形象进度): 单元格 E2 是百分比格式: Excel 显示 25.5%, 单元格中"
        "存的是 0.255 (expected a plain number; 请把单元格格式设为“常规”或“数值”后重新填写) "
        "[xlsx-percent-format]",
        f"{MONTH}:row 3: completed(本月完成投资(万元)): 单元格 B3 是百分比格式: Excel 显示 "
        "12.50%, 单元格中存的是 0.125 (expected a plain number; 请把单元格格式设为“常规”或“数值”"
        "后重新填写) [xlsx-percent-format]",
    ]


def test_formats_that_scale_or_add_text_are_refused(tmp_path: Path) -> None:
    raw = _formatted(
        [["XC-001", 123456, 5000, 1, None], [2, 6000000, None, "否", None]],
        {"B2": '0!.0,"万"', "D2": '"是";;"否"', "A3": '"XC-"000', "B3": '#,##0"元"'},
    )
    assert findings_of(with_month(tmp_path, raw)) == [
        f"{MONTH}:row 2: completed(本月完成投资(万元)): 单元格 B2 的格式 '0!.0,\"万\"' 把存的数缩小 "
        "1000 倍显示 (got 123456; 读入的是存的数, 不是显示的数; 请把格式设为“常规”或“数值”) "
        "[xlsx-scaled-format]",
        f"{MONTH}:row 2: started(是否开工): 单元格 D2 的格式 '\"是\";;\"否\"' 显示了单元格中没有的"
        "文字 '是' (got 1; 读入的只是单元格中的数) [xlsx-format-text]",
        f"{MONTH}:row 3: completed(本月完成投资(万元)): 单元格 B3 的格式 '#,##0\"元\"' 显示了单元格"
        "中没有的文字 '元' (got 6000000; 读入的只是单元格中的数) [xlsx-format-text]",
        f"{MONTH}:row 3: project(项目编号): 单元格 A3 的格式 '\"XC-\"000' 显示了单元格中没有的文字 "
        "'XC-' (got 2; 读入的只是单元格中的数) [xlsx-format-text]",
    ]


def test_formats_that_only_change_the_look_are_read(tmp_path: Path) -> None:
    raw = _formatted(
        [["XC-001", 500, 5000, "是", None], ["XC-002", 0, None, "否", None]],
        {"B2": '#,##0.00"万元"', "C2": '[$¥-804]#,##0.00;[Red]-[$¥-804]#,##0.00',
         "B3": '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '},
    )
    dataset, findings = check(with_month(tmp_path, raw))
    assert findings == []
    assert dataset is not None
    assert [(r.row, r.data.completed, r.data.cumulative) for r in dataset.records][:2] == [
        (2, 500.0, 5000.0), (3, 0.0, None)]


@pytest.mark.parametrize(
    ("number_format", "value", "percent", "factor", "words"),
    [
        ("General", 5, False, 1, ""),
        ("0.00", 5, False, 1, ""),
        ("#,##0", 5, False, 1, ""),
        ("0%", 0.5, True, 1, ""),
        ('"%"0', 5, False, 1, "%"),  # a quoted % is text, not a percentage
        ("#,##0,", 5, False, 1000, ""),
        ("#,##0,,", 5, False, 1000000, ""),
        ("0.0,", 5, False, 1000, ""),
        ('0!.0,"万"', 5, False, 1000, "万"),
        ('0"万元"', 5, False, 1, "万元"),
        ("0元", 5, False, 1, "元"),
        ('0;-0;"无"', 5, False, 1, ""),  # the zero section applies only to zero
        ('0;-0;"无"', 0, False, 1, "无"),
        ('[>=10000]0.0,"万";0', 5, False, 1000, "万"),  # conditions: every section judged
        ("[DBNum1][$-804]General", 5, False, 1, ""),
        ('[$¥-804]#,##0.00', 5, False, 1, ""),
        ("0.00E+00", 5, False, 1, ""),
    ],
)
def test_format_effects(number_format: str, value: float, percent: bool, factor: int,
                        words: str) -> None:
    effect = format_effect(number_format, value)
    assert (effect.percent, effect.factor, effect.words) == (percent, factor, words)
