"""Open-data downloads: one row per public project / counted record, public fields only, no
internal value anywhere in any file, and the same bytes on every render."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from generator.figures.records import records_frame
from generator.present.opendata import (
    PROJECT_FIELDS,
    PROJECT_SOURCES,
    RECORD_FIELDS,
    exports,
    flat_fields,
)
from generator.rules.visibility import INTERNAL_PROJECT_FIELDS, PUBLIC_PROJECT_FIELDS
from generator.site.render import render_site

INTERNAL_NAMES = ("leader", "task_force", "notes", "withhold_reason")


@pytest.fixture(scope="module")
def files(datasets) -> dict[str, bytes]:
    return exports(datasets[1])[0]


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                         if n.endswith(".xml"))  # fmt: skip


def test_row_counts_equal_the_public_data(files, datasets) -> None:
    _, public = datasets
    projects, records = len(public.projects), len(records_frame(public))
    assert projects and records
    assert len(_csv_rows(files["opendata/projects.csv"])) == projects
    assert len(_csv_rows(files["opendata/monthly.csv"])) == records
    assert len(json.loads(files["opendata/projects.json"])["rows"]) == projects
    assert len(json.loads(files["opendata/monthly.json"])["rows"]) == records
    for name, count in (("projects", projects), ("monthly", records)):
        book = load_workbook(io.BytesIO(files[f"opendata/{name}.xlsx"]), read_only=True)
        assert book.worksheets[0].max_row == count + 1  # header row
        assert book.sheetnames[1] == "字段说明"
    codes = [row["code"] for row in _csv_rows(files["opendata/projects.csv"])]
    assert codes == list(public.projects)


def test_headers_are_the_documented_fields(files) -> None:
    header = files["opendata/projects.csv"].decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [f.name for f in flat_fields(PROJECT_FIELDS)]
    header = files["opendata/monthly.csv"].decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [f.name for f in flat_fields(RECORD_FIELDS)]
    rows = json.loads(files["opendata/projects.json"])["rows"]
    assert list(rows[0]) == [f.name for f in PROJECT_FIELDS]


def test_only_public_fields_are_read() -> None:
    assert PROJECT_SOURCES <= PUBLIC_PROJECT_FIELDS
    assert not PROJECT_SOURCES & INTERNAL_PROJECT_FIELDS
    names = {f.name for f in PROJECT_FIELDS} | {f.name for f in RECORD_FIELDS}
    assert not names & set(INTERNAL_NAMES)


def test_no_internal_names_or_values_in_any_download(files, datasets) -> None:
    full, public = datasets
    secrets = set()
    for project in full.projects.values():
        secrets |= {v for v in (project.leader, project.task_force, project.notes,
                                project.withhold_reason) if v}  # fmt: skip
    secrets |= {p.description for p in full.problems}
    secrets |= {full.projects[c].name for c in set(full.projects) - set(public.projects)}
    assert any(p.leader for p in full.projects.values())
    assert len(secrets) > 10
    for path, data in files.items():
        text = _xlsx_text(data) if path.endswith(".xlsx") else data.decode("utf-8-sig")
        for name in INTERNAL_NAMES:
            assert f'"{name}"' not in text and f",{name}," not in text, (path, name)
        for secret in secrets:
            assert secret not in text, (path, secret)


def test_downloads_are_byte_identical(datasets) -> None:
    first, _ = exports(datasets[1])
    second, _ = exports(datasets[1])
    assert first.keys() == second.keys()
    for path in first:
        assert first[path] == second[path], path
    with zipfile.ZipFile(io.BytesIO(first["opendata/projects.xlsx"])) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2025, 10, 31, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2025-10-31T00:00:00Z" in core


def test_site_wiring(datasets) -> None:
    """The public site carries the downloads and the dictionary page; the intranet does not."""
    full, _ = datasets
    site = render_site(full, "public")
    for name in ("projects.csv", "projects.xlsx", "projects.json", "monthly.csv",
                 "monthly.xlsx", "monthly.json", "oc4ids.json"):  # fmt: skip
        assert f"opendata/{name}" in site.files
    assert "opendata/index.md" in site.pages
    page = site.pages["opendata/index.md"]
    for f in PROJECT_FIELDS:
        assert f.name.replace("_", "&#95;") in page
    assert f"前缀 {full.config.oc4ids_prefix} 加项目编号" in page  # how OC4IDS ids are made
    assert any(p.startswith("bulletins/") and p.endswith(".docx") for p in site.files)
    assert {"开放数据": "opendata/index.md"} in site.nav
    assert not any("leaders/" in p or "rankings/" in p for p in site.pages)
