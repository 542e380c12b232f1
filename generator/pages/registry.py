"""Every page type of both sites, declared once.

Rendering runs the view functions in this order; the nav is assembled from the ``nav``
entries in this order (a section where it first appears); the MkDocs config's
``not_in_nav``, the build's process groups and the browser tests all read this list.
Adding a page type is a declaration here, a template in ``site_templates/pages/`` and a
view function: nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.pages import (
    bulletins,
    changelog,
    codes,
    content,
    disclosure,
    glossary,
    home,
    indexes,
    ledger,
    opendata,
    plans,
    progress,
    project,
    rankings,
    supervision,
)
from generator.pages.context import NavEntry, NavItem, PageType, RenderContext
from generator.rules.visibility import Audience

INTERNAL: tuple[Audience, ...] = ("internal",)
PUBLIC: tuple[Audience, ...] = ("public",)

PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", "index.md", "home.md", home.view, "首页", nav=(NavEntry("首页", "index.md"),)),
    PageType("project", "projects/{code}/index.md", "project.md", project.view, "项目页"),
    PageType("dimension", "by/{dimension}/index.md", "dimension.md", indexes.view, "分类索引",
             nav=tuple(NavEntry(d.title, f"by/{d.slug}/index.md", "项目")
                       for d in indexes.DIMENSIONS),
             also=("group",)),
    PageType("group", "by/{dimension}/{group}/index.md", "group.md", None, "分类索引"),
    PageType("targets", "targets/index.md", "targets.md", progress.targets_view, "攻坚目标",
             nav=(NavEntry("攻坚目标", "targets/index.md", "进度"),)),
    PageType("lagging", "lagging/index.md", "lagging.md", supervision.lagging_view, "红黄灯项目",
             audiences=INTERNAL, nav=(NavEntry("红黄灯项目", "lagging/index.md", "督办"),)),
    PageType("supervision", "supervision/index.md", "supervision.md",
             supervision.supervision_view, "挂牌督办", audiences=INTERNAL,
             nav=(NavEntry("挂牌督办", "supervision/index.md", "督办"),)),
    PageType("ledger", "ledger/index.md", "ledger.md", ledger.view, "问题清单",
             audiences=INTERNAL, nav=(NavEntry("问题清单", "ledger/index.md", "督办"),)),
    PageType("disclosure", "disclosure/index.md", "disclosure.md", disclosure.view, "信息公开",
             audiences=INTERNAL,
             nav=(NavEntry("信息公开情况", "disclosure/index.md", "进度"),)),
    PageType("plans", "plans/index.md", "plans.md", plans.view, "行动方案",
             nav=(NavEntry("落实情况", "plans/index.md", "行动方案"),),
             also=("plan", "units", "unit")),
    PageType("plan", "plans/{plan}/index.md", "plan.md", None, "行动方案"),
    PageType("units", "units/index.md", "units.md", None, "行动方案",
             nav=(NavEntry("责任单位", "units/index.md", "行动方案"),)),
    PageType("unit", "units/{unit}/index.md", "unit.md", None, "行动方案"),
    PageType("bulletins", "bulletins/index.md", "bulletins.md", bulletins.view, "月度通报",
             nav=(NavEntry("月度通报", "bulletins/index.md"),), group="bulletins",
             also=("bulletin",)),
    PageType("bulletin", "bulletins/{month}/index.md", "bulletin.md", None, "月度通报",
             group="bulletins"),
    PageType("opendata", "opendata/index.md", "opendata.md", opendata.view, "开放数据",
             audiences=PUBLIC, nav=(NavEntry("开放数据", "opendata/index.md"),)),
    PageType("rankings", "rankings/index.md", "rankings.md", rankings.rankings_view, "赛马排名",
             audiences=INTERNAL, nav=(NavEntry("赛马排名", "rankings/index.md", "排名"),)),
    PageType("leaders", "leaders/index.md", "owners.md", rankings.leaders_view, "分包领导",
             audiences=INTERNAL, nav=(NavEntry("分包领导", "leaders/index.md", "排名"),),
             also=("leader",)),
    PageType("leader", "leaders/{slug}/index.md", "owner.md", None, "分包领导",
             audiences=INTERNAL),
    PageType("taskforces", "taskforces/index.md", "owners.md", rankings.taskforces_view,
             "工作专班", audiences=INTERNAL,
             nav=(NavEntry("工作专班", "taskforces/index.md", "排名"),), also=("taskforce",)),
    PageType("taskforce", "taskforces/{slug}/index.md", "owner.md", None, "工作专班",
             audiences=INTERNAL),
    PageType("content", "{page}.md", None, content.view, "说明页", nav=content.nav,
             also=("content-internal",)),
    PageType("content-internal", "internal/{page}.md", None, None, "说明页",
             audiences=INTERNAL),
    # Not an index.md: Material would make that the section's own page (navigation.indexes).
    PageType("codes", "internal/data-guide/codes.md", "codes.md", codes.view, "校验提示代码",
             audiences=INTERNAL,
             nav=(NavEntry("校验提示代码", "internal/data-guide/codes.md",
                           content.INTERNAL_SECTION),)),
    PageType("glossary", "glossary/index.md", "glossary.md", glossary.view, "名词解释",
             nav=(NavEntry("名词解释", "glossary/index.md"),)),
    PageType("changelog", "changelog/index.md", "changelog.md", changelog.view, "更新记录",
             nav=(NavEntry("数据更新记录", "changelog/index.md"),)),
)

BY_NAME: dict[str, PageType] = {t.name: t for t in PAGE_TYPES}


def for_audience(audience: Audience) -> list[PageType]:
    return [t for t in PAGE_TYPES if audience in t.audiences]


def groups(audience: Audience) -> list[str]:
    """The process groups of an audience's page types, in declaration order."""
    return list(dict.fromkeys(t.group for t in for_audience(audience)))


def type_of(path: str, types: Iterable[PageType] = PAGE_TYPES) -> PageType | None:
    """The first declared type whose address pattern ``path`` matches."""
    return next((t for t in types if t.matches(path)), None)


def navigation(ctx: RenderContext) -> list[NavItem]:
    """The nav of ctx's site: entries in declaration order, each section where it first
    appears."""
    items: list[NavItem] = []
    sections: dict[str, list[NavItem]] = {}
    for kind in for_audience(ctx.audience):
        for entry in kind.nav_entries(ctx):
            item = {entry.title: entry.path}
            if entry.section is None:
                items.append(item)
            elif entry.section in sections:
                sections[entry.section].append(item)
            else:
                sections[entry.section] = [item]
                items.append({entry.section: sections[entry.section]})
    return items


def not_in_nav(audience: Audience) -> list[str]:
    """Globs (from the docs root) of the page types with no nav entries."""
    return ["/" + t.glob for t in for_audience(audience) if not t.nav]
