"""Utbildningsmatris: each person in scope × each step of a path, as of a day.

A cell says done (with the date), renewal due within DUE_SOON_DAYS, expired, overdue (a mandatory
step not done by the path's deadline counted from the person's start date), not done, or not
required for the person's role. The page shows the same words with a colour; never colour alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any, Literal

from catalogue import Catalogue
from catalogue.alphabet import alphabetic_key
from catalogue.model import LearningPath
from catalogue.spreadsheet import Column
from progress_service.reports.filters import Filters, employed_on, in_list, staff_conditions
from progress_service.reports.labels import Names
from progress_service.reports.table import (
    EMPLOYEE_NUMBER,
    NAME,
    ROLE,
    START_DATE,
    UNIT,
    Fetched,
    Report,
    Table,
)
from progress_service.scope import Scope

Status = Literal["done", "due_soon", "expired", "overdue", "not_done", "not_required"]
STATUS_LABELS: dict[Status, str] = {
    "done": "Klar",
    "due_soon": "Förnyas senast",
    "expired": "Utgången",
    "overdue": "Försenad",
    "not_done": "Ej gjord",
    "not_required": "Inget krav",
}
DUE_SOON_DAYS = 60
# The name first: it is what stays in view when the table scrolls sideways on a phone.
PERSON_COLUMNS = (NAME, EMPLOYEE_NUMBER, UNIT, ROLE, START_DATE)
# What `sort` may name besides a step: the column it sorts by.
SORT_COLUMNS = {"namn": 0, "enhet": 2, "start": 4}
SQL = """
SELECT s.id, s.employee_number, s.name, u.name, s.role, s.start_date,
       c.training, c.completed_on, c.renewal_months
FROM staff s
JOIN units u ON u.id = s.unit_id
LEFT JOIN completions c ON c.staff_id = s.id AND c.completed_on <= ? AND {steps}
WHERE {where}
ORDER BY s.id, c.completed_on
"""


def status_of(text: str) -> Status | None:
    """The status a cell's text states (for the page's colour); None for other columns."""
    return next((status for status, label in STATUS_LABELS.items() if text.startswith(label)), None)


def cell(status: Status, day: datetime.date | None = None, deadline: datetime.date | None = None) -> str:
    text = STATUS_LABELS[status]
    if day is not None:
        text += f" {day.isoformat()}"
    if deadline is not None:
        text += (
            f" – skulle vara klar {deadline.isoformat()}"
            if status == "overdue"
            else f" – senast {deadline.isoformat()}"
        )
    return text


def build(filters: Filters, scope: Scope, catalogue: Catalogue) -> Table:
    assert filters.path is not None
    path = catalogue.paths[filters.path]
    steps = [step.training for step in path.steps]
    conditions, params = staff_conditions(filters, scope)
    conditions += ["s.start_date <= ?", in_list("s.role", list(path.roles)), employed_on()]
    on = filters.on.isoformat()
    params = [on, *steps, *params, on, *path.roles, on]
    if filters.started is not None:  # e.g. the overview's new hires
        conditions.append("s.start_date >= ?")
        params.append(filters.started.isoformat())
    names = Names.of(catalogue)
    columns = [
        *PERSON_COLUMNS,
        *(Column(names.titles.get(s, s), "text", 18) for s in steps),
        Column("Obligatoriska steg klara", "yes_no", 12),
    ]

    def rows(fetched: Iterator[Fetched]) -> Iterator[Sequence[Any]]:
        people = (
            _person(list(group), path, names, filters.on) for _, group in groupby(fetched, key=lambda r: r[0])
        )
        yield from _sorted(people, filters.sort, len(PERSON_COLUMNS))

    sql = SQL.format(steps=in_list("c.training", steps), where=" AND ".join(conditions))
    statuses = frozenset(range(len(PERSON_COLUMNS), len(PERSON_COLUMNS) + len(steps)))
    return Table(columns, sql, params, rows, status_columns=statuses)


def _person(rows: list[Fetched], path: LearningPath, names: Names, on: datetime.date) -> list[Any]:
    _, number, name, unit, role, start, *_ = rows[0]
    latest: dict[str, tuple[str, int | None]] = {}
    for *_, training, completed_on, months in rows:
        if training is not None:
            latest[training] = (completed_on, months)  # rows come oldest first
    start_date = datetime.date.fromisoformat(start)
    deadline = (
        start_date + datetime.timedelta(days=path.complete_within_days) if path.complete_within_days else None
    )
    cells, mandatory_done = [], True
    for step in path.steps:
        needed = step.requirement_for(role)
        text, done = _step(latest.get(step.training), step.training, needed, deadline, names, on)
        cells.append(text)
        mandatory_done = mandatory_done and (done or needed != "mandatory")
    return [name, number, unit, names.role(role), start, *cells, mandatory_done]


def _step(
    latest: tuple[str, int | None] | None,
    training: str,
    needed: str,
    deadline: datetime.date | None,
    names: Names,
    on: datetime.date,
) -> tuple[str, bool]:
    """The cell's text, and whether the step counts as done (a valid completion)."""
    if latest is not None:
        renews = names.renews_on(training, latest[0], latest[1])
        renews_on = datetime.date.fromisoformat(renews) if renews else None
        if renews_on is not None and renews_on <= on:
            return cell("expired", renews_on), False
        if renews_on is not None and (renews_on - on).days <= DUE_SOON_DAYS:
            return cell("due_soon", renews_on), True
        return cell("done", datetime.date.fromisoformat(latest[0])), True
    if needed != "mandatory":
        return cell("not_required" if needed == "optional" else "not_done"), False
    if deadline is not None and deadline < on:
        return cell("overdue", deadline=deadline), False
    return cell("not_done", deadline=deadline), False


STATUS_ORDER: dict[Status | None, int] = {
    "overdue": 0, "expired": 1, "not_done": 2, "due_soon": 3, "done": 4, "not_required": 5, None: 6,
}  # fmt: skip


def _status_rank(person: list[Any], index: int) -> int:
    """Worst first; the last column (mandatory steps done) is no step."""
    return STATUS_ORDER[status_of(person[index])] if index < len(person) - 1 else len(STATUS_ORDER)


def _sorted(people: Iterator[list[Any]], sort: str | None, first_step: int) -> Iterator[list[Any]]:
    """By name unless `sort` says otherwise: namn, enhet, start, or steg-N (worst first); '-' reverses."""
    key_name = (sort or "namn").lstrip("-")
    if key_name.startswith("steg-") and key_name[5:].isdigit():
        index = first_step + int(key_name[5:]) - 1
        ordered = sorted(people, key=lambda p: (_status_rank(p, index), alphabetic_key(p[0])))
    else:
        column = SORT_COLUMNS.get(key_name, 0)
        ordered = sorted(people, key=lambda p: (alphabetic_key(p[column] or ""), alphabetic_key(p[0]), p[1]))
    return iter(reversed(ordered) if (sort or "").startswith("-") else ordered)


REPORT = Report(
    id="matrix",
    title="Utbildningsmatris",
    file_stem="matris",
    summary="Varje person och varje steg i en utbildningsväg: klar, förnyas snart, utgången, försenad"
    " eller ej gjord.",
    parameters=frozenset({"path", "on", "started", "municipality", "unit", "format", "sort"}),
    required=frozenset({"path"}),
    build=build,
)
