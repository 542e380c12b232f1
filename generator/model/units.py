"""One register of units, so that 县发展改革局 and 县发改局 are the same department.

Names are compared by ``name_key``: full- and half-width forms, brackets (（）〔〕【】[]),
dashes and spaces do not tell two names apart, so 各乡(镇)人民政府 typed on a phone is the
register's 各乡（镇）人民政府. A name the register does not hold is also looked up with the
county prefix 县 when the register writes its names so: a plan that lists
"县经贸局、发展改革局、重大办" names 县发展改革局 and 县重大办 (seed 004 writes every list so).

A unit with members is a group (统称): 各乡镇人民政府 stands for every township government,
县直各有关部门 for the departments. Its members are the units it lists by name and every
unit of the kinds it names; a group is never a member of a group.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from generator.model.models import Unit

# The prefix a county's registers put before its departments' names (县财政局).
COUNTY_PREFIX = "县"
# Brackets and dashes after NFKC (which already makes （ into ( and － into -).
_SAME = str.maketrans({
    "〔": "(", "〕": ")", "【": "(", "】": ")", "[": "(", "]": ")", "〖": "(", "〗": ")",
    "{": "(", "}": ")", "<": "(", ">": ")", "〈": "(", "〉": ")", "《": "(", "》": ")",
    "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "~": "-", "〜": "-",
    "・": "·", "•": "·", "‧": "·", "∙": "·",
    "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": '"', "』": '"',
})  # fmt: skip
# How alike two keys must be (difflib's ratio) to be offered as "did you mean".
SUGGEST_CUTOFF = 0.6


def name_key(name: str) -> str:
    """The form names are compared in: NFKC (full-width letters, digits, brackets and the
    ideographic space become plain), one kind of bracket and dash, no spaces at all.

    >>> name_key("各乡（镇） 人民政府") == name_key("各乡(镇)人民政府")
    True
    """
    text = unicodedata.normalize("NFKC", name).translate(_SAME)
    return "".join(text.split())


@dataclass(frozen=True)
class NameClash:
    """A name (full name or alias) that a later unit repeats from an earlier one."""

    name: str
    first: Unit
    second: Unit
    index: int  # the second unit's place in the list
    alias: int | None  # which of its aliases repeats the name; None: its full name


def is_group(unit: Unit) -> bool:
    """A 统称 such as 各乡镇人民政府: a unit that stands for its members."""
    return bool(unit.members or unit.member_kinds)


class UnitRegister:
    def __init__(self, units: list[Unit]) -> None:
        self.given = list(units)  # as listed in units.yaml
        self.units = sorted(units, key=lambda u: u.code)
        self._by_key: dict[str, Unit] = {}
        self._by_code: dict[str, Unit] = {}
        self._resolved: dict[str, Unit | None] = {}
        self._suggested: dict[tuple[str, int], tuple[tuple[Unit, str], ...]] = {}
        for unit in self.given:
            self._by_code.setdefault(unit.code, unit)
        for unit in self.units:
            for name in (unit.name, *unit.aliases):
                self._by_key.setdefault(name_key(name), unit)
        # Members of each group (by code), in the order units.yaml lists them.
        self._members: dict[str, tuple[Unit, ...]] = {}
        self._groups: dict[str, list[Unit]] = {}
        for group in self.given:
            if not is_group(group) or group.code in self._members:
                continue
            found: dict[str, Unit] = {}
            for name in group.members:
                unit = self.resolve(name)
                if unit is not None and not is_group(unit):
                    found.setdefault(unit.code, unit)
            kinds = set(group.member_kinds)
            for unit in self.given:
                if unit.kind in kinds and not is_group(unit):
                    found.setdefault(unit.code, unit)
            self._members[group.code] = tuple(found.values())
            for unit in found.values():
                self._groups.setdefault(unit.code, []).append(group)

    def __bool__(self) -> bool:
        return bool(self.units)

    def resolve(self, name: str) -> Unit | None:
        """The unit a name stands for: its full name or an alias, however bracketed or
        spaced; failing that, the same name with the county prefix 县."""
        if name in self._resolved:
            return self._resolved[name]
        key = name_key(name)
        unit = self._by_key.get(key)
        if unit is None and key and not key.startswith(COUNTY_PREFIX):
            unit = self._by_key.get(COUNTY_PREFIX + key)
        self._resolved[name] = unit  # ten thousand projects name a few dozen units
        return unit

    def get(self, code: str) -> Unit | None:
        """The unit with ``code`` (the first listed, when check has found two)."""
        return self._by_code.get(code)

    def canonical(self, name: str) -> str:
        """The register's full name for ``name``, or ``name`` as written when unknown."""
        unit = self.resolve(name)
        return unit.name if unit is not None else name

    def names(self) -> list[str]:
        return [u.name for u in self.units]

    def members(self, group: Unit) -> tuple[Unit, ...]:
        """The units a group stands for (none for a unit that is not a group)."""
        return self._members.get(group.code, ())

    def groups_of(self, unit: Unit) -> list[Unit]:
        """The groups ``unit`` is a member of, in the order units.yaml lists them."""
        return list(self._groups.get(unit.code, ()))

    def suggest(self, name: str, limit: int = 3) -> list[tuple[Unit, str]]:
        """Registered units whose full name or an alias is nearest ``name``, best first:
        (unit, the name that matched). For "did you mean" in a finding."""
        key = name_key(name)
        if (key, limit) in self._suggested:  # a misspelling is usually repeated row after row
            return list(self._suggested[key, limit])
        best: dict[str, tuple[float, Unit, str]] = {}
        for unit in self.units:
            for written in (unit.name, *unit.aliases):
                other = name_key(written)
                contained = bool(key) and (key in other or other in key)
                matcher = difflib.SequenceMatcher(None, key, other, autojunk=False)
                floor = max(SUGGEST_CUTOFF, best.get(unit.code, (0.0,))[0])
                # quick_ratio bounds ratio from above: skip the full comparison when even
                # the bound cannot be offered (about a tenth of the cost per name).
                if not contained and (matcher.real_quick_ratio() < floor
                                      or matcher.quick_ratio() < floor):
                    continue
                score = matcher.ratio()
                if contained:
                    score = max(score, SUGGEST_CUTOFF)  # 文广旅局 in 县文广旅局
                if score >= SUGGEST_CUTOFF and score > best.get(unit.code, (0.0,))[0]:
                    best[unit.code] = (score, unit, written)
        ranked = sorted(best.values(), key=lambda s: (-s[0], s[1].code))
        out = [(unit, written) for _, unit, written in ranked[:limit]]
        self._suggested[key, limit] = tuple(out)
        return out

    def duplicates(self) -> list[NameClash]:
        """Names claimed by two units, each where it is repeated (in list order).

        Names are compared as ``resolve`` compares them, so 各乡(镇) and 各乡（镇） clash.
        Each would make the register ambiguous. Units that share a code are one clash of
        codes, not of names, and are left to the check of codes.
        """
        owners: dict[str, Unit] = {}
        out = []
        for index, unit in enumerate(self.given):
            for alias, name in [(None, unit.name), *enumerate(unit.aliases)]:
                first = owners.setdefault(name_key(name), unit)
                if first.code != unit.code:
                    out.append(NameClash(name, first, unit, index, alias))
        return out
