"""What a page is found by in the site search, beyond its title and opening lines.

Generated pages are indexed by their title and first few hundred characters (the MkDocs
hooks' slim entries), which name a project but not its contractors, winning bidders,
tenders, funding or (intranet) problems. Each page type hands the hooks a line of search
terms in its front matter (``SEARCH_META``), taken from this site's own view of the data:
a public page's terms hold only what the public page shows.

Chinese search matches the words the index was cut into (jieba) from their start. A firm
written with its place first, 示例市裕丰建设工程有限公司, is cut 示例/市裕丰/…, so 裕丰 would
find nothing; without the place, 裕丰建设工程有限公司 is cut 裕丰/建设工程/有限公司. Names are
therefore indexed without a leading place (``variants``), and a unit under every name the
register gives it, each also without its leading 县/市: 县发改局 is cut 县发/改局, 发改局 is
one word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.model.models import Problem, Project, Unit
from generator.model.units import UnitRegister

SEARCH_META = "zd_search"  # the front-matter key the MkDocs hooks read
PROBLEM_CHARS = 60  # of a problem's description: enough for its key words

# A place at the start of a name: up to four characters and 省/市/县/区/州/盟/旗 (示例市,
# 县, 示例县). Only ever an extra spelling: a name it cuts wrongly is still indexed whole.
_PLACE = re.compile(r"^[\u4e00-\u9fff]{0,4}?[省市县区州盟旗](?=[\u4e00-\u9fff]{2})")


def variants(name: str | None) -> list[str]:
    """The name, and the name without a leading place."""
    if not name:
        return []
    name = name.strip()
    out = [name]
    rest = _PLACE.sub("", name, count=1)
    if rest != name:
        out.append(rest)
    return out


# What a township's name ends with; readers often leave it off (城关 for 城关镇).
_TOWN_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:街道|镇|乡)$")


def place_variants(name: str | None) -> list[str]:
    """A township's name, and without 镇/乡/街道. Material's search cuts a query into the
    index's own words: with 城关 one of them, 城关镇 is looked up as 城关, not as 城 and 关."""
    if not name:
        return []
    short = _TOWN_SUFFIX.sub("", name)
    return [name, short] if short != name else [name]


def _unique(terms: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t for t in terms if t))


def unit_names(name: str | None, register: UnitRegister) -> list[str]:
    """A unit as written and, when registered, under its full name and every alias."""
    if not name:
        return []
    unit = register.resolve(name)
    names = [name] if unit is None else [name, unit.name, *unit.aliases]
    return _unique(v for n in names for v in variants(n))


def project_terms(project: Project, register: UnitRegister, problems: Iterable[Problem] = ()
                  ) -> str:
    """A project's search terms: places, units and their aliases, firms, tenders, funding;
    the caller passes only what its site shows (the public view has no leader or problem)."""
    c = project.contractors
    firms = [c.designer, c.supervisor, c.builder, *(t.winner for t in project.tenders)]
    terms = [
        *place_variants(project.township),
        *unit_names(project.owner, register),
        *unit_names(project.department, register),
        *(v for firm in firms for v in variants(firm)),
        *(t.item for t in project.tenders),
        *(f.source for f in project.funding),
        *(a.authority for a in project.approvals),
        project.leader or "",
        project.task_force or "",
    ]
    for problem in problems:
        terms += [problem.kind, problem.description[:PROBLEM_CHARS], problem.unit]
    return " ".join(_unique(terms))


def place_terms(name: str) -> str:
    """A township page's terms."""
    return " ".join(place_variants(name))


def unit_terms(unit: Unit) -> str:
    """A unit page's terms: every name of the unit, each also without its leading place."""
    return " ".join(_unique(v for n in (unit.name, *unit.aliases) for v in variants(n)))
