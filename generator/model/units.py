"""One register of units, so that 县发展改革局 and 县发改局 are the same department."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.models import Unit


@dataclass(frozen=True)
class NameClash:
    """A name (full name or alias) that a later unit repeats from an earlier one."""

    name: str
    first: Unit
    second: Unit
    index: int  # the second unit's place in the list
    alias: int | None  # which of its aliases repeats the name; None: its full name


class UnitRegister:
    def __init__(self, units: list[Unit]) -> None:
        self.given = list(units)  # as listed in units.yaml
        self.units = sorted(units, key=lambda u: u.code)
        self._by_name: dict[str, Unit] = {}
        for unit in self.units:
            for name in (unit.name, *unit.aliases):
                self._by_name.setdefault(name, unit)

    def __bool__(self) -> bool:
        return bool(self.units)

    def resolve(self, name: str) -> Unit | None:
        return self._by_name.get(name.strip())

    def names(self) -> list[str]:
        return [u.name for u in self.units]

    def duplicates(self) -> list[NameClash]:
        """Names claimed by two units, each where it is repeated (in list order).

        Each would make the register ambiguous. Units that share a code are one clash of
        codes, not of names, and are left to the check of codes.
        """
        owners: dict[str, Unit] = {}
        out = []
        for index, unit in enumerate(self.given):
            for alias, name in [(None, unit.name), *enumerate(unit.aliases)]:
                first = owners.setdefault(name, unit)
                if first.code != unit.code:
                    out.append(NameClash(name, first, unit, index, alias))
        return out
