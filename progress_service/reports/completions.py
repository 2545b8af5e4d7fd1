"""Genomförda utbildningar: one row per completion in the period, with who, what and how."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from catalogue import Catalogue
from catalogue.spreadsheet import Column
from progress_service.reports.filters import COMMON, Filters, chosen_trainings, in_list, staff_conditions
from progress_service.reports.labels import Names
from progress_service.reports.table import (
    PERSON,
    PERSON_SQL,
    PLACE_JOINS,
    ROLE,
    TRAINING,
    TRAINING_ID,
    Fetched,
    Report,
    Table,
)
from progress_service.scope import Scope

COLUMNS = (
    Column("Datum", "date", 11),
    *PERSON,
    ROLE,
    TRAINING_ID,
    TRAINING,
    Column("Anordnare", "text", 24),
    Column("Timmar", "decimal", 8),
    Column("Betyg (1–5)", "integer", 8),
    Column("Förnyas senast", "date", 12),
    Column("Registrerad av", "text", 16),
)
SQL = f"""
SELECT c.completed_on, {PERSON_SQL}, s.role, c.training, c.training_title,
       c.hours, r.usefulness, c.renewal_months, c.recorded_by
FROM completions c
JOIN staff s ON s.id = c.staff_id
{PLACE_JOINS}
LEFT JOIN ratings r ON r.completion_id = c.id
WHERE {{where}}
ORDER BY c.completed_on, c.id
"""


def build(filters: Filters, scope: Scope, catalogue: Catalogue) -> Table:
    conditions, params = staff_conditions(filters, scope)
    conditions.append("c.completed_on BETWEEN ? AND ?")
    params += [filters.period_from.isoformat(), filters.period_to.isoformat()]
    chosen = chosen_trainings(filters, catalogue)
    if chosen is not None:
        conditions.append(in_list("c.training", chosen))
        params += chosen

    names = Names.of(catalogue)

    def rows(fetched: Iterator[Fetched]) -> Iterator[Sequence[Any]]:
        roles, providers, recorded_by = names.roles, names.providers, names.recorded_by
        for (
            day,
            number,
            name,
            municipality,
            unit,
            role,
            training,
            title,
            hours,
            rating,
            renewal,
            by,
        ) in fetched:
            yield (
                day, number, name, municipality, unit, roles.get(role, role), training, title,
                providers.get(training), hours, rating, names.renews_on(training, day, renewal),
                recorded_by.get(by, by),
            )  # fmt: skip

    return Table(COLUMNS, SQL.format(where=" AND ".join(conditions)), params, rows)


REPORT = Report(
    id="completions",
    title="Genomförda utbildningar",
    file_stem="genomforda",
    summary="En rad per genomförd utbildning under perioden: vem, vad, timmar, betyg och när den ska"
    " förnyas.",
    parameters=COMMON | {"training", "topic", "path"},
    build=build,
)
