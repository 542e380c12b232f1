"""Hostile YAML, generated: mutated data files through ``check`` never raise, and every
finding names a file (and, for a YAML file, a line inside it).

The mutations are what a hurried edit or a hostile pull request does to a valid file: a
value swapped for one YAML reads otherwise (``0631``, ``1:30``, ``.inf``, ``yes``,
``0000-05``), a tag, an anchor, a control character, a line repeated, dropped or shifted,
stray bytes. Hypothesis runs derandomized with a fixed number of examples, so the test is
the same on every run and takes a few seconds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import MINIMAL_PROJECT_1, MINIMAL_PROJECT_2, MINIMAL_SITE, make_minimal_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.inputs.yamlsource import (
    MAX_YAML_DEPTH,
    YamlDocument,
    YamlSyntaxError,
    _yaml_guard,
    parse_plain_yaml,
    parse_yaml,
    parse_yaml_file,
)
from generator.rules.check import check
from generator.rules.visibility import public_view

TARGETS = """\
- id: invest-2025
  title: 全年完成投资 10 亿元
  metric: investment_completed
  value: 100000
  deadline: 2025-12-31
  headline: true
"""
PLAN = """\
id: tui-jin-fang-an
title: 示例县重点项目推进方案
issuer: 示例县人民政府办公室
date: 2025-03-01
sections:
  - number: 一
    title: 重点任务
    tasks:
      - number: 一1
        text: 加快城区供水管网改造
        lead: [示例县水利局]
        deadline: 2025-12-31
        projects: [XC-001]
        notes:
          - date: 2025-03-10
            text: 已完成招标
"""
FILES = {
    "projects/XC-001.yaml": MINIMAL_PROJECT_1,
    "projects/XC-002.yaml": MINIMAL_PROJECT_2,
    "site.yaml": MINIMAL_SITE + "lag_tolerance: 5\ndisclosure_threshold: 1000\n",
    "targets.yaml": TARGETS,
    "plans/tui-jin-fang-an.yaml": PLAN,
}
# Values YAML 1.1 reads as something else, values no field takes, and YAML's sharp edges.
NUMBERS = [
    "0631", "07000", "1:30", "0x16C0", "0o17", "0b101", "6_000", "+2_025", "1.0e+300", "1e3",
    ".5", "631.", "-1", "-0", ".inf", "-.Inf", ".nan", "NaN", "'0631'", '"0x7E9"', "1" * 30,
    "9" * 400, "!!int 0631", "!!int 0x_", "!!float abc", "!!float .nan", "true", "1.2亿元",
]
DATES = [
    "0000-05", "0000-02-29", "0001-01-01", "1000-01", "9999-12-31", "2205-06", "2025-02-30",
    "2025年13月", "2025-3", "２０２５－０３", "20250315", "2025-03-15T10:00:00",
]
FLAGS = ["yes", "No", "on", "OFF", "y", "n", "1", "0", "是", "否", "!!bool maybe", "~"]
OTHERS = [
    "~", "null", "", "''", '"\\x1b[31m"', '"\\0"', '"\\ud800"', "!!str 12", "!!binary aGk=",
    "!!python/object/apply:os.system ['true']", "!foo x", "&a 1", "*a", "[1, [2, [3]]]",
    "{a: 1}", "{", "]", "'", '"', "|", ">-", "- x", "? x", "<<: {a: 1}", "2025: 5000",
    "0x7E9: 5000", "2025.0: 1", "'2025': 2", "<script>alert(1)</script>", "\x1b", "\x00",
    "\t", "\u202e", "\ufeff", "\u2028", "\x85", "项目: 名称", "a" * 300,
]
SCALARS = NUMBERS + DATES + FLAGS + OTHERS
_KINDS = (
    (NUMBERS, ("amount", "value", "total_investment", "lag_tolerance", "threshold", "2025")),
    (DATES, ("date", "deadline", "start", "completion")),
    (FLAGS, ("government_invested", "headline", "public", "internal")),
)
KEYS = ["code", "name", "amount", "value", "annual_plan", "2025", "0x7E9", "public", "internal",
        "date", "deadline", "total_investment", "lag_tolerance", "townships", "<<", "? [a]"]


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the files above after one to four edits; bytes, since some edits are bytes."""
    name = draw(st.sampled_from(sorted(FILES)))
    lines = FILES[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["value", "insert", "repeat", "drop", "indent", "chars"]))
        line = lines[at]
        if edit == "value" and ":" in line:
            head = line.split(":", 1)[0]
            lines[at] = f"{head}: {draw(st.sampled_from(SCALARS))}\n"
        elif edit == "insert":
            indent = " " * draw(st.sampled_from([0, 2, 4, 6, 8]))
            key, value = draw(st.sampled_from(KEYS)), draw(st.sampled_from(SCALARS))
            lines.insert(at, f"{indent}{key}: {value}\n")
        elif edit == "repeat":
            lines.insert(at, line)
        elif edit == "drop" and len(lines) > 1:
            del lines[at]
        elif edit == "indent":
            lines[at] = " " * draw(st.integers(0, 5)) + line.lstrip(" ")
        else:
            chars = draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=3))
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + chars + line[cut:]
    raw = "".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # now and then a stray byte that is not UTF-8
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(min_size=1, max_size=2)) + raw[cut:]
    return name, raw


def _value_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines()) if ":" in line
            and line.split(":", 1)[1].strip() not in {"", "|", ">"}]


def _with(text: str, index: int, value: str) -> str:
    lines = text.splitlines(keepends=True)
    head = lines[index].split(":", 1)[0]
    lines[index] = f"{head}: {value}\n"
    return "".join(lines)


def _sweep() -> list[tuple[str, str]]:
    """Every number, date and flag value at every line of its kind, once each; every other
    value at a few lines of every file: about 500 data sets, each with one file changed."""
    out = []
    for number, (name, text) in enumerate(sorted(FILES.items())):
        lines = _value_lines(text)
        for index in lines:
            key = text.splitlines()[index].split(":", 1)[0].strip().lstrip("- ")
            for values, keys in _KINDS:
                if any(k in key for k in keys):
                    out += [(name, _with(text, index, value)) for value in values]
        for offset, value in enumerate(OTHERS):
            out.append((name, _with(text, lines[(offset * 7 + number) % len(lines)], value)))
    return out


def _check(root: Path, changed: dict[str, bytes]) -> None:
    """``check`` with ``changed`` written over the files; it must give findings, not raise."""
    for name, text in FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    for name, raw in changed.items():
        (root / name).write_bytes(raw)
    dataset, findings = check(root)
    for finding in findings:
        assert finding.file.startswith("data/"), finding
        path = root.parent / finding.file
        assert path.exists(), finding
        if path.suffix == ".yaml" and finding.line is not None:
            assert 1 <= finding.line <= path.read_bytes().count(b"\n") + 1, finding
        assert str(finding).startswith(finding.file), finding
    if dataset is not None:
        public_view(dataset)


def _data(tmp: str) -> Path:
    root = make_minimal_data(Path(tmp))
    (root / "plans").mkdir()
    return root


def test_every_hostile_value_at_every_line_of_its_kind() -> None:
    cases = _sweep()
    assert len(cases) > 400
    with tempfile.TemporaryDirectory() as tmp:
        root = _data(tmp)
        for name, text in cases:
            _check(root, {name: text.encode("utf-8", "surrogatepass")})


FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=200,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(mutated_file(), min_size=1, max_size=2))
def test_hostile_yaml_files_give_findings_never_a_crash(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _check(_data(tmp), dict(files))


@settings(derandomize=True, database=None, deadline=None, max_examples=600)
@given(st.text(st.sampled_from(list("ab01:-_.+x~'\"[]{}#&*!|>?%@`,\\ \t\n\x1b\u3000是")),
               max_size=40))
def test_random_yaml_reads_the_same_both_ways_and_never_raises(text: str) -> None:
    read = parse_yaml_file(text.encode("utf-8"))
    fast = parse_plain_yaml(text, MAX_YAML_DEPTH)
    if fast is None or _yaml_guard(text) is not None:
        return
    assert isinstance(read, YamlDocument)
    try:
        slow = parse_yaml(text)
    except YamlSyntaxError:  # pragma: no cover - the fast path took a broken document
        raise AssertionError(f"fast path read a document the reference refuses: {text!r}") from None
    assert repr(fast.data) == repr(slow.data)
    assert fast.lines == slow.lines and fast.duplicate_keys == slow.duplicate_keys
