"""One name per unit on every page: the register's full name wherever data names a unit.

Data may call one department 县发改局 in one project, 县发展改革局 in another and
县发改委 in a task; check resolves each through the unit register. The sites are built from
a copy of the data in which each of those names is the register's full name, so every page,
ranking, bulletin, lagging list and export shows one name and counts the unit once, and no
figure needs to remember to resolve names itself. Names the register does not know (no
units.yaml, or a name check has already reported) stay as written.
"""

from __future__ import annotations

import dataclasses

from generator.model.dataset import Dataset
from generator.model.models import Plan, Problem, Project, SupervisionCase, Task
from generator.model.units import UnitRegister


def canonical_units(ds: Dataset) -> Dataset:
    """``ds``, or a copy of it whose unit names are the register's full names."""
    register = UnitRegister(ds.units)
    if not register:
        return ds
    projects = {code: _project(p, register) for code, p in ds.projects.items()}
    problems = [_problem(p, register) for p in ds.problems]
    plans = [_plan(p, register) for p in ds.plans]
    cases = [_case(c, register) for c in ds.cases]
    same = (all(a is b for a, b in zip(projects.values(), ds.projects.values(), strict=True))
            and all(a is b for a, b in zip(problems, ds.problems, strict=True))
            and all(a is b for a, b in zip(plans, ds.plans, strict=True))
            and all(a is b for a, b in zip(cases, ds.cases, strict=True)))
    if same:
        return ds
    return dataclasses.replace(ds, projects=projects, problems=problems, plans=plans,
                               cases=cases)


def _project(project: Project, register: UnitRegister) -> Project:
    update: dict[str, object] = {}
    for name in ("department", "owner"):
        written = getattr(project, name)
        shown = register.canonical(written)
        if shown != written:
            update[name] = shown
    approvals = [a.model_copy(update={"authority": register.canonical(a.authority)})
                 if register.canonical(a.authority) != a.authority else a
                 for a in project.approvals]
    if any(a is not b for a, b in zip(approvals, project.approvals, strict=True)):
        update["approvals"] = approvals
    final = project.final_accounts
    if final is not None and final.approved_by:  # 财政局 approves; exports list it too
        shown = register.canonical(final.approved_by)
        if shown != final.approved_by:
            update["final_accounts"] = final.model_copy(update={"approved_by": shown})
    return project.model_copy(update=update) if update else project


def _problem(problem: Problem, register: UnitRegister) -> Problem:
    shown = register.canonical(problem.unit)
    return problem if shown == problem.unit else problem.model_copy(update={"unit": shown})


def _case(case: SupervisionCase, register: UnitRegister) -> SupervisionCase:
    shown = register.canonical(case.unit)
    return case if shown == case.unit else case.model_copy(update={"unit": shown})


def _names(names: list[str], register: UnitRegister, leave: frozenset[str]) -> list[str]:
    """The register's names, each once, in the order first written; ``leave`` out."""
    out = list(dict.fromkeys(register.canonical(n) for n in names))
    return [n for n in out if n not in leave]


def _task(task: Task, register: UnitRegister) -> Task:
    lead = _names(task.lead, register, frozenset())
    support = _names(task.support, register, frozenset(lead))
    if lead == task.lead and support == task.support:
        return task
    return task.model_copy(update={"lead": lead, "support": support})


def _plan(plan: Plan, register: UnitRegister) -> Plan:
    sections = []
    for section in plan.sections:
        tasks = [_task(t, register) for t in section.tasks]
        if all(a is b for a, b in zip(tasks, section.tasks, strict=True)):
            sections.append(section)
        else:
            sections.append(section.model_copy(update={"tasks": tasks}))
    if all(a is b for a, b in zip(sections, plan.sections, strict=True)):
        return plan
    return plan.model_copy(update={"sections": sections})


def did_you_mean(register: UnitRegister, name: str) -> str:
    """是否为: 县文化广电和旅游局 (又称 县文广旅局)? — or what to do when nothing is near."""
    nearest = register.suggest(name)
    if not nearest:
        return "名录中没有相近的名称; 在 units.yaml 中登记或改用已有名称"
    shown = [unit.name if written == unit.name else f"{unit.name} (又称 {written})"
             for unit, written in nearest]
    return f"是否为: {'、'.join(shown)}?"
