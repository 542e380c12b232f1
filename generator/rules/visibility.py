"""Who may see what: the disclosure rule and the public view of a data set.

The public site is built from ``public_view(dataset)``, a copy in which non-disclosed
projects are gone and every internal field and record is emptied. Pages, aggregates,
search and downloads of the public site never see the rest, so they cannot leak it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from generator.model import vocab
from generator.model.dataset import Dataset
from generator.model.models import Plan, Project, SiteConfig

Audience = Literal["public", "internal"]

# Project fields shown on the internal site only. Everything else in Project is public
# once the project is disclosed. One place, so a new field's audience is a decision.
INTERNAL_PROJECT_FIELDS: frozenset[str] = frozenset(
    {"leader", "task_force", "notes", "withhold_reason", "public"}
)
PUBLIC_PROJECT_FIELDS: frozenset[str] = frozenset(Project.model_fields) - INTERNAL_PROJECT_FIELDS

FISCAL_EPSILON = 1e-6  # 万元; sums of floats must not push 1000.00 below 1000


@dataclass(frozen=True)
class Disclosure:
    public: bool
    by_rule: bool  # what the rule alone would decide
    reason: str  # why, in words shown on the internal site


def disclosure(project: Project, config: SiteConfig) -> Disclosure:
    """Seed 004 三(二)2: government-invested, fiscal money ≥ threshold, or marked public."""
    fiscal = project.fiscal_money(config.fiscal)
    threshold = config.disclosure_threshold
    if not project.government_invested:
        by_rule, why = False, "非政府投资项目"
    elif fiscal + FISCAL_EPSILON < threshold:
        by_rule, why = False, f"财政资金 {fiscal:g} 万元, 低于公开门槛 {threshold:g} 万元"
    elif project.stage in vocab.PIPELINE_STAGES:
        by_rule, why = False, f"处于{project.stage}阶段, 尚未对外发布"
    else:
        by_rule, why = True, f"政府投资, 财政资金 {fiscal:g} 万元, 达到公开门槛 {threshold:g} 万元"
    if project.public is True:
        return Disclosure(True, by_rule, "数据标记为公开" + ("" if by_rule else f" ({why})"))
    if project.public is False:
        return Disclosure(False, by_rule, f"不予公开: {project.withhold_reason}")
    return Disclosure(by_rule, by_rule, why)


def public_project(project: Project) -> Project:
    """The project with its internal fields emptied and internal photos removed."""
    blank = {name: Project.model_fields[name].get_default(call_default_factory=True)
             for name in INTERNAL_PROJECT_FIELDS}
    blank["photos"] = [p for p in project.photos if not p.internal]
    return project.model_copy(update=blank)


def public_plan(plan: Plan, project_codes: set[str], target_ids: set[str]) -> Plan | None:
    """The plan without internal tasks and notes, linking only to public records."""
    if plan.internal:
        return None
    sections = []
    for section in plan.sections:
        tasks = [
            task.model_copy(update={
                "notes": [n for n in task.notes if not n.internal],
                "projects": [c for c in task.projects if c in project_codes],
                "targets": [t for t in task.targets if t in target_ids],
            })
            for task in section.tasks
            if not task.internal
        ]
        if tasks:
            sections.append(section.model_copy(update={"tasks": tasks}))
    return plan.model_copy(update={"sections": sections}) if sections else None


def public_view(ds: Dataset) -> Dataset:
    """A copy of ``ds`` holding only what the public site may show."""
    projects = {
        code: public_project(p)
        for code, p in ds.projects.items()
        if disclosure(p, ds.config).public
    }
    targets = [t for t in ds.targets if not t.internal]
    target_ids = {t.id for t in targets}
    plans = [
        p for p in (public_plan(plan, set(projects), target_ids) for plan in ds.plans)
        if p is not None
    ]
    keep_photos = {photo.file for p in projects.values() for photo in p.photos}
    return dataclasses.replace(
        ds,
        projects=projects,
        project_files={c: f for c, f in ds.project_files.items() if c in projects},
        records=[r for r in ds.records if r.data.project in projects],
        problems=[],  # problems and requests belong to the intranet site only
        problem_rows=[],
        targets=targets,
        plans=plans,
        plan_files={p.id: ds.plan_files[p.id] for p in plans},
        photos=[p for p in ds.photos if p in keep_photos],
        positions={},
    )


def view(ds: Dataset, audience: Audience) -> Dataset:
    return ds if audience == "internal" else public_view(ds)
