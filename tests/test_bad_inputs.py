"""The bad-input corpus: every way data arrives broken, and the exact message it gets.

Each folder under ``tests/bad_inputs/`` is one case: ``data/`` holds files dropped into a
copy of the minimal valid data directory (replacing files of the same name), ``remove.txt``
lists files to delete first, ``about.txt`` says what the case is, and ``expected.txt`` holds
the findings ``python -m generator check`` prints, one a line, in order, each ending in its
code (``[unknown-unit]``). An empty ``expected.txt`` means the data is valid; ``xfail.txt`` marks a known gap and says where
its fix belongs. Cases that cannot be files in git (a 50 MB file,
a symlink, workbooks) are built by the tests at the end of this module.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import make_minimal_data

from generator.model.codes import CODES
from generator.model.findings import Finding
from generator.rules.check import check

CASES = Path(__file__).parent / "bad_inputs"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected.txt").is_file())
# A case with ``xfail.txt`` states a gap not yet closed; the file says where the fix belongs.
CASE_PARAMS = [
    pytest.param(
        p,
        id=p.name,
        marks=[pytest.mark.xfail(strict=True, reason=(p / "xfail.txt").read_text("utf-8"))]
        if (p / "xfail.txt").exists()
        else [],
    )
    for p in CASE_DIRS
]


def apply_case(case: Path, root: Path) -> None:
    """Delete the files ``remove.txt`` names, then copy the case's ``data/`` over ``root``."""
    remove = case / "remove.txt"
    if remove.exists():
        for name in remove.read_text(encoding="utf-8").split():
            (root / name).unlink()
    if (case / "data").is_dir():
        shutil.copytree(case / "data", root, dirs_exist_ok=True)


def expected_lines(case: Path) -> list[str]:
    text = (case / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def run_check(root: Path) -> tuple[object, list[str]]:
    dataset, findings = check(root)
    return dataset, [str(f) for f in findings]


# file, then ":line" or ":row N", then the text, then the code in brackets.
_PRINTED = re.compile(r"^(?P<file>[^:]+)(?::(?:row )?(?P<line>\d+))?: .* \[(?P<code>[a-z0-9-]+)\]$")


def where_and_code(printed: str) -> tuple[str, int | None, str]:
    """(file, line, code) of a printed finding line."""
    match = _PRINTED.match(printed)
    assert match, f"not a finding line: {printed!r}"
    line = match["line"]
    return match["file"], int(line) if line else None, match["code"]


def test_corpus_is_large_enough() -> None:
    assert len(CASE_DIRS) >= 40
    for case in CASE_DIRS:
        assert (case / "about.txt").read_text(encoding="utf-8").strip(), case.name


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_bad_input(case: Path, tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    apply_case(case, root)
    dataset, found = check(root)
    expected = expected_lines(case)
    assert [(f.file, f.line, f.code) for f in found] == [where_and_code(e) for e in expected]
    assert [str(f) for f in found] == expected
    assert all(f.code in CODES for f in found)
    if any(": warning: " not in line for line in expected):
        assert dataset is None
    else:
        assert dataset is not None


def test_minimal_data_is_valid(tmp_path: Path) -> None:
    dataset, findings = run_check(make_minimal_data(tmp_path))
    assert findings == []
    assert dataset is not None


# --- cases that assert more than the findings -----------------------------------------


def test_html_in_text_loads_unchanged(tmp_path: Path) -> None:
    """Markup in a text field is data: it loads byte for byte; escaping is the renderer's job."""
    root = make_minimal_data(tmp_path)
    apply_case(CASES / "html-in-text", root)
    dataset, findings = check(root)
    assert findings == []
    assert dataset is not None
    project = dataset.projects["XC-002"]
    assert project.name == '<script>alert("x")</script>冷链<b>物流</b>&amp;中心'
    assert project.scale == (
        "<img src=x onerror=alert(1)> 建设冷库 2 万吨 | 表格 `代码` [链接](javascript:alert(1))"
    )


def test_python_tag_is_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    root = make_minimal_data(tmp_path)
    text = (root / "projects" / "XC-002.yaml").read_text(encoding="utf-8")
    (root / "projects" / "XC-002.yaml").write_text(
        text + f'notes: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    dataset, findings = run_check(root)
    assert dataset is None
    assert findings == [
        "data/projects/XC-002.yaml:13: 不支持 YAML 标签 (got !!python/object/apply:os.system; "
        "数据文件只写文字、数字、列表和键值) [yaml-tag]"
    ]
    assert not marker.exists()


# --- cases built here: they cannot or should not be committed as files ---------------


def test_fifty_megabyte_file_is_refused_by_size(tmp_path: Path, monkeypatch) -> None:
    root = make_minimal_data(tmp_path)
    big = root / "progress" / "2025-02.csv"
    with big.open("wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(50 * 1024 * 1024)
    real_read_bytes = Path.read_bytes

    def guarded(path: Path) -> bytes:
        assert path != big, "the oversized file must be refused before it is read"
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    dataset, findings = run_check(root)
    assert dataset is None
    assert findings == [
        "data/progress/2025-02.csv: 文件过大 (got 50.0 MB, expected at most 5 MB) [too-large]"
    ]


def test_symlinks_are_refused_and_not_followed(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: x\n", encoding="utf-8")
    (root / "projects" / "XC-003.yaml").symlink_to(secret)
    (root / "photos").mkdir()
    (root / "photos" / "site.jpg").symlink_to("/etc/hostname")
    (root / "plans").symlink_to("/etc")  # a whole folder: not listed, not read
    dataset, findings = run_check(root)
    assert dataset is None
    refused = "不能是符号链接 (got a symlink; expected a regular file inside data/) [symlink]"
    assert findings == [
        f"data/photos/site.jpg: {refused}",
        f"data/plans: {refused}",
        f"data/projects/XC-003.yaml: {refused}",
    ]


def _workbook(rows: list[list[object]], *, merge: str | None = None) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["项目编号", "本月完成投资(万元)", "开工以来累计完成投资(万元)", "是否开工", "形象进度"]


def test_same_month_as_csv_and_xlsx(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-03.xlsx").write_bytes(
        _workbook([HEADER, ["XC-001", 600, 5600, "是", "主管网"]])
    )
    dataset, findings = run_check(root)
    assert dataset is None
    assert findings == [
        "data/progress/2025-03.xlsx: 同一月份有两个文件 (also data/progress/2025-03.csv; 只保留一个)"
        " [duplicate-month]"
    ]


def test_xlsx_merged_cells(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-02.xlsx").write_bytes(
        _workbook(
            [HEADER, ["XC-001", 500, 5000, "是", "管网"], [None, 0, None, "是", "管网"]],
            merge="A2:A3",
        )
    )
    dataset, findings = run_check(root)
    assert dataset is None
    assert findings == [
        "data/progress/2025-02.xlsx:row 2: 表中有合并单元格 A2:A3 (expected one value per cell; "
        "请取消合并并逐行填写) [xlsx-merged-cells]"
    ]


def test_xlsx_formula_without_cached_value(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-02.xlsx").write_bytes(
        _workbook([HEADER, ["XC-001", "=200+300", 5000, "是", "管网"]])
    )
    dataset, findings = run_check(root)
    assert dataset is None
    assert findings == [
        "data/progress/2025-02.xlsx:row 2: 单元格 B2 的公式没有计算结果 (got '=200+300'; "
        "请在 Excel 中打开并保存, 或改为数值) [xlsx-formula-no-value]"
    ]


def test_xlsx_bad_cells_use_excel_row_numbers(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-02.xlsx").write_bytes(
        _workbook(
            [
                HEADER,
                ["XC-001", 500, 5000, "是", "管网"],
                [None, None, None, None, None],
                ["XC-002", "1.2E+04", None, "否", "可研"],
                ["XC-404", 1, None, "否", None],
            ]
        )
    )
    dataset, findings = run_check(root)
    assert dataset is None
    assert findings == [
        "data/progress/2025-02.xlsx:row 4: completed(本月完成投资(万元)): 科学计数法不能确定原数 "
        "(got '1.2E+04'; 在 Excel 中把单元格设为“数值”格式后重新导出) [amount-scientific]",
        "data/progress/2025-02.xlsx:row 5: project(项目编号): 项目不存在 (got 'XC-404', "
        "expected a code in data/projects/) [unknown-project]",
    ]


def test_xlsx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (40 * 1024 * 1024))
    (root / "progress" / "2025-02.xlsx").write_bytes(out.getvalue())
    dataset, findings = run_check(root)
    assert dataset is None
    assert findings == [
        "data/progress/2025-02.xlsx: xlsx 解压后过大 (got 40 MB in 1 parts, expected at most 30 MB)"
        " [xlsx-too-large]"
    ]


def test_findings_print_as_github_annotations() -> None:
    yaml_finding = Finding.of("bad-date", "data/projects/XC-001.yaml", 21, "dates.actual_start",
                              got="2025-02-30")
    row_finding = Finding.of("not-a-number", "data/progress/2025-03.csv", 3, "completed",
                             row=True, text_line=5, got="50%")
    file_finding = Finding.of("xlsx-unreadable", "data/progress/2025-03.xlsx", None,
                              detail="多行\n说明")
    warning = Finding.of("xlsx-extra-sheet", "data/progress/2025-03.xlsx", None,
                         sheet="Sheet", other="说明")
    assert yaml_finding.github_annotation() == (
        "::error file=data/projects/XC-001.yaml,line=21::dates.actual_start: 不是有效日期 "
        "(got '2025-02-30', expected 2025-03-15, 2025-03 or 2025年3月15日) [bad-date]"
    )
    assert row_finding.github_annotation() == (
        "::error file=data/progress/2025-03.csv,line=5::row 3: completed: 应为数字 "
        "(got '50%25', expected a number such as 1200 or 1.2亿元) [not-a-number]"
    )
    assert file_finding.github_annotation() == (
        "::error file=data/progress/2025-03.xlsx::无法读取 xlsx 文件 (多行%0A说明) [xlsx-unreadable]"
    )
    assert warning.github_annotation() == (
        "::warning file=data/progress/2025-03.xlsx::只读取第 1 行是表头的工作表 'Sheet'; "
        "工作表 '说明' 中的内容被忽略 [xlsx-extra-sheet]"
    )
    assert str(warning) == (
        "data/progress/2025-03.xlsx: warning: 只读取第 1 行是表头的工作表 'Sheet'; "
        "工作表 '说明' 中的内容被忽略 [xlsx-extra-sheet]"
    )


def test_a_finding_needs_a_catalogued_code() -> None:
    with pytest.raises(ValueError, match="not in the catalogue"):
        Finding("data/site.yaml", 1, "", "某个问题", "invalid")
    with pytest.raises(KeyError):
        Finding.of("invalid", "data/site.yaml", 1)


def test_csv_row_findings_carry_the_text_line(tmp_path: Path) -> None:
    """A cell with a line break makes row and line differ; annotations use the line."""
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-03.csv").write_text(
        '项目编号,本月完成投资(万元),形象进度\nXC-001,600,"第一段\n第二段"\nXC-002,约5,可研\n',
        encoding="utf-8",
    )
    _, findings = check(root)
    assert [(str(f), f.text_line) for f in findings] == [
        (
            "data/progress/2025-03.csv:row 3: completed(本月完成投资(万元)): 不是确定的数字 "
            "(got '约5', expected one number such as 1200 or 1.2亿元) [amount-approximate]",
            4,
        )
    ]
