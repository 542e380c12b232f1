"""The open-data workbook's rows written as text (``present.sheetxml``) give the file openpyxl
gives, byte for byte: on the sample's exports and on values chosen to be awkward."""

from __future__ import annotations

import datetime as dt
import gc
import io
import zipfile

import numpy as np
import pytest
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from generator.present import opendata
from generator.present.opendata import Field, exports, to_xlsx
from generator.present.sheetxml import MAX_TEXT, rows_xml

MOMENT = dt.datetime(2025, 10, 31)
FIELDS = (Field("a", "甲", "说明", "万元"), Field("b", "乙", "说明", ""),
          Field("c", "丙", "说明", ""), Field("d", "丁", "说明", "%"))


def _stock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opendata, "use_fast_path", lambda piece: False)


def _both(monkeypatch: pytest.MonkeyPatch, rows: list[dict], fields=FIELDS) -> tuple[bytes, bytes]:
    fast = to_xlsx(rows, fields, "项目信息", MOMENT, "示例县重点项目信息公开")
    with monkeypatch.context() as m:
        _stock(m)
        stock = to_xlsx(rows, fields, "项目信息", MOMENT, "示例县重点项目信息公开")
    return fast, stock


AWKWARD = [
    "=HYPERLINK(\"http://x\"&A2,\"点击\")", "+1", "-2", "@SUM(1)", "\t=1+1", "\r=1+1", "=",
    "<b>&amp;</b> \"引号\" 'x'", " 前后有空格 ", "\u3000全角空格", "行一\r\n行二\n行三", "中\t间",
    "𠀀𪚥𰻞 生僻字", "😀 emoji", "", "x" * (MAX_TEXT + 10), "]]>", "#DIV/0", "a\u2028b",
]
NUMBERS = [0, -5, 10**17, 1e-7, 1234567.123456789, -0.0, float("nan"), float("inf"),
           np.float64(2.5), True, False, None, 3.0]


def test_awkward_values_give_openpyxl_s_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"a": NUMBERS[i % len(NUMBERS)], "b": text, "c": None if i % 3 else text,
             "d": NUMBERS[(i * 5) % len(NUMBERS)]} for i, text in enumerate(AWKWARD)]
    rows.append({"a": None, "b": None, "c": None, "d": None})  # a row of nothing, last
    values = [[r[k] for k in "abcd"] for r in rows]
    written = rows_xml(values, 2, 2, opendata._quoted)
    assert written is not None and written[1]  # the fast path took them, quoted some
    fast, stock = _both(monkeypatch, rows)
    assert fast == stock
    sheet = load_workbook(io.BytesIO(fast)).active
    assert sheet["B2"].value == AWKWARD[0] and sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix


def test_no_quoted_text_leaves_the_styles_as_openpyxl_writes_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"a": 1.5, "b": "甲", "c": "乙", "d": 0.5}]
    fast, stock = _both(monkeypatch, rows)
    assert fast == stock
    with zipfile.ZipFile(io.BytesIO(fast)) as z:
        assert b'quotePrefix="1"' not in z.read("xl/styles.xml")


def test_no_rows_give_openpyxl_s_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, stock = _both(monkeypatch, [])
    assert fast == stock


@pytest.mark.parametrize("text", ["#N/A", "#DIV/0!"])
def test_an_error_code_takes_openpyxl_s_path(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert rows_xml([[text]], 2, 2, opendata._quoted) is None
    fast, stock = _both(monkeypatch, [{"a": 1, "b": text, "c": None, "d": None}])
    assert fast == stock


def test_a_control_character_is_refused_as_openpyxl_refuses_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert rows_xml([["a\x01b"]], 2, 2, opendata._quoted) is None
    with pytest.raises(IllegalCharacterError):
        to_xlsx([{"a": "a\x01b", "b": None, "c": None, "d": None}], FIELDS, "s", MOMENT, "x")


# openpyxl's save stops half way and leaves its zip open; collected here, not in another test.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("text", ["A\uffff", "\ufffe", "x\ud800y"])
def test_text_xml_cannot_hold_is_refused_as_lxml_refuses_it(
        monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Not a character XML allows: the rows written as text would make a file Excel calls
    corrupt, where openpyxl's writer (lxml) refuses it; both paths refuse it alike."""
    assert rows_xml([[text]], 2, 2, opendata._quoted) is None
    row = [{"a": 1, "b": text, "c": None, "d": None}]
    with pytest.raises(ValueError) as fast:
        to_xlsx(row, FIELDS, "s", MOMENT, "x")
    with monkeypatch.context() as m, pytest.raises(ValueError) as stock:
        _stock(m)
        to_xlsx(row, FIELDS, "s", MOMENT, "x")
    assert type(fast.value) is type(stock.value)
    del fast, stock
    gc.collect()


def test_the_sample_exports_are_openpyxl_s_bytes(monkeypatch: pytest.MonkeyPatch,
                                                 datasets) -> None:
    """Every workbook the public site offers, written both ways."""
    calls: list[bool] = []
    real = opendata.rows_xml

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = real(*args, **kwargs)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(opendata, "rows_xml", spy)
    fast = exports(datasets[1])[0]
    assert calls and all(calls)  # the fast path wrote every one
    with monkeypatch.context() as m:
        _stock(m)
        stock = exports(datasets[1])[0]
    books = [p for p in fast if p.endswith(".xlsx")]
    assert len(books) == len(calls) == 2
    assert {p: fast[p] for p in books} == {p: stock[p] for p in books}
