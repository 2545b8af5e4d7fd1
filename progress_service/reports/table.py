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
