"""Behov enligt självskattningar: per unit and area, how many answered, the mean level, the share
at the two lowest levels, and the trainings recommended for the unit's weakest area.

Self-assessments are personal, so results are shown only for groups of at least MIN_GROUP
people (learning-analytics practice; Statistics Norway uses 3). A smaller unit's row says it is
hidden and carries no figures — absent, not zero. And since a total over all units is shown, a
single hidden unit could be recovered by subtracting the others from it: then the next smallest
unit is hidden too (secondary suppression), and when the whole is too small, the total as well.
Each person counts once, with their latest answer in the period.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from catalogue import Catalogue
from catalogue.model import Assessment
from catalogue.recommend import trainings_for
from catalogue.spreadsheet import Column
from progress_service.reports.filters import Filters, staff_conditions
from progress_service.reports.table import MUNICIPALITY, UNIT, Fetched, Report, Table
from progress_service.scope import Scope
from progress_service.sql_text import alphabetically

MIN_GROUP = 5
LOW_BELOW = 2.5  # an area mean under this rounds to one of the two lowest levels (1–2 of 4)
TOO_FEW = f"Färre än {MIN_GROUP} svarande: visas inte."
PROTECTS_ANOTHER = "Visas inte, så att en mindre grupp inte kan räknas fram ur summan."
ALL_UNITS = "Alla enheter"
COLUMNS = (
    MUNICIPALITY,
    UNIT,
    Column("Område", "text", 26),
    Column("Svarande", "integer", 10),
    Column("Medelnivå (1–4)", "decimal", 10),
    Column("Andel på de två lägsta nivåerna (%)", "decimal", 14),
    Column("Rekommenderade utbildningar (enhetens svagaste område)", "text", 48),
    Column("Anmärkning", "text", 40),
)
SQL = f"""
SELECT m.name, u.name, u.id, a.staff_id, a.area_means
FROM self_assessments a
JOIN staff s ON s.id = a.staff_id
JOIN units u ON u.id = s.unit_id
JOIN municipalities m ON m.id = s.municipality_id
WHERE {{where}}
ORDER BY {alphabetically("m.name", "u.name")}, u.id, a.staff_id, a.submitted_at
"""


@dataclass
class Group:
    municipality: str
    unit: str
    people: dict[int, dict[str, float]]  # staff id -> area id -> mean (latest answer)
    hidden: str | None = None


def build(filters: Filters, scope: Scope, catalogue: Catalogue) -> Table:
    assert filters.assessment is not None
    assessment = catalogue.assessments[filters.assessment]
    conditions, params = staff_conditions(filters, scope)
    conditions += ["a.assessment = ?", "a.submitted_at >= ?", "a.submitted_at < ?"]
    end = filters.period_to + datetime.timedelta(days=1)
    params += [assessment.id, filters.period_from.isoformat(), end.isoformat()]

    def rows(fetched: Iterator[Fetched]) -> Iterator[Sequence[Any]]:
        groups = _groups(fetched)
        suppress(groups)
        for group in groups:
            yield from _group_rows(group, assessment, catalogue)
        everyone = Group("", ALL_UNITS, {k: v for g in groups for k, v in g.people.items()})
        everyone.hidden = TOO_FEW if len(everyone.people) < MIN_GROUP else None
        if groups:
            yield from _group_rows(everyone, assessment, catalogue)

    return Table(COLUMNS, SQL.format(where=" AND ".join(conditions)), params, rows)


def _groups(fetched: Iterator[Fetched]) -> list[Group]:
    groups: dict[int, Group] = {}
    for municipality, unit, unit_id, staff_id, area_means in fetched:
        group = groups.setdefault(unit_id, Group(municipality, unit, {}))
        group.people[staff_id] = {a["id"]: a["mean"] for a in json.loads(area_means) if a["mean"] is not None}
    return list(groups.values())


def suppress(groups: list[Group]) -> None:
    """Hide groups under MIN_GROUP, and one more when a single hidden one could be recovered."""
    for group in groups:
        if len(group.people) < MIN_GROUP:
            group.hidden = TOO_FEW
    hidden = [g for g in groups if g.hidden]
    shown = sorted((g for g in groups if not g.hidden), key=lambda g: len(g.people))
    if len(hidden) == 1 and shown:
        shown[0].hidden = PROTECTS_ANOTHER


def _group_rows(group: Group, assessment: Assessment, catalogue: Catalogue) -> Iterator[Sequence[Any]]:
    if group.hidden:
        for area in assessment.areas:
            yield (group.municipality, group.unit, area.title, None, None, None, None, group.hidden)
        return
    means = {
        area.id: [person[area.id] for person in group.people.values() if area.id in person]
        for area in assessment.areas
    }
    average = {area: sum(values) / len(values) for area, values in means.items() if values}
    weakest = min(average, key=lambda area: average[area], default=None)
    for area in assessment.areas:
        values = means[area.id]
        if not values:
            yield (group.municipality, group.unit, area.title, 0, None, None, None, None)
            continue
        low = 100 * sum(v < LOW_BELOW for v in values) / len(values)
        recommended = None
        if area.id == weakest:
            recommended = "; ".join(t.title for t in trainings_for(catalogue, area, None))
        figures = (len(values), round(average[area.id], 2), round(low, 1))
        yield (group.municipality, group.unit, area.title, *figures, recommended, None)


REPORT = Report(
    id="needs",
    title="Behov enligt självskattningar",
    file_stem="behov",
    summary=f"Per enhet och område: medelnivå och andel på de två lägsta nivåerna. Grupper med färre än"
    f" {MIN_GROUP} svarande visas inte.",
    parameters=frozenset({"from", "to", "municipality", "unit", "format", "assessment"}),
    required=frozenset({"assessment"}),
    build=build,
)
