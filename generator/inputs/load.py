"""Read data/ into models, collecting every problem with its file and line.

Layout (all paths relative to the data directory)::

    site.yaml                 SiteConfig
    units.yaml                list of Unit (optional)
    targets.yaml              list of Target (optional)
    problems.csv              Problem rows (optional)
    supervision.yaml          list of SupervisionCase, 挂牌督办 decisions (optional)
    projects/<code>.yaml      one Project each
    progress/<YYYY-MM>.csv    MonthlyRecord rows for that month (or <YYYY-MM>.xlsx: workbook.py)
    progress/<YYYY-MM>-<unit>.xlsx  one unit's rows for that month (a filled monthly form)
    plans/<id>.yaml           one Plan each
    townships.geojson         township boundaries for the maps (optional)
    photos/...                image files named by projects

Any other file is reported, so nothing in data/ is silently ignored. Symbolic links are
refused (a link could pull a file from outside data/ into the site), and so are names that
Windows cannot hold (CON, trailing dots, names that differ only in case ...: internal.zip is
unpacked there; see ``generator.model.names``); a folder where a file belongs, or a file
where a folder belongs, is reported by name. Files over
``MAX_FILE_BYTES`` are refused by size before they are read, and YAML aliases are refused
before the document is built (a few lines of ``&a [*a, *a, ...]`` expand to billions of
nodes).

Parsing a file (YAML to a ``YamlDocument``, a table to rows of cleaned cells) is a pure
function of its bytes, so with a cache directory the results are kept, by the sha256 of the
bytes, for the next run: after one project file changes, only that file is parsed again.
Validation and every check after it run in full either way.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from generator.inputs import encodings, images, numformat, tables, workbook, yamlsource
from generator.inputs.explain import Shown, field_path, model_title, validation_errors
from generator.inputs.geojson import read_geojson
from generator.inputs.images import MAX_PHOTO_BYTES, inspect_photo
from generator.inputs.tables import (
    CellError,
    TableError,
    TableProblem,
    normalise_code,
    parse_amount,
    read_table,
    text_cell,
)
from generator.inputs.workbook import read_xlsx
from generator.inputs.yamlsource import YamlDocument, YamlProblem, parse_yaml_file
from generator.model import codes, models, names
from generator.model.dataset import Dataset, Record
from generator.model.dates import month_key
from generator.model.finding_limit import FindingLimit
from generator.model.findings import Finding
from generator.model.geo import Shape
from generator.model.models import (
    CODE_RE,
    MonthlyRecord,
    Plan,
    Problem,
    Project,
    SiteConfig,
    SupervisionCase,
    Target,
    Unit,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

MAX_FILE_BYTES = 5 * 1024 * 1024
MAP_FILE = "townships.geojson"
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
PROGRESS_SUFFIXES = {".csv", ".xlsx"}


RECORD_COLUMNS = {name: info.title or name for name, info in MonthlyRecord.model_fields.items()}
# Columns a unit's monthly form (``python -m generator forms``) shows for reference: read and
# left out, so a filled form is read as it is. Its instructions sheet is expected, not extra.
FORM_REFERENCE_COLUMNS = {"name": "项目名称", "annual_plan": "年度计划投资(万元)",
                          "previous_cumulative": "上月累计完成投资(万元)"}
FORM_INSTRUCTIONS_SHEET = "填表说明"
# One month's part: progress/2025-11-slj.xlsx is 2025-11 as reported by unit slj. The part
# has a letter, so that a date (2025-11-15) is never taken for a month and a part.
_MONTH_PART = re.compile(r"^(?P<month>\d{4}-\d{1,2})-(?P<part>[A-Za-z0-9_-]*[A-Za-z_][A-Za-z0-9_-]*)$")
PROBLEM_COLUMNS = {name: info.title or name for name, info in Problem.model_fields.items()}
_MONEY_COLUMNS = {"completed", "cumulative", "funds_arrived", "funds_disbursed"}
_CODE_COLUMNS = {"project", "id"}


@dataclass
class _TableRows:
    """A table file read and its cells cleaned, before validation: a pure function of its bytes."""

    lines: dict[int, int]
    problems: list[TableProblem]
    # Row number, the cells ready for validation, and the unreadable cells' errors by column.
    rows: list[tuple[int, dict[str, Any], list[tuple[str, CellError]]]]
    header_only: bool = False
    left_out: dict[str, tuple[int, int]] = field(default_factory=dict)  # see Table


def _read_table_file(raw: bytes, xlsx: bool, model: type[BaseModel]) -> _TableRows | TableError:
    columns = {name: info.title or name for name, info in model.model_fields.items()}
    if model is MonthlyRecord:
        columns |= FORM_REFERENCE_COLUMNS
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    try:
        table = (read_xlsx if xlsx else read_table)(raw, columns, required)
    except TableError as exc:
        return exc
    rows = []
    problems = [p for p in table.problems if not (
        p.code == "xlsx-extra-sheet" and p.values.get("other") == FORM_INSTRUCTIONS_SHEET)]
    for row_number, cells in table.rows:
        if cells.keys() & FORM_REFERENCE_COLUMNS and cells.keys() - FORM_REFERENCE_COLUMNS <= {
                "project"}:
            continue  # a form's prefilled row left empty: the project has not reported
        errors: list[tuple[str, CellError]] = []
        clean: dict[str, Any] = {}
        for name, value in cells.items():
            if name in FORM_REFERENCE_COLUMNS:
                continue
            try:
                if name in _MONEY_COLUMNS:
                    clean[name] = parse_amount(value)
                elif name in _CODE_COLUMNS:
                    clean[name] = normalise_code(value)
                else:  # most are text already: no call for those
                    clean[name] = value if type(value) is str else text_cell(value)
            except CellError as exc:
                errors.append((name, exc))
        rows.append((row_number, clean, errors))
    return _TableRows(table.lines, problems, rows, table.header_only, table.left_out)


# Bump when what the parse functions return changes shape. Changes to the code that parses
# are caught without it: the cache is keyed by a digest of that code too.
_CACHE_FORMAT = 4
_CACHE_FILE = "parse-cache.pickle"


def _code_version() -> bytes:
    """Digest of everything a cached parse result depends on besides the file's bytes."""
    from importlib.metadata import version  # imported here: it takes 40 ms

    digest = hashlib.sha256(
        f"{_CACHE_FORMAT} {sys.version} {yaml.__version__} {version('openpyxl')} "
        f"{version('pillow')}".encode()
    )
    modules = (yamlsource, tables, workbook, encodings, numformat, images, models, codes)
    for module in (*modules, sys.modules[__name__]):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.digest()


class ParseCache:
    """Parse results of an earlier run, by kind of parse and sha256 of the file's bytes.

    One pickle file in ``folder`` holds them. Pickle is acceptable here because the file
    is our own, written by this code in the build's work directory; it never comes from a
    pull request (unpickling untrusted bytes can run code). Each result is stored pickled
    on its own, the moment it is parsed, so nothing done to it later (validation) can
    change what is cached, and entries not used in a run are never unpickled. A missing,
    unreadable or outdated cache is ignored: results are the same, only slower.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.version = _code_version() if folder is not None else b""
        self.old: dict[tuple[str, bytes], bytes] = self._read() if folder is not None else {}
        self.new: dict[tuple[str, bytes], bytes] = {}

    def _read(self) -> dict[tuple[str, bytes], bytes]:
        assert self.folder is not None
        try:
            with (self.folder / _CACHE_FILE).open("rb") as file:
                stored_version, entries = pickle.load(file)
        except Exception:  # missing, truncated, or not ours: any failure means no cache
            return {}
        return entries if stored_version == self.version and isinstance(entries, dict) else {}

    def get(self, kind: str, raw: bytes, parse: Callable[[bytes], T]) -> T:
        """``parse(raw)``, or the result stored for the same kind and bytes."""
        if self.folder is None:
            return parse(raw)
        key = (kind, hashlib.sha256(raw).digest())
        blob = self.new.get(key) or self.old.get(key)
        if blob is not None:
            try:
                result: T = pickle.loads(blob)
            except Exception:  # a damaged entry: parse again
                pass
            else:
                self.new[key] = blob
                return result
        result = parse(raw)
        self.new[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return result

    def save(self) -> None:
        """Write the entries used in this run (others are dropped), atomically."""
        if self.folder is None or self.new.keys() == self.old.keys():
            return
        temp: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".parse-cache-")
            with os.fdopen(handle, "wb") as file:
                pickle.dump((self.version, self.new), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.folder / _CACHE_FILE)
        except OSError:
            # A cache that cannot be written costs time on the next run, nothing else.
            if temp is not None:
                Path(temp).unlink(missing_ok=True)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a dataset is read and checked.

    Reading builds millions of objects that live on and next to no reference cycles; with
    the collector on, its full collections walk everything built so far again and again
    (40 % of check() at 10,000 projects). Reference counting still frees the rest at once.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Loader:
    def __init__(self, root: Path, cache: ParseCache, limit: FindingLimit,
                 inspect_photos: bool = True) -> None:
        self.root = root
        self.cache = cache
        self.limit = limit
        self.inspect_photos = inspect_photos
        self.positions: dict[str, YamlDocument] = {}
        self.row_lines: dict[str, dict[int, int]] = {}
        # Paths reported by ``_survey`` (symlinks, names Windows cannot hold): never read.
        self.refused: set[Path] = set()
        # Files that could not be read at all (reported): what refers into them is not.
        self.failed: set[str] = set()

    def rel(self, path: Path) -> str:
        # A name with an invisible character is printed with it escaped.
        return names.shown(path.relative_to(self.root.parent).as_posix())

    def add(self, code: str, file: str, line: int | None = None, fld: str = "", /, *,
            row: bool = False, **values: Any) -> None:
        if not self.limit.room(file, code):
            self.limit.leave_out(file, code, line, row=row)  # counted, never built
            return
        text_line = self.row_lines.get(file, {}).get(line) if row and line else None
        self.limit.add(Finding.of(code, file, line, fld, row=row, text_line=text_line,
                                  **values))

    def read_bytes(self, path: Path) -> bytes | None:
        """The bytes of a data file, or None when it cannot be read (reported)."""
        raw = self._bytes(path)
        if raw is None:
            self.failed.add(self.rel(path))
        return raw

    def _bytes(self, path: Path) -> bytes | None:
        if path in self.refused:
            return None  # reported once by _survey
        file = self.rel(path)
        if not path.is_file():
            self.add("not-a-file", file, kind="一个目录" if path.is_dir() else "一个特殊文件")
            return None
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.add("too-large", file, size_mb=size / 1048576,
                         limit_mb=MAX_FILE_BYTES // 1048576)
                return None
            return path.read_bytes()
        except OSError as exc:
            self.add("file-unreadable", file, detail=exc.strerror or type(exc).__name__)
            return None

    def read_yaml(self, path: Path) -> YamlDocument | None:
        raw = self.read_bytes(path)
        if raw is None:
            return None
        doc = self.cache.get("yaml", raw, parse_yaml_file)
        file = self.rel(path)
        if isinstance(doc, YamlProblem):
            self.add(doc.code, file, doc.line, **doc.values)
            self.failed.add(file)
            return None
        self.positions[file] = doc
        for key_path, line in doc.duplicate_keys:
            self.add("duplicate-key", file, line, field_path(key_path))
        if doc.data is None:
            self.add("yaml-empty", file)
            self.failed.add(file)
            return None
        return doc

    def validate(self, model: type[M], data: Any, file: str, doc: YamlDocument | None,
                 prefix: tuple[str | int, ...] = ()) -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for loc, (code, values) in validation_errors(exc):
                line = doc.line_of(prefix + loc) if doc else None
                title = model_title(model, loc)
                label = field_path(loc) + (f"({title})" if title and loc else "")
                self.add(code, file, line, label, **values)
            return None

    def load_list(self, model: type[M], path: Path, indexes: list[int] | None = None
                  ) -> tuple[list[M], list[Any]]:
        """The valid items of a YAML list file, and the raw items that are not (reported).
        ``indexes`` gets each valid item's place in the file's list, for its line later."""
        doc = self.read_yaml(path)
        if doc is None:
            return [], []
        file = self.rel(path)
        if not isinstance(doc.data, list):
            self.add("not-a-list", file, 1, got=Shown(doc.data))
            self.failed.add(file)
            return [], []
        items, failed = [], []
        for index, item in enumerate(doc.data):
            value = self.validate(model, item, file, doc, (index,))
            if value is not None:
                items.append(value)
                if indexes is not None:
                    indexes.append(index)
            else:
                failed.append(item)
        return items, failed

    def load_table(self, path: Path, model: type[BaseModel],
                   each: Callable[[int, dict[str, Any]], None], *, rows_expected: bool = False
                   ) -> None:
        """Read a CSV or xlsx table of ``model`` rows and pass each readable row to ``each``.

        Header problems and cells that cannot be read with certainty become findings; the
        row's other cells are still validated, so one run shows every problem. With
        ``rows_expected`` (a month file), a header without rows is worth a warning.
        """
        raw = self.read_bytes(path)
        if raw is None:
            return
        file = self.rel(path)
        xlsx = path.suffix.lower() == ".xlsx"
        table = self.cache.get(f"{'xlsx' if xlsx else 'csv'}:{model.__name__}", raw,
                               partial(_read_table_file, xlsx=xlsx, model=model))
        if isinstance(table, TableError):
            if table.line is not None:
                self.row_lines.setdefault(file, {})[table.row or 0] = table.line
            if table.row is None and table.line is not None:
                self.add(table.code, file, table.line, **table.values)
            else:
                self.add(table.code, file, table.row, row=table.row is not None, **table.values)
            return
        self.row_lines[file] = table.lines
        for problem in table.problems:
            self.add(problem.code, file, problem.row, problem.column,
                     row=problem.row is not None, **problem.values)
        for code, (count, first_row) in table.left_out.items():
            self.limit.leave_out(file, code, first_row, row=True, count=count)
        if rows_expected and table.header_only:
            self.add("table-no-rows", file)
        for row_number, clean, errors in table.rows:
            for name, error in errors:
                self.add(error.code, file, row_number, _column_label(model, name), row=True,
                         **error.values)
            if errors:
                _validate_row(self, model, clean, file, row_number,
                              skip={name for name, _ in errors})
                continue
            each(row_number, clean)


def _column_label(model: type[BaseModel], column: str) -> str:
    title = model.model_fields[column].title if column in model.model_fields else None
    return f"{column}({title})" if title else column


def _survey(loader: _Loader, root: Path) -> None:
    """Report every symbolic link under ``root`` (following none) and every name Windows
    cannot hold; both are added to ``loader.refused`` and never read."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        folded: dict[str, Path] = {}
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                loader.add("symlink", loader.rel(path))
                loader.refused.add(path)
            elif names.is_device_name(name):
                loader.add("reserved-name", loader.rel(path), got=name)
                loader.refused.add(path)
            elif (char := names.bad_filename_char(name)) is not None:
                label = repr(char) if char.isprintable() else " ".join(names.char_label(char))
                loader.add("unsafe-filename", loader.rel(path), char=label, got=name)
                loader.refused.add(path)
            elif name.endswith((".", " ")):
                loader.add("filename-trailing-dot", loader.rel(path), got=name)
                loader.refused.add(path)
            first = folded.setdefault(names.fold(name), path)
            if first != path:
                loader.add("path-case-collision", loader.rel(path), other=loader.rel(first))


def _entries(loader: _Loader, folder: Path, content: str) -> list[Path]:
    """The entries of a data folder, sorted; none when it is refused or not a folder."""
    if folder in loader.refused or not folder.exists():
        return []
    if not folder.is_dir():
        loader.add("not-a-folder", loader.rel(folder), content=content)
        return []
    return sorted(folder.glob("*"))


def load_dataset(root: Path, cache: Path | None = None, *, limit: FindingLimit | None = None,
                 inspect_photos: bool = True
                 ) -> tuple[Dataset | None, list[Finding]]:
    """Read every file under ``root``; return the dataset (None if unusable) and findings.

    ``cache`` is a directory where parse results are kept between runs (see ParseCache).
    ``inspect_photos`` False lists photos without decoding them: for earlier versions read
    from git, whose photos nobody builds and whose findings nobody reads. Findings go to
    ``limit`` (a new one when not given), which keeps the first of each code in each file;
    the findings returned are what it holds so far.
    """
    limit = FindingLimit() if limit is None else limit
    loader = _Loader(root, ParseCache(cache), limit, inspect_photos)
    if not root.is_dir():
        loader.add("no-data-dir", str(root))
        return None, limit.findings()
    with gc_paused():
        dataset = _read_dataset(loader, root)
    loader.cache.save()
    return dataset, limit.findings()


def _read_dataset(loader: _Loader, root: Path) -> Dataset | None:
    """Read the files of ``root`` in a fixed order; findings go to ``loader``."""
    _survey(loader, root)
    config_doc = loader.read_yaml(root / "site.yaml") if (root / "site.yaml").exists() else None
    if config_doc is None and not (root / "site.yaml").exists():
        loader.add("no-site-config", loader.rel(root / "site.yaml"))
    config = (
        loader.validate(SiteConfig, config_doc.data, loader.rel(root / "site.yaml"), config_doc)
        if config_doc else None
    )

    projects: dict[str, Project] = {}
    project_files: dict[str, str] = {}
    seen_codes: dict[str, str] = {}
    folded_codes: dict[str, tuple[str, str]] = {}  # by the code as Windows compares names
    unreadable: set[str] = set()  # codes whose file has errors: rows naming them are not checked
    for path in _entries(loader, root / "projects", "<项目编号>.yaml files"):
        file = loader.rel(path)
        if path in loader.refused:  # reported by _survey
            if CODE_RE.match(path.stem):
                unreadable.add(path.stem)
            continue
        if path.suffix not in {".yaml", ".yml"}:
            loader.add("stray-project-file", file)
            continue
        if not CODE_RE.match(path.stem):
            loader.add("bad-project-filename", file, got=path.stem)
            continue
        doc = loader.read_yaml(path)
        project = loader.validate(Project, doc.data, file, doc) if doc is not None else None
        if project is None:
            unreadable.add(path.stem)
            continue
        if project.code != path.stem:
            loader.add("code-mismatch", file, doc.line_of(("code",)), "code(项目编号)",
                       got=project.code, expected=path.stem)
            unreadable.update({path.stem, project.code})
            continue
        if project.code in seen_codes:
            loader.add("duplicate-code", file, doc.line_of(("code",)), "code(项目编号)",
                       other=seen_codes[project.code])
            continue
        seen_codes[project.code] = file
        other_code, other_file = folded_codes.setdefault(names.fold(project.code),
                                                         (project.code, file))
        # Files whose names differ only in case are reported by _survey, once.
        if other_code != project.code and names.fold(other_file) != names.fold(file):
            other_line = loader.positions[other_file].line_of(("code",))
            loader.add("code-case-collision", file, doc.line_of(("code",)), "code(项目编号)",
                       got=project.code, other=other_code, where=f"{other_file}:{other_line}")
        projects[project.code] = project
        project_files[project.code] = file

    records: list[Record] = []
    months: list[str] = []
    month_files: dict[tuple[str, str], str] = {}  # by month and part ("" for the whole month)
    # CSV before xlsx for the same month, so the CSV is the one kept when both are there.
    progress = sorted(_entries(loader, root / "progress", "<YYYY-MM>.csv or .xlsx files"),
                      key=lambda p: (p.stem, p.suffix.lower()))
    for path in progress:
        file = loader.rel(path)
        if path in loader.refused:
            continue  # reported by _survey
        suffix = path.suffix.lower()
        if suffix not in PROGRESS_SUFFIXES:
            old = suffix in {".xls", ".et", ".ods"}
            loader.add("old-spreadsheet" if old else "stray-progress-file", file, name=path.name)
            continue
        part = _MONTH_PART.match(path.stem)
        try:
            month = month_key(part["month"] if part else path.stem)
        except ValueError:
            loader.add("bad-month-filename", file, got=path.name)
            continue
        key = (month, part["part"] if part else "")
        if key in month_files:
            loader.add("duplicate-month", file, other=month_files[key])
            continue
        month_files[key] = file
        if month not in months:
            months.append(month)

        def add_record(row: int, cells: dict[str, Any], month: str = month, file: str = file) -> None:
            record = _validate_row(loader, MonthlyRecord, cells, file, row)
            if record is not None:
                records.append(Record(month, file, row, record))

        loader.load_table(path, MonthlyRecord, add_record, rows_expected=True)

    problems: list[Problem] = []
    problem_rows: list[int] = []
    if (root / "problems.csv").exists():
        file = loader.rel(root / "problems.csv")

        def add_problem(row: int, cells: dict[str, Any]) -> None:
            problem = _validate_row(loader, Problem, cells, file, row)
            if problem is not None:
                problems.append(problem)
                problem_rows.append(row)

        loader.load_table(root / "problems.csv", Problem, add_problem)

    targets, failed_targets = _load_optional_list(loader, Target, root / "targets.yaml")
    units, failed_units = _load_optional_list(loader, Unit, root / "units.yaml")
    case_indexes: list[int] = []
    cases, _ = _load_optional_list(loader, SupervisionCase, root / "supervision.yaml",
                                   case_indexes)

    plans: list[Plan] = []
    plan_paths: list[str] = []
    plan_files: dict[str, str] = {}
    for path in _entries(loader, root / "plans", "<方案编号>.yaml files"):
        file = loader.rel(path)
        if path in loader.refused:
            continue  # reported by _survey
        if path.suffix not in {".yaml", ".yml"}:
            loader.add("stray-plan-file", file)
            continue
        doc = loader.read_yaml(path)
        plan = loader.validate(Plan, doc.data, file, doc) if doc else None
        if plan is not None:
            plans.append(plan)
            plan_paths.append(file)
            # The file named after the id holds it; copies are reported by the checks.
            if plan.id not in plan_files or path.stem == plan.id:
                plan_files[plan.id] = file

    shapes, map_file = _load_map(loader, root / MAP_FILE)

    photos = []
    _entries(loader, root / "photos", "photo files")  # reports a file named photos
    if (root / "photos").is_dir() and root / "photos" not in loader.refused:
        for folder, _, files in os.walk(root / "photos", followlinks=False):
            for name in files:
                path = Path(folder) / name
                if not path.is_symlink():
                    photos.append(path.relative_to(root).as_posix())
    photos.sort()
    known_top = {"site.yaml", "units.yaml", "targets.yaml", "problems.csv", "projects", "progress",
                 "plans", "photos", "supervision.yaml", MAP_FILE, "README.md"}
    for path in sorted(root.iterdir()):
        if path in loader.refused:
            continue  # reported by _survey
        if path.name not in known_top and not path.name.startswith("."):
            loader.add("stray-file", loader.rel(path))
    for photo in photos:
        path = root / photo
        if path in loader.refused or any(folder in loader.refused for folder in path.parents):
            continue  # its name, or its folder's, is reported by _survey
        if Path(photo).suffix.lower() not in PHOTO_SUFFIXES:
            loader.add("photo-format", loader.rel(root / photo))
        elif loader.inspect_photos:
            _check_photo(loader, root / photo)

    if config is None:
        return None
    return Dataset(
        root=root, config=config, projects=dict(sorted(projects.items())),
        project_files=project_files, records=records, problems=problems,
        problem_rows=problem_rows, targets=targets, plans=plans, plan_files=plan_files,
        plan_paths=plan_paths, units=units, cases=cases,
        case_indexes=case_indexes, photos=photos, months=sorted(months),
        shapes=shapes, map_file=map_file,
        positions=loader.positions, row_lines=loader.row_lines,
        unreadable_projects=unreadable - set(projects), unreadable_files=loader.failed,
        unreadable_targets={name for t in failed_targets for name in _raw_names(t, "id")},
        unreadable_units={name for u in failed_units for name in _raw_names(u, "name", "aliases")},
    )


def _load_map(loader: _Loader, path: Path) -> tuple[list[Shape], str | None]:
    """The township boundaries of townships.geojson (optional); its problems reported."""
    if not (path.exists() or path.is_symlink()):
        return [], None
    raw = loader.read_bytes(path)
    if raw is None:
        return [], None
    file = loader.rel(path)
    read = loader.cache.get("geojson", raw, read_geojson)
    for problem in read.problems:
        loader.add(problem.code, file, problem.line, problem.field, **problem.values)
    return read.shapes, file


def _load_optional_list(loader: _Loader, model: type[M], path: Path,
                        indexes: list[int] | None = None) -> tuple[list[M], list[Any]]:
    if path.exists() or path.is_symlink():
        return loader.load_list(model, path, indexes)
    return [], []


def _raw_names(raw: Any, *keys: str) -> list[str]:
    """The names an entry that failed validation gives itself under ``keys`` (text or lists
    of text, stripped as the model would), so references to it are not reported again."""
    if not isinstance(raw, dict):
        return []
    out = []
    for key in keys:
        value = raw.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str | int):
                out.append(str(item).strip())
    return out


def _check_photo(loader: _Loader, path: Path) -> None:
    """Report a photo that is too large, not an image, or not what its suffix says."""
    suffix = path.suffix.lower()
    if not path.is_file():  # a pipe or device named .jpg: never opened (it could block)
        loader.add("photo-not-image", loader.rel(path), suffix=suffix)
        return
    size = path.stat().st_size
    if size > MAX_PHOTO_BYTES:  # refused by size, before a byte is read
        loader.add("photo-too-large", loader.rel(path), size_mb=size / 1048576,
                   limit_mb=MAX_PHOTO_BYTES // 1048576)
        return
    problem = loader.cache.get(f"photo{suffix}", path.read_bytes(),
                               partial(inspect_photo, suffix=suffix))
    if problem is not None:
        loader.add(problem.code, loader.rel(path), **problem.values)


def _validate_row(loader: _Loader, model: type[M], cells: dict[str, Any], file: str,
                  row: int, skip: frozenset[str] | set[str] = frozenset()) -> M | None:
    """Validate one table row; report errors except on ``skip`` columns (already reported)."""
    try:
        return model.model_validate(cells)
    except ValidationError as exc:
        for loc, (code, values) in validation_errors(exc):
            column = str(loc[0]) if loc else ""
            if column in skip:
                continue
            loader.add(code, file, row, _column_label(model, column), row=True, **values)
        return None

