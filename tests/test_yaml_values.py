"""Values as YAML files and tables hold them: dates so far.

The corpus (tests/bad_inputs) shows each case as a whole ``check``; these tests hold the
pieces.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.model.codes import CodedError
from generator.model.dates import MAX_YEAR, MIN_YEAR, PartialDate, month_key


def _code(function: Any, value: Any) -> tuple[str, dict[str, Any]]:
    with pytest.raises(CodedError) as caught:
        function(value)
    return caught.value.code, caught.value.values


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
