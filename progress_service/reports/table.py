"""A report as the service runs it: one query, a transformation of its rows, typed columns."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalogue import Catalogue
from catalogue.spreadsheet import Column
from progress_service.reports.filters import Filters
from progress_service.scope import Scope

Fetched = tuple[Any, ...]

# Who a row is about, with one header and width wherever a report lists people.
NAME = Column("Namn", "text", 24)
EMPLOYEE_NUMBER = Column("Anställningsnummer", "text", 14)
MUNICIPALITY = Column("Kommun", "text", 14)
UNIT = Column("Enhet", "text", 22)
ROLE = Column("Roll", "text", 18)
START_DATE = Column("Startdatum", "date", 11)
TRAINING_ID = Column("Utbildningens id", "text", 24)
TRAINING = Column("Utbildning", "text", 36)
PERSON = (EMPLOYEE_NUMBER, NAME, MUNICIPALITY, UNIT)
PERIOD = (Column("Från", "date", 11), Column("Till", "date", 11))
# The same, from staff `s` joined to its unit `u` and municipality `m` by PLACE_JOINS.
PERSON_SQL = "s.employee_number, s.name, m.name, u.name"
PLACE_JOINS = "JOIN units u ON u.id = s.unit_id JOIN municipalities m ON m.id = s.municipality_id"
Rows = Callable[[Iterator[Fetched]], Iterator[Sequence[Any]]]


def as_fetched(rows: Iterator[Fetched]) -> Iterator[Sequence[Any]]:
    return rows


@dataclass(frozen=True)
class Table:
    columns: Sequence[Column]
    sql: str
    params: Sequence[Any]
    rows: Rows = as_fetched
    # Which columns the page shows as a status with colour (the training matrix's steps).
    status_columns: frozenset[int] = field(default=frozenset())


@dataclass(frozen=True)
class Report:
    id: str
    title: str
    file_stem: str
    summary: str
    parameters: frozenset[str]
    build: Callable[[Filters, Scope, Catalogue], Table]
    required: frozenset[str] = field(default=frozenset())
