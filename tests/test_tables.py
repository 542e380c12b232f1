"""Tables as they really arrive: encodings, Excel's habits, numbers typed by people, xlsx."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import make_minimal_data

from generator.inputs.load import RECORD_COLUMNS
from generator.inputs.tables import (
    CellError,
    TableError,
    decode,
    parse_amount,
    read_table,
)
from generator.inputs.workbook import read_xlsx
from generator.rules.check import check

REQUIRED = ["project", "completed"]
ROWS = "项目编号,本月完成投资(万元)\nXC-001,600\nXC-002,0\n"


# --- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (ROWS.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ROWS.encode("utf-8"), "utf-8-sig"),  # Excel "CSV UTF-8"
        (ROWS.encode("gbk"), "gb18030"),  # Excel "CSV" on Chinese Windows
        (ROWS.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gbk-crlf"],
)
def test_accepted_encodings(raw: bytes, encoding: str) -> None:
    table = read_table(raw, RECORD_COLUMNS, REQUIRED)
    assert table.encoding == encoding
    assert table.rows == [
        (2, {"project": "XC-001", "completed": "600"}),
        (3, {"project": "XC-002", "completed": "0"}),
    ]


def test_gb18030_characters_outside_gbk() -> None:
    text = "项目编号,本月完成投资(万元),形象进度\nXC-001,1,𫚭鱼养殖池建成\n"
    table = read_table(text.encode("gb18030"), RECORD_COLUMNS, REQUIRED)
    assert table.rows[0][1]["progress"] == "𫚭鱼养殖池建成"


def test_neither_encoding_is_refused_not_guessed() -> None:
    with pytest.raises(TableError, match=r"无法识别文件编码 \(line 2;"):
        decode(b"project,completed\ncaf\xe9\n")


def test_mixed_encodings_are_refused_with_both_lines() -> None:
    raw = "项目编号,本月完成投资(万元)\n".encode() + "XC-001,600,管网\n".encode("gbk")
    with pytest.raises(TableError) as caught:
        decode(raw)
    assert caught.value.message.startswith("文件混用了两种编码: 第 1 行是 UTF-8, 第 2 行不是")
    assert caught.value.line == 2
    assert caught.value.code == "mixed-encodings"


TRADITIONAL = "項目編號,本月完成投資(萬元),形象進度\nXC-001,600,主管網鋪設完成六成\n"


def test_gbk_with_rare_characters_and_symbols_is_read() -> None:
    """Names with rare characters, ㎡, — and ·: outside GB2312, common in GBK files."""
    text = "项目编号,本月完成投资(万元),形象进度\nXC-001,600,张喆、王堃负责—新建5000㎡·厂房\n"
    assert decode(text.encode("gbk")) == (text, "gb18030")


def test_gbk_written_in_traditional_characters_is_read() -> None:
    assert decode(TRADITIONAL.encode("gbk")) == (TRADITIONAL, "gb18030")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (TRADITIONAL.encode("big5"), "csv-big5"),  # decodes as GB18030, into nonsense
        (TRADITIONAL.encode("cp950"), "csv-big5"),
        ("プロジェクト番号,今月の投資額\nXC-001,600\n".encode("shift_jis"), "csv-garbled"),
        # UTF-8 opened as GBK and saved again: valid GBK, garbled text.
        (ROWS.encode().decode("gbk", "replace").encode("gbk", "replace"),
         "csv-garbled"),
        (ROWS.encode("utf-16-le"), "csv-utf16"),  # no BOM: NULs beside each ASCII character
        (ROWS.encode("utf-16-be"), "csv-utf16"),
    ],
    ids=["big5", "cp950", "shift-jis", "utf8-saved-as-gbk", "utf16le", "utf16be"],
)
def test_other_encodings_are_named_not_read_as_gbk(raw: bytes, code: str) -> None:
    with pytest.raises(TableError) as caught:
        decode(raw)
    assert caught.value.code == code


# --- Excel's habits -------------------------------------------------------------------


def test_excel_export_with_blank_trailing_rows_and_columns() -> None:
    text = (
        " 项目编号 ,本月完成投资（万元）,开工以来累计完成投资,是否开工,,\r\n"
        'XC-001,"1,234.5",１２３４５,是,,\r\n'
        "XC-002,0.3亿元,,否,,\r\n"
        ",,,,,\r\n"
        ",,,,,\r\n"
    )
    table = read_table(text.encode("gbk"), RECORD_COLUMNS, REQUIRED)
    assert table.problems == []
    assert table.rows == [
        (
            2,
            {
                "project": "XC-001",
                "completed": "1,234.5",
                "cumulative": "１２３４５",
                "started": "是",
            },
        ),
        (3, {"project": "XC-002", "completed": "0.3亿元", "started": "否"}),
    ]
    assert [parse_amount(v) for v in ("1,234.5", "１２３４５", "0.3亿元")] == [
        1234.5,
        12345.0,
        3000.0,
    ]


def test_english_and_chinese_headers_mix() -> None:
    table = read_table(
        b"project,\xe6\x9c\xac\xe6\x9c\x88\xe5\xae\x8c\xe6\x88\x90\xe6\x8a\x95"
        b"\xe8\xb5\x84\nXC-001,5\n",
        RECORD_COLUMNS,
        REQUIRED,
    )
    assert table.rows == [(2, {"project": "XC-001", "completed": "5"})]


def test_row_numbers_and_text_lines_differ_after_a_multiline_cell() -> None:
    text = '项目编号,本月完成投资(万元),形象进度\nXC-001,1,"一\n二\n三"\nXC-002,2,四\n'
    table = read_table(text.encode(), RECORD_COLUMNS, REQUIRED)
    assert [n for n, _ in table.rows] == [2, 3]
    assert table.lines == {2: 2, 3: 5}
    assert table.rows[0][1]["progress"] == "一\n二\n三"


def test_text_cells_are_kept_as_typed() -> None:
    """Full-width punctuation is normalised only where a number or code is expected."""
    text = "项目编号,本月完成投资(万元),形象进度\nＸＣ－００１,1,完成（一期）：８０％\n"
    root_cells = read_table(text.encode(), RECORD_COLUMNS, REQUIRED).rows[0][1]
    assert root_cells["progress"] == "完成（一期）：８０％"
    assert root_cells["project"] == "ＸＣ－００１"  # the loader normalises codes


def test_full_width_code_in_a_monthly_file_matches_the_project(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-03.csv").write_text(
        "项目编号,本月完成投资(万元)\nＸＣ－００１,６００\n", encoding="utf-8"
    )
    dataset, findings = check(root)
    assert findings == []
    assert dataset is not None
    assert [(r.data.project, r.data.completed) for r in dataset.records] == [("XC-001", 600.0)]


# --- numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("600", 600.0),
        (" 600 ", 600.0),
        ("0", 0.0),
        ("12.5", 12.5),
        (".5", 0.5),
        ("+3", 3.0),
        ("-3", -3.0),  # negative money is refused by the model with its own message
        ("1,234", 1234.0),
        ("12,345,678.9", 12345678.9),
        ("1 234", 1234.0),  # Excel's space grouping
        ("１２００", 1200.0),
        ("１，２００．５", 1200.5),
        ("3000万", 3000.0),
        ("3000 万元", 3000.0),
        ("1.2亿元", 12000.0),
        ("0.07亿", 700.0),
        ("1.23456亿元", 12345.6),
        ("", None),
        (None, None),
        (600, 600.0),  # an xlsx number cell
        (0.1, 0.1),
    ],
)
def test_amounts_read_with_certainty(text: object, value: float | None) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2", "逗号位置不对, 无法确定数值 (got '1,2'"),
        ("1,2345", "逗号位置不对"),
        ("600,5", "逗号位置不对"),
        ("12,34,567", "逗号位置不对"),
        ("1 2", "逗号位置不对, 无法确定数值 (got '1 2'"),
        ("1.2E+04", "科学计数法不能确定原数 (got '1.2E+04'"),
        ("5e3", "科学计数法"),
        ("约500", "不是确定的数字 (got '约500'"),
        ("500左右", "不是确定的数字"),
        ("500多", "不是确定的数字"),
        ("500-600", "不是确定的数字"),
        ("500～600", "不是确定的数字"),
        (">500", "不是确定的数字"),
        ("5000元", "单位须为万元或亿元 (got '5000元'"),
        ("5千元", "单位须为万元或亿元"),
        ("5万美元", "单位须为万元或亿元"),
        ("—", "不是数字 (got '—'; 没有数据请留空, 为零请填 0)"),
        ("/", "不是数字"),
        ("无", "不是数字"),
        ("60%", "应为数字 (got '60%'"),
        ("(500)", "应为数字"),
        ("1.2.3", "应为数字"),
        ("nan", "应为数字"),
        ("inf", "应为数字"),
        ("1_000", "应为数字"),
        (float("nan"), "应为有限数字"),
        (True, "应为数字"),
    ],
)
def test_amounts_that_are_refused(text: object, message: str) -> None:
    with pytest.raises(CellError, match=re.escape(message)) as caught:
        parse_amount(text)
    assert caught.value.code == REFUSAL_CODES[message.split(" (")[0]]


REFUSAL_CODES = {
    "逗号位置不对, 无法确定数值": "amount-comma",
    "逗号位置不对": "amount-comma",
    "科学计数法不能确定原数": "amount-scientific",
    "科学计数法": "amount-scientific",
    "不是确定的数字": "amount-approximate",
    "单位须为万元或亿元": "amount-unit",
    "不是数字": "amount-placeholder",
    "应为数字": "not-a-number",
    "应为有限数字": "not-finite",
}


# --- xlsx -----------------------------------------------------------------------------


def _book(rows: list[list[object]], extra_sheet: bool = False) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if extra_sheet:
        book.create_sheet("说明").append(["本表由县发改局汇总"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_cached_values(raw: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells the value Excel would have saved (openpyxl writes none)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, value in values.items():
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?',
                        rf"\1<f>\2</f><v>{value}</v>",
                        text,
                    )
                data = text.encode()
            target.writestr(info, data)
    return out.getvalue()


def test_xlsx_numbers_stay_numbers_and_rows_are_excel_rows() -> None:
    raw = _book(
        [
            ["项目编号", "本月完成投资(万元)", "开工以来累计完成投资(万元)", "是否开工"],
            ["XC-001", 1234.5, "1.2亿元", True],
            [None, None, None, None],
            ["XC-002", 0.00001, None, "否"],
            [None, None, None, None],
        ]
    )
    table = read_xlsx(raw, RECORD_COLUMNS, REQUIRED)
    assert table.encoding == "xlsx"
    assert table.rows == [
        (2, {"project": "XC-001", "completed": 1234.5, "cumulative": "1.2亿元", "started": "true"}),
        (4, {"project": "XC-002", "completed": 0.00001, "started": "否"}),
    ]
    assert parse_amount(0.00001) == 0.00001  # no trip through text, so no 1e-05 to refuse


def test_xlsx_formula_uses_the_cached_value() -> None:
    raw = _book([["项目编号", "本月完成投资(万元)"], ["XC-001", "=200+300"]])
    table = read_xlsx(_with_cached_values(raw, {"B2": "500"}), RECORD_COLUMNS, REQUIRED)
    assert table.rows == [(2, {"project": "XC-001", "completed": 500.0})]


def test_xlsx_other_sheets_are_ignored_with_a_warning() -> None:
    raw = _book([["项目编号", "本月完成投资(万元)"], ["XC-001", 5]], extra_sheet=True)
    table = read_xlsx(raw, RECORD_COLUMNS, REQUIRED)
    assert [p.message for p in table.problems] == [
        "只读取第 1 行是表头的工作表 'Sheet'; 工作表 '说明' 中的内容被忽略"
    ]
    assert table.problems[0].severity == "warning"
    assert table.problems[0].code == "xlsx-extra-sheet"


def test_monthly_xlsx_loads_beside_csv_months(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-02.xlsx").write_bytes(
        _book(
            [
                [
                    "项目编号",
                    "本月完成投资(万元)",
                    "开工以来累计完成投资(万元)",
                    "是否开工",
                    "形象进度",
                ],
                ["XC-001", 500, 5000, "是", "主管网铺设过半"],
            ]
        )
    )
    dataset, findings = check(root)
    assert findings == []
    assert dataset is not None
    assert dataset.months == ["2025-02", "2025-03"]
    assert [(r.month, r.file, r.row, r.data.completed) for r in dataset.records][:1] == [
        ("2025-02", "data/progress/2025-02.xlsx", 2, 500.0)
    ]
