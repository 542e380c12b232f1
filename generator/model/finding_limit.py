"""At most ``MAX_PER_CODE`` findings of one code in one file; the rest counted in one line.

A sheet with a whole column wrong gives a finding per row, and a hostile file millions (2 MB
of ``,x`` is a million cells in unnamed columns): printed, nobody reads them; built, they
take gigabytes. So a run keeps the first ``MAX_PER_CODE`` findings of each code in each
file and counts the rest, which ``findings()`` reports as one finding per file and code at
the first one left out: ``findings-capped`` (an error, so the run still fails) or, when the
code is a warning, ``warnings-capped``. Callers ask ``room`` before building a finding, so
the ones left out are never built.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.codes import CODES
from generator.model.findings import Finding

MAX_PER_CODE = 100


@dataclass
class _Left:
    """The findings of one code in one file left out: how many, and where the first was."""

    count: int
    line: int | None
    row: bool


class FindingLimit:
    """Collects findings, keeping ``limit`` per (file, code) and counting the others."""

    def __init__(self, limit: int = MAX_PER_CODE) -> None:
        self.limit = limit
        self.kept: list[Finding] = []
        self._counts: dict[tuple[str, str], int] = {}
        self._left: dict[tuple[str, str], _Left] = {}

    def room(self, file: str, code: str) -> bool:
        """Whether a finding of ``code`` in ``file`` would still be kept."""
        return self._counts.get((file, code), 0) < self.limit

    def add(self, finding: Finding) -> None:
        key = (finding.file, finding.code)
        if self.room(*key):
            self._counts[key] = self._counts.get(key, 0) + 1
            self.kept.append(finding)
        else:
            self.leave_out(finding.file, finding.code, finding.line, row=finding.row)

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def leave_out(self, file: str, code: str, line: int | None, *, row: bool = False,
                  count: int = 1) -> None:
        """Count ``count`` findings not built (the first of them at ``line``)."""
        left = self._left.get((file, code))
        if left is None:
            self._left[(file, code)] = _Left(count, line, row)
        else:
            left.count += count

    def findings(self) -> list[Finding]:
        """The findings kept, then one per (file, code) saying how many were left out."""
        summaries = [
            Finding.of(
                "warnings-capped" if CODES[code].severity == "warning" else "findings-capped",
                file, left.line, row=left.row, count=left.count, capped=code, limit=self.limit,
            )
            for (file, code), left in self._left.items()
        ]
        return self.kept + summaries
