"""The parse cache and the fast YAML path change nothing but speed.

``check(data, cache=...)`` must give what ``check(data)`` gives, cold or warm, after files
change, and with a damaged cache; and ``parse_plain_yaml`` must build exactly what the
reference path (guard, then ``parse_yaml``) builds, or step aside.
"""

from __future__ import annotations

import gc
import pickle
from pathlib import Path
from typing import Any

import pytest

from generator.inputs import load, yamlsource
from generator.inputs.yamlsource import (
    MAX_YAML_DEPTH,
    YamlProblem,
    YamlSyntaxError,
    _yaml_guard,
    parse_plain_yaml,
    parse_yaml,
    parse_yaml_file,
)
from generator.model import verified
from generator.model.dataset import Dataset
from generator.model.findings import Finding
from generator.rules.check import check
from tools.sample import write_dataset

CACHE_FILE = "parse-cache.pickle"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_dataset(root, n_projects=50, months=12)
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the files actually parsed (not taken from the cache)."""
    calls: list[int] = []
    for name in ("parse_yaml_file", "_read_table_file"):
        real = getattr(load, name)

        def counted(*args: Any, real: Any = real, **kwargs: Any) -> Any:
            calls.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(load, name, counted)
    return calls


def snapshot(dataset: Dataset | None, findings: list[Finding]) -> dict[str, Any]:
    """Everything check() returns, as plain values that compare by type too (1 != 1.0)."""
    shot: dict[str, Any] = {
        "findings": [(f, f.text_line) for f in findings],
    }
    if dataset is not None:
        shot |= {
            "counts": dataset.count_summary(),
            "projects": {c: p.model_dump() for c, p in dataset.projects.items()},
            "records": [(r.month, r.file, r.row, r.data.model_dump()) for r in dataset.records],
            "problems": [p.model_dump() for p in dataset.problems],
            "plans": [p.model_dump() for p in dataset.plans],
            "positions": {
                file: (doc.data, list(doc.lines.items()), doc.duplicate_keys)
                for file, doc in dataset.positions.items()
            },
            "row_lines": dataset.row_lines,
            "unreadable": dataset.unreadable_projects,
        }
    return {key: repr(value) for key, value in shot.items()}


def checked(root: Path, cache: Path | None = None) -> dict[str, Any]:
    return snapshot(*check(root, cache=cache))


def break_files(root: Path) -> None:
    """Change one project, add an unparsable one, break a cell and a whole table."""
    first = sorted((root / "projects").glob("*.yaml"))[0]
    first.write_text(first.read_text("utf-8").replace("name: ", "name: 改 ", 1), "utf-8")
    (root / "projects" / "XX-001.yaml").write_text("code: XX-001\nname: [\n", "utf-8")
    month = sorted((root / "progress").glob("*.csv"))[-1]
    lines = month.read_text("utf-8").splitlines()
    lines[1] = lines[1].replace(",", ",约", 1)
    month.write_text("\n".join(lines) + "\n", "utf-8")
    (root / "progress" / "2019-01.csv").write_text('项目编号,本月完成投资\n"XC-1,5\n', "utf-8")


def test_cache_gives_the_same_result_cold_warm_and_after_changes(
    data: Path, tmp_path: Path, parses: list[int]
) -> None:
    cache = tmp_path / "cache"
    expected = checked(data)
    files = len(parses)
    parses.clear()

    assert checked(data, cache) == expected  # cold
    assert len(parses) == files
    assert (cache / CACHE_FILE).is_file()
    parses.clear()
    assert checked(data, cache) == expected  # warm: nothing parsed
    assert parses == []

    break_files(data)
    expected = checked(data)
    for code in ("yaml-syntax", "amount-approximate", "csv-unclosed-quote"):
        assert f"code='{code}'" in expected["findings"]
    parses.clear()
    assert checked(data, cache) == expected
    assert len(parses) == 4  # the changed and new project, the changed and new month
    parses.clear()
    assert checked(data, cache) == expected
    assert parses == []


def test_entries_of_removed_files_are_dropped(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(data, cache=cache)
    before = len(pickle.loads((cache / CACHE_FILE).read_bytes())[1])
    sorted((data / "projects").glob("*.yaml"))[0].unlink()
    check(data, cache=cache)
    assert len(pickle.loads((cache / CACHE_FILE).read_bytes())[1]) == before - 1
    assert [p.name for p in cache.iterdir()] == [CACHE_FILE]  # no temporary file left


@pytest.mark.parametrize(
    "content",
    [None, b"", b"not a pickle", pickle.dumps(("other version", {})), pickle.dumps([1, 2])],
    ids=["truncated", "empty", "garbage", "other-version", "wrong-shape"],
)
def test_a_damaged_cache_is_ignored(data: Path, tmp_path: Path, content: bytes | None) -> None:
    cache = tmp_path / "cache"
    expected = checked(data)
    check(data, cache=cache)
    whole = (cache / CACHE_FILE).read_bytes()
    (cache / CACHE_FILE).write_bytes(whole[: len(whole) // 2] if content is None else content)
    assert checked(data, cache) == expected
    assert checked(data, cache) == expected  # rewritten, readable again


def test_a_damaged_entry_is_parsed_again(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = checked(data, cache)
    version, entries = pickle.loads((cache / CACHE_FILE).read_bytes())
    (cache / CACHE_FILE).write_bytes(pickle.dumps((version, dict.fromkeys(entries, b"x"))))
    assert checked(data, cache) == expected


def test_a_cache_folder_that_cannot_be_written_is_no_error(data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert checked(data, blocker / "cache") == checked(data)


def test_a_cached_syntax_error_keeps_its_line(
    data: Path, tmp_path: Path, parses: list[int]
) -> None:
    (data / "projects" / "XX-001.yaml").write_text("code: XX-001\nname: ok\nstage: [\n", "utf-8")
    cache = tmp_path / "cache"
    check(data, cache=cache)
    parses.clear()
    dataset, findings = check(data, cache=cache)
    assert parses == []
    assert dataset is None
    errors = [f for f in findings if f.code == "yaml-syntax"]
    assert [(e.file, e.line) for e in errors] == [("data/projects/XX-001.yaml", 4)]


def test_check_leaves_the_garbage_collector_as_it_was(data: Path) -> None:
    check(data)
    assert gc.isenabled()
    gc.disable()
    try:
        check(data)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- the fast YAML path -------------------------------------------------------------------

TRICKY = [
    "", "---\n", "# only a comment\n", "1\n", "~\n", "a: 1\n", "- a\n- b\n",
    "a:\n- 1\n- 2\nb: c\n", "a: 1\na: 2\n", "a: {x: 1}\na: {y: 2}\n", "2024: 1\n'2024': 2\n",
    "1: a\n1.0: b\ntrue: c\n", "a: {b: [1, 2, {c: d}]}\n", "a: [a: b, c: [d: e]]\n",
    "a: 0x1F\nb: 0o17\nc: 017\nd: 1_000\ne: 1:30\nf: -1.5e+3\ng: .inf\nh: .NaN\ni: 0\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: null\nf: Null\ng: ''\nh:\n'': 1\nnull: 2\n",
    "a: 2025-03-15\nb: 2025-3\nc: 12:30\n", "a: |\n  text\n  more\nb: >\n  folded\n",
    "a: 'q'\nb: \"x\\ty\"\n", "- - - a\n  - b\n- c\n", "? a\n: 1\n", "a: 12\r\nb: 2\r\n",
    "\ufeffa: 1\n", "%YAML 1.1\n---\na: 1\n", "a: 1\n...\n", "- {}\n- []\n",
    "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH,
    # Each of these needs the reference path: the fast one must step aside.
    "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1), "a: &x 1\n", "a: &x 1\nb: *x\n",
    "a: !!str 1\n", "a: !foo 1\n", "a: ! 1\n", "<<: {a: 1}\n", "=: 1\n", "a: =\n",
    "? [a]\n: 1\n", "a: 1\n---\nb: 2\n", "a: [\n", "a: b: c\n", "a: 1\n b: 2\n", "a: 0b_\n",
    "²: x\n",
]
# Hostile or odd documents: what an attacker or a slip of the keyboard may put in data/.
HOSTILE = [
    "a: &a [1, 2]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n",  # alias expansion
    "- &a [*a]\n",  # an alias inside its own anchor
    "a: !!python/object/apply:os.system ['echo x']\n", "!!python/name:os.system\n",
    "a: !!binary aGk=\n", "a: !!timestamp 2025-01-01\n", "a: !!set {x}\n", "--- !foo\na: 1\n",
    "a: \"\\0\\x01\\ud800\"\n", "a: \"\\U0001F600\\u2028\\N\"\n", "a: \x01\n", "a:\n\tb: 1\n",
    "a: 1\u2028b: 2\n", "a: 1\x85b: 2\n", "a: 1\rb: 2\r", "a: x\ufeffy\n", "\ufeff\ufeffa: 1\n",
    "{a: 1, a: 2}\n", "a: {b: 1, b: 2}\nb:\n  c: 1\n  c: 2\n", "~: 1\nnull: 2\n'': 3\n",
    "a: +1\nb: -0\nc: 1e3\nd: .5\ne: 0x\nf: 1__0\ng: 0o8\nh: 1_2.3_4\ni: 190:20:30\n",
    "a: 'it''s'\nb: x #c\nc: 'x #y'\nd: \"\"\n", "a: |-\n  x\nb: >+\n  y\n\n", "--- |\n  text\n",
    "? |\n  block key\n: v\n", "'a\n\n  b': c\n", "a: b\n...\n---\nc: d\n", "- a\n-b\n- -c\n",
    "a: [1, 2,]\n", "a: {b, c: }\n", "- ? a\n  : b\n", "a: <script>alert(1)</script>\n",
    "a: '" + "x" * 70000 + "'\n", "a" * 2000 + ": 1\n", "- " * 40 + "x\n",
    "{" * MAX_YAML_DEPTH + "a: 1" + "}" * MAX_YAML_DEPTH + "\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 40)),
    "项目: 名称\n数额: 1,000\n日期: 2025年3月\n",
]


def reference(text: str) -> Any:
    if _yaml_guard(text) is not None:
        return "refused"
    try:
        return parse_yaml(text)
    except YamlSyntaxError:
        return "syntax error"
    except ValueError:
        return "crash"


@pytest.mark.parametrize("text", TRICKY + HOSTILE)
def test_fast_yaml_path_builds_what_the_reference_builds(text: str) -> None:
    fast = parse_plain_yaml(text, MAX_YAML_DEPTH)
    if fast is None:
        return  # the reference path decides
    slow = reference(text)
    assert not isinstance(slow, str), slow
    assert repr(fast.data) == repr(slow.data)  # types too: 1, 1.0 and True differ
    assert list(fast.lines.items()) == list(slow.lines.items())
    assert fast.duplicate_keys == slow.duplicate_keys


def test_fast_yaml_path_takes_the_data_files() -> None:
    shipped = Path(__file__).resolve().parent.parent / "data"
    files = sorted(shipped.rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text("utf-8-sig")
        fast = parse_plain_yaml(text, MAX_YAML_DEPTH)
        assert fast is not None, path
        slow = reference(text)
        assert (repr(fast.data), fast.lines, fast.duplicate_keys) == (
            repr(slow.data), slow.lines, slow.duplicate_keys), path


def test_scalars_pyyaml_cannot_build_stay_text() -> None:
    from generator.inputs.yamlsource import YamlProblem, parse_yaml_file

    # PyYAML resolves 0x_ to an int and then fails to build it; only plain decimal is built
    # as a number now, so it stays the text typed (a number field refuses it).
    doc = parse_yaml_file(b"a: 1\nb:\n  - 2\n  - 0x_\n")
    assert not isinstance(doc, YamlProblem)
    assert doc.data == {"a": 1, "b": [2, "0x_"]} and doc.lines[("b", 1)] == 4
    # Digits that are not ASCII stay text keys (int("²") would raise).
    doc = parse_yaml_file("²: 1\n０: 2\n2025: 3\n".encode())
    assert not isinstance(doc, YamlProblem)
    assert doc.data == {"²": 1, "０": 2, 2025: 3}


def _read_all(texts: list[str]) -> list[str]:
    """What ``parse_yaml_file`` gives for each text, as comparable text (types included)."""
    out = []
    for text in texts:
        doc = parse_yaml_file(text.encode("utf-8", "surrogatepass"))
        if isinstance(doc, YamlProblem):
            out.append(repr(doc))
        else:
            out.append(repr((doc.data, list(doc.lines.items()), doc.duplicate_keys)))
    return out


def test_yaml_files_read_the_same_on_the_stock_path(
    fake_versions: dict[str, str | None], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With a PyYAML the fast path was not verified against, ``parse_yaml_file`` says so
    once, never calls it, and reads every shipped file and odd document as before."""
    shipped = Path(__file__).resolve().parent.parent / "data"
    texts = [p.read_text("utf-8") for p in sorted(shipped.rglob("*.yaml"))]
    texts += TRICKY + HOSTILE
    fast = _read_all(texts)
    assert capsys.readouterr().err == ""
    fake_versions["PyYAML"] = "7.0"
    monkeypatch.setattr(verified, "_decided", {})  # decide again, with the fake version
    monkeypatch.setattr(yamlsource, "parse_plain_yaml", _never)
    assert _read_all(texts) == fast
    err = capsys.readouterr().err
    assert err == ("提示: 已安装 PyYAML 7.0, YAML 读取的快速路径按 PyYAML 6.0.3 验证; 本次使用标准"
                   "路径 (YAML reader: fast path verified against PyYAML 6.0.3; using the stock "
                   "path)\n")


def _never(*args: object) -> None:
    raise AssertionError("the fast path was taken")
