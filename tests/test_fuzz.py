"""Generated hostile files through ``check``: never an exception, a runaway, or a finding
without its file.

Hypothesis (derandomized, so every run tries the same files) writes table files of every
shape that arrives: valid, mutated byte by byte, truncated, random bytes, in other
encodings, zips of junk, workbooks with odd sheets, cells and types, and workbooks whose
XML is mutated; and, as it is cheap, project YAML files mutated the same way. Each goes
into the minimal data directory and through ``check``. Large files are not generated in
every example: a few worst cases run once each in a child process with a deadline and a
memory limit (``bounded``), at most 10 MB, each within 60 s and 1 GiB.
"""

from __future__ import annotations

import csv
import io
import random
import re
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from bounded import check_bounded
from conftest import MINIMAL_PROGRESS, MINIMAL_PROJECT_2, make_minimal_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlsx_parts import Sheet, cells, workbook

from generator.model.codes import CODES
from generator.rules.check import check

TITLES = ["项目编号", "本月完成投资(万元)", "开工以来累计完成投资(万元)", "是否开工", "形象进度",
          "本月资金到位(万元)", "本月资金拨付(万元)", "project", "completed", "问题编号", "备注"]
VALUES = ["XC-001", "XC-002", "ＸＣ－００１", "600", "0", "-5", "1,234.5", "1,2", "约500", "50%",
          "1.2亿元", "5000元", "1.2E+04", "—", "是", "否", "true", "2025-03-15", "nan", "inf",
          "=1+1", '"', "\n", "\r\n", "\t", "\x00", "\ufeff", "𫚭鱼", "<b>x</b>", " "]
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "big5", "utf-16", "utf-16-le", "shift_jis", "latin-1"]
TARGETS = {"csv": "progress/2025-02.csv", "xlsx": "progress/2025-02.xlsx",
           "problems": "problems.csv", "yaml": "projects/XC-002.yaml"}

cell_text = st.one_of(st.sampled_from(VALUES), st.text(max_size=12),
                      st.floats(allow_nan=True, allow_infinity=True).map(repr))
header = st.lists(st.sampled_from(TITLES), min_size=0, max_size=8)
rows = st.lists(st.lists(cell_text, max_size=8), max_size=10)


def _csv(head: list[str], body: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows(body)
    return out.getvalue()


def _mutate(raw: bytes, rng: random.Random, times: int) -> bytes:
    """Flip, insert, delete and duplicate bytes: the damage of transfers and hand edits."""
    data = bytearray(raw)
    for _ in range(times):
        if not data:
            data += rng.randbytes(4)
        at = rng.randrange(len(data))
        action = rng.randrange(4)
        if action == 0:
            data[at] = rng.randrange(256)
        elif action == 1:
            data[at:at] = rng.randbytes(rng.randint(1, 8))
        elif action == 2:
            del data[at : at + rng.randint(1, 16)]
        else:
            data[at:at] = data[at : at + rng.randint(1, 64)]
    return bytes(data)


def _sheet_xml(draw: st.DrawFn, head: list[str], body: list[list[object]]) -> str:
    """Rows as Excel writes them, with some references, types and styles made odd."""
    rng = random.Random(draw(st.integers(0, 2**16)))
    xml = re.sub(r'<c r="([A-Z]+[0-9]+)"><v>',  # number cells get one of the formats 0-9
                 lambda m: f'<c r="{m[1]}" s="{rng.randrange(10)}"><v>', cells(head, *body))
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        odd = draw(st.sampled_from([
            '<row r="0"><c r="A0"><v>1</v></c></row>',
            '<row r="3"><c r="A3" t="s"><v>99</v></c></row>',
            '<row r="4"><c r="B4" t="b"><v>2</v></c><c r="C4" t="e"><v>#DIV/0!</v></c></row>',
            '<row r="5"><c r="B5" s="7"><v>0.5</v></c></row>',
            '<row r="6"><c r="B6" t="d"><v>2025-13-45</v></c><c><v>1</v></c></row>',
            '<row r="7"><c r="B7"><f>SUM(A1:A2)</f></c></row>',
            '<row r="8"><c r="B8"><f t="shared" si="0"/><v>3</v></c></row>',
            '<row r="2"><c r="A2"><v>1</v></c></row>',
            '<row r="9"><c r="ZZZZ9"><v>1</v></c></row>',
            '<row r="10"><c r="XFD1048576"><v>1</v></c></row>',
            '<row r="x"/>', "<row><c/><c/><c><v>1E999</v></c></row>",
            '<row r="11"><c r="A11" t="inlineStr"><is><r><t>富</t></r><rPh><t>x</t></rPh></is></c></row>',
        ]))
        xml += odd
    return xml


def _xml_text(text: str) -> str:
    """Text a workbook can hold: XML allows no control characters (mutations add them)."""
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n\r")


@st.composite
def table_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """(where in data/, the file's bytes) for one generated file."""
    kind = draw(st.sampled_from(["valid", "mutated", "truncated", "random", "encoded", "zip",
                                 "xlsx", "xlsx", "xlsx-mutated", "yaml-mutated"]))
    head, body = draw(header), draw(rows)
    rng = random.Random(draw(st.integers(0, 2**32)))
    text = _csv(head, body) if draw(st.booleans()) else MINIMAL_PROGRESS
    target = TARGETS[draw(st.sampled_from(["csv", "problems"]))]
    if kind == "valid":
        return target, text.encode()
    if kind == "mutated":
        return target, _mutate(text.encode(), rng, draw(st.integers(1, 20)))
    if kind == "truncated":
        raw = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
        return target, raw[: draw(st.integers(0, len(raw)))]
    if kind == "random":
        return TARGETS[draw(st.sampled_from(["csv", "xlsx", "yaml"]))], draw(st.binary(max_size=3000))
    if kind == "encoded":
        return target, text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind == "yaml-mutated":
        return TARGETS["yaml"], _mutate(MINIMAL_PROJECT_2.encode(), rng, draw(st.integers(1, 10)))
    if kind == "zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name in draw(st.lists(st.sampled_from([
                "[Content_Types].xml", "xl/workbook.xml", "_rels/.rels", "xl/styles.xml",
                "xl/worksheets/sheet1.xml", "xl/_rels/workbook.xml.rels", "../evil"]),
                    max_size=6, unique=True)):
                archive.writestr(name, draw(st.binary(max_size=300)))
        return TARGETS["xlsx"], out.getvalue()
    # Workbooks: usually the real header, and numbers as numbers (with the odd formats).
    if draw(st.booleans()):
        head = TITLES[:5]
    body = draw(st.lists(st.lists(st.one_of(cell_text.map(_xml_text), st.integers(-10**6, 10**12),
                                            st.floats(allow_nan=False, allow_infinity=False)),
                                  max_size=6), max_size=8))
    states = st.sampled_from(["visible", "visible", "hidden", "veryHidden"])
    sheets = [Sheet(draw(st.sampled_from(["Sheet1", "说明", "数据", "2月"])) + str(i),
                    _sheet_xml(draw, head, body), state=draw(states),
                    merged=draw(st.sampled_from(["", "", "A2:A3", "Z", "A1:XFD1048576"])))
              for i in range(draw(st.integers(1, 3)))]
    odd_formats = draw(st.dictionaries(st.integers(1, 9), st.sampled_from(
        ["0%", '0!.0,"万"', '"是";;"否"', "#,##0", "yyyy-mm-dd", '[>=1]0;"x"', "@", '"', "[", "\\"]),
        max_size=4))
    formats = {i: odd_formats.get(i, "General") for i in range(10)}
    raw = workbook(sheets, formats=formats, shared=draw(st.sampled_from([None, ["项目编号", "x"]])))
    if kind == "xlsx":
        return TARGETS["xlsx"], raw
    # Mutate one part inside the zip (the XML parsers), or the zip itself.
    source = zipfile.ZipFile(io.BytesIO(raw))
    names = source.namelist()
    victim = draw(st.sampled_from([*names, "the zip"]))
    if victim == "the zip":
        return TARGETS["xlsx"], _mutate(raw, rng, draw(st.integers(1, 10)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            data = source.read(name)
            archive.writestr(name, _mutate(data, rng, draw(st.integers(1, 10)))
                             if name == victim else data)
    return TARGETS["xlsx"], out.getvalue()


_OWN_SLIP = re.compile(r"\((NameError|UnboundLocalError|AssertionError|AttributeError: '(dict|"
                       r"list|tuple|NoneType|str|int|float)' object)")


@pytest.fixture(scope="module")
def data_root() -> object:
    with tempfile.TemporaryDirectory() as folder:
        yield make_minimal_data(Path(folder))


@settings(max_examples=200, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(table_files())
def test_generated_files_never_break_check(data_root: Path, generated: tuple[str, bytes]) -> None:
    target, raw = generated
    path = data_root / target
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(raw)
    try:
        start = time.perf_counter()
        _, findings = check(data_root)
        assert time.perf_counter() - start < 20
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    for finding in findings:
        assert finding.file.startswith("data/"), finding
        assert finding.code in CODES
        assert str(finding).endswith(f"[{finding.code}]")
        # The reader turns openpyxl's failures into a finding; a slip of its own must not
        # hide among them.
        assert not _OWN_SLIP.search(finding.message), finding


# --- the large ones, once each ---------------------------------------------------------


def _large(kind: str) -> tuple[str, bytes]:
    rng = random.Random(kind)
    if kind == "random-10mb":  # over the size limit: refused unread
        return TARGETS["csv"], rng.randbytes(10 * 1024 * 1024)
    if kind == "random-csv":
        return TARGETS["csv"], rng.randbytes(5 * 1024 * 1024 - 1)
    if kind == "gbk-like-csv":  # bytes GB18030 decodes: the encoding judge reads them all
        half = 5 * 1024 * 1024 // 2 - 1
        pairs = bytearray(2 * half)
        pairs[0::2] = rng.randbytes(half).translate(bytes(0x81 + b % 126 for b in range(256)))
        trail = bytes(0x40 + b % 190 + (b % 190 >= 0x3F) for b in range(256))  # no 0x7F
        pairs[1::2] = rng.randbytes(half).translate(trail)
        return TARGETS["csv"], bytes(pairs)
    if kind == "random-xlsx":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", rng.randbytes(5 * 1024 * 1024 - 500))
        return TARGETS["xlsx"], out.getvalue()
    # The worst workbook under the bounds: a row of almost a million empty cells, each
    # with its reference (the largest tree lxml builds), beside a normal month.
    many = "".join(f'<c r="A{i}"/>' for i in range(3, 990_000))
    return TARGETS["xlsx"], workbook([Sheet("Sheet1", cells(
        ["项目编号", "本月完成投资(万元)"], ["XC-001", 5]) + f'<row r="3">{many}</row>')])


@pytest.mark.parametrize("kind", ["random-10mb", "random-csv", "gbk-like-csv", "random-xlsx",
                                  "xlsx-under-bounds"])
def test_large_hostile_files_stay_within_a_minute_and_a_gibibyte(tmp_path: Path,
                                                                 kind: str) -> None:
    target, raw = _large(kind)
    assert len(raw) <= 10 * 1024 * 1024
    root = make_minimal_data(tmp_path)
    (root / target).write_bytes(raw)
    run = check_bounded(root, seconds=60)
    assert run.returncode in (0, 1), run.stderr[-5:]
    assert run.seconds < 60 and run.peak_mib < 1024
    assert all(line.startswith("data/") for line in run.stderr[:-1]), run.stderr[:3]
