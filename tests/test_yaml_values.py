"""Numbers, yes/no, duplicate keys, dates and stray characters as YAML files hold them.

YAML 1.1 reads ``0631`` as 409, ``1:30`` as 90, ``0x16C0`` as 5824 and ``yes`` as true; the
reader keeps such scalars as the text typed and ``generator.model.numbers`` refuses them in
a number or yes/no field with what to write. The corpus (tests/bad_inputs) shows each as a
whole ``check``; these tests hold the pieces.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator.inputs.yamlsource import (
    MAX_YAML_DEPTH,
    YamlDocument,
    YamlProblem,
    _bad_character,
    parse_plain_yaml,
    parse_yaml,
    parse_yaml_file,
)
from generator.model.codes import CodedError
from generator.model.dates import MAX_YEAR, MIN_YEAR, PartialDate, month_key
from generator.model.numbers import MAX_AMOUNT, amount, flag, number, year


def _code(function: Any, value: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(CodedError) as caught:
        function(value)
    return caught.value.code, caught.value.values


# --- numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "read"), [
    (631, 631), (631.5, 631.5), (-12, -12), (0, 0), ("631", 631), ("631.50", 631.5),
    (" 631 ", 631), ("-0", 0), ("12345678901234567890", 12345678901234567890),
])
def test_plain_decimal_is_a_number(value: Any, read: float) -> None:
    assert number(value) == read


@pytest.mark.parametrize(("value", "write"), [
    ("0631", "631"), ("07000", "7000"), ("+631", "631"), ("6_000", "6000"), ("2_025", "2025"),
    ("+2_500.", "2500"), ("8.0e+3", "8000"), ("1e3", "1000"), ("1.25e-1", "0.125"),
    (".5", "0.5"), ("631.", "631"), ("00.50", "0.5"), ("-0631", "-631"), ("030000", "30000"),
])
def test_a_number_with_one_decimal_reading_says_how_to_write_it(value: str, write: str) -> None:
    assert _code(number, value) == ("number-not-decimal", {"got": value, "write": write})


@pytest.mark.parametrize("value", [
    "0x16C0", "0X1f", "0o17", "0b101", "-0x_", "1:30", "190:20:30", "1:30.5", "1e999999999",
    "1" + "0" * 40 + ".5e+3",
])
def test_other_notations_are_refused_without_a_guess(value: str) -> None:
    assert _code(number, value) == ("number-notation", {"got": value})


@pytest.mark.parametrize("value", [
    ".inf", "-.inf", ".Inf", "+.INF", ".nan", ".NaN", "nan", "inf", "Infinity", float("inf"),
    float("-inf"), float("nan"),
])
def test_infinity_and_nan_are_not_finite(value: Any) -> None:
    assert _code(number, value)[0] == "not-finite"


@pytest.mark.parametrize("value", [True, False, "三亿元", "1.2亿元", "约500", "", "1,000", "0b2"])
def test_other_values_are_not_numbers(value: Any) -> None:
    assert _code(number, value)[0] == "not-a-number"


def test_lists_and_maps_are_left_to_the_field_type() -> None:
    assert number([1]) == [1] and number({"a": 1}) == {"a": 1}


@pytest.mark.parametrize("value", [
    MAX_AMOUNT + 1, 3e12, -3e12, "1.0e+300", "1" + "0" * 300, "1" + "0" * 5000 + ".5",
    "3000000000000",
])
def test_amounts_have_a_ceiling(value: Any) -> None:
    assert _code(amount, value) == ("amount-too-large", {"got": value, "limit": MAX_AMOUNT})


def test_the_ceiling_itself_is_an_amount() -> None:
    assert amount(MAX_AMOUNT) == MAX_AMOUNT
    assert amount("1000000000") == MAX_AMOUNT


def test_years_are_whole_numbers() -> None:
    assert year(2025) == 2025 and year("2025") == 2025
    assert _code(year, 2025.0) == ("number-not-decimal", {"got": 2025.0, "write": "2025"})
    assert _code(year, "0x7E9") == ("number-notation", {"got": "0x7E9"})


@pytest.mark.parametrize(("value", "read"), [(True, True), (False, False), ("是", True),
                                             ("否", False), (" 是 ", True)])
def test_flags_take_true_false_and_chinese(value: Any, read: bool) -> None:
    assert flag(value) is read


@pytest.mark.parametrize("value", ["yes", "no", "on", "off", "y", "n", "1", "0", 1, 0, "true",
                                   None, "部分"])
def test_flags_refuse_what_readers_read_differently(value: Any) -> None:
    assert _code(flag, value) == ("not-yes-no", {"got": value})


# --- the YAML reader ----------------------------------------------------------------------

def _read(text: str) -> YamlDocument:
    doc = parse_yaml_file(text.encode("utf-8"))
    assert isinstance(doc, YamlDocument), doc
    return doc


def _problem(text: str) -> YamlProblem:
    doc = parse_yaml_file(text.encode("utf-8"))
    assert isinstance(doc, YamlProblem), doc
    return doc


LOOSE = ("a: 0631\nb: 1:30\nc: 0x16C0\nd: 6_000\ne: +631\nf: 1.0e+300\ng: .inf\nh: .NaN\n"
         "i: yes\nj: Off\nk: 631\nl: -631.5\nm: true\nn: FALSE\no: ~\np: 123456789012345678901\n")
LOOSE_READ = {"a": "0631", "b": "1:30", "c": "0x16C0", "d": "6_000", "e": "+631",
              "f": "1.0e+300", "g": ".inf", "h": ".NaN", "i": "yes", "j": "Off", "k": 631,
              "l": -631.5, "m": True, "n": False, "o": None, "p": "123456789012345678901"}


@pytest.mark.parametrize("header", ["", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n"])
def test_only_plain_decimal_and_true_false_are_built(header: str) -> None:
    """Whatever the header says, PyYAML reads YAML 1.1: what is not plain stays text."""
    doc = _read(header + LOOSE)
    assert doc.data == LOOSE_READ
    assert [type(v) for v in doc.data.values()] == [type(v) for v in LOOSE_READ.values()]


def test_explicit_tags_are_read_the_same_way() -> None:
    doc = _read("a: !!int 0631\nb: !!float .nan\nc: !!bool maybe\nd: !!int 631\n"
                "e: !!float 5\nf: !!bool True\n")
    assert doc.data == {"a": "0631", "b": ".nan", "c": "maybe", "d": 631, "e": 5.0, "f": True}


@pytest.mark.parametrize("second", ["0x7E9", "2_025", "+2025", "2025.0", "'2025'",
                                    "0003751", "33:45", '"2025"', "2.025e+3", "!!int 2025"])
def test_keys_that_read_as_the_same_year_are_duplicates(second: str) -> None:
    doc = _read(f"annual_plan:\n  2025: 6000\n  {second}: 3000\n")
    assert [line for _, line in doc.duplicate_keys] == [3]
    assert doc.duplicate_keys[0][0][0] == "annual_plan"


def test_keys_that_differ_are_not_duplicates() -> None:
    doc = _read("a:\n  2025: 1\n  2026: 2\n  '2025年': 3\n  .nan: 4\n  x: 5\n  '0x': 6\n")
    assert doc.duplicate_keys == []
    assert _read("a:\n  .nan: 1\n  .nan: 2\n").duplicate_keys == [(("a", ".nan"), 3)]


def test_the_line_of_a_number_key_is_found_as_pydantic_names_it() -> None:
    doc = _read("annual_plan:\n  2025: 1\n  '2026': 2\n  2027.0: 3\n  0x7EC: 4\n")
    assert doc.line_of(("annual_plan", 2025)) == 2
    assert doc.line_of(("annual_plan", 2026)) == 3
    assert doc.line_of(("annual_plan", 2027.0)) == 4
    assert doc.line_of(("annual_plan", "0x7EC")) == 5


def test_a_very_long_digit_key_does_not_crash() -> None:
    """int() of a 5000-digit key raised ValueError outside any handler."""
    digits = "1" * 5000
    doc = _read(f"? '{digits}'\n: 1\n")
    assert doc.data == {digits: 1}


@pytest.mark.parametrize(("text", "line", "column", "char"), [
    ("code: XC-002\nname: 新镇\x1b[31m\n", 2, 9, "U+001B"),
    ("\x1bcode: x\n", 1, 1, "U+001B"),
    ("a: 1\r\nb: 2\r\nc: x\x07y\r\n", 3, 5, "U+0007"),
    ("a: |\n  text\n  more\x00\n", 3, 7, "U+0000"),
    ("a: 'x\x7f'\n", 1, 6, "U+007F"),
    ("a: x\x9b\n", 1, 5, "U+009B"),
])
def test_a_control_character_is_named_with_its_line_and_column(
    text: str, line: int, column: int, char: str
) -> None:
    problem = _problem(text)
    assert (problem.code, problem.line, dict(problem.values)) == (
        "yaml-bad-character", line, {"char": char, "column": str(column)})
    assert "position" not in problem.message


def test_the_position_is_found_whichever_reader_counted_it() -> None:
    """libyaml counts bytes of UTF-8, the Python reader characters: neither is trusted."""
    text = "name: 新镇\nowner: 单位\x1b\n"
    for position in (0, 11, 27, 999):
        error = yaml.reader.ReaderError("<unicode string>", position, 0x1B, "unicode", "x")
        found = _bad_character(text, error)
        assert (found.code, found.line, found.values) == (
            "yaml-bad-character", 2, {"char": "U+001B", "column": 10})


@pytest.mark.parametrize(("text", "line", "column", "char"), [
    ('"k\\x01": 1\n', 1, 1, "U+0001"),
    ('a:\n  "k\\e": 1\n', 2, 3, "U+001B"),
])
def test_an_escaped_control_character_in_a_key_is_refused(
    text: str, line: int, column: int, char: str
) -> None:
    problem = _problem(text)
    assert (problem.code, problem.line, dict(problem.values)) == (
        "yaml-control-escape", line, {"char": char, "column": str(column)})


@pytest.mark.parametrize(("text", "value"), [
    ('name: "新镇\\x1b[31m中心"\n', "新镇\x1b[31m中心"),
    ('name: "\\0"\n', "\x00"),
    ('name: "next\\N line"\n', "next\x85 line"),
])
def test_an_escaped_control_character_in_a_value_is_left_to_the_field_check(
    text: str, value: str
) -> None:
    """So that one run names every field that has one (the models refuse them)."""
    assert _read(text).data == {"name": value}


def test_tab_and_line_feed_escapes_are_text() -> None:
    assert _read('a: "x\\ty\\nz"\n').data == {"a": "x\ty\nz"}


FAST_PATH_DOCS = [
    LOOSE, "%YAML 1.2\n---\n" + LOOSE, "a:\n  2025: 1\n  0x7E9: 2\n  2025.0: 3\n  '2025': 4\n",
    "a:\n  .nan: 1\n  .nan: 2\n", "? '" + "1" * 5000 + "'\n: 1\n", "a: 00\nb: -0\nc: 0.0\n",
    'a: "\\x1b"\n', "a: \x1b\n", "1: a\ntrue: b\n1.0: c\n", "- 0631\n- '0631'\n- \"0631\"\n",
]


@pytest.mark.parametrize("text", FAST_PATH_DOCS)
def test_fast_path_reads_these_as_the_reference_does(text: str) -> None:
    fast = parse_plain_yaml(text, MAX_YAML_DEPTH)
    if fast is None:
        return  # the reference path decides
    slow = parse_yaml(text)
    assert repr(fast.data) == repr(slow.data)
    assert fast.lines == slow.lines and fast.duplicate_keys == slow.duplicate_keys


# --- dates --------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["0000-05", "0000-02-29", "0001-01-01", "1000-01", "1948-12-31",
                                  "2101-01", "9999-12", "9999年12月31日", "０２０５-06"])
def test_dates_outside_the_plausible_years_are_refused(text: str) -> None:
    code, values = _code(PartialDate.parse, text)
    assert (code, values) == ("date-out-of-range", {"got": text, "low": 1949, "high": 2100})


def test_the_plausible_years_are_accepted_to_their_ends() -> None:
    assert (MIN_YEAR, MAX_YEAR) == (1949, 2100)
    assert PartialDate.parse("1949-01-01").start().year == 1949
    assert PartialDate.parse("2100-12").end().isoformat() == "2100-12-31"


def test_a_month_file_of_year_zero_is_not_a_month() -> None:
    with pytest.raises(ValueError):
        month_key("0000-03")
