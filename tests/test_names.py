"""Names and codes that become paths, invisible characters, and files that are not files.

The corpus (``tests/bad_inputs``) holds the cases that can be committed; these are the ones
that should not be: a file named CON or ending in a dot cannot be checked out on Windows,
and a file name holding U+202E would itself be hostile in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_minimal_data
from pydantic import ValidationError

from generator.model import names
from generator.model.models import Plan, Project, SiteConfig, Unit
from generator.rules.check import check

RESERVED = "是 Windows 保留的设备名, 不能用作文件名或编号 (CON, PRN, AUX, NUL, COM0–COM9, " \
           "LPT0–LPT9, in any case, with or without an extension) [reserved-name]"


def _check(root: Path) -> tuple[object, list[str]]:
    dataset, findings = check(root)
    return dataset, [str(f) for f in findings]


@pytest.mark.parametrize("name", ["CON", "con", "Nul", "PRN.yaml", "aux.tar.gz", "COM1",
                                  "com9.jpg", "LPT1", "lpt9", "COM0", "LPT¹", "NUL ", "CON .txt",
                                  "CONIN$"])
def test_device_names(name: str) -> None:
    assert names.is_device_name(name)


@pytest.mark.parametrize("name", ["CON-1", "CONSOLE", "COM10", "LPT", "NULL", "XC-001",
                                  ".con", "a.con", "icon.jpg"])
def test_names_that_are_not_devices(name: str) -> None:
    assert not names.is_device_name(name)


def test_fold_compares_as_windows_does() -> None:
    assert names.fold("Ab-1") == names.fold("aB-1") == "AB-1"
    assert names.fold("ß") != names.fold("SS")  # Windows maps one letter to one letter


@pytest.mark.parametrize("code", ["CON", "nul", "Aux", "COM1", "lpt9", "COM0"])
def test_every_code_that_names_a_folder_refuses_device_names(code: str) -> None:
    """Project codes, unit codes, plan ids and township codes all become folders."""
    project = {"code": code, "name": "示例项目", "level": "县重点", "domain": "水利",
               "stage": "前期", "township": "城关镇", "owner": "某公司", "department": "某局",
               "government_invested": True, "total_investment": 1}
    unit = {"code": code, "name": "示例县水利局"}
    plan = {"id": code, "title": "方案", "issuer": "县政府", "date": "2025-01",
            "sections": [{"number": "一", "title": "任务",
                          "tasks": [{"number": "1", "text": "x", "lead": ["某局"],
                                     "rhythm": "每月"}]}]}
    site = {"region": "示例县", "title": "示例", "report_date": "2025-03",
            "townships": [{"code": code, "name": "城关镇"}]}
    for model, data in ((Project, project), (Unit, unit), (Plan, plan), (SiteConfig, site)):
        with pytest.raises(ValidationError, match="保留的设备名"):
            model.model_validate(data)


def test_reserved_file_and_folder_names_are_refused_and_not_read(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "projects" / "CON.yaml").write_text("code: CON\n", encoding="utf-8")
    (root / "plans").mkdir()
    (root / "plans" / "Lpt1.yaml").write_text("id: [\n", encoding="utf-8")  # never parsed
    (root / "photos" / "aux").mkdir(parents=True)
    (root / "photos" / "aux" / "a.jpg").write_bytes(b"")
    (root / "photos" / "nul.jpg").write_bytes(b"")
    dataset, findings = _check(root)
    assert dataset is None
    assert findings == [
        f"data/photos/aux: 'aux' {RESERVED}",
        f"data/photos/nul.jpg: 'nul.jpg' {RESERVED}",
        f"data/plans/Lpt1.yaml: 'Lpt1.yaml' {RESERVED}",
        f"data/projects/CON.yaml: 'CON.yaml' {RESERVED}",
    ]


def test_trailing_dots_and_spaces_are_refused(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "photos" / "XC-001.").mkdir(parents=True)
    (root / "photos" / "XC-001." / "a.jpg").write_bytes(b"")
    (root / "photos" / "b.jpg ").write_bytes(b"")
    (root / "plans").mkdir()
    (root / "plans" / "fang-an.yaml.").write_text("id: x\n", encoding="utf-8")
    dataset, findings = _check(root)
    assert dataset is None
    tail = "; Windows 会去掉结尾的点和空格, 成为另一个名称) [filename-trailing-dot]"
    assert findings == [
        f"data/photos/XC-001.: 文件名不能以点或空格结尾 (got 'XC-001.'{tail}",
        f"data/photos/b.jpg : 文件名不能以点或空格结尾 (got 'b.jpg '{tail}",
        f"data/plans/fang-an.yaml.: 文件名不能以点或空格结尾 (got 'fang-an.yaml.'{tail}",
    ]


def test_invisible_and_windows_characters_in_file_names(tmp_path: Path) -> None:
    """Refused, and printed escaped: the finding itself carries no bidi control."""
    root = make_minimal_data(tmp_path)
    (root / "photos" / "XC-001").mkdir(parents=True)
    (root / "photos" / "XC-001" / "gpj.\u202eexe.jpg").write_bytes(b"")
    (root / "photos" / "XC-001" / "现场?.jpg").write_bytes(b"")
    (root / "\u200bsite.yaml").write_text("x: 1\n", encoding="utf-8")
    dataset, findings = _check(root)
    assert dataset is None
    tail = "expected letters, digits, -, _ and .) [unsafe-filename]"
    assert findings == [
        "data/\\u200bsite.yaml: 文件名中不能有 U+200B ZERO WIDTH SPACE "
        f"(got '\\u200bsite.yaml'; {tail}",
        "data/photos/XC-001/gpj.\\u202eexe.jpg: 文件名中不能有 U+202E RIGHT-TO-LEFT OVERRIDE "
        f"(got 'gpj.\\u202eexe.jpg'; {tail}",
        f"data/photos/XC-001/现场?.jpg: 文件名中不能有 '?' (got '现场?.jpg'; {tail}",
    ]
    assert not any(c in "".join(findings) for c in names.BIDI + names.ZERO_WIDTH)


@pytest.mark.parametrize(("folder", "content"), [
    ("projects", "<项目编号>.yaml files"),
    ("progress", "<YYYY-MM>.csv or .xlsx files"),
    ("plans", "<方案编号>.yaml files"),
])
def test_a_data_folder_that_is_a_file(tmp_path: Path, folder: str, content: str) -> None:
    root = make_minimal_data(tmp_path)
    for path in (root / folder).glob("*") if (root / folder).is_dir() else []:
        path.unlink()
    if (root / folder).is_dir():
        (root / folder).rmdir()
    (root / folder).write_text("见共享盘\n", encoding="utf-8")
    dataset, findings = _check(root)
    assert dataset is None
    expected = f"data/{folder}: 应为目录, 这里是一个文件 (expected a folder of {content}) [not-a-folder]"
    assert expected in findings
    others = [f for f in findings if f != expected]
    # Without projects, the progress rows name unknown projects: true, and reported.
    assert all("[unknown-project]" in f for f in others), others


def test_a_file_that_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_minimal_data(tmp_path)
    units = root / "units.yaml"
    units.write_text("- code: slj\n  name: 示例县水利局\n", encoding="utf-8")
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == units:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    dataset, findings = _check(root)
    assert dataset is None
    assert findings == ["data/units.yaml: 无法读取文件 (Permission denied) [file-unreadable]"]


def test_invisible_characters_in_table_cells(tmp_path: Path) -> None:
    """CSV cells cannot escape characters, so these are written here, not committed."""
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-03.csv").write_text(
        "项目编号,本月完成投资(万元),形象进度\nXC-001,600,主管网\u202e成完\nXC-002,0,可研\n",
        encoding="utf-8",
    )
    (root / "problems.csv").write_text(
        "问题编号,项目编号,提出日期,问题类别,问题描述,责任单位,协调层级,办理状态\n"
        "P-001,XC-001,2025-03-02,用地,征地\u2067未完成,示例县\u200d水利局,县,协调中\n",
        encoding="utf-8",
    )
    dataset, findings = _check(root)
    assert dataset is None
    assert findings == [
        "data/problems.csv:row 2: description(问题描述): 含有看不见的字符 U+2067 RIGHT-TO-LEFT "
        "ISOLATE (第 3 个字符; got '征地\\u2067未完成'; expected visible text only) "
        "[invisible-character]",
        "data/problems.csv:row 2: unit(责任单位): 含有看不见的字符 U+200D ZERO WIDTH JOINER "
        "(第 4 个字符; got '示例县\\u200d水利局'; expected visible text only) [invisible-character]",
        "data/progress/2025-03.csv:row 2: progress(形象进度): 含有看不见的字符 U+202E "
        "RIGHT-TO-LEFT OVERRIDE (第 4 个字符; got '主管网\\u202e成完'; expected visible text "
        "only) [invisible-character]",
    ]


@pytest.mark.parametrize("char", sorted(names.BIDI))
def test_every_bidi_control_is_refused_in_names_and_long_text(char: str) -> None:
    with pytest.raises(ValidationError, match="看不见的字符"):
        Unit.model_validate({"code": "slj", "name": f"水利{char}局"})
    base = {"code": "XC-1", "name": "示例项目", "level": "县重点", "domain": "水利",
            "stage": "前期", "township": "城关镇", "owner": "某公司", "department": "某局",
            "government_invested": True, "total_investment": 1}
    with pytest.raises(ValidationError, match="看不见的字符"):
        Project.model_validate({**base, "notes": f"备注{char}"})


@pytest.mark.parametrize("char", sorted(names.ZERO_WIDTH))
def test_zero_width_characters_only_in_names(char: str) -> None:
    with pytest.raises(ValidationError, match="看不见的字符"):
        Unit.model_validate({"code": "slj", "name": "示例县水利局", "aliases": [f"水{char}利局"]})
    project = Project.model_validate({
        "code": "XC-1", "name": "示例项目", "level": "县重点", "domain": "水利", "stage": "前期",
        "township": "城关镇", "owner": "某公司", "department": "某局",
        "government_invested": True, "total_investment": 1, "scale": f"建设{char}内容",
    })
    assert project.scale == f"建设{char}内容"  # long text keeps it, unchanged


@pytest.mark.parametrize("text", ["示例县<b>", "示例县 & 某区", '示例"县"', "示例'县'", "示例`县`",
                                  "示例县>"])
def test_markup_in_region_and_title(text: str) -> None:
    site = {"region": "示例县", "title": "示例", "report_date": "2025-03",
            "townships": [{"code": "CG", "name": "城关镇"}]}
    for field in ("region", "title"):
        with pytest.raises(ValidationError, match="不能含有"):
            SiteConfig.model_validate({**site, field: text})
    # Elsewhere markup is data, escaped when shown (the html-in-text case).
    assert Unit.model_validate({"code": "slj", "name": text}).name == text
