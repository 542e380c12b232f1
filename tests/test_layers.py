"""The folders are the pipeline: every stage is a layer, and a stage imports only the
stages below it (import-linter's contract in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return contract["layers"]


def test_no_stage_imports_a_higher_one() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_stage_folder_is_a_layer() -> None:
    """A new sub-package of generator/ cannot escape the rule by not being listed."""
    folders = {f"generator.{p.name}" for p in (ROOT / "generator").iterdir()
               if (p / "__init__.py").is_file()}
    assert folders == set(_layers())


def test_readme_names_the_stages_in_flow_order() -> None:
    """The README's "How it works" lists the folders as data flows through them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## 代码结构"):]
    stages = [layer.split(".")[1] for layer in reversed(_layers())]
    positions = [section.index(f"`generator/{stage}/`") for stage in stages]
    assert positions == sorted(positions), stages
