"""What a county ledger changes in data/: which row is which project, and what to write.

The rule: a ledger row is an existing project when its 项目编号 is one, or else when its
name is exactly one project's name; a name that two projects share, or one close to an
existing name, is reported and not imported (merging two projects by a guess would be
worse than typing one row again). Other rows are new projects and get the next free code.
For each project the importer writes only what the ledger holds and what differs; every
other field and every comment of the project file stays. A new project's required fields
that the ledger has no column for are written as ``待补充`` (``vocab.PLACEHOLDER``), which
``check`` refuses by name: nothing is invented.

The month's figures go to ``progress/<YYYY-MM>.csv``: 本月完成投资 as the ledger gives it,
or its 1-N月 figure less the months already in data/. 存在问题 becomes a problem record
whose kind, level and status are left for the county office to fill in.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.inputs import writeback
from generator.inputs.ledger import Ledger, LedgerRow
from generator.inputs.ledger_columns import field_title
from generator.inputs.load import load_dataset
from generator.model import vocab
from generator.model.dataset import Dataset
from generator.model.dates import PartialDate
from generator.model.findings import Finding
from generator.model.models import Problem, Project
from generator.model.units import UnitRegister

Status = Literal["new", "updated", "unchanged", "skipped"]
MONEY_SLACK = 0.01
_NEAR = 0.85
_CODE = re.compile(r"^(?P<prefix>[A-Za-z]+)-(?P<year>\d{4})-(?P<seq>\d+)$")
_PLAIN_CODE = re.compile(r"^(?P<prefix>[A-Za-z]+)-(?P<seq>\d+)$")
# Ledger fields written into a project, by their key path in the project file.
_PROJECT_PATHS: dict[str, tuple[str, ...]] = {
    "name": ("name",), "level": ("level",), "domain": ("domain",), "stage": ("stage",),
    "township": ("township",), "owner": ("owner",), "department": ("department",),
    "leader": ("leader",), "government_invested": ("government_invested",),
    "total": ("total_investment",), "scale": ("scale",), "progress": ("progress",),
}
# Required fields of a project, and the ledger field each comes from.
_REQUIRED = {"level": "level", "domain": "domain", "stage": "stage", "township": "township",
             "owner": "owner", "department": "department",
             "government_invested": "government_invested", "total_investment": "total"}


@dataclass
class ProjectChange:
    code: str
    name: str
    status: Status
    sheet: str
    row: int
    updates: dict[tuple[str | int, ...], Any] = field(default_factory=dict)
    old: dict[tuple[str | int, ...], Any] = field(default_factory=dict)
    placeholders: dict[str, str] = field(default_factory=dict)  # field → what the ledger lacked
    file: Path | None = None


@dataclass
class ImportPlan:
    ledger: Ledger
    root: Path
    findings: list[Finding] = field(default_factory=list)
    changes: list[ProjectChange] = field(default_factory=list)
    month: str | None = None
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # by project code
    records_unchanged: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    problems_unchanged: int = 0
    report_date: PartialDate | None = None
    report_date_before: PartialDate | None = None
    skipped: list[tuple[str, int, str]] = field(default_factory=list)
    data_errors: int = 0  # errors in data/ itself, before the import

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def count(self, status: Status) -> int:
        return sum(c.status == status for c in self.changes)


Loaded = tuple[Dataset | None, list[Finding]]


def plan_import(ledger: Ledger, root: Path, loaded: Loaded | None = None) -> ImportPlan:
    """Everything the ledger would change in ``root``, and every problem found on the way.

    ``loaded``: what ``load_dataset(root)`` returned, when the caller has read it already.
    """
    plan = ImportPlan(ledger, root, findings=list(ledger.findings),
                      skipped=list(ledger.skipped))
    dataset, data_findings = loaded or load_dataset(root, inspect_photos=False)
    plan.data_errors = sum(f.severity == "error" for f in data_findings)
    if dataset is None:
        plan.findings += [f for f in data_findings if f.severity == "error"]
        return plan
    if not ledger.rows or ledger.report_date is None:
        return plan
    date = ledger.report_date
    plan.month = date.iso()[:7]
    day = date if date.day is not None else PartialDate.parse(date.end().isoformat())
    if day.end() > dataset.config.report_date.end():
        plan.report_date, plan.report_date_before = day, dataset.config.report_date
    _Matcher(plan, dataset).run()
    return plan


class _Matcher:
    def __init__(self, plan: ImportPlan, ds: Dataset) -> None:
        self.plan = plan
        self.ds = ds
        self.ledger = plan.ledger
        self.register = UnitRegister(ds.units)
        self.townships = [t.name for t in ds.config.townships]
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for code, project in ds.projects.items():
            self.by_name[_key(project.name)].append(code)
        self.year = int(plan.month[:4]) if plan.month else 0
        self.plan_year = self.ledger.plan_year or self.year
        # Each project's name with its matcher, built once: SequenceMatcher indexes its
        # second sequence, so a row's name is set as the first and the index is reused.
        self.names = [(code, _key(project.name), difflib.SequenceMatcher(
            None, "", _key(project.name))) for code, project in ds.projects.items()]

    def add(self, code: str, row: LedgerRow | None, fld: str = "", /, **values: Any) -> None:
        where, line = "", None
        if row is not None:
            line = row.row
            where = row.sheet
            if fld:
                letter = row.letters.get(fld, "")
                header = self.ledger.headers.get(fld, "")
                title = header.split("(", 1)[1][:-1] if "(" in header else field_title(fld)
                where += f"!{letter}列({title})" if letter else ""
        self.plan.findings.append(Finding.of(code, self.ledger.file, line, where,
                                             row=line is not None, **values))

    def run(self) -> None:
        matched: list[tuple[LedgerRow, str | None]] = []
        names: dict[str, LedgerRow] = {}
        codes: dict[str, LedgerRow] = {}
        for row in self.ledger.rows:
            name = row.values.get("name", "")
            first = names.setdefault(_key(name), row)
            if first is not row:
                self.add("ledger-duplicate-name", row, "name", got=name,
                         other=_where(first, row))
                self.skip(row, "项目名称重复")
                continue
            code = row.values.get("code")
            if code is not None:
                first = codes.setdefault(code, row)
                if first is not row:
                    self.add("ledger-duplicate-code", row, "code", got=code,
                             other=_where(first, row))
                    self.skip(row, "项目编号重复")
                    continue
            target = self.match(row)
            if target is not False:
                matched.append((row, target))
        taken = set(self.ds.projects) | set(self.ds.unreadable_projects) | set(codes)
        new_codes = self.new_codes(taken)
        for row, code in matched:
            self.plan.changes.append(self.change(row, code or next(new_codes)))
        self.records()
        self.problems()

    def skip(self, row: LedgerRow, why: str) -> None:
        self.plan.skipped.append((row.sheet, row.row, why))

    def match(self, row: LedgerRow) -> str | Literal[False] | None:
        """The code of the project ``row`` is, None for a new project, False to skip it."""
        code = row.values.get("code")
        if code is not None:
            if code in self.ds.unreadable_projects:
                self.add("ledger-unknown-project-file", row, "code", project=code)
                self.skip(row, "对应的项目文件有错误")
                return False
            return code if code in self.ds.projects else None
        name = row.values["name"]
        found = self.by_name.get(_key(name), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            self.add("ledger-ambiguous-match", row, "name", got=name, codes="、".join(found))
            self.skip(row, "名称对应多个已有项目")
            return False
        near = self.near(name)
        if near is not None:
            self.add("ledger-near-match", row, "name", got=name, project=near,
                     name=self.ds.projects[near].name)
            self.skip(row, "名称与已有项目相近")
            return False
        return None

    def near(self, name: str) -> str | None:
        key = _key(name)
        best, best_ratio = None, 0.0
        for code, other, matcher in self.names:
            if len(key) >= 4 and len(other) >= 4 and (key in other or other in key):
                return code
            matcher.set_seq1(key)
            # The quick ratios are upper bounds of ratio(): below the bar, no need to match.
            if matcher.real_quick_ratio() < _NEAR or matcher.quick_ratio() < _NEAR:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = code, ratio
        return best if best_ratio >= _NEAR else None

    def new_codes(self, taken: set[str]) -> Iterator[str]:
        """New codes in the data's own pattern: SL-2025-031 (prefix, the report's year,
        number) where codes are written so, else XC-003 (prefix, number). The pattern and
        the last number are found once, so a ledger of n new projects costs n, not n²."""
        dated: dict[str, int] = defaultdict(int)
        plain: dict[str, int] = defaultdict(int)
        for code in taken:
            if match := _CODE.match(code):
                dated[match["prefix"]] += 1
            elif match := _PLAIN_CODE.match(code):
                plain[match["prefix"]] += 1
        if dated or not plain:
            prefix = max(sorted(dated), key=lambda p: dated[p]) if dated else "XM"
            numbers = [int(m["seq"]) for c in taken if (m := _CODE.match(c))
                       and m["prefix"] == prefix and int(m["year"]) == self.year]
            form = f"{prefix}-{self.year}-{{:03d}}"
        else:
            prefix = max(sorted(plain), key=lambda p: plain[p])
            numbers = [int(m["seq"]) for c in taken if (m := _PLAIN_CODE.match(c))
                       and m["prefix"] == prefix]
            form = f"{prefix}-{{:03d}}"
        seq = max(numbers, default=0)
        while True:
            seq += 1
            if form.format(seq) not in taken:
                yield form.format(seq)

    # --- one project ------------------------------------------------------------------

    def wanted(self, row: LedgerRow) -> dict[tuple[str | int, ...], Any]:
        """The values the ledger gives this project, by key path in its file."""
        values = row.values
        out: dict[tuple[str | int, ...], Any] = {}
        for fld, path in _PROJECT_PATHS.items():
            if fld in values:
                out[path] = values[fld]
        for fld in ("level", "domain", "stage"):
            if fld not in values and fld in row.sections:
                out[(fld,)] = row.sections[fld]
        stage = out.get(("stage",))
        if stage is not None and stage not in vocab.STAGES:
            self.add("ledger-stage-not-mapped", row, "stage", got=stage,
                     allowed="、".join(vocab.STAGES))
            out.pop(("stage",))
            if "stage" in row.sections:
                out[("stage",)] = row.sections["stage"]
        if "township" in values:
            township = self.township(values["township"])
            if township is None:
                self.add("unknown-township", row, "township", got=values["township"],
                         allowed="、".join(self.townships))
                out.pop(("township",))
            else:
                out[("township",)] = township
        if "department" in values and self.register:
            unit = self.register.resolve(values["department"])
            if unit is None:
                self.add("ledger-unknown-unit", row, "department", got=values["department"],
                         suggestions=self.suggest(values["department"]))
                out.pop(("department",))
            else:
                out[("department",)] = unit.name
        if "annual_plan" in values:
            out[("annual_plan", self.plan_year)] = values["annual_plan"]
        if "period" in values:
            start, end = values["period"]
            out[("dates", "planned_start")] = start
            out[("dates", "planned_completion")] = end
        return out

    def township(self, text: str) -> str | None:
        if text in self.townships:
            return text
        for name in sorted(self.townships, key=len, reverse=True):
            if text.startswith(name):
                return name  # 建设地点 such as 城关镇东关村
        return None

    def suggest(self, name: str) -> str:
        known = [n for unit in self.register.units for n in (unit.name, *unit.aliases)]
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        close += [n for n in known if (name in n or n in name) and n not in close][:3 - len(close)]
        return "是否为: " + "、".join(dict.fromkeys(close)) if close else "名录中没有相近的名称"

    def change(self, row: LedgerRow, code: str) -> ProjectChange:
        wanted = self.wanted(row)
        project = self.ds.projects.get(code)
        name = row.values["name"]
        if project is None:
            change = ProjectChange(code, name, "new", row.sheet, row.row,
                                   {("code",): code, **wanted},
                                   file=self.plan.root / "projects" / f"{code}.yaml")
            for key, source in _REQUIRED.items():
                if (key,) not in wanted:
                    change.placeholders[key] = self.lacking(source)
            return change
        change = ProjectChange(code, name, "unchanged", row.sheet, row.row,
                               file=self.ds.root / "projects" / f"{code}.yaml")
        for path, value in wanted.items():
            old = _get(project, path)
            if not self.same(path, old, value):
                change.updates[path] = value
                change.old[path] = old
        if change.updates:
            change.status = "updated"
        return change

    def lacking(self, source: str) -> str:
        title = field_title(source)
        if source in self.ledger.headers:
            return f"台账中这一行的“{title}”是空的"
        return f"台账中没有“{title}”列"

    def same(self, path: tuple[str | int, ...], old: Any, new: Any) -> bool:
        if old is None:
            return False
        if path == ("department",):
            return self.register.resolve(old) == self.register.resolve(new) if self.register \
                else old == new
        if isinstance(new, float):
            return abs(float(old) - new) <= MONEY_SLACK
        if isinstance(new, PartialDate) and isinstance(old, PartialDate):
            # A year alone in the ledger reads as its December: a date in data/ within that
            # year is the more exact of the two and stays.
            return old.year == new.year and (old.month == new.month or new.month == 12)
        return bool(old == new)

    # --- the month's figures and the problems -------------------------------------------

    def records(self) -> None:
        plan, month = self.plan, self.plan.month
        assert month is not None
        if not {"month", "ytd"} & set(self.ledger.headers):
            self.add("ledger-no-completion", None)
            return
        own = f"{self.ds.root.name}/progress/{month}.csv"
        elsewhere: dict[str, str] = {}
        for record in self.ds.records:
            if record.month == month and record.file != own:
                elsewhere.setdefault(record.data.project, record.file)
        whole = self.ds.root / "progress" / f"{month}.xlsx"
        if whole.exists():
            self.add("ledger-progress-conflict", None, month=month,
                     other=f"{self.ds.root.name}/progress/{month}.xlsx", file_name=own)
            return
        before = defaultdict(float)
        months_before: set[str] = set()
        for record in self.ds.records:
            if record.month.startswith(f"{self.year}-") and record.month < month:
                before[record.data.project] += record.data.completed
                months_before.add(record.month)
        existing = {r.data.project: r.data for r in self.ds.records if r.file == own}
        rows = {(c.sheet, c.row): c for c in plan.changes}
        derived = False
        for row in self.ledger.rows:
            change = rows.get((row.sheet, row.row))
            if change is None:
                continue
            values = row.values
            if "month" in values:
                completed = values["month"]
            elif "ytd" in values:
                completed = values["ytd"] - before[change.code]
                derived = True
                if completed < -MONEY_SLACK:
                    self.add("ledger-ytd-below-recorded", row, "ytd",
                             title=field_title("ytd"), got=_num(values["ytd"]),
                             recorded=_num(before[change.code]))
                    continue
                completed = max(completed, 0.0)
            else:
                continue
            if change.code in elsewhere:
                self.add("ledger-progress-elsewhere", row, "name", project=change.code,
                         month=month, other=elsewhere[change.code])
                continue
            record = {"project": change.code, "completed": round(completed, 6),
                      "cumulative": values.get("cumulative"), "started": values.get("started"),
                      "progress": values.get("progress")}
            old = existing.get(change.code)
            if old is not None and _same_record(old, record):
                plan.records_unchanged += 1
                continue
            plan.records[change.code] = record
        first_month = int(month[5:])
        if derived and first_month > 1 and not months_before:
            header = self.ledger.headers.get("ytd", "")
            title = header.split("(", 1)[1][:-1] if "(" in header else field_title("ytd")
            self.add("ledger-ytd-as-month", None, year=self.year, before=first_month - 1,
                     title=title, month=month)

    def problems(self) -> None:
        plan, month = self.plan, self.plan.month
        assert month is not None
        # As written, so that a problem still marked 待补充 (not valid yet) is found too.
        written = writeback.table_cells(self.ds.root / "problems.csv", Problem, "id")
        open_texts = {(p.get("project"), p.get("description")) for p in written.values()
                      if p.get("status") != "已解决"}
        raised = plan.report_date or self.ledger.report_date
        assert raised is not None
        rows = {(c.sheet, c.row): c for c in plan.changes}
        for row in self.ledger.rows:
            change = rows.get((row.sheet, row.row))
            text = row.values.get("problems")
            if change is None or not text or text in {"无", "暂无"}:
                continue
            if (change.code, text) in open_texts:
                plan.problems_unchanged += 1
                continue
            problem_id = f"{change.code}-{month.replace('-', '')}"
            if problem_id in written:  # this month imported before: only the text can change
                if written[problem_id].get("description") == text:
                    plan.problems_unchanged += 1
                else:
                    plan.problems.append({"id": problem_id, "description": text})
                continue
            department = change.updates.get(("department",))
            if department is None and change.code in self.ds.projects:
                department = self.ds.projects[change.code].department
            plan.problems.append({
                "id": problem_id, "project": change.code,
                "raised": raised.iso() if raised.day else raised.end().isoformat(),
                "kind": vocab.PLACEHOLDER, "description": text,
                "unit": department or vocab.PLACEHOLDER, "level": vocab.PLACEHOLDER,
                "status": vocab.PLACEHOLDER, "resolved": None, "public": False,
            })


def apply_plan(plan: ImportPlan) -> list[Path]:
    """Write what ``plan`` holds; nothing when it has an error. The files written."""
    if plan.errors or plan.month is None:
        return []
    written: list[Path] = []
    for change in plan.changes:
        assert change.file is not None
        if change.status == "new":
            writeback.write_new_project(change.file, change.updates, change.placeholders)
            written.append(change.file)
        elif change.status == "updated":
            writeback.update_project(change.file, change.updates)
            written.append(change.file)
    if plan.records:
        path = plan.root / "progress" / f"{plan.month}.csv"
        writeback.merge_progress(path, plan.records)
        written.append(path)
    if plan.problems:
        path = plan.root / "problems.csv"
        writeback.merge_problems(path, plan.problems)
        written.append(path)
    if plan.report_date is not None:
        path = plan.root / "site.yaml"
        writeback.update_yaml(path, {("report_date",): plan.report_date})
        written.append(path)
    return written


def import_ledger(ledger: Ledger, root: Path, write: bool, loaded: Loaded | None = None
                  ) -> tuple[ImportPlan, list[Path]]:
    plan = plan_import(ledger, root, loaded)
    return plan, (apply_plan(plan) if write else [])


def _key(name: str) -> str:
    """A name as compared: NFKC, no spaces or line breaks, brackets half-width."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))


def _where(first: LedgerRow, row: LedgerRow) -> str:
    return f"第 {first.row} 行" if first.sheet == row.sheet else f"{first.sheet} 第 {first.row} 行"


def _get(project: Project, path: tuple[str | int, ...]) -> Any:
    value: Any = project
    for part in path:
        value = value.get(part) if isinstance(value, dict) else getattr(value, str(part), None)
        if value is None:
            return None
    return value


def _same_record(old: Any, new: dict[str, Any]) -> bool:
    for key, value in new.items():
        before = getattr(old, key)
        if isinstance(value, float) and before is not None:
            if abs(before - value) > MONEY_SLACK:
                return False
        elif before != value:
            return False
    return True


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")
