"""Problems found in data/, as data: where, which field, what was wrong.

Loaders and checks collect findings instead of raising, so a contributor sees every problem
in one run. Each finding prints as ``path:line: field: message`` (YAML) or
``path:row N: column: message`` (tables), the forms editors and CI annotations understand.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int | None
    field: str
    message: str
    code: str = "invalid"
    severity: Severity = "error"
    row: bool = False  # True when ``line`` is a table row number, not a text line
    # For a CSV row: the text line the row starts on (it differs from the row number when a
    # cell above holds a line break). Used to place CI annotations; not part of the text.
    text_line: int | None = dataclass_field(default=None, compare=False)

    def location(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:row {self.line}" if self.row else f"{self.file}:{self.line}"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        field = f"{self.field}: " if self.field else ""
        return f"{self.location()}: {prefix}{field}{self.message}"

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that marks the line in the pull request.

        A table finding keeps its row number in the text (that is what Excel shows) and is
        placed on the row's text line when that is known (CSV), else on the file (xlsx).

        >>> Finding("data/progress/2025-03.csv", 3, "completed", "应为数字", row=True,
        ...         text_line=4).github_annotation()
        '::error file=data/progress/2025-03.csv,line=4::row 3: completed: 应为数字'
        """
        kind = "error" if self.severity == "error" else "warning"
        line_number = (self.text_line if self.row else self.line)
        line = f",line={line_number}" if line_number is not None else ""
        text = f"{self.field}: {self.message}" if self.field else self.message
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
