"""Internal pages on disclosure: withheld projects with reasons, and completeness of the
facts seed 004 requires every disclosed project to publish, with gaps by department."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.model import vocab
from generator.model.models import Project
from generator.pages.context import Page, RenderContext
from generator.present.formatting import pct
from generator.rules.visibility import disclosure


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


def view(ctx: RenderContext) -> Iterator[Page]:
    here = ctx.address("disclosure")
    config = ctx.ds.config
    withheld, published = [], []
    gaps: dict[str, list[str]] = defaultdict(list)
    scores = []
    for code, project in ctx.ds.projects.items():
        decision = disclosure(project, config)
        link = ctx.anchor(here, ctx.address("project", code=code), project.name)
        if not decision.public:
            if decision.by_rule or project.public is False or project.stage in vocab.PIPELINE_STAGES:
                withheld.append([link, project.department, decision.reason])
            continue
        facts = required_facts(project)
        missing = [name for name, filled in facts.items() if not filled]
        score = (len(facts) - len(missing)) / len(facts)
        scores.append(score)
        published.append([link, project.department, pct(score, 0), "、".join(missing) or "齐全"])
        if missing:
            gaps[project.department].append(f"{project.name}: {'、'.join(missing)}")
    by_department = [
        [department, len(items), "；".join(items)] for department, items in sorted(gaps.items())
    ]
    yield ctx.page("disclosure", dict(
        title="信息公开情况",
        withheld=withheld, published=published, by_department=by_department,
        average=pct(sum(scores) / len(scores), 0) if scores else "—",
        threshold=config.disclosure_threshold,
    ))
