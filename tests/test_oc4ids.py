"""OC4IDS export: the official validator (libcoveoc4ids) accepts it, and the package holds
only public projects and refers only to parties it lists.

libcoveoc4ids 0.9.1 ships no schema: it downloads project-package-schema.json and
project-schema.json from standard.open-contracting.org (schema 0.9.5) and the codelists from
raw.githubusercontent.com each time it runs, through ``libcove.lib.common.get_request``.
This machine and CI reach package registries only, so the test routes those downloads to a
folder holding the same files: ``../shared/oc4ids`` beside the checkout (CI has it; see its
README), or the folder ``OC4IDS_SCHEMA_DIR`` names. Without the folder the validator test is
skipped, saying why; the structural tests below always run.

A trap: if any one codelist fails to load, libcove drops every codelist check and reports
nothing. So the test first asserts that every codelist the schema names was loaded, and a
second test removes one and checks that this is noticed.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.present.oc4ids import (
    FINANCIAL,
    MONTHLY,
    OPEN_CODELIST_ADDITIONS,
    PHYSICAL,
    STATUS,
    package,
    package_bytes,
    status,
)

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared" / "oc4ids"
NAMED_DIR = os.environ.get("OC4IDS_SCHEMA_DIR")
SCHEMA_DIR = Path(NAMED_DIR or SHARED_DIR)
CODELISTS = 36  # the codelists project-schema.json 0.9.5 names

# A folder that OC4IDS_SCHEMA_DIR names must exist: a wrong name is an error, not a skip.
needs_schema = pytest.mark.skipif(
    not NAMED_DIR and not SHARED_DIR.is_dir(),
    reason=f"no OC4IDS 0.9.5 schema folder at {SHARED_DIR} (nor OC4IDS_SCHEMA_DIR): "
    "libcoveoc4ids downloads the schema and codelists at run time, which this machine cannot",
)


@pytest.fixture(scope="module")
def oc4ids(datasets):
    return json.loads(package_bytes(datasets[1]))


@dataclass
class Run:
    """One run of the validator: its result, the downloads it asked for, its schema object."""

    result: dict[str, Any]
    requests: list[tuple[str, int]]
    schema: Any


def _offline_get(schema_dir: Path, log: list[tuple[str, int]]) -> Callable[..., Any]:
    """A stand-in for libcove's get_request that serves the schema files from a directory."""
    import requests

    def get(url, config=None, force_cache=False):
        name = url.rsplit("/", 1)[-1]
        path = schema_dir / "codelists" / name if "/codelists/" in url else schema_dir / name
        response = requests.Response()
        response.url = url
        response.encoding = "utf-8"
        response._content_consumed = True
        if path.is_file():
            response.status_code = 200
            response._content = path.read_bytes()
        else:
            response.status_code = 404
            response._content = b""
        log.append((url, response.status_code))
        return response

    return get


def run_validator(
    schema_dir: Path, data: dict, monkeypatch: pytest.MonkeyPatch, out_dir: Path
) -> Run:
    """libcoveoc4ids' own entry point, offline, keeping the schema object it builds."""
    import libcove.lib.common as common
    import libcoveoc4ids.api as api
    import requests

    assert (schema_dir / "project-schema.json").is_file(), f"no OC4IDS schema in {schema_dir}"
    log: list[tuple[str, int]] = []
    made: list[Any] = []

    class Recorded(api.SchemaOC4IDS):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"the validator went to the network: {args[1:3]}")

    monkeypatch.setattr(common, "get_request", _offline_get(schema_dir, log))
    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(api, "SchemaOC4IDS", Recorded)
    common.load_core_codelists.cache_clear()
    common._deref_schema.cache_clear()
    try:
        result = api.oc4ids_json_output(str(out_dir), json_data=data)
    finally:
        common.load_core_codelists.cache_clear()
        common._deref_schema.cache_clear()
    assert len(made) == 1
    return Run(result, log, made[0])


def codelist_problems(run: Run) -> list[str]:
    """Why the validator's codelist checks did not all run; empty when every codelist that
    the schema names was served and loaded."""
    named = {path[0] for path in getattr(run.schema, "core_codelist_schema_paths", {}).values()}
    loaded = getattr(run.schema, "core_codelists", {})
    problems = [f"{url}: HTTP {code}" for url, code in run.requests if code != 200]
    problems += [f"{name} not loaded" for name in sorted(named) if not loaded.get(name)]
    problems += [f"{name} loaded but not named by the schema" for name in set(loaded) - named]
    if len(named) != CODELISTS:
        problems.append(f"the schema names {len(named)} codelists, expected {CODELISTS}")
    return problems


@needs_schema
def test_official_validator_accepts_the_export(oc4ids, monkeypatch, tmp_path) -> None:
    run = run_validator(SCHEMA_DIR, oc4ids, monkeypatch, tmp_path)
    result = run.result
    assert codelist_problems(run) == []
    assert result["version_used"] == "0.9.5"
    assert result["validation_errors"] == []
    assert result["additional_fields"] == {}
    assert result["deprecated_fields"] == {}
    assert result["additional_closed_codelist_values"] == {}
    assert result["conformance_checks"] == []
    assert result["additional_checks"] == []
    # Open codelists take additions; only those the export gives a reason for.
    for path, found in result["additional_open_codelist_values"].items():
        assert set(found["values"]) <= OPEN_CODELIST_ADDITIONS.get(path, set()), path


@needs_schema
def test_a_codelist_that_fails_to_load_is_noticed(oc4ids, monkeypatch, tmp_path) -> None:
    # One project whose status the closed projectStatus codelist does not hold.
    data = copy.deepcopy(oc4ids)
    data["projects"] = [dict(data["projects"][0], status="completed")]
    intact = run_validator(SCHEMA_DIR, data, monkeypatch, tmp_path / "intact")
    assert codelist_problems(intact) == []
    assert set(intact.result["additional_closed_codelist_values"]) == {"projects/status"}

    broken = tmp_path / "oc4ids"
    shutil.copytree(SCHEMA_DIR, broken)
    (broken / "codelists" / "milestoneType.csv").unlink()
    run = run_validator(broken, data, monkeypatch, tmp_path / "broken")
    # The trap: every codelist check is dropped, and nothing says so ...
    assert run.result["additional_closed_codelist_values"] == {}
    # ... except what the first test asserts.
    problems = codelist_problems(run)
    assert any(p.endswith("milestoneType.csv: HTTP 404") for p in problems), problems
    assert "projectStatus.csv not loaded" in problems


def _prefixed(ds, code: str) -> str:
    prefix = ds.config.oc4ids_prefix
    return f"{prefix}-{code}" if prefix else code


def test_package_shape(oc4ids, datasets) -> None:
    _, public = datasets
    assert oc4ids["version"] == "0.9"
    assert oc4ids["uri"].startswith("urn:")
    assert oc4ids["publishedDate"].endswith("+08:00")
    assert public.config.oc4ids_prefix == "oc4ids-sample"
    assert [p["id"] for p in oc4ids["projects"]] == [_prefixed(public, c) for c in public.projects]
    for project in oc4ids["projects"]:
        assert project["budget"]["amount"]["currency"] == "CNY"
        ids = {party["id"] for party in project["parties"]}
        names = {party["id"]: party["name"] for party in project["parties"]}
        refs = [project.get("publicAuthority")]
        for breakdowns in project["budget"].get("budgetBreakdowns", []):
            refs += [b.get("sourceParty") for b in breakdowns["budgetBreakdown"]]
        for process in project.get("contractingProcesses", []):
            refs += process["summary"].get("suppliers", [])
            refs.append(process["summary"]["tender"].get("procuringEntity"))
        for ref in filter(None, refs):
            assert ref["id"] in ids and names[ref["id"]] == ref["name"]
        doc_ids = [d["id"] for d in project.get("documents", [])]
        assert len(doc_ids) == len(set(doc_ids))


def test_money_and_progress_map_from_the_data(oc4ids, datasets) -> None:
    _, public = datasets
    by_id = {p["id"]: p for p in oc4ids["projects"]}
    for code, project in public.projects.items():
        exported = by_id[_prefixed(public, code)]
        assert exported["status"] == status(project)
        assert exported["budget"]["amount"]["amount"] == round(project.total_investment * 10000, 2)
        if project.funding:
            sources = exported["budget"]["budgetBreakdowns"][0]["budgetBreakdown"]
            assert sum(s["amount"]["amount"] for s in sources) == pytest.approx(
                sum(f.amount for f in project.funding) * 10000
            )
        records = [r for r in public.records if r.data.project == code]
        metrics = {m["id"]: m["observations"] for m in exported.get("metrics", [])}
        assert bool(metrics) == bool(records)
        if records:
            months = sorted({r.month for r in records})
            assert [o["id"] for o in metrics[MONTHLY]] == months
            assert [o["id"] for o in metrics[FINANCIAL]] == months
            # Progress is a state at a month's end.
            for o in metrics[FINANCIAL] + metrics.get(PHYSICAL, []):
                assert o["period"]["startDate"] == o["period"]["endDate"]
            texts = {r.month: r.data.progress for r in records if r.data.progress}
            assert {o["id"]: o["measure"] for o in metrics.get(PHYSICAL, [])} == texts
        if project.final_accounts is not None and project.dates.actual_completion:
            assert exported["completion"]["finalValue"]["amount"] == round(
                project.final_accounts.amount * 10000, 2
            )


def test_no_internal_data(oc4ids, datasets) -> None:
    full, public = datasets
    text = json.dumps(oc4ids, ensure_ascii=False)
    for key in ("leader", "task_force", "withhold_reason"):
        assert key not in text
    withheld = set(full.projects) - set(public.projects)
    assert withheld
    for code in withheld:
        assert full.projects[code].name not in text
    for project in full.projects.values():
        if project.leader:
            assert project.leader not in text
        if project.notes:
            assert project.notes not in text
    for problem in full.problems:
        assert problem.description not in text


def test_stages_map_to_the_closed_status_codelist(datasets) -> None:
    # projectStatus in OC4IDS 0.9.5; 0.9.4 deprecated "completed" in favour of "maintenance".
    codes = {"identification", "preparation", "implementation", "completion", "maintenance",
             "decommissioning", "decommissioned", "cancelled"}  # fmt: skip
    assert set(STATUS.values()) <= codes
    closed = next(p for p in datasets[1].projects.values() if p.final_accounts is not None)
    built = closed.model_copy(update={"stage": "竣工", "final_accounts": None})
    assert status(built) == "completion"
    assert status(built.model_copy(update={"final_accounts": closed.final_accounts})) == (
        "maintenance"
    )
    for stage in ("投产", "达产达效"):
        assert status(built.model_copy(update={"stage": stage})) == "maintenance"


def test_without_a_prefix_ids_are_the_project_codes(datasets) -> None:
    public = datasets[1]
    config = public.config.model_copy(update={"oc4ids_prefix": None})
    bare = package(dataclasses.replace(public, config=config))
    assert [p["id"] for p in bare["projects"]] == list(public.projects)


def test_package_is_stable(datasets) -> None:
    assert package_bytes(datasets[1]) == package_bytes(datasets[1])
    assert package(datasets[1])["projects"]
