"""One register of units, so that 县发展改革局 and 县发改局 are the same department."""

from __future__ import annotations

from generator.model.models import Unit


class UnitRegister:
    def __init__(self, units: list[Unit]) -> None:
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

    def duplicates(self) -> list[tuple[str, Unit, Unit]]:
        """Names claimed by two units: each would make the register ambiguous."""
        out = []
        for unit in self.units:
            for name in (unit.name, *unit.aliases):
                owner = self._by_name[name]
                if owner is not unit:
                    out.append((name, owner, unit))
        return out
