"""Problems found in data/, as data: where, which field, what was wrong.

Loaders and checks collect findings instead of raising, so a contributor sees every problem
in one run. Each finding prints as ``path:line: field: message`` (YAML) or
``path:row N: column: message`` (tables), the forms editors and CI annotations understand.
"""

from __future__ import annotations

from dataclasses import dataclass
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

    def location(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:row {self.line}" if self.row else f"{self.file}:{self.line}"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        field = f"{self.field}: " if self.field else ""
        return f"{self.location()}: {prefix}{field}{self.message}"

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that marks the line in the pull request."""
        kind = "error" if self.severity == "error" else "warning"
        line = f",line={self.line}" if self.line is not None and not self.row else ""
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.file}{line}::{text}"


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
