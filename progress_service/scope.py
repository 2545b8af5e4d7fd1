"""What a manager may see: whole municipalities and single units, or everything.

Every query that reads people goes through `condition`, so there is one place where the scope
becomes SQL: a report cannot forget it, and a filter can only narrow what the scope allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    municipalities: frozenset[str] = frozenset()
    units: frozenset[int] = frozenset()

    def condition(self, staff: str = "s", unit_column: str = "unit_id") -> tuple[str, list[Any]]:
        """SQL true for exactly the rows of `staff` (an alias of staff, or of units with
        unit_column="id") inside the scope, and its parameters."""
        if self.everything:
            return "1 = 1", []
        parts: list[str] = []
        params: list[Any] = []
        if self.municipalities:
            parts.append(f"{staff}.municipality_id IN ({_marks(len(self.municipalities))})")
            params.extend(sorted(self.municipalities))
        if self.units:
            parts.append(f"{staff}.{unit_column} IN ({_marks(len(self.units))})")
            params.extend(sorted(self.units))
        if not parts:
            return "1 = 0", []
        return "(" + " OR ".join(parts) + ")", params

    def covers_municipality(self, municipality: str, unit_municipalities: frozenset[str]) -> bool:
        """Whether any of the municipality is in scope (`unit_municipalities`: those of my units)."""
        return self.everything or municipality in self.municipalities or municipality in unit_municipalities

    def covers_unit(self, unit: int, unit_municipality: str) -> bool:
        return self.everything or unit in self.units or unit_municipality in self.municipalities


def _marks(count: int) -> str:
    return ", ".join("?" * count)
