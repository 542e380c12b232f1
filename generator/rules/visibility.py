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
from generator.model.dataset import Dataset, Record
from generator.model.models import Plan, Project, SiteConfig

Audience = Literal["public", "internal"]

# Project fields shown on the internal site only. Everything else in Project is public
# once the project is disclosed. One place, so a new field's audience is a decision.
INTERNAL_PROJECT_FIELDS: frozenset[str] = frozenset(
    {"leader", "task_force", "notes", "withhold_reason", "public"}
)
PUBLIC_PROJECT_FIELDS: frozenset[str] = frozenset(Project.model_fields) - INTERNAL_PROJECT_FIELDS

FISCAL_EPSILON = 1e-6  # 万元; sums of floats must not push 1000.00 below 1000


# Why the rule decides as it does, as a code the pages word (present.words).
Basis = Literal["not-government", "below-threshold", "pipeline", "meets-rule"]


@dataclass(frozen=True)
class Disclosure:
    public: bool
    by_rule: bool  # what the rule alone would decide
    basis: Basis  # why the rule decides so
    marked: bool | None  # the data's own mark (Project.public), which overrides the rule
    fiscal: float  # 万元 of fiscal money
    threshold: float  # 万元, the configured disclosure threshold
    stage: str
    withhold_reason: str | None


def disclosure(project: Project, config: SiteConfig) -> Disclosure:
    """Seed 004 三(二)2: government-invested, fiscal money ≥ threshold, or marked public."""
    fiscal = project.fiscal_money(config.fiscal)
    threshold = config.disclosure_threshold
    basis: Basis
    if not project.government_invested:
        basis = "not-government"
    elif fiscal + FISCAL_EPSILON < threshold:
        basis = "below-threshold"
    elif project.stage in vocab.PIPELINE_STAGES:
        basis = "pipeline"
    else:
        basis = "meets-rule"
    by_rule = basis == "meets-rule"
    public = by_rule if project.public is None else project.public
    return Disclosure(public, by_rule, basis, project.public, fiscal, threshold, project.stage,
                      project.withhold_reason)


def required_facts(project: Project) -> dict[str, bool]:
    """Seed 004 三(二)2's facts and whether each is filled; 竣工决算 once completed."""
    c = project.contractors
    facts = {
        "建设内容和规模": bool(project.scale),
        "建设必要性和依据": bool(project.rationale),
        "资金来源": bool(project.funding),
        "招投标": bool(project.tenders),
        "设计/监理/施工单位": bool(c.designer and c.supervisor and c.builder),
    }
    if project.stage in vocab.COMPLETED_STAGES:
        facts["竣工决算"] = project.final_accounts is not None
    return facts


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


def _public_record(record: Record) -> Record:
    if record.data.issues is None:
        return record
    return dataclasses.replace(record, data=record.data.model_copy(update={"issues": None}))


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
        # A unit's 存在问题 in its monthly form is internal, like the problem list.
        records=[_public_record(r) for r in ds.records if r.data.project in projects],
        problems=[],  # problems and requests belong to the intranet site only
        problem_rows=[],
        targets=targets,
        plans=plans,
        plan_files={p.id: ds.plan_files[p.id] for p in plans},
        plan_paths=[ds.plan_files[p.id] for p in plans],
        photos=[p for p in ds.photos if p in keep_photos],
        positions={},
    )


def view(ds: Dataset, audience: Audience) -> Dataset:
    return ds if audience == "internal" else public_view(ds)
