"""The fast paths are used only with the package versions they were verified against, and
those are the versions constraints.txt installs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.model import verified

ROOT = Path(__file__).resolve().parent.parent


def _pins(path: Path) -> dict[str, str]:
    """name==version lines of a requirements or constraints file, by normalised name."""
    pins = {}
    for line in path.read_text("utf-8").splitlines():
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line.split("#")[0].strip())
        if match:
            pins[_normal(match.group(1))] = match.group(2)
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_constraints_install_the_verified_versions() -> None:
    pins = _pins(ROOT / "constraints.txt")
    for piece, versions in verified.VERIFIED.items():
        for name, version in versions.items():
            assert pins.get(_normal(name)) == version, (piece, name)


def test_constraints_agree_with_the_direct_requirements() -> None:
    pins = _pins(ROOT / "constraints.txt")
    direct = _pins(ROOT / "requirements.txt") | _pins(ROOT / "requirements-dev.txt")
    assert direct
    assert {name: pins.get(name) for name in direct} == direct


def test_every_piece_has_a_label() -> None:
    assert verified.LABELS.keys() == verified.VERIFIED.keys()


def test_verified_versions_take_the_fast_paths(fake_versions: dict[str, str | None]) -> None:
    for versions in verified.VERIFIED.values():
        fake_versions.update(versions)
    said: list[str] = []
    assert all(verified.use_fast_path(piece, said.append) for piece in verified.VERIFIED)
    assert said == []


def test_another_version_says_so_once_and_takes_the_stock_path(
    fake_versions: dict[str, str | None], capsys: pytest.CaptureFixture[str]
) -> None:
    fake_versions["mkdocs-material"] = "9.9.0"
    said: list[str] = []
    assert verified.use_fast_path("mkdocs-hooks", said.append) is False
    assert said == [
        "提示: 已安装 mkdocs-material 9.9.0, MkDocs 加速钩子的快速路径按 mkdocs-material 9.8.1 "
        "验证; 本次使用标准路径 (MkDocs hooks: fast path verified against mkdocs-material "
        "9.8.1; using the stock path)"
    ]
    assert verified.use_fast_path("mkdocs-hooks", said.append) is False
    assert verified.use_fast_path("mkdocs-hooks") is False
    assert len(said) == 1  # decided once per process
    assert capsys.readouterr().err == ""


def test_without_a_log_the_notice_goes_to_stderr(
    fake_versions: dict[str, str | None], capsys: pytest.CaptureFixture[str]
) -> None:
    fake_versions["lxml"] = None
    assert verified.use_fast_path("docx") is False
    err = capsys.readouterr().err
    assert err.startswith("提示: 已安装 lxml (未安装), Word 通报写入的快速路径按 lxml ")
    assert err.count("\n") == 1


def test_the_real_lookup_reads_installed_metadata() -> None:
    assert verified.installed_version("PyYAML") == __import__("yaml").__version__
    assert verified.installed_version("no-such-distribution-zd") is None
