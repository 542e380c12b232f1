"""Internal pages on disclosure: withheld projects with reasons, and completeness of the
facts seed 004 requires every disclosed project to publish, with gaps by department."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.model import vocab
from generator.pages import entities
from generator.pages.context import Page, RenderContext
from generator.present.formatting import pct
from generator.present.words import disclosure_reason
from generator.rules.visibility import disclosure, required_facts


def view(ctx: RenderContext) -> Iterator[Page]:
    here = ctx.address("disclosure")
    config = ctx.ds.config
    links = entities.of(ctx)
    withheld, published = [], []
    gaps: dict[str, list[str]] = defaultdict(list)
    scores = []
    for code, project in ctx.ds.projects.items():
        decision = disclosure(project, config)
        link = ctx.anchor(here, ctx.address("project", code=code), project.name)
        if not decision.public:
            if decision.by_rule or project.public is False or project.stage in vocab.PIPELINE_STAGES:
                withheld.append([link, links.unit(here, project.department),
                                 disclosure_reason(decision)])
            continue
        facts = required_facts(project)
        missing = [name for name, filled in facts.items() if not filled]
        score = (len(facts) - len(missing)) / len(facts)
        scores.append(score)
        published.append([link, links.unit(here, project.department), pct(score, 0),
                          "、".join(missing) or "齐全"])
        if missing:
            gaps[project.department].append(f"{project.name}: {'、'.join(missing)}")
    by_department = [
        [links.unit(here, department), len(items), "；".join(items)]
        for department, items in sorted(gaps.items())
    ]
    yield ctx.page("disclosure", dict(
        title="信息公开情况",
        withheld=withheld, published=published, by_department=by_department,
        average=pct(sum(scores) / len(scores), 0) if scores else "—",
        threshold=config.disclosure_threshold,
    ))
