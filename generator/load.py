"""Read data/ into models, collecting every problem with its file and line.

Layout (all paths relative to the data directory)::

    site.yaml                 SiteConfig
    units.yaml                list of Unit (optional)
    targets.yaml              list of Target (optional)
    problems.csv              Problem rows (optional)
    projects/<code>.yaml      one Project each
    progress/<YYYY-MM>.csv    MonthlyRecord rows for that month
    plans/<id>.yaml           one Plan each
    photos/...                image files named by projects

Any other file is reported, so nothing in data/ is silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .dates import month_key
from .explain import field_path, model_title, validation_errors
from .findings import Finding
from .models import (
    CODE_RE,
    MonthlyRecord,
    Plan,
    Problem,
    Project,
    SiteConfig,
    Target,
    Unit,
)
from .tables import TableError, parse_amount, read_table
from .yamlsource import YamlDocument, YamlSyntaxError, parse_yaml

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 5 * 1024 * 1024
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


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
    problem_rows: dict[str, int] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    plan_files: dict[str, str] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    # Line of each YAML value, by file and key path, so later checks can point at it.
    positions: dict[str, YamlDocument] = field(default_factory=dict)

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
            "photos": len(self.photos),
        }


RECORD_COLUMNS = {name: info.title or name for name, info in MonthlyRecord.model_fields.items()}
PROBLEM_COLUMNS = {name: info.title or name for name, info in Problem.model_fields.items()}
_MONEY_COLUMNS = {"completed", "cumulative", "funds_arrived", "funds_disbursed"}


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.findings: list[Finding] = []
        self.positions: dict[str, YamlDocument] = {}

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root.parent).as_posix()

    def add(self, file: str, line: int | None, fld: str, message: str, *, row: bool = False,
            code: str = "invalid") -> None:
        self.findings.append(Finding(file, line, fld, message, code=code, row=row))

    def read_bytes(self, path: Path) -> bytes | None:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.add(self.rel(path), None, "",
                     f"文件过大 (got {size / 1048576:.1f} MB, expected at most "
                     f"{MAX_FILE_BYTES // 1048576} MB)", code="too-large")
            return None
        return path.read_bytes()

    def read_yaml(self, path: Path) -> YamlDocument | None:
        raw = self.read_bytes(path)
        if raw is None:
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add(self.rel(path), None, "", "YAML 文件须为 UTF-8 编码 (got undecodable bytes)",
                     code="encoding")
            return None
        try:
            doc = parse_yaml(text)
        except YamlSyntaxError as exc:
            self.add(self.rel(path), exc.line, "", exc.message, code="yaml-syntax")
            return None
        self.positions[self.rel(path)] = doc
        for key_path, line in doc.duplicate_keys:
            self.add(self.rel(path), line, field_path(key_path), "字段重复 (expected each key once)",
                     code="duplicate-key")
        if doc.data is None:
            self.add(self.rel(path), None, "", "文件为空 (expected YAML content)", code="empty")
            return None
        return doc

    def validate(self, model: type[M], data: Any, file: str, doc: YamlDocument | None,
                 prefix: tuple[str | int, ...] = ()) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for loc, message in validation_errors(exc):
                line = doc.line_of(prefix + loc) if doc else None
                title = model_title(model, loc)
                label = field_path(loc) + (f"({title})" if title and loc else "")
                self.add(file, line, label, message)
            return None

    def load_list(self, model: type[M], path: Path) -> list[M]:
        doc = self.read_yaml(path)
        if doc is None:
            return []
        file = self.rel(path)
        if not isinstance(doc.data, list):
            self.add(file, 1, "", f"应为列表 (got {type(doc.data).__name__}, expected - item ...)")
            return []
        items = []
        for index, item in enumerate(doc.data):
            value = self.validate(model, item, file, doc, (index,))
            if value is not None:
                items.append(value)
        return items

    def load_csv(self, path: Path, columns: dict[str, str],
                 each: Callable[[int, dict[str, Any]], None]) -> None:
        raw = self.read_bytes(path)
        if raw is None:
            return
        file = self.rel(path)
        try:
            table = read_table(raw, columns)
        except TableError as exc:
            self.add(file, exc.row, "", exc.message, row=exc.row is not None, code="table")
            return
        for row_number, cells in table.rows:
            each(row_number, cells)


def load_dataset(root: Path) -> tuple[Dataset | None, list[Finding]]:
    """Read every file under ``root``; return the dataset (None if unusable) and findings."""
    loader = _Loader(root)
    if not root.is_dir():
        loader.add(str(root), None, "", "数据目录不存在 (expected a directory with site.yaml)")
        return None, loader.findings

    config_doc = loader.read_yaml(root / "site.yaml") if (root / "site.yaml").exists() else None
    if config_doc is None and not (root / "site.yaml").exists():
        loader.add(loader.rel(root / "site.yaml"), None, "", "缺少站点配置文件 (expected site.yaml)")
    config = (
        loader.validate(SiteConfig, config_doc.data, loader.rel(root / "site.yaml"), config_doc)
        if config_doc else None
    )

    projects: dict[str, Project] = {}
    project_files: dict[str, str] = {}
    seen_codes: dict[str, str] = {}
    for path in sorted((root / "projects").glob("*")):
        file = loader.rel(path)
        if path.suffix not in {".yaml", ".yml"} or not path.is_file():
            loader.add(file, None, "", "projects/ 中只能有 <项目编号>.yaml 文件", code="stray-file")
            continue
        if not CODE_RE.match(path.stem):
            loader.add(file, None, "", f"文件名不是有效项目编号 (got {path.stem!r}, expected "
                       "letters, digits and -)", code="bad-filename")
            continue
        doc = loader.read_yaml(path)
        if doc is None:
            continue
        project = loader.validate(Project, doc.data, file, doc)
        if project is None:
            continue
        if project.code != path.stem:
            loader.add(file, doc.line_of(("code",)), "code(项目编号)",
                       f"与文件名不一致 (got {project.code!r}, expected {path.stem!r})")
            continue
        if project.code in seen_codes:
            loader.add(file, doc.line_of(("code",)), "code(项目编号)",
                       f"项目编号重复 (also in {seen_codes[project.code]})", code="duplicate-code")
            continue
        seen_codes[project.code] = file
        projects[project.code] = project
        project_files[project.code] = file

    records: list[Record] = []
    months: list[str] = []
    for path in sorted((root / "progress").glob("*")):
        file = loader.rel(path)
        try:
            month = month_key(path.stem)
        except ValueError:
            loader.add(file, None, "", f"文件名应为月份 (got {path.name!r}, expected 2025-03.csv)",
                       code="bad-filename")
            continue
        if path.suffix != ".csv":
            loader.add(file, None, "", f"月度数据应为 CSV (got {path.suffix!r})", code="stray-file")
            continue
        months.append(month)

        def add_record(row: int, cells: dict[str, Any], month: str = month, file: str = file) -> None:
            cells = {k: parse_amount(v) if k in _MONEY_COLUMNS else v for k, v in cells.items()}
            record = _validate_row(loader, MonthlyRecord, cells, file, row)
            if record is not None:
                records.append(Record(month, file, row, record))

        loader.load_csv(path, RECORD_COLUMNS, add_record)

    problems: list[Problem] = []
    problem_rows: dict[str, int] = {}
    if (root / "problems.csv").exists():
        file = loader.rel(root / "problems.csv")

        def add_problem(row: int, cells: dict[str, Any]) -> None:
            problem = _validate_row(loader, Problem, cells, file, row)
            if problem is not None:
                problems.append(problem)
                problem_rows.setdefault(problem.id, row)

        loader.load_csv(root / "problems.csv", PROBLEM_COLUMNS, add_problem)

    targets = loader.load_list(Target, root / "targets.yaml") if (root / "targets.yaml").exists() else []
    units = loader.load_list(Unit, root / "units.yaml") if (root / "units.yaml").exists() else []

    plans: list[Plan] = []
    plan_files: dict[str, str] = {}
    for path in sorted((root / "plans").glob("*")):
        file = loader.rel(path)
        if path.suffix not in {".yaml", ".yml"}:
            loader.add(file, None, "", "plans/ 中只能有 .yaml 文件", code="stray-file")
            continue
        doc = loader.read_yaml(path)
        plan = loader.validate(Plan, doc.data, file, doc) if doc else None
        if plan is not None:
            plans.append(plan)
            plan_files[plan.id] = file

    photos = sorted(
        p.relative_to(root).as_posix() for p in (root / "photos").rglob("*") if p.is_file()
    )
    known_top = {"site.yaml", "units.yaml", "targets.yaml", "problems.csv", "projects", "progress",
                 "plans", "photos", "README.md"}
    for path in sorted(root.iterdir()):
        if path.name not in known_top and not path.name.startswith("."):
            loader.add(loader.rel(path), None, "", "数据目录中的未知文件 (expected site.yaml, "
                       "projects/, progress/, problems.csv, targets.yaml, plans/, units.yaml, photos/)",
                       code="stray-file")
    for photo in photos:
        if Path(photo).suffix.lower() not in PHOTO_SUFFIXES:
            loader.add(loader.rel(root / photo), None, "", "照片应为 jpg/png/webp", code="stray-file")

    if config is None:
        return None, loader.findings
    dataset = Dataset(
        root=root, config=config, projects=dict(sorted(projects.items())),
        project_files=project_files, records=records, problems=problems,
        problem_rows=problem_rows, targets=targets, plans=plans, plan_files=plan_files,
        units=units, photos=photos, months=sorted(months), positions=loader.positions,
    )
    return dataset, loader.findings


def _validate_row(loader: _Loader, model: type[M], cells: dict[str, Any], file: str,
                  row: int) -> M | None:
    try:
        return model.model_validate(cells)
    except ValidationError as exc:
        for loc, message in validation_errors(exc):
            column = str(loc[0]) if loc else ""
            title = model.model_fields[column].title if column in model.model_fields else None
            loader.add(file, row, f"{column}({title})" if title else column, message, row=True)
        return None

