"""Problems found in data/, as data: where, which field, what was wrong, and its code.

Loaders and checks collect findings instead of raising, so a contributor sees every problem
in one run. Each finding prints as ``path:line: field: message [code]`` (YAML) or
``path:row N: column: message [code]`` (tables): the forms editors and CI annotations
understand, with the code to look up on the 校验提示代码 page of the internal site. A
finding is made from a catalogued code and the values of its message (``Finding.of``),
never from free text.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from generator.model.codes import CODES, Code, Severity

__all__ = ["DataErrors", "Finding", "Severity", "example_finding", "sort_findings"]


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int | None
    field: str
    message: str
    code: str  # a name in the catalogue, generator.model.codes
    severity: Severity = "error"
    row: bool = False  # True when ``line`` is a table row number, not a text line
    # For a CSV row: the text line the row starts on (it differs from the row number when a
    # cell above holds a line break). Used to place CI annotations; not part of the text.
    text_line: int | None = dataclass_field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"finding code {self.code!r} is not in the catalogue")

    @classmethod
    def of(cls, code: str, file: str, line: int | None, field: str = "", /, *,
           row: bool = False, text_line: int | None = None, **values: Any) -> Finding:
        """The finding of ``code`` with its message filled from ``values``.

        >>> str(Finding.of("duplicate-row", "data/progress/2025-03.csv", 4, "project",
        ...                row=True, other="row 2"))
        'data/progress/2025-03.csv:row 4: project: 同一项目本月重复填报 (also row 2) [duplicate-row]'
        """
        entry = CODES[code]
        return cls(file, line, field, entry.render(values), code, entry.severity, row, text_line)

    def location(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:row {self.line}" if self.row else f"{self.file}:{self.line}"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        field = f"{self.field}: " if self.field else ""
        return f"{self.location()}: {prefix}{field}{self.message} [{self.code}]"

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that marks the line in the pull request.

        A table finding keeps its row number in the text (that is what Excel shows) and is
        placed on the row's text line when that is known (CSV), else on the file (xlsx).

        >>> Finding.of("duplicate-row", "data/progress/2025-03.csv", 3, "project", row=True,
        ...            text_line=4, other="row 2").github_annotation()
        '::error file=data/progress/2025-03.csv,line=4::row 3: project: 同一项目本月重复填报 (also row 2) [duplicate-row]'
        """
        kind = "error" if self.severity == "error" else "warning"
        line_number = (self.text_line if self.row else self.line)
        line = f",line={line_number}" if line_number is not None else ""
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = f"{text} [{self.code}]"
        if self.row and self.line is not None:
            text = f"row {self.line}: {text}"
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = self.file.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::{kind} file={file}{line}::{text}"


class DataErrors(Exception):
    """Raised when data/ cannot be built; carries every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings, key=_sort_key)
        super().__init__(f"{len(self.errors)} data errors")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def _sort_key(f: Finding) -> tuple[str, int, str, str]:
    return (f.file, f.line or 0, f.field, f.message)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=_sort_key)


def example_finding(code: Code) -> Finding:
    """The example of a catalogued code, as ``check`` would report it."""
    e = code.example
    return Finding.of(code.name, e.file, e.line, e.field, row=e.row, **e.values)
