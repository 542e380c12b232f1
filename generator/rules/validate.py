"""Rules that span records: references, uniqueness, order of dates, money that adds up."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from generator.inputs.explain import field_path
from generator.model import vocab
from generator.model.dataset import Dataset
from generator.model.findings import Finding
from generator.model.units import UnitRegister

MONEY_SLACK = 0.01  # 万元: rounding in spreadsheets, i.e. 100 元


def _num(value: float) -> str:
    """万元 as typed: 14876.32, 12000, 1234567.8 (``:g`` would print 1.23457e+06)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def check_dataset(ds: Dataset) -> list[Finding]:
    findings: list[Finding] = []
    findings += _check_config(ds)
    findings += _check_projects(ds)
    findings += _check_records(ds)
    findings += _check_problems(ds)
    findings += _check_targets_and_plans(ds)
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
    for index, township in enumerate(ds.config.townships):
        if township.name in seen or township.code in seen:
            out.append(Finding(_cfg(ds), ds.line(_cfg(ds), "townships", index),
                               "townships", f"乡镇重复 (got {township.name!r})"))
        seen.update({township.name, township.code})
    register = UnitRegister(ds.units)
    for name, first, second in register.duplicates():
        out.append(Finding(_units(ds), None, "aliases",
                           f"名称 {name!r} 同时属于 {first.code} 和 {second.code} (expected one unit per name)"))
    return out


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
    for code, project in ds.projects.items():
        file = ds.project_files[code]

        def add(message: str, *path: str | int, field: str | None = None, severity: str = "error",
                file: str = file) -> None:
            out.append(Finding(file, ds.line(file, *path), field or field_path(path),
                               message, severity=severity))  # type: ignore[arg-type]

        if project.township not in townships:
            add(f"不是已登记的乡镇 (got {project.township!r}, expected one of "
                f"{'、'.join(sorted(townships))}; 见 site.yaml townships)", "township")
        if register and register.resolve(project.department) is None:
            add(f"不是已登记的单位 (got {project.department!r}; 在 units.yaml 中登记或改用已有名称)",
                "department")
        funded = sum(f.amount for f in project.funding)
        if funded > project.total_investment + MONEY_SLACK:
            add(f"资金来源合计 {_num(funded)} 万元超过总投资 {_num(project.total_investment)} 万元", "funding")
        for year, amount in project.annual_plan.items():
            if amount > project.total_investment + MONEY_SLACK:
                add(f"{year}年计划投资 {_num(amount)} 万元超过总投资 {_num(project.total_investment)} 万元",
                    "annual_plan", year)
        d = project.dates
        for first, second, label in (
            ("planned_start", "planned_completion", "计划竣工早于计划开工"),
            ("actual_start", "actual_completion", "实际竣工早于实际开工"),
        ):
            a, b = getattr(d, first), getattr(d, second)
            if a is not None and b is not None and b.end() < a.start():
                add(f"{label} (got {a} → {b})", "dates", second)
        for name in ("actual_start", "actual_completion"):
            value = getattr(d, name)
            if value is not None and value.start() > report_day:
                add(f"实际日期晚于报告日期 (got {value}, report date {ds.config.report_date})",
                    "dates", name)
        if project.stage in vocab.STARTED_STAGES and d.actual_start is None:
            add(f"阶段为“{project.stage}”但未填实际开工日期", "dates", field="dates.actual_start",
                severity="warning")
        if project.stage not in vocab.STARTED_STAGES and d.actual_start is not None:
            add(f"已填实际开工日期, 但阶段仍为“{project.stage}”", "stage", severity="warning")
        for index, photo in enumerate(project.photos):
            if photo.file not in photos:
                add(f"照片文件不存在 (got {photo.file!r}, expected a file under data/photos/)",
                    "photos", index, "file")
    return out


def _check_records(ds: Dataset) -> list[Finding]:
    out: list[Finding] = []
    report_month = ds.config.report_date.iso()[:7]
    seen: dict[tuple[str, str], int] = {}
    cumulative: dict[str, float] = defaultdict(float)
    last_reported: dict[str, float] = {}
    future_files: set[str] = set()
    for record in sorted(ds.records, key=lambda r: (r.month, r.row)):
        r = record.data

        def add(message: str, column: str, record=record) -> None:
            out.append(Finding(record.file, record.row, column, message, row=True))

        if record.month > report_month:
            if record.file not in future_files:  # once per file, not once per row
                future_files.add(record.file)
                out.append(Finding(record.file, None, "", f"月份晚于报告日期 (got {record.month}, "
                                   f"report date {ds.config.report_date})"))
            continue
        project = ds.projects.get(r.project)
        if project is None and r.project in ds.unreadable_projects:
            continue  # the project file's own errors are reported
        if project is None:
            add(f"项目不存在 (got {r.project!r}, expected a code in data/projects/)",
                "project(项目编号)")
            continue
        key = (record.month, r.project)
        if key in seen:
            add(f"同一项目本月重复填报 (also row {seen[key]})", "project(项目编号)")
            continue
        seen[key] = record.row
        cumulative[r.project] += r.completed
        if r.cumulative is not None:
            previous = last_reported.get(r.project)
            if previous is not None and r.cumulative + MONEY_SLACK < previous:
                add(f"累计完成投资减少 (got {_num(r.cumulative)}, previous month {_num(previous)})",
                    "cumulative(开工以来累计完成投资(万元))")
            last_reported[r.project] = r.cumulative
        total = max(cumulative[r.project], last_reported.get(r.project, 0.0))
        if total > project.total_investment + MONEY_SLACK:
            add(f"累计完成投资 {_num(total)} 万元超过总投资 {_num(project.total_investment)} 万元",
                "completed(本月完成投资(万元))")
    return out


def _check_problems(ds: Dataset) -> list[Finding]:
    out: list[Finding] = []
    file = f"{ds.root.name}/problems.csv"
    register = UnitRegister(ds.units)
    seen: set[str] = set()
    for problem in ds.problems:
        row = ds.problem_rows.get(problem.id)
        if problem.id in seen:
            out.append(Finding(file, row, "id(问题编号)", f"问题编号重复 (got {problem.id!r})", row=True))
        seen.add(problem.id)
        if problem.project not in ds.projects and problem.project not in ds.unreadable_projects:
            out.append(Finding(file, row, "project(项目编号)",
                               f"项目不存在 (got {problem.project!r})", row=True))
        if register and register.resolve(problem.unit) is None:
            out.append(Finding(file, row, "unit(责任单位)",
                               f"不是已登记的单位 (got {problem.unit!r})", row=True))
        if problem.raised.start() > ds.config.report_date.end():
            out.append(Finding(file, row, "raised(提出日期)",
                               f"晚于报告日期 (got {problem.raised})", row=True))
    return out


def _check_targets_and_plans(ds: Dataset) -> list[Finding]:
    out: list[Finding] = []
    targets_file = f"{ds.root.name}/targets.yaml"
    target_ids: set[str] = set()
    for index, target in enumerate(ds.targets):
        if target.id in target_ids:
            out.append(Finding(targets_file, ds.line(targets_file, index, "id"), "id",
                               f"目标编号重复 (got {target.id!r})"))
        target_ids.add(target.id)
        for j, code in enumerate(target.scope.projects):
            if code not in ds.projects:
                out.append(Finding(targets_file, ds.line(targets_file, index, "scope", "projects", j),
                                   "scope.projects", f"项目不存在 (got {code!r})"))
    register = UnitRegister(ds.units)
    plan_ids: set[str] = set()
    for plan in ds.plans:
        file = ds.plan_files[plan.id]
        if plan.id in plan_ids:
            out.append(Finding(file, ds.line(file, "id"), "id", f"方案编号重复 (got {plan.id!r})"))
        plan_ids.add(plan.id)
        numbers: set[str] = set()
        for s, section in enumerate(plan.sections):
            for t, task in enumerate(section.tasks):
                base = ("sections", s, "tasks", t)
                if task.number in numbers:
                    out.append(Finding(file, ds.line(file, *base, "number"), "number",
                                       f"任务编号重复 (got {task.number!r})"))
                numbers.add(task.number)
                for role in ("lead", "support"):
                    for u, name in enumerate(getattr(task, role)):
                        if register and register.resolve(name) is None:
                            out.append(Finding(file, ds.line(file, *base, role, u), role,
                                               f"不是已登记的单位 (got {name!r}; 在 units.yaml 中登记)"))
                for j, code in enumerate(task.projects):
                    if code not in ds.projects:
                        out.append(Finding(file, ds.line(file, *base, "projects", j), "projects",
                                           f"项目不存在 (got {code!r})"))
                for j, target_id in enumerate(task.targets):
                    if target_id not in target_ids:
                        out.append(Finding(file, ds.line(file, *base, "targets", j), "targets",
                                           f"目标不存在 (got {target_id!r})"))
                if task.deadline is None and task.rhythm is None:
                    out.append(Finding(file, ds.line(file, *base), "deadline",
                                       "须填写完成时限 deadline 或周期 rhythm"))
    return out
