"""Sammanställning per kommun: staff, participants against the target, completions, hours, and
the share of ratings that found the training useful — the seed project's two headline figures
(1,013 trained against a target of 400; nine in ten found it useful)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from catalogue import Catalogue
from catalogue.spreadsheet import Column
from progress_service.reports.filters import Filters, chosen_trainings, employed_on, in_list, staff_conditions
from progress_service.reports.table import MUNICIPALITY, PERIOD, Fetched, Report, Table
from progress_service.scope import Scope
from progress_service.sql_text import alphabetically

USEFUL_FROM = 4  # a rating of 4 or 5 of 5 counts as "found it useful"
TOTAL = "Totalt"
COLUMNS = (
    MUNICIPALITY,
    *PERIOD,
    Column("Anställda", "integer", 10),
    Column("Deltagare", "integer", 10),
    Column("Mål (deltagare)", "integer", 10),
    Column("Andel av målet (%)", "decimal", 10),
    Column("Genomförda utbildningar", "integer", 12),
    Column("Studietimmar", "decimal", 10),
    Column("Betyg", "integer", 8),
    Column("Andel som fann utbildningen användbar, 4–5 av 5 (%)", "decimal", 16),
)
SQL = f"""
SELECT m.name, COUNT(DISTINCT CASE WHEN {{employed}} THEN s.id END), COUNT(DISTINCT c.staff_id),
       COUNT(c.id), SUM(c.hours),
       COUNT(r.usefulness), SUM(CASE WHEN r.usefulness >= {USEFUL_FROM} THEN 1 ELSE 0 END),
       (SELECT t.target FROM participation_targets t
        WHERE t.municipality_id = m.id AND t.period_from <= ? AND t.period_to >= ?
        ORDER BY t.period_from DESC, t.period_to LIMIT 1)
FROM municipalities m
LEFT JOIN staff s ON s.municipality_id = m.id AND {{staff}}
LEFT JOIN completions c ON c.staff_id = s.id AND {{completions}}
LEFT JOIN ratings r ON r.completion_id = c.id
WHERE {{municipalities}}
GROUP BY m.id, m.name
ORDER BY {alphabetically("m.name")}
"""


def percent(part: int | None, whole: int | None) -> float | None:
    return None if not whole else round(100 * (part or 0) / whole, 1)


def build(filters: Filters, scope: Scope, catalogue: Catalogue) -> Table:
    period = [filters.period_from.isoformat(), filters.period_to.isoformat()]
    staff, staff_params = staff_conditions(filters, scope)
    joined, joined_params = ["c.completed_on BETWEEN ? AND ?"], list(period)
    chosen = chosen_trainings(filters, catalogue)
    if chosen is not None:
        joined.append(in_list("c.training", chosen))
        joined_params += chosen
    shown = [filters.municipality] if filters.municipality else list(filters.scope_municipalities)
    where = "1 = 1" if scope.everything and not filters.municipality else in_list("m.id", shown)
    sql = SQL.format(
        employed=employed_on(),
        staff=" AND ".join(staff),
        completions=" AND ".join(joined),
        municipalities=where,
    )
    # Staff in the period: those who left before it began are not counted (their completions are).
    params = [period[0], *period, *staff_params, *joined_params, *([] if where == "1 = 1" else shown)]

    def rows(fetched: Iterator[Fetched]) -> Iterator[Sequence[Any]]:
        total = Figures()
        for name, *figures in fetched:
            municipality = Figures(*figures)
            total.add(municipality)
            yield municipality.row(name, period)
        yield total.row(TOTAL, period)

    return Table(COLUMNS, sql, params, rows)


@dataclass
class Figures:
    staff: int = 0
    participants: int = 0
    completions: int = 0
    hours: float | None = 0.0
    rated: int = 0
    useful: int | None = 0
    target: int | None = None

    def add(self, other: Figures) -> None:
        """Sum municipalities: each person belongs to one, so participants add up too."""
        self.staff += other.staff
        self.participants += other.participants
        self.completions += other.completions
        self.hours = (self.hours or 0.0) + (other.hours or 0.0)
        self.rated += other.rated
        self.useful = (self.useful or 0) + (other.useful or 0)
        if other.target:
            self.target = (self.target or 0) + other.target

    def row(self, name: str, period: list[str]) -> tuple[Any, ...]:
        reach = (self.staff, self.participants, self.target, percent(self.participants, self.target))
        work = (self.completions, self.hours or 0.0, self.rated, percent(self.useful, self.rated))
        return (name, *period, *reach, *work)


REPORT = Report(
    id="summary",
    title="Sammanställning per kommun",
    file_stem="sammanstallning",
    summary="Per kommun: anställda, deltagare mot målet, genomförda utbildningar, studietimmar och hur"
    " många som fann utbildningen användbar.",
    parameters=frozenset({"from", "to", "municipality", "format", "training", "topic"}),
    build=build,
)
