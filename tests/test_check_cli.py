"""``python -m generator check``: exit status and the two output forms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_minimal_data

from generator.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


def break_a_cell(root: Path) -> None:
    path = root / "progress" / "2025-03.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",600,", ",约600,"), encoding="utf-8")


def test_valid_data_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--data", str(make_minimal_data(tmp_path))]) == 0
    assert capsys.readouterr().out.startswith("数据校验通过 (data valid): projects 2,")


def test_data_errors_exit_1_with_file_row_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = make_minimal_data(tmp_path)
    break_a_cell(root)
    assert main(["check", "--data", str(root)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "data/progress/2025-03.csv:row 2: completed(本月完成投资(万元)): 不是确定的数字 "
        "(got '约600', expected one number such as 1200 or 1.2亿元) [amount-approximate]",
        "数据校验未通过: 1 个错误 (data check failed: 1 errors)",
    ]


def test_github_actions_gets_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = make_minimal_data(tmp_path)
    break_a_cell(root)
    (root / "projects" / "XC-002.yaml").write_text("code: XC-002\nname: [\n", encoding="utf-8")
    assert main(["check", "--data", str(root)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "::error file=data/progress/2025-03.csv,line=2::row 2: completed(本月完成投资(万元)): "
        "不是确定的数字 (got '约600', expected one number such as 1200 or 1.2亿元) "
        "[amount-approximate]"
    )
    assert err[1].startswith("::error file=data/projects/XC-002.yaml,line=3::YAML 格式错误: ")
    assert err[1].endswith(" [yaml-syntax]")


def test_missing_data_directory_exits_2(tmp_path: Path) -> None:
    assert main(["check", "--data", str(tmp_path / "nowhere")]) == 2


@pytest.mark.parametrize("argv", [[], ["check", "--bogus"], ["nonsense"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "usage: python -m generator" in result.stderr


def test_a_crash_is_not_reported_as_a_data_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(root: Path) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("generator.__main__.check", boom)
    assert main(["check", "--data", str(make_minimal_data(tmp_path))]) == 2
