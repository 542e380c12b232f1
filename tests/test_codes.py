"""The catalogue of finding codes: complete, used, each with an example on its page.

Every finding is made from a code in ``generator.model.codes``; these tests hold the
catalogue and the code to each other in both directions (no code used that is not
catalogued, no catalogued code that nothing reports) and check the generated
校验提示代码 page of the internal site.
"""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest
from conftest import make_minimal_data

from generator.inputs.tables import TableError
from generator.model.codes import CODES, GROUPS, RESERVED, Code, CodedError
from generator.model.findings import Finding, example_finding
from generator.pages import registry
from generator.pages.content import INTERNAL_SECTION
from generator.present.formatting import escape
from generator.rules.check import check
from generator.site.render import render_site

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
PAGE = "internal/data-guide/codes.md"
CATALOGUED = list(CODES.values())

# Calls that take a code, and the position of that argument: findings, coded exceptions,
# the problems of parsing, and the ``add`` helpers of the loader and the checks.
_CODE_ARGUMENT = {"of": 0, "add": 0, "CodedError": 0, "TableError": 0, "WorkbookError": 0,
                  "CellError": 0, "YamlSyntaxError": 1, "YamlProblem": 1, "TableProblem": 2, "fromkeys": 1,
                  "MapProblem": 0}
# The stages that report findings; the pages and the site build make none.
_REPORTING = ("model", "inputs", "rules")
_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _sources() -> list[Path]:
    return sorted(p for p in GENERATOR.rglob("*.py") if p.name != "codes.py")


def _strings(node: ast.expr | None) -> list[str]:
    """The string constants ``node`` may be: a constant, or either side of ``a if c else b``."""
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return []


def _code_literals(path: Path) -> list[str]:
    """The codes a module names: arguments of the calls above and, in explain.py (which maps
    pydantic's error kinds), the first item of returned tuples and the values of dicts."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            position = _CODE_ARGUMENT.get(name)
            if position is not None and len(node.args) > position:
                found += _strings(node.args[position])
        elif path.name == "explain.py" and isinstance(node, ast.Return):
            if isinstance(node.value, ast.Tuple) and node.value.elts:
                found += _strings(node.value.elts[0])
        elif path.name == "explain.py" and isinstance(node, ast.Dict):
            found += [s for v in node.values for s in _strings(v)]
    return [s for s in found if _KEBAB.match(s)]


def _used_codes() -> dict[str, list[str]]:
    """Each code literal in the reporting stages, with the modules that use it."""
    used: dict[str, list[str]] = {}
    for path in _sources():
        if path.relative_to(GENERATOR).parts[0] not in _REPORTING:
            continue
        for code in _code_literals(path):
            used.setdefault(code, []).append(path.relative_to(ROOT).as_posix())
    return used


# --- the catalogue ---------------------------------------------------------------------


@pytest.mark.parametrize("code", CATALOGUED, ids=[c.name for c in CATALOGUED])
def test_each_code_is_complete_and_its_example_renders(code: Code) -> None:
    assert _KEBAB.match(code.name), code.name
    assert code.title and code.expected and code.group in GROUPS
    assert code.severity in {"error", "warning"}
    assert not code.fields() & RESERVED, "template fields clash with the finding's own"
    assert set(code.example.values) == code.fields(), "example values fill exactly the template"
    finding = example_finding(code)
    assert finding.code == code.name and finding.severity == code.severity
    assert str(finding).endswith(f" [{code.name}]")


def test_catalogue_has_no_catch_all() -> None:
    assert "invalid" not in CODES
    assert len(CODES) == len(CATALOGUED)  # no name twice


def test_every_code_used_in_the_generator_is_catalogued() -> None:
    used = _used_codes()
    unknown = {code: where for code, where in used.items() if code not in CODES}
    assert not unknown, f"codes not in generator/model/codes.py: {unknown}"


def test_every_catalogued_code_is_reported_somewhere() -> None:
    assert set(CODES) - set(_used_codes()) == set(), "catalogued codes that nothing reports"


def test_findings_are_made_only_from_codes() -> None:
    """No module builds a Finding from free text; Finding.of renders the code's template."""
    for path in _sources():
        if path.name == "findings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Finding":
                pytest.fail(f"{path.relative_to(ROOT)}:{node.lineno} builds Finding(...) "
                            "directly; use Finding.of(code, ...)")


def test_coded_errors_survive_pickling() -> None:
    """Table errors are kept in the parse cache: the code and values must come back."""
    error = TableError("too-many-columns", row=1, count=250, limit=200)
    again = pickle.loads(pickle.dumps(error))
    assert (again.code, again.values, again.row) == ("too-many-columns",
                                                     {"count": 250, "limit": 200}, 1)
    assert again.message == "列数过多 (got 250, expected at most 200)"
    assert isinstance(again, CodedError)


def test_findings_of_the_sample_data_and_corpus_are_catalogued(tmp_path: Path) -> None:
    """Belt and braces beside Finding's own check: what check() returns carries known codes."""
    from test_bad_inputs import CASE_DIRS, apply_case

    codes: set[str] = set()
    for index, case in enumerate(CASE_DIRS):
        root = make_minimal_data(tmp_path / str(index))
        apply_case(case, root)
        codes |= {f.code for f in check(root)[1]}
    codes |= {f.code for f in check(ROOT / "data")[1]}
    assert codes <= set(CODES)


# --- the page --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def internal_site(tmp_path_factory: pytest.TempPathFactory):
    dataset, findings = check(make_minimal_data(tmp_path_factory.mktemp("codes")))
    assert dataset is not None, findings
    return render_site(dataset, "internal")


def test_the_page_is_internal_only_and_under_the_guide(internal_site) -> None:
    kind = registry.BY_NAME["codes"]
    assert kind.audiences == ("internal",) and kind.address() == PAGE
    assert kind not in registry.for_audience("public")
    guide = next(item[INTERNAL_SECTION] for item in internal_site.nav
                 if isinstance(item, dict) and INTERNAL_SECTION in item)
    assert guide[-1] == {"校验提示代码": PAGE}
    assert PAGE in internal_site.pages


def test_the_page_lists_every_code_with_its_example(internal_site) -> None:
    text = internal_site.pages[PAGE]
    for code in CATALOGUED:
        assert f'id="{code.name}"' in text, code.name
        assert str(escape(code.title)) in text, code.name
        assert str(escape(str(example_finding(code)))) in text, code.name
    assert text.index('id="no-data-dir"') < text.index('id="unknown-unit"')  # catalogue order


def test_the_data_guide_links_to_the_page() -> None:
    guide = (ROOT / "content" / "internal" / "data-guide.md").read_text("utf-8")
    assert "](data-guide/codes.md)" in guide  # relative to internal/data-guide.md


def test_a_finding_text_names_its_code() -> None:
    finding = Finding.of("unknown-unit", "data/projects/XC-002.yaml", 8, "department",
                         got="县农业局", did_you_mean="是否为: 县农业农村局?")
    assert str(finding) == (
        "data/projects/XC-002.yaml:8: department: 不是已登记的单位 (got '县农业局'; "
        "是否为: 县农业农村局?) [unknown-unit]"
    )
