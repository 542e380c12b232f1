"""Links to the pages of the places, units and people a page mentions.

Every mention of something that has a page of its own links to it: a township to its page
(``by/township/<code>``), a unit (责任单位, 审批部门, 业主单位 when registered) to its page, a
分包领导 or 工作专班 to theirs, a level, domain, batch or stage to its group page. The site's
own view of the data decides which pages exist (the public site has a township page only
when a disclosed project is there, and no leader pages at all), so a link never leads to a
page the site does not have: a mention without a page stays plain text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from markupsafe import Markup

from generator.model import vocab
from generator.model.units import UnitRegister
from generator.pages.context import RenderContext
from generator.present.formatting import escape


@dataclass(frozen=True)
class Dimension:
    """A way of grouping projects, with an overview page and a page per group (indexes)."""

    column: str
    slug: str
    title: str  # 按领域
    label: str  # 领域


DIMENSIONS = (
    Dimension("domain", "domain", "按领域", "领域"),
    Dimension("stage", "stage", "按建设阶段", "建设阶段"),
    Dimension("level", "level", "按项目级别", "项目级别"),
    Dimension("batch", "batch", "按三个一批", "三个一批"),
    Dimension("township", "township", "按乡镇", "乡镇"),
)


def groups(ctx: RenderContext, dim: Dimension) -> list[tuple[str, str]]:
    """(value, slug) pairs in their natural order: ASCII slugs from the vocabularies or the
    township register, so no data value chooses a path."""
    if dim.column == "township":
        return [(t.name, t.code) for t in ctx.ds.config.townships]
    vocabulary = {"domain": vocab.DOMAINS, "stage": vocab.STAGES, "level": vocab.LEVELS,
                  "batch": vocab.BATCHES}[dim.column]
    return list(vocabulary.items())


def slug(name: str) -> str:
    """A stable, short ASCII path segment for a name (a leader, a task force).

    A hash, so that no data value chooses a path and the same name keeps its address.
    """
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Entities:
    """Which entity pages this site has, and anchors to them from any page."""

    ctx: RenderContext
    register: UnitRegister
    unit_pages: frozenset[str]
    group_pages: dict[tuple[str, str], str]  # (dimension, value) → group slug
    leaders: frozenset[str]
    taskforces: frozenset[str]

    def _to(self, page: str, target: str | None, text: object) -> Markup:
        if target is None or text is None or text == "":
            return escape(text)
        return self.ctx.anchor(page, target, text)

    def unit_address(self, name: object) -> str | None:
        unit = self.register.resolve(str(name)) if isinstance(name, str) else None
        if unit is None or unit.code not in self.unit_pages:
            return None
        return self.ctx.address("unit", unit=unit.code)

    def unit(self, page: str, name: object) -> Markup:
        """A unit as written (县发改委), linked to its register entry's page (县发展改革局)."""
        return self._to(page, self.unit_address(name), name)

    def units(self, page: str, names: list[str]) -> Markup:
        return Markup("、").join(self.unit(page, n) for n in names) if names else Markup("—")

    def group_address(self, dimension: str, value: object) -> str | None:
        slug_ = self.group_pages.get((dimension, str(value)))
        if slug_ is None:
            return None
        return self.ctx.address("group", dimension=dimension, group=slug_)

    def group(self, page: str, dimension: str, value: object) -> Markup:
        """A township, domain, level, batch or stage, linked to its group page."""
        return self._to(page, self.group_address(dimension, value), value)

    def township(self, page: str, name: object) -> Markup:
        return self.group(page, "township", name)

    def leader(self, page: str, name: object) -> Markup:
        if not isinstance(name, str) or name not in self.leaders:
            return escape(name or "—")
        return self._to(page, self.ctx.address("leader", slug=slug(name)), name)

    def taskforce(self, page: str, name: object) -> Markup:
        if not isinstance(name, str) or name not in self.taskforces:
            return escape(name or "—")
        return self._to(page, self.ctx.address("taskforce", slug=slug(name)), name)

    def project(self, page: str, code: str, text: object = None) -> Markup:
        project = self.ctx.ds.projects.get(code)
        if project is None:
            return escape(text or code)
        return self._to(page, self.ctx.address("project", code=code),
                        project.name if text is None else text)


def _names(ctx: RenderContext, column: str, page_type: str) -> frozenset[str]:
    if page_type not in ctx.types or ctx.audience not in ctx.types[page_type].audiences:
        return frozenset()
    values = ctx.computed.table[column]
    return frozenset(str(v) for v in values if isinstance(v, str) and v)


def of(ctx: RenderContext) -> Entities:
    """This site's entity pages, worked out once per rendering."""

    from generator.pages.units import unit_state  # units link through this module

    def build() -> Entities:
        table = ctx.computed.table
        group_pages: dict[tuple[str, str], str] = {}
        for dim in DIMENSIONS:
            present = set(table[dim.column].dropna().astype(str)) if len(table) else set()
            for value, group_slug in groups(ctx, dim):
                if value in present:
                    group_pages[(dim.slug, value)] = group_slug
        state = unit_state(ctx)
        return Entities(ctx, state.register, state.unit_pages, group_pages,
                        _names(ctx, "leader", "leader"), _names(ctx, "task_force", "taskforce"))

    return ctx.once("entities", build)
