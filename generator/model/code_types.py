"""The kinds of the finding-code catalogue (``model.codes``): a code and its example.

Kept apart from the catalogue itself, which is long enough on its own.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

Severity = Literal["error", "warning"]
RESERVED = frozenset({"code", "file", "line", "field", "row", "text_line"})


@dataclass(frozen=True)
class Example:
    """Where an example finding of a code stands, and the values that fill its template."""

    file: str
    line: int | None
    field: str = ""
    values: Mapping[str, Any] = dataclass_field(default_factory=dict)
    row: bool = False  # ``line`` is a table row number


def ex(file: str, line: int | None = None, field: str = "", *, row: bool = False,
       **values: Any) -> Example:
    return Example(file, line, field, values, row)


@dataclass(frozen=True)
class Code:
    name: str
    group: str  # the heading it is listed under on the page
    title: str
    template: str
    expected: str  # what the code means and what to write instead
    example: Example
    severity: Severity = "error"

    def render(self, values: Mapping[str, Any]) -> str:
        return self.template.format_map(values)

    def fields(self) -> set[str]:
        """The names the template needs."""
        return {name.split(".")[0].split("[")[0]
                for _, name, _, _ in string.Formatter().parse(self.template) if name}
