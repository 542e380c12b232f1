"""Assemble one audience's site: which page modules run, in what order, and the nav."""

from __future__ import annotations

from ..compute import compute
from ..load import Dataset
from ..render import RenderContext, SiteContent, make_environment
from ..visibility import Audience, view
from . import content, home, indexes, project
from .indexes import DIMENSIONS, overview_path


def render_site(full: Dataset, audience: Audience) -> SiteContent:
    ds = view(full, audience)
    ctx = RenderContext(ds=ds, audience=audience, env=make_environment(), full=full,
                        computed=compute(ds))
    site = SiteContent(audience)
    site.add(home.pages(ctx))
    site.add(project.pages(ctx))
    site.add(indexes.pages(ctx))
    handwritten = content.pages(ctx)
    site.add(handwritten.pages)
    site.assets.update(content.assets(ctx))
    site.nav = [
        {"首页": "index.md"},
        {"项目": [{d.title[1:]: overview_path(d)} for d in DIMENSIONS]},
        *handwritten.nav,
    ]
    return site
