"""Rules that span records: references, uniqueness, order of dates, money that adds up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from generator.inputs.explain import field_path
from generator.model import names, vocab
from generator.model.dataset import Dataset, Record
from generator.model.findings import Finding
from generator.model.models import Project
from generator.model.units import UnitRegister, is_group
from generator.model.workdays import PACKAGE, VERSION, UnknownYear, add_workdays, known_years
from generator.rules import catalogue
from generator.rules.mapcheck import check_map
from generator.rules.target_checks import check_targets
from generator.rules.unitnames import did_you_mean
from generator.rules.visibility import disclosure

MONEY_SLACK = 0.01  # 万元: rounding in spreadsheets, i.e. 100 元


def _num(value: float) -> str:
    """万元 as typed: 14876.32, 12000, 1234567.8 (``:g`` would print 1.23457e+06)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def check_dataset(ds: Dataset) -> list[Finding]:
    findings: list[Finding] = []
    findings += _check_config(ds)
    findings += _check_units(ds)
    findings += _check_projects(ds)
    findings += _check_records(ds)
    findings += _check_problems(ds)
    findings += _check_targets_and_plans(ds)
    findings += _check_cases(ds)
    register = UnitRegister(ds.units)
    findings += check_targets(ds, lambda name: _unknown_unit(ds, register, name))
    findings += check_map(ds)
    return [_with_text_line(ds, f) for f in findings]


def _with_text_line(ds: Dataset, finding: Finding) -> Finding:
    """Attach the CSV text line of a row finding, for CI annotations."""
    if finding.row and finding.line is not None and finding.text_line is None:
        line = ds.row_lines.get(finding.file, {}).get(finding.line)
        if line is not None:
            return replace(finding, text_line=line)
    return finding


def _check_config(ds: Dataset) -> list[Finding]:
    out = []
    seen: set[str] = set()
    folded: dict[str, tuple[str, int]] = {}
    file = _cfg(ds)
    for index, township in enumerate(ds.config.townships):
        if township.name in seen or township.code in seen:
            out.append(Finding.of("duplicate-township", file, ds.line(file, "townships", index),
                                  "townships", got=township.name))
        seen.update({township.name, township.code})
        # Township codes name folders (by/township/<code>/): one folder on Windows.
        other, other_index = folded.setdefault(names.fold(township.code), (township.code, index))
        if other != township.code:
            out.append(_case_collision(ds, file, ("townships", index, "code"),
                                       f"townships[{index}].code", township.code, other,
                                       ("townships", other_index, "code")))
    return out


def _case_collision(ds: Dataset, file: str, path: tuple[str | int, ...], field: str, got: str,
                    other: str, other_path: tuple[str | int, ...],
                    other_file: str | None = None) -> Finding:
    """Two codes that differ only in case, reported at the second."""
    where_file = other_file or file
    other_line = ds.line(where_file, *other_path)
    where = f"{where_file}:{other_line}" if other_line is not None else where_file
    return Finding.of("code-case-collision", file, ds.line(file, *path), field, got=got,
                      other=other, where=where)


def _check_units(ds: Dataset) -> list[Finding]:
    """Unit codes name folders (units/<code>/) and unit names resolve references: each once."""
    out = []
    file = _units(ds)
    codes: dict[str, int] = {}
    folded: dict[str, tuple[str, int]] = {}
    for index, unit in enumerate(ds.units):
        first = codes.setdefault(unit.code, index)
        if first != index:
            where = f"{file}:{ds.line(file, first, 'code')}"
            out.append(Finding.of("duplicate-unit-code", file, ds.line(file, index, "code"),
                                  "code", got=unit.code, other=where))
            continue
        other, other_index = folded.setdefault(names.fold(unit.code), (unit.code, index))
        if other != unit.code:
            out.append(_case_collision(ds, file, (index, "code"), "code", unit.code, other,
                                       (other_index, "code")))
    register = UnitRegister(ds.units)
    for clash in register.duplicates():
        path: tuple[str | int, ...] = (clash.index, "name") if clash.alias is None else (
            clash.index, "aliases", clash.alias)
        out.append(Finding.of("duplicate-alias", file, ds.line(file, *path),
                              field_path(path[1:]), name=clash.name,
                              first=clash.first.code, second=clash.second.code))
    for index, unit in enumerate(ds.units):
        for j, name in enumerate(unit.members):
            member = register.resolve(name)
            path = (index, "members", j)
            if member is not None and is_group(member):
                out.append(Finding.of("nested-unit-group", file, ds.line(file, *path),
                                      field_path(path[1:]), got=name))
            elif _unknown_unit(ds, register, name):
                out.append(_unknown(ds, register, file, path, field_path(path[1:]), name))
    return out


def _unknown(ds: Dataset, register: UnitRegister, file: str, path: tuple[str | int, ...],
             field: str, name: str) -> Finding:
    """An unknown-unit finding at a YAML value, with the nearest registered names."""
    return Finding.of("unknown-unit", file, ds.line(file, *path), field, got=name,
                      did_you_mean=did_you_mean(register, name))


def _cfg(ds: Dataset) -> str:
    return f"{ds.root.name}/site.yaml"


def _units(ds: Dataset) -> str:
    return f"{ds.root.name}/units.yaml"


def _check_projects(ds: Dataset) -> list[Finding]:
    out: list[Finding] = []
    townships = {t.name for t in ds.config.townships}
    register = UnitRegister(ds.units)
    report_day = ds.config.report_date.end()
    photos = set(ds.photos)
    for project in ds.projects.values():
        file = ds.project_files[project.code]

        def add(code: str, path: tuple[str | int, ...], field: str | None = None,
                file: str = file, **values: object) -> None:
            out.append(Finding.of(code, file, ds.line(file, *path), field or field_path(path),
                                  **values))

        if project.township not in townships:
            add("unknown-township", ("township",), got=project.township,
                allowed="、".join(sorted(townships)))
        if _unknown_unit(ds, register, project.department):
            out.append(_unknown(ds, register, file, ("department",), "department",
                                project.department))
        total = _num(project.total_investment)
        funded = sum(f.amount for f in project.funding)
        if funded > project.total_investment + MONEY_SLACK:
            add("funding-above-total", ("funding",), funded=_num(funded), total=total)
        for year, amount in project.annual_plan.items():
            if amount > project.total_investment + MONEY_SLACK:
                add("annual-plan-above-total", ("annual_plan", year), year=year,
                    amount=_num(amount), total=total)
        d = project.dates
        for first, second, kind in (
            ("planned_start", "planned_completion", "计划"),
            ("actual_start", "actual_completion", "实际"),
        ):
            a, b = getattr(d, first), getattr(d, second)
            if a is not None and b is not None and b.end() < a.start():
                add("completion-before-start", ("dates", second), kind=kind, start=a,
                    completion=b)
        for name in ("actual_start", "actual_completion"):
            value = getattr(d, name)
            if value is not None and value.start() > report_day:
                add("actual-date-in-future", ("dates", name), got=value,
                    report_date=ds.config.report_date)
        if project.stage in vocab.STARTED_STAGES and d.actual_start is None:
            add("started-without-date", ("dates",), field="dates.actual_start",
                stage=project.stage)
        if project.stage not in vocab.STARTED_STAGES and d.actual_start is not None:
            add("start-date-but-not-started", ("stage",), stage=project.stage)
        for index, photo in enumerate(project.photos):
            if photo.file not in photos:
                add("photo-missing", ("photos", index, "file"), got=photo.file)
        _check_contracts(project, add)
        if disclosure(project, ds.config).public:
            for path, year in _unknown_years(project):
                add("holiday-year-unknown", path, year=year, package=f"{PACKAGE} {VERSION}")
    return out


# Open and invited tenders need three bidders (招标投标法 第二十八条).
THREE_BIDDERS = frozenset({"公开招标", "邀请招标"})


def _check_contracts(project: Project, add: Callable[..., None]) -> None:
    for index, t in enumerate(project.tenders):
        if t.notice_date and t.award_date and t.award_date.end() < t.notice_date.start():
            add("award-before-notice", ("tenders", index, "award_date"), notice=t.notice_date,
                award=t.award_date)
        if t.method in THREE_BIDDERS and t.bidders is not None and t.bidders < 3:
            add("too-few-bidders", ("tenders", index, "bidders"), method=t.method,
                bidders=t.bidders)
    items = list(dict.fromkeys(t.item for t in project.tenders))
    for index, v in enumerate(project.variations):
        if v.contract not in items:
            add("unknown-contract", ("variations", index, "contract"), got=v.contract,
                allowed="、".join(items) or "(无招投标记录)")


def _unknown_years(project: Project) -> list[tuple[tuple[str | int, ...], int]]:
    """The items of a disclosed project whose 20-working-day deadline needs a year the
    calendar package does not hold (政府信息公开条例 art. 26; ``model.workdays``)."""
    first, last = known_years()
    out = []
    for item in catalogue.items(project):
        if item.formed is None:
            continue
        formed = item.formed.end()
        if first <= formed.year and (formed + timedelta(days=60)).year <= last:
            continue  # 20 working days never span 60 days: every year needed is known
        try:
            add_workdays(formed, 20)
        except UnknownYear as error:
            out.append((item.path, error.year))
    return out


def _check_records(ds: Dataset) -> list[Finding]:
    out: list[Finding] = []
    report_month = ds.config.report_date.iso()[:7]
    seen: dict[tuple[str, str], Record] = {}
    cumulative: dict[str, float] = defaultdict(float)
    last_reported: dict[str, float] = {}
    future_files: set[str] = set()
    # Several files may hold one month (each unit's form): within a month, file by file.
    for record in sorted(ds.records, key=lambda r: (r.month, r.file, r.row)):
        r = record.data

        def add(code: str, column: str, record: Record = record, **values: object) -> None:
            out.append(Finding.of(code, record.file, record.row, column, row=True, **values))

        if record.month > report_month:
            if record.file not in future_files:  # once per file, not once per row
                future_files.add(record.file)
                out.append(Finding.of("month-in-future", record.file, None, month=record.month,
                                      report_date=ds.config.report_date))
            continue
        project = ds.projects.get(r.project)
        if project is None and r.project in ds.unreadable_projects:
            continue  # the project file's own errors are reported
        if project is None:
            add("unknown-project", "project(项目编号)", got=r.project)
            continue
        key = (record.month, r.project)
        if key in seen:
            first = seen[key]
            where = f"row {first.row}" if first.file == record.file else f"{first.file} row {first.row}"
            add("duplicate-row", "project(项目编号)", other=where)
            continue
        seen[key] = record
        cumulative[r.project] += r.completed
        if r.cumulative is not None:
            previous = last_reported.get(r.project)
            if previous is not None and r.cumulative + MONEY_SLACK < previous:
                add("cumulative-decrease", "cumulative(开工以来累计完成投资(万元))",
                    got=_num(r.cumulative), previous=_num(previous))
            last_reported[r.project] = r.cumulative
        total = max(cumulative[r.project], last_reported.get(r.project, 0.0))
        if total > project.total_investment + MONEY_SLACK:
            add("cumulative-above-total", "completed(本月完成投资(万元))", total=_num(total),
                limit=_num(project.total_investment))
    return out


def _check_problems(ds: Dataset) -> list[Finding]:
    out: list[Finding] = []
    file = f"{ds.root.name}/problems.csv"
    register = UnitRegister(ds.units)
    seen: set[str] = set()
    for index, problem in enumerate(ds.problems):
        # Each problem's own row: a repeated id is reported where it is repeated.
        row = ds.problem_rows[index] if index < len(ds.problem_rows) else None
        if problem.id in seen:
            out.append(Finding.of("duplicate-problem-id", file, row, "id(问题编号)", row=True,
                                  got=problem.id))
        seen.add(problem.id)
        if problem.project not in ds.projects and problem.project not in ds.unreadable_projects:
            out.append(Finding.of("unknown-project", file, row, "project(项目编号)", row=True,
                                  got=problem.project))
        if _unknown_unit(ds, register, problem.unit):
            out.append(Finding.of("unknown-unit", file, row, "unit(责任单位)", row=True,
                                  got=problem.unit,
                                  did_you_mean=did_you_mean(register, problem.unit)))
        if problem.raised.start() > ds.config.report_date.end():
            out.append(Finding.of("raised-after-report-date", file, row, "raised(提出日期)",
                                  row=True, got=problem.raised))
    return out


def _check_cases(ds: Dataset) -> list[Finding]:
    """挂牌督办 decisions: one id each, a known project and unit, dates that have happened."""
    out: list[Finding] = []
    file = f"{ds.root.name}/supervision.yaml"
    register = UnitRegister(ds.units)
    report_day = ds.config.report_date.end()
    seen: set[str] = set()
    for position, case in enumerate(ds.cases):
        index = ds.case_indexes[position] if position < len(ds.case_indexes) else position

        def add(code: str, key: str, index: int = index, **values: object) -> None:
            out.append(Finding.of(code, file, ds.line(file, index, key), key, **values))

        if case.id in seen:
            add("duplicate-case-id", "id", got=case.id)
        seen.add(case.id)
        if _unknown_project(ds, case.project):
            add("unknown-project", "project", got=case.project)
        if _unknown_unit(ds, register, case.unit):
            add("unknown-unit", "unit", got=case.unit,
                did_you_mean=did_you_mean(register, case.unit))
        for key in ("listed", "closed"):
            when = getattr(case, key)
            if when is not None and when.start() > report_day:
                add("case-date-after-report-date", key, got=when,
                    report_date=ds.config.report_date)
    return out


def _unknown_unit(ds: Dataset, register: UnitRegister, name: str) -> bool:
    """True when ``name`` is not a registered unit (and not one whose entry is invalid)."""
    return bool(register) and register.resolve(name) is None and (
        name.strip() not in ds.unreadable_units)


def _unknown_project(ds: Dataset, code: str) -> bool:
    return code not in ds.projects and code not in ds.unreadable_projects


def _check_targets_and_plans(ds: Dataset) -> list[Finding]:
    out: list[Finding] = []
    targets_file = f"{ds.root.name}/targets.yaml"
    target_ids: set[str] = set()
    for index, target in enumerate(ds.targets):
        if target.id in target_ids:
            out.append(Finding.of("duplicate-target-id", targets_file,
                                  ds.line(targets_file, index, "id"), "id", got=target.id))
        target_ids.add(target.id)
        for j, code in enumerate(target.scope.projects):
            if _unknown_project(ds, code):
                out.append(Finding.of("unknown-project", targets_file,
                                      ds.line(targets_file, index, "scope", "projects", j),
                                      "scope.projects", got=code))
    # Targets that could not be read are reported; references to them are not, again.
    targets_unread = targets_file in ds.unreadable_files
    known_targets = target_ids | ds.unreadable_targets
    register = UnitRegister(ds.units)
    out += _check_plan_ids(ds)
    for index, plan in enumerate(ds.plans):
        file = ds.plan_file(index)

        def add(code: str, path: tuple[str | int, ...], field: str, file: str = file,
                **values: object) -> None:
            out.append(Finding.of(code, file, ds.line(file, *path), field, **values))

        numbers: set[str] = set()
        for s, section in enumerate(plan.sections):
            for t, task in enumerate(section.tasks):
                base = ("sections", s, "tasks", t)
                if task.number in numbers:
                    add("duplicate-task-number", (*base, "number"), "number", got=task.number)
                numbers.add(task.number)
                for role in ("lead", "support"):
                    for u, name in enumerate(getattr(task, role)):
                        if _unknown_unit(ds, register, name):
                            out.append(_unknown(ds, register, file, (*base, role, u), role,
                                                name))
                for j, project in enumerate(task.projects):
                    if _unknown_project(ds, project):
                        add("unknown-project", (*base, "projects", j), "projects", got=project)
                for j, target_id in enumerate(task.targets):
                    if not targets_unread and target_id not in known_targets:
                        add("unknown-target", (*base, "targets", j), "targets", got=target_id)
                if task.deadline is None and not task.rhythm:
                    add("task-without-deadline", base, "deadline")
        for g, goal in enumerate(plan.goals):
            for j, target_id in enumerate(goal.targets):
                if not targets_unread and target_id not in known_targets:
                    add("unknown-target", ("goals", g, "targets", j), "goals.targets",
                        got=target_id)
    return out


def _check_plan_ids(ds: Dataset) -> list[Finding]:
    """Plan ids name folders (plans/<id>/): each once, and not two that differ only in case.

    Of the plans with one id, the one in the file named after it (plans/<id>.yaml) holds it,
    else the first by path: a copy is reported, never the original.
    """
    out = []
    order = sorted(range(len(ds.plans)),
                   key=lambda i: (Path(ds.plan_file(i)).stem != ds.plans[i].id, ds.plan_file(i)))
    held: dict[str, str] = {}
    folded: dict[str, tuple[str, str]] = {}
    for index in order:
        plan, file = ds.plans[index], ds.plan_file(index)
        other_file = held.setdefault(plan.id, file)
        if other_file != file:
            out.append(Finding.of("duplicate-plan-id", file, ds.line(file, "id"), "id",
                                  got=plan.id, other=other_file))
            continue
        other, other_file = folded.setdefault(names.fold(plan.id), (plan.id, file))
        if other != plan.id:
            out.append(_case_collision(ds, file, ("id",), "id", plan.id, other, ("id",),
                                       other_file))
    return out
