"""The data set: every record read from data/, with where each came from.

Loading (``generator.inputs``) builds it; every later stage reads it and none changes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from generator.model.geo import Shape
from generator.model.models import (
    MonthlyRecord,
    Plan,
    Problem,
    Project,
    SiteConfig,
    SupervisionCase,
    Target,
    Unit,
)

T = TypeVar("T")


class Positions(Protocol):
    """Where the values of one source file stand: the line of a key path."""

    def line_of(self, path: tuple[str | int, ...]) -> int | None: ...


@dataclass(frozen=True)
class Record:
    """A monthly record with where it came from."""

    month: str
    file: str
    row: int
    data: MonthlyRecord


@dataclass
class Dataset:
    root: Path
    config: SiteConfig
    projects: dict[str, Project]
    project_files: dict[str, str]
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_rows: list[int] = field(default_factory=list)  # the table row of each problem
    targets: list[Target] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    plan_files: dict[str, str] = field(default_factory=dict)  # by id: the file that holds it
    # The file of each plan, in the order of ``plans`` (two files may repeat an id).
    plan_paths: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    cases: list[SupervisionCase] = field(default_factory=list)  # 挂牌督办, in file order
    case_indexes: list[int] = field(default_factory=list)  # each case's place in its file
    photos: list[str] = field(default_factory=list)
    # Township boundaries from townships.geojson (each read without error), and that file.
    shapes: list[Shape] = field(default_factory=list)
    map_file: str | None = None
    months: list[str] = field(default_factory=list)
    # Line of each YAML value, by file and key path, so later checks can point at it.
    positions: dict[str, Positions] = field(default_factory=dict)
    # For CSV files: the text line each spreadsheet row starts on, for CI annotations.
    row_lines: dict[str, dict[int, int]] = field(default_factory=dict)
    # Codes of project files that could not be read (already reported): references to them
    # are not reported again as unknown projects.
    unreadable_projects: set[str] = field(default_factory=set)
    # Likewise files that could not be read at all, ids of targets and names of units whose
    # entries are invalid: what refers to them is not reported again.
    unreadable_files: set[str] = field(default_factory=set)
    unreadable_targets: set[str] = field(default_factory=set)
    unreadable_units: set[str] = field(default_factory=set)
    # Values derived from this data set, each built once (``derive``); a copy made with
    # ``dataclasses.replace`` starts with none, so a view never sees another's figures.
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derive(self, name: str, build: Callable[[Dataset], T]) -> T:
        """``build(self)``, once: bulletins ask for the same frames once per month."""
        if name not in self._derived:
            self._derived[name] = build(self)
        return self._derived[name]

    def plan_file(self, index: int) -> str:
        """The file of ``plans[index]``."""
        if len(self.plan_paths) == len(self.plans):
            return self.plan_paths[index]
        return self.plan_files[self.plans[index].id]  # a data set built without plan_paths

    def line(self, file: str, *path: str | int) -> int | None:
        doc = self.positions.get(file)
        return doc.line_of(path) if doc else None

    def count_summary(self) -> dict[str, int]:
        return {
            "projects": len(self.projects),
            "monthly_files": len(self.months),
            "monthly_records": len(self.records),
            "problems": len(self.problems),
            "targets": len(self.targets),
            "plans": len(self.plans),
            "tasks": sum(len(s.tasks) for p in self.plans for s in p.sections),
            "units": len(self.units),
            "cases": len(self.cases),
            "photos": len(self.photos),
        }
