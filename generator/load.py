"""Read data/ into models, collecting every problem with its file and line.

Layout (all paths relative to the data directory)::

    site.yaml                 SiteConfig
    units.yaml                list of Unit (optional)
    targets.yaml              list of Target (optional)
    problems.csv              Problem rows (optional)
    projects/<code>.yaml      one Project each
    progress/<YYYY-MM>.csv    MonthlyRecord rows for that month (or <YYYY-MM>.xlsx, first sheet)
    plans/<id>.yaml           one Plan each
    photos/...                image files named by projects

Any other file is reported, so nothing in data/ is silently ignored. Symbolic links are
refused (a link could pull a file from outside data/ into the site), files over
``MAX_FILE_BYTES`` are refused by size before they are read, and YAML aliases are refused
before the document is built (a few lines of ``&a [*a, *a, ...]`` expand to billions of
nodes).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
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
from .tables import (
    CellError,
    Table,
    TableError,
    normalise_code,
    parse_amount,
    read_table,
    read_xlsx,
)
from .yamlsource import YamlDocument, YamlSyntaxError, parse_yaml

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_YAML_DEPTH = 30
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
PROGRESS_SUFFIXES = {".csv", ".xlsx"}


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
    # For CSV files: the text line each spreadsheet row starts on, for CI annotations.
    row_lines: dict[str, dict[int, int]] = field(default_factory=dict)
    # Codes of project files that could not be read (already reported): references to them
    # are not reported again as unknown projects.
    unreadable_projects: set[str] = field(default_factory=set)

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
_CODE_COLUMNS = {"project", "id"}


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.findings: list[Finding] = []
        self.positions: dict[str, YamlDocument] = {}
        self.row_lines: dict[str, dict[int, int]] = {}

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root.parent).as_posix()

    def add(self, file: str, line: int | None, fld: str, message: str, *, row: bool = False,
            code: str = "invalid", severity: str = "error") -> None:
        text_line = self.row_lines.get(file, {}).get(line) if row and line else None
        self.findings.append(Finding(file, line, fld, message, code=code, row=row,
                                     severity=severity, text_line=text_line))  # type: ignore[arg-type]

    def read_bytes(self, path: Path) -> bytes | None:
        if path.is_symlink():
            return None  # reported once by _report_symlinks
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
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.add(self.rel(path), line, "", "YAML 文件须为 UTF-8 编码 (got bytes that are not "
                     "UTF-8, perhaps GBK; 请用 UTF-8 保存)", code="encoding")
            return None
        refused = _yaml_guard(text)
        if refused is not None:
            self.add(self.rel(path), refused[0], "", refused[1], code="yaml-refused")
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

    def load_table(self, path: Path, model: type[BaseModel],
                   each: Callable[[int, dict[str, Any]], None]) -> None:
        """Read a CSV or xlsx table of ``model`` rows and pass each readable row to ``each``.

        Header problems and cells that cannot be read with certainty become findings; the
        row's other cells are still validated, so one run shows every problem.
        """
        raw = self.read_bytes(path)
        if raw is None:
            return
        file = self.rel(path)
        columns = {name: info.title or name for name, info in model.model_fields.items()}
        required = [name for name, info in model.model_fields.items() if info.is_required()]
        reader = read_xlsx if path.suffix.lower() == ".xlsx" else read_table
        try:
            table: Table = reader(raw, columns, required)
        except TableError as exc:
            if exc.line is not None:
                self.row_lines.setdefault(file, {})[exc.row or 0] = exc.line
            if exc.row is None and exc.line is not None:
                self.add(file, exc.line, "", exc.message, code="table")
            else:
                self.add(file, exc.row, "", exc.message, row=exc.row is not None, code="table")
            return
        self.row_lines[file] = table.lines
        for problem in table.problems:
            self.add(file, problem.row, problem.column, problem.message, row=problem.row is not None,
                     code="table", severity=problem.severity)
        for row_number, cells in table.rows:
            bad: set[str] = set()
            clean: dict[str, Any] = {}
            for name, value in cells.items():
                if name in _MONEY_COLUMNS:
                    try:
                        clean[name] = parse_amount(value)
                    except CellError as exc:
                        self.add(file, row_number, _column_label(model, name), str(exc), row=True,
                                 code="cell")
                        bad.add(name)
                elif name in _CODE_COLUMNS:
                    clean[name] = normalise_code(value)
                else:
                    clean[name] = value if isinstance(value, str) else _plain(value)
            if bad:
                _validate_row(self, model, clean, file, row_number, skip=bad)
                continue
            each(row_number, clean)


def _column_label(model: type[BaseModel], column: str) -> str:
    title = model.model_fields[column].title if column in model.model_fields else None
    return f"{column}({title})" if title else column


def _plain(value: Any) -> str:
    """A number from an xlsx cell in a text column, as the text Excel shows."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "seq", "map")}


def _yaml_guard(text: str) -> tuple[int | None, str] | None:
    """Refuse YAML aliases, tags and deep nesting before anything is built from the document.

    Data files never need ``&anchor`` / ``*alias``; refusing them outright is simpler and
    safer than bounding how far they may expand (the "billion laughs" document). Tags other
    than the plain ``!!str``/``!!int``/... are refused with a clear message (the safe loader
    would refuse ``!!python/object`` too, with a less helpful one).
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _PLAIN_TAGS and tag != "!":
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                return (event.start_mark.line + 1 if event.start_mark else None,
                        f"不支持 YAML 标签 (got {shown}; 数据文件只写文字、数字、列表和键值)")
            if isinstance(event, yaml.AliasEvent):
                return (event.start_mark.line + 1 if event.start_mark else None,
                        f"不支持 YAML 别名 (got *{event.anchor}; 请直接写出内容, 不用 & 和 *)")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return (event.start_mark.line + 1 if event.start_mark else None,
                            f"嵌套层数过多 (expected at most {MAX_YAML_DEPTH} levels)")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # parse_yaml reports the syntax error with its line
    return None


def _report_symlinks(loader: _Loader, root: Path) -> None:
    """Report every symbolic link under ``root`` (without following any of them)."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                loader.add(loader.rel(path), None, "", "不能是符号链接 (got a symlink; expected a "
                           "regular file inside data/)", code="symlink")


def _entries(folder: Path) -> list[Path]:
    """The entries of a data folder, sorted; none when the folder is a symlink (reported)."""
    return [] if folder.is_symlink() else sorted(folder.glob("*"))


def load_dataset(root: Path) -> tuple[Dataset | None, list[Finding]]:
    """Read every file under ``root``; return the dataset (None if unusable) and findings."""
    loader = _Loader(root)
    if not root.is_dir():
        loader.add(str(root), None, "", "数据目录不存在 (expected a directory with site.yaml)")
        return None, loader.findings

    _report_symlinks(loader, root)
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
    unreadable: set[str] = set()  # codes whose file has errors: rows naming them are not checked
    for path in _entries(root / "projects"):
        file = loader.rel(path)
        if path.is_symlink():
            continue  # reported by _report_symlinks
        if path.suffix not in {".yaml", ".yml"} or not path.is_file():
            loader.add(file, None, "", "projects/ 中只能有 <项目编号>.yaml 文件", code="stray-file")
            continue
        if not CODE_RE.match(path.stem):
            loader.add(file, None, "", f"文件名不是有效项目编号 (got {path.stem!r}, expected "
                       "letters, digits and -)", code="bad-filename")
            continue
        doc = loader.read_yaml(path)
        project = loader.validate(Project, doc.data, file, doc) if doc is not None else None
        if project is None:
            unreadable.add(path.stem)
            continue
        if project.code != path.stem:
            loader.add(file, doc.line_of(("code",)), "code(项目编号)",
                       f"与文件名不一致 (got {project.code!r}, expected {path.stem!r})")
            unreadable.update({path.stem, project.code})
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
    month_files: dict[str, str] = {}
    # CSV before xlsx for the same month, so the CSV is the one kept when both are there.
    progress = sorted(_entries(root / "progress"), key=lambda p: (p.stem, p.suffix.lower()))
    for path in progress:
        file = loader.rel(path)
        if path.is_symlink():
            continue  # reported by _report_symlinks
        suffix = path.suffix.lower()
        if suffix not in PROGRESS_SUFFIXES or not path.is_file():
            hint = "; .xls 请另存为 .xlsx 或 CSV" if suffix in {".xls", ".et", ".ods"} else ""
            loader.add(file, None, "", f"月度数据应为 .csv 或 .xlsx (got {path.name!r}{hint})",
                       code="stray-file")
            continue
        try:
            month = month_key(path.stem)
        except ValueError:
            loader.add(file, None, "", f"文件名应为月份 (got {path.name!r}, expected 2025-03.csv "
                       "or 2025-03.xlsx)", code="bad-filename")
            continue
        if month in month_files:
            loader.add(file, None, "", f"同一月份有两个文件 (also {month_files[month]}; "
                       "只保留一个)", code="duplicate-month")
            continue
        month_files[month] = file
        months.append(month)

        def add_record(row: int, cells: dict[str, Any], month: str = month, file: str = file) -> None:
            record = _validate_row(loader, MonthlyRecord, cells, file, row)
            if record is not None:
                records.append(Record(month, file, row, record))

        loader.load_table(path, MonthlyRecord, add_record)

    problems: list[Problem] = []
    problem_rows: dict[str, int] = {}
    if (root / "problems.csv").exists():
        file = loader.rel(root / "problems.csv")

        def add_problem(row: int, cells: dict[str, Any]) -> None:
            problem = _validate_row(loader, Problem, cells, file, row)
            if problem is not None:
                problems.append(problem)
                problem_rows.setdefault(problem.id, row)

        loader.load_table(root / "problems.csv", Problem, add_problem)

    targets = loader.load_list(Target, root / "targets.yaml") if (root / "targets.yaml").exists() else []
    units = loader.load_list(Unit, root / "units.yaml") if (root / "units.yaml").exists() else []

    plans: list[Plan] = []
    plan_files: dict[str, str] = {}
    for path in _entries(root / "plans"):
        file = loader.rel(path)
        if path.suffix not in {".yaml", ".yml"}:
            loader.add(file, None, "", "plans/ 中只能有 .yaml 文件", code="stray-file")
            continue
        doc = loader.read_yaml(path)
        plan = loader.validate(Plan, doc.data, file, doc) if doc else None
        if plan is not None:
            plans.append(plan)
            plan_files[plan.id] = file

    photos = []
    if not (root / "photos").is_symlink():
        for folder, _, files in os.walk(root / "photos", followlinks=False):
            for name in files:
                path = Path(folder) / name
                if not path.is_symlink():
                    photos.append(path.relative_to(root).as_posix())
    photos.sort()
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
        row_lines=loader.row_lines, unreadable_projects=unreadable - set(projects),
    )
    return dataset, loader.findings


def _validate_row(loader: _Loader, model: type[M], cells: dict[str, Any], file: str,
                  row: int, skip: frozenset[str] | set[str] = frozenset()) -> M | None:
    """Validate one table row; report errors except on ``skip`` columns (already reported)."""
    try:
        return model.model_validate(cells)
    except ValidationError as exc:
        for loc, message in validation_errors(exc):
            column = str(loc[0]) if loc else ""
            if column in skip:
                continue
            loader.add(file, row, _column_label(model, column), message, row=True)
        return None

