"""Studietimmar: per person, the hours and trainings of the period, and whether the person's
record is complete — an Äldreomsorgslyftet claim counts only participants with complete records
(employee number, role and start date)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from catalogue import Catalogue
from catalogue.spreadsheet import Column
from progress_service.reports.filters import COMMON, Filters, chosen_trainings, in_list, staff_conditions
from progress_service.reports.labels import Names
from progress_service.reports.table import (
    PERIOD,
    PERSON,
    PERSON_SQL,
    PLACE_JOINS,
    ROLE,
    START_DATE,
    Fetched,
    Report,
    Table,
)
from progress_service.scope import Scope
from progress_service.sql_text import alphabetically

COLUMNS = (
    *PERSON,
    ROLE,
    START_DATE,
    *PERIOD,
    Column("Utbildningar", "integer", 10),
    Column("Studietimmar", "decimal", 10),
    Column("Komplett underlag", "yes_no", 10),
    Column("Saknas", "text", 24),
)
SQL = f"""
SELECT {PERSON_SQL}, s.role, s.start_date, COUNT(c.id), SUM(c.hours)
FROM staff s
{PLACE_JOINS}
JOIN completions c ON c.staff_id = s.id AND {{completions}}
WHERE {{where}}
GROUP BY s.id, s.employee_number, s.name, m.name, u.name, s.role, s.start_date
ORDER BY {alphabetically("m.name", "u.name", "s.name")}, s.id
"""


def missing(employee_number: str | None, role: str | None, start_date: str | None) -> list[str]:
    """What an Äldreomsorgslyftet claim needs and the person's record lacks."""
    gaps = [("anställningsnummer", employee_number), ("roll", role), ("startdatum", start_date)]
    return [name for name, value in gaps if not value]


def build(filters: Filters, scope: Scope, catalogue: Catalogue) -> Table:
    names = Names.of(catalogue)
    joined = ["c.completed_on BETWEEN ? AND ?"]
    params: list[Any] = [filters.period_from.isoformat(), filters.period_to.isoformat()]
    chosen = chosen_trainings(filters, catalogue)
    if chosen is not None:
        joined.append(in_list("c.training", chosen))
        params += chosen
    conditions, staff_params = staff_conditions(filters, scope)
    sql = SQL.format(completions=" AND ".join(joined), where=" AND ".join(conditions))
    period = (filters.period_from.isoformat(), filters.period_to.isoformat())

    def rows(fetched: Iterator[Fetched]) -> Iterator[Sequence[Any]]:
        for number, name, municipality, unit, role, start, count, hours in fetched:
            gaps = missing(number, role, start)
            row = (number, name, municipality, unit, names.role(role), start, *period, count, hours)
            yield (*row, not gaps, ", ".join(gaps) or None)

    return Table(COLUMNS, sql, [*params, *staff_params], rows)


REPORT = Report(
    id="hours",
    title="Studietimmar",
    file_stem="studietimmar",
    summary="Per person: studietimmar och antal utbildningar under perioden, och om underlaget är komplett"
    " för Äldreomsorgslyftet.",
    parameters=COMMON | {"training", "topic", "path"},
    build=build,
)
