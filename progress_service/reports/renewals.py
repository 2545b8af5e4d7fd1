"""Förnyelser: refreshers that ran out or run out within DUE_SOON_DAYS, with the days left."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

from catalogue import Catalogue
from catalogue.alphabet import alphabetic_key
from catalogue.spreadsheet import Column
from progress_service.reports.filters import Filters, chosen_trainings, employed_on, in_list, staff_conditions
from progress_service.reports.labels import Names
from progress_service.reports.matrix import DUE_SOON_DAYS, STATUS_LABELS
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
    *PERSON,
    ROLE,
    TRAINING_ID,
    TRAINING,
    Column("Senast genomförd", "date", 12),
    Column("Förnyas senast", "date", 12),
    Column("Dagar kvar", "integer", 8),
    Column("Läge", "text", 14),
)
# Standard SQL: the latest completion per person and training, with every shown column grouped.
SQL = f"""
SELECT {PERSON_SQL}, s.role, c.training, MAX(c.training_title), MAX(c.completed_on), MAX(c.renewal_months)
FROM completions c
JOIN staff s ON s.id = c.staff_id
{PLACE_JOINS}
WHERE {{where}}
GROUP BY s.id, s.employee_number, s.name, m.name, u.name, s.role, c.training
"""


def build(filters: Filters, scope: Scope, catalogue: Catalogue) -> Table:
    names = Names.of(catalogue)
    conditions, params = staff_conditions(filters, scope)
    conditions.append(employed_on())
    params.append(filters.on.isoformat())
    refreshers = sorted(training for training, months in names.renewal_months.items() if months)
    # Trainings no longer in the catalogue keep the renewal rule stored with their completions.
    conditions.append(f"({in_list('c.training', refreshers)} OR c.renewal_months IS NOT NULL)")
    params += refreshers
    chosen = chosen_trainings(filters, catalogue)
    if chosen is not None:
        conditions.append(in_list("c.training", chosen))
        params += chosen

    def rows(fetched: Iterator[Fetched]) -> Iterator[Sequence[Any]]:
        due = []
        for number, name, municipality, unit, role, training, title, latest, months in fetched:
            renews = names.renews_on(training, latest, months)
            left = (datetime.date.fromisoformat(renews) - filters.on).days if renews else None
            if left is not None and left <= DUE_SOON_DAYS:
                state = STATUS_LABELS["expired" if left <= 0 else "due_soon"]
                row = (
                    number,
                    name,
                    municipality,
                    unit,
                    names.role(role),
                    training,
                    names.titles.get(training, title),
                )
                due.append((*row, latest, renews, left, state))
        yield from sorted(due, key=lambda r: (r[9], alphabetic_key(r[1]), r[5]))

    return Table(COLUMNS, SQL.format(where=" AND ".join(conditions)), params, rows)


REPORT = Report(
    id="renewals",
    title="Förnyelser",
    file_stem="fornyelser",
    summary=f"Utbildningar som ska förnyas: de som har gått ut och de som går ut inom {DUE_SOON_DAYS} dagar.",
    parameters=frozenset({"on", "municipality", "unit", "format", "training", "topic"}),
    build=build,
)
