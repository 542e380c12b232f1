"""Targets (攻坚目标): which projects each counts, which fields each kind takes, and how the
public site may show it.

A target over projects is published either over the disclosed projects only (仅公开项目,
titled so) or as a county total over all its projects (全县合计). A county total must not
reveal a project the public site withholds. Its disclosed projects' figures are public, so
a total with one withheld project in it gives that project's figure by subtraction, and two
give each owner the other's. The rule, decided once here:

* a county total is published only when its scope withholds no project, or at least
  ``SiteConfig.min_withheld`` (default 3) of them;
* two county totals of one family (money completed; counts of projects; funds) whose
  withheld sets are nested must differ by none or by at least ``min_withheld`` projects,
  and no combination of the family's totals may isolate one withheld project (a linear
  algebra test on the withheld sets, whatever the periods: periods overlap at the report
  date);
* totals are accepted in file order; one that fails is shown over the disclosed projects.

The test is on sets, never on values: it gives the same answer whatever the month's figures,
and ``check`` reports a refused total before any page is built. It does not guard against
comparing this month's site with last month's, nor against one project dominating a total.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.model.dataset import Dataset
from generator.model.models import Project, Target, TargetScope
from generator.rules.visibility import disclosure

# Metrics whose totals could be subtracted from one another: a county total of investment
# and a completion rate over the same withheld projects give away the same sums.
FAMILIES: dict[str, str] = {
    "investment_completed": "investment",
    "completion_rate": "investment",
    "growth": "investment",
    "start_rate": "projects",
    "restart_rate": "projects",
    "start_restart_rate": "projects",
    "production_rate": "projects",
    "agreement_rate": "projects",
    "project_count": "projects",
    "funds_arrival_rate": "funds",
    "disbursement_rate": "funds",
}

# Which metrics each optional field applies to (the check names any other use).
FIELD_METRICS: dict[str, frozenset[str]] = {
    "reach": frozenset({"project_count"}),
    "unit": frozenset({"reported"}),
    "base": frozenset({"growth"}),
    "baseline": frozenset({"investment_completed"}),
    "reported_by": frozenset({"reported", "growth"}),
    "yearly": frozenset({"investment_completed", "reported", "growth"}),
}


def is_reported(target: Target) -> bool:
    """A figure a unit reports (报送) rather than one the projects' data gives."""
    return target.metric == "reported" or (target.metric == "growth" and bool(target.reported_by))


def project_sources(project: Project) -> set[str]:
    return {f.source for f in project.funding if f.amount > 0}


def in_scope(project: Project, scope: TargetScope) -> bool:
    """Scope keys are ANDed; values within a key are ORed; an empty key does not filter."""
    checks = (
        (scope.levels, project.level),
        (scope.domains, project.domain),
        (scope.batches, project.batch),
        (scope.stages, project.stage),
        (scope.townships, project.township),
        (scope.projects, project.code),
    )
    if any(allowed and value not in allowed for allowed, value in checks):
        return False
    if scope.min_total is not None and project.total_investment < scope.min_total:
        return False
    if scope.plan_year is not None and project.annual_plan.get(scope.plan_year, 0.0) <= 0:
        return False
    if scope.funding_sources:
        return bool(set(scope.funding_sources) & project_sources(project))
    return True


@dataclass(frozen=True)
class Publication:
    """How the public site shows one target."""

    aggregate: bool  # the county total over all its projects
    withheld: int  # projects in its scope the public site does not show
    refused: str | None = None  # why a county total asked for is not shown: few / difference
    reported: bool = False  # a reported figure: shown as reported


def publications(ds: Dataset) -> dict[str, Publication]:
    """Each target's publication, by id, decided on the complete data set ``ds``."""
    public = {code for code, p in ds.projects.items() if disclosure(p, ds.config).public}
    k = ds.config.min_withheld
    accepted: dict[str, list[frozenset[str]]] = {}
    out: dict[str, Publication] = {}
    for target in ds.targets:
        if is_reported(target):
            out[target.id] = Publication(False, 0, reported=True)
            continue
        withheld = frozenset(code for code, p in ds.projects.items()
                             if code not in public and in_scope(p, target.scope))
        wants = target.publish == "全县合计" and not target.internal
        if not wants or not withheld:
            out[target.id] = Publication(wants, len(withheld))
            continue
        family = accepted.setdefault(FAMILIES[target.metric], [])
        refused = "few" if len(withheld) < k else _reveals(family, withheld, k)
        if refused is None:
            family.append(withheld)
        out[target.id] = Publication(refused is None, len(withheld), refused)
    return out


def _reveals(accepted: list[frozenset[str]], new: frozenset[str], k: int) -> str | None:
    """"difference" when ``new`` beside the totals already accepted gives away fewer than
    ``k`` withheld projects: a nested pair that differs by 1..k-1, or any combination of
    the totals that isolates a single project."""
    for other in accepted:
        small, big = (other, new) if len(other) <= len(new) else (new, other)
        if small <= big and 0 < len(big - small) < k:
            return "difference"
    codes = sorted(set().union(new, *accepted))
    rows = np.array([[code in s for code in codes] for s in (*accepted, new)], dtype=float)
    # e_x lies in the row space exactly when its leverage (the diagonal of the projection
    # onto the row space) is 1: then some combination of the totals is project x alone.
    _, singular, vt = np.linalg.svd(rows, full_matrices=False)
    basis = vt[singular > 1e-9 * singular[0]]
    leverage = (basis**2).sum(axis=0)
    return "difference" if bool((leverage > 1 - 1e-9).any()) else None
