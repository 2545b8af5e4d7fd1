"""What a report is asked for: the period, where, which trainings, in which file format.

Parsing turns query parameters into Filters (422 naming the field for anything unknown or
malformed); resolving checks them against the database and the viewer's scope (422 for a value
that does not exist, 403 for one outside the scope). Only then does a report build its query.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from catalogue import Catalogue
from catalogue.dates import swedish_today
from catalogue.spreadsheet import FORMATS, Format
from progress_service.db import select_one
from progress_service.errors import Forbidden, Invalid
from progress_service.scope import Scope

COMMON = frozenset({"from", "to", "municipality", "unit", "format"})
MAX_PERIOD_DAYS = 366 * 20


@dataclass(frozen=True)
class Filters:
    period_from: datetime.date
    period_to: datetime.date
    on: datetime.date
    format: Format = "excel"
    municipality: str | None = None
    unit: int | None = None
    training: str | None = None
    topic: str | None = None
    path: str | None = None
    assessment: str | None = None
    action: str | None = None
    started: datetime.date | None = None
    sort: str | None = None
    # Filled in by `resolve`: names for file names and headings.
    unit_name: str | None = None
    unit_municipality: str | None = None
    scope_municipalities: tuple[str, ...] = field(default=())

    def as_audit(self) -> dict[str, Any]:
        """The filters as given, for the audit log and links (no defaults that were not asked for)."""
        names = ("municipality", "unit", "training", "topic", "path", "assessment", "action")
        chosen = {name: getattr(self, name) for name in names if getattr(self, name) is not None}
        if self.started is not None:
            chosen["started"] = self.started.isoformat()
        return {"from": self.period_from.isoformat(), "to": self.period_to.isoformat(), **chosen}


def parse(params: Mapping[str, str], allowed: frozenset[str], required: frozenset[str]) -> Filters:
    for name in params:
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            raise Invalid(
                f"Parametern '{name}' finns inte för den här rapporten. Möjliga: {known}.", field=name
            )
    for name in sorted(required):
        if not params.get(name):
            raise Invalid(f"Ange {name}.", field=name)
    today = swedish_today()
    period_from = _date(params, "from", today.replace(month=1, day=1))
    period_to = _date(params, "to", today)
    if period_to < period_from:
        raise Invalid(
            "Perioden slutar före den börjar: 'to' ska vara samma dag som 'from' eller senare.", field="to"
        )
    if (period_to - period_from).days > MAX_PERIOD_DAYS:
        raise Invalid("Perioden får vara högst 20 år.", field="from")
    format = params.get("format", "excel")
    if format not in FORMATS:
        raise Invalid(f"format ska vara ett av {', '.join(FORMATS)}.", field="format")
    return Filters(
        period_from=period_from,
        period_to=period_to,
        on=_date(params, "on", today),
        format=format,
        municipality=params.get("municipality") or None,
        unit=_unit(params.get("unit")),
        training=params.get("training") or None,
        topic=params.get("topic") or None,
        path=params.get("path") or None,
        assessment=params.get("assessment") or None,
        action=params.get("action") or None,
        started=_date(params, "started", today) if params.get("started") else None,
        sort=params.get("sort") or None,
    )


def _date(params: Mapping[str, str], name: str, default: datetime.date) -> datetime.date:
    value = params.get(name)
    if not value:
        return default
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{name} ska vara ett datum som ÅÅÅÅ-MM-DD.", field=name) from None


def _unit(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise Invalid("unit ska vara enhetens nummer (se listan över enheter).", field="unit")
    return int(value)


def resolve(filters: Filters, scope: Scope, catalogue: Catalogue, connection: sqlite3.Connection) -> Filters:
    """The filters checked: every value exists (else 422) and lies inside the scope (else 403)."""
    _check_catalogue(filters, catalogue)
    units = connection.execute("SELECT id, municipality_id, name FROM units").fetchall()
    unit_municipalities = {row["id"]: row["municipality_id"] for row in units}
    mine = frozenset(m for u, m in unit_municipalities.items() if u in scope.units)
    found = {"unit_name": None, "unit_municipality": None}
    if filters.municipality is not None:
        known = select_one(connection, "SELECT 1 FROM municipalities WHERE id = ?", (filters.municipality,))
        if not known:
            raise Invalid(f"Det finns ingen kommun med id '{filters.municipality}'.", field="municipality")
        if not scope.covers_municipality(filters.municipality, mine):
            raise Forbidden(
                f"Kommunen '{filters.municipality}' ingår inte i det du får se.", field="municipality"
            )
    if filters.unit is not None:
        if filters.unit not in unit_municipalities:
            raise Invalid(f"Det finns ingen enhet med nummer {filters.unit}.", field="unit")
        if not scope.covers_unit(filters.unit, unit_municipalities[filters.unit]):
            raise Forbidden(f"Enhet {filters.unit} ingår inte i det du får se.", field="unit")
        row = next(r for r in units if r["id"] == filters.unit)
        found = {"unit_name": row["name"], "unit_municipality": row["municipality_id"]}
    in_scope = sorted(scope.municipalities | mine)
    return Filters(**{**filters.__dict__, **found, "scope_municipalities": tuple(in_scope)})


def _check_catalogue(filters: Filters, catalogue: Catalogue) -> None:
    for name, known, what in (
        ("training", catalogue.trainings, "utbildning"),
        ("topic", catalogue.topics, "ämne"),
        ("path", catalogue.paths, "utbildningsväg"),
        ("assessment", catalogue.assessments, "självskattning"),
    ):
        value = getattr(filters, name)
        if value is not None and value not in known:
            raise Invalid(f"Det finns ingen {what} med id '{value}' i katalogen.", field=name)


def chosen_trainings(filters: Filters, catalogue: Catalogue) -> list[str] | None:
    """The trainings the filters narrow to (None: all); every given filter must hold."""
    chosen: set[str] | None = None
    if filters.training is not None:
        chosen = {filters.training}
    if filters.topic is not None:
        on_topic = {t.id for t in catalogue.trainings.values() if filters.topic in t.topics}
        chosen = on_topic if chosen is None else chosen & on_topic
    if filters.path is not None:
        on_path = {step.training for step in catalogue.paths[filters.path].steps}
        chosen = on_path if chosen is None else chosen & on_path
    return None if chosen is None else sorted(chosen)


def staff_conditions(filters: Filters, scope: Scope, staff: str = "s") -> tuple[list[str], list[Any]]:
    """WHERE conditions on the staff rows: the scope first, then the place filters."""
    scope_sql, params = scope.condition(staff)
    conditions = [scope_sql]
    if filters.municipality is not None:
        conditions.append(f"{staff}.municipality_id = ?")
        params.append(filters.municipality)
    if filters.unit is not None:
        conditions.append(f"{staff}.unit_id = ?")
        params.append(filters.unit)
    return conditions, params


def in_list(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join('?' * len(values))})" if values else "1 = 0"


def employed_on(staff: str = "s") -> str:
    """SQL true for staff who had not left by a day (its one parameter): people who left keep
    their history, but the reports of current staff leave them out."""
    return f"({staff}.left_on IS NULL OR {staff}.left_on > ?)"
