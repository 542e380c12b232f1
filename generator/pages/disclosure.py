"""Internal page on disclosure: withheld projects with reasons; whether each disclosed
project's 公开目录 items were published within 20 working days of being formed, by project
and by responsible unit; CoST IDS completeness; and the facts seed 004 requires."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from generator.figures.timeliness import FLAGGED, Clock, Tally, tally, unknown_years
from generator.model import vocab
from generator.model.models import Project
from generator.model.units import UnitRegister
from generator.model.workdays import PACKAGE, VERSION
from generator.pages import entities
from generator.pages.context import Page, RenderContext
from generator.present import catalogue as words
from generator.present.formatting import day, pct
from generator.present.words import disclosure_reason
from generator.rules import catalogue, cost
from generator.rules.visibility import disclosure, public_project, required_facts

LEVELS = {"project": "每个公开项目", "started": "已开工的项目", "completion": "已竣工的项目",
          "contract": "每项招投标 (合同)"}


def _tally_row(t: Tally) -> list[Any]:
    return [t.judged, t["on-time"], t["late"], t["overdue"], t["pending"], t["missing"],
            t["initial"], t["unknown-year"]]


def _flag_row(ctx: RenderContext, here: str, project: Project, unit: str, c: Clock) -> list[Any]:
    link = ctx.anchor(here, ctx.address("project", code=project.code), project.name)
    return [link, unit, c.item.category, c.item.title, day(c.item.formed) or "—",
            c.published.isoformat() if c.published else "未公开",
            Markup("{} {}").format(words.status_badge(c), words.status_detail(c))]


def _missing_text(score: cost.Score) -> str:
    """项目的缺项; 勘察设计: 合同状态、投标人数; …: each contract once."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for where, name in score.missing:
        grouped[where].append(name)
    parts = [f"{where}: {'、'.join(names)}" if where else "、".join(names)
             for where, names in grouped.items()]
    return "; ".join(parts) or "齐全"


def view(ctx: RenderContext) -> Iterator[Page]:
    here = ctx.address("disclosure")
    config = ctx.ds.config
    links = entities.of(ctx)
    register = UnitRegister(ctx.ds.units)
    withheld, published, flagged, timely, scored = [], [], [], [], []
    gaps: dict[str, list[str]] = defaultdict(list)
    unit_tally: dict[str, Tally] = defaultdict(Tally)
    unit_projects: dict[str, int] = defaultdict(int)
    unit_scores: dict[str, list[cost.Score]] = defaultdict(list)
    all_clocks: list[Clock] = []
    scores = []
    for code, project in ctx.ds.projects.items():
        decision = disclosure(project, config)
        link = ctx.anchor(here, ctx.address("project", code=code), project.name)
        if not decision.public:
            if decision.by_rule or project.public is False or project.stage in vocab.PIPELINE_STAGES:
                withheld.append([link, links.unit(here, project.department),
                                 disclosure_reason(decision)])
            continue
        registered = register.resolve(project.department)
        unit = registered.name if registered else project.department
        shown = public_project(project)
        facts = required_facts(shown)
        missing = [name for name, filled in facts.items() if not filled]
        score = (len(facts) - len(missing)) / len(facts)
        scores.append(score)
        published.append([link, links.unit(here, project.department), pct(score, 0),
                          "、".join(missing) or "齐全"])
        if missing:
            gaps[project.department].append(f"{project.name}: {'、'.join(missing)}")
        completeness = cost.score(shown)
        unit_scores[unit].append(completeness)
        unit_projects[unit] += 1
        scored.append([link, unit, f"{completeness.disclosed}/{completeness.applicable}",
                       pct(completeness.ratio, 0), _missing_text(completeness)])
        clocks = ctx.clocks(code, catalogue.items(shown))
        if clocks is None:
            continue
        all_clocks += clocks
        mine = tally(clocks)
        for status, n in mine.counts.items():
            unit_tally[unit].counts[status] += n
        timely.append([link, unit, *_tally_row(mine)])
        flagged += [_flag_row(ctx, here, project, unit, c) for c in clocks
                    if c.status in FLAGGED or c.status == "unknown-year"]
    by_department = [
        [links.unit(here, department), len(items), "；".join(items)]
        for department, items in sorted(gaps.items())
    ]
    by_unit = [[unit, unit_projects[unit], *_tally_row(unit_tally[unit])]
               for unit in sorted(unit_projects)] if ctx.dated else []
    unit_cost = []
    for unit in sorted(unit_scores):
        pooled = cost.pooled(unit_scores[unit])
        unit_cost.append([unit, len(unit_scores[unit]),
                          f"{pooled.disclosed}/{pooled.applicable}", pct(pooled.ratio, 0)])
    overall = cost.pooled(s for group in unit_scores.values() for s in group)
    years = unknown_years(all_clocks)
    yield ctx.page("disclosure", dict(
        title="信息公开情况",
        withheld=withheld, published=published, by_department=by_department,
        average=pct(sum(scores) / len(scores), 0) if scores else "—",
        threshold=config.disclosure_threshold,
        dated=ctx.dated, as_of=ctx.as_of.isoformat(), limit=words.IN_TIME,
        calendar=f"{PACKAGE} {VERSION}",
        warning=words.unknown_year_warning(years) if years else None,
        timely=timely, by_unit=by_unit, flagged=flagged,
        scored=scored, unit_cost=unit_cost,
        cost_overall=pct(overall.ratio, 0), cost_counts=f"{overall.disclosed}/{overall.applicable}",
        points=[[p.name, p.ids, p.source, LEVELS[p.level]] for p in cost.POINTS],
    ))
