"""Assemble one audience's site: which page modules run, in what order, and the nav."""

from __future__ import annotations

from pathlib import Path

from ..compute import compute
from ..history import History
from ..load import Dataset
from ..render import NavItem, RenderContext, SiteContent, make_environment
from ..visibility import Audience, view
from . import (
    bulletins,
    changelog,
    content,
    disclosure,
    home,
    indexes,
    opendata,
    plans,
    progress,
    project,
    rankings,
)
from .indexes import DIMENSIONS, overview_path


def render_site(full: Dataset, audience: Audience, chart_cache: Path | None = None,
                history: History | None = None) -> SiteContent:
    """Every page of one audience's site, rendered from that audience's view of the data.

    ``history`` (from ``history.read_history``) adds the changelog and last-change dates.
    """
    ds = view(full, audience)
    ctx = RenderContext(ds=ds, audience=audience, env=make_environment(), full=full,
                        computed=compute(ds, chart_cache),
                        last_change=history.last_change if history else {})
    site = SiteContent(audience)
    site.add(home.pages(ctx))
    site.add(project.pages(ctx))
    site.add(indexes.pages(ctx))
    site.add(progress.pages(ctx))
    site.add(plans.pages(ctx))
    site.add(disclosure.pages(ctx))
    site.add(changelog.pages(ctx, history))
    for generated in (bulletins.render(ctx), opendata.render(ctx)):
        site.add(generated.pages)
        site.generated_assets.update(generated.files)
    site.add(rankings.pages(ctx))
    handwritten = content.pages(ctx)
    site.add(handwritten.pages)
    site.assets.update(content.assets(ctx))
    site.nav = navigation(ctx, handwritten.nav)
    return site


def navigation(ctx: RenderContext, handwritten: list[NavItem]) -> list[NavItem]:
    progress_nav: list[NavItem] = [{"攻坚目标": progress.TARGETS_INDEX}]
    if ctx.internal:
        progress_nav += [{"滞后项目": progress.LAGGING_INDEX},
                         {"信息公开情况": disclosure.DISCLOSURE_INDEX}]
    audience_nav: list[NavItem] = [{"开放数据": opendata.OPENDATA_INDEX}]
    if ctx.internal:
        audience_nav = [{"排名": [{"赛马排名": rankings.RANKINGS_INDEX},
                                  {"分包领导": rankings.LEADERS_INDEX},
                                  {"工作专班": rankings.TASKFORCES_INDEX}]}]
    return [
        {"首页": "index.md"},
        {"项目": [{d.title: overview_path(d)} for d in DIMENSIONS]},
        {"进度": progress_nav},
        {"行动方案": [{"落实情况": plans.PLANS_INDEX}, {"责任单位": plans.UNITS_INDEX}]},
        {"月度通报": bulletins.BULLETINS_INDEX},
        *audience_nav,
        *handwritten,
        {"数据更新记录": changelog.CHANGELOG_INDEX},
    ]
