"""Staff and personal codes on the web: every read and change goes through the account's scope.

A person outside the scope is answered as if they did not exist (NotFound), so a manager cannot
learn who works elsewhere by guessing ids. The audit log names a person by their internal id
only, never by name or employee number: after an erasure nothing in the append-only log points
at them.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass
from typing import Any

from catalogue.alphabet import alphabetic_key
from catalogue.dates import swedish_today
from progress_service import audit
from progress_service.account_auth import Viewer
from progress_service.db import Database, every, one, select_one
from progress_service.errors import Conflict, Invalid, NotFound
from progress_service.people import set_code
from progress_service.scope import Scope
from progress_service.sql_text import alphabetically

MAX_TEXT = 200
LIST_LIMIT = 500
PERSON_SQL = """
SELECT s.id, s.municipality_id, m.name AS municipality, s.unit_id, u.name AS unit, s.employee_number,
       s.name, s.role, s.start_date, s.code_issued_at, s.left_on
FROM staff s JOIN units u ON u.id = s.unit_id JOIN municipalities m ON m.id = s.municipality_id
"""


@dataclass(frozen=True)
class Person:
    id: int
    municipality_id: str
    municipality: str
    unit_id: int
    unit: str
    employee_number: str
    name: str
    role: str | None
    start_date: str
    code_issued_at: str | None
    left_on: str | None


@dataclass(frozen=True)
class Details:
    """What a form says about a person; checked by `checked`."""

    name: str
    employee_number: str
    unit_id: int
    role: str | None
    start_date: datetime.date


def _one(scope: Scope, staff_id: int) -> tuple[str, list[Any]]:
    condition, params = scope.condition("s")
    return f"{PERSON_SQL} WHERE s.id = ? AND s.erased_at IS NULL AND {condition}", [staff_id, *params]


def _found(row: Any) -> Person:
    if row is None:
        raise NotFound("Det finns ingen sådan person bland dem du hanterar.")
    return Person(*row)


def person_in_scope(connection: sqlite3.Connection, scope: Scope, staff_id: int) -> Person:
    """The person, inside a write job; NotFound when out of scope, erased or unknown."""
    return _found(select_one(connection, *_one(scope, staff_id)))


async def person(db: Database, scope: Scope, staff_id: int) -> Person:
    return _found(await db.read(one(*_one(scope, staff_id))))


async def people(
    db: Database, scope: Scope, search: str = "", unit: int | None = None, include_left: bool = False
) -> list[Person]:
    """People in scope, by name; narrowed by a search on name or number, a unit, and who has left."""
    condition, params = scope.condition("s")
    where = [condition, "s.erased_at IS NULL"]
    if search.strip():
        where.append("(s.name LIKE ? ESCAPE '\\' OR s.employee_number LIKE ? ESCAPE '\\')")
        pattern = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    if unit is not None:
        where.append("s.unit_id = ?")
        params.append(unit)
    if not include_left:
        where.append("s.left_on IS NULL")
    sql = (
        f"{PERSON_SQL} WHERE {' AND '.join(where)}"
        f" ORDER BY {alphabetically('s.name')}, s.employee_number LIMIT {LIST_LIMIT + 1}"
    )
    return [Person(*row) for row in await db.read(every(sql, params))]


async def units_in_scope(db: Database, scope: Scope) -> list[tuple[int, str, str]]:
    """(unit id, municipality id, "Municipality – Unit") for every unit in scope, in Swedish order."""
    condition, params = scope.condition("u", unit_column="id")
    rows = await db.read(
        every(
            "SELECT u.id, u.municipality_id, m.name || ' – ' || u.name FROM units u"
            f" JOIN municipalities m ON m.id = u.municipality_id WHERE {condition}",
            params,
        )
    )
    return sorted(((row[0], row[1], row[2]) for row in rows), key=lambda unit: alphabetic_key(unit[2]))


def checked(fields: dict[str, str], roles: dict[str, str]) -> Details:
    """The form's fields as Details; Invalid naming the first wrong field."""
    name, number = fields.get("name", "").strip(), fields.get("employee_number", "").strip()
    if not name or len(name) > MAX_TEXT:
        raise Invalid(f"Skriv personens namn (högst {MAX_TEXT} tecken).", field="name")
    if not number or len(number) > MAX_TEXT:
        raise Invalid(f"Skriv anställningsnumret (högst {MAX_TEXT} tecken).", field="employee_number")
    unit = fields.get("unit", "")
    if not unit.isdigit():
        raise Invalid("Välj en enhet.", field="unit")
    role = fields.get("role", "") or None
    if role is not None and role not in roles:
        raise Invalid("Välj en roll ur listan, eller ingen roll.", field="role")
    try:
        start = datetime.date.fromisoformat(fields.get("start_date", "") or swedish_today().isoformat())
    except ValueError:
        raise Invalid("Startdatum ska vara ett datum som ÅÅÅÅ-MM-DD.", field="start_date") from None
    return Details(name, number, int(unit), role, start)


def _unit_in_scope(connection: sqlite3.Connection, scope: Scope, unit_id: int) -> str:
    """The unit's municipality; Invalid when the unit is not one the account may place people in."""
    condition, params = scope.condition("u", unit_column="id")
    row = select_one(connection, f"SELECT municipality_id FROM units u WHERE u.id = ? AND {condition}",
                     (unit_id, *params))  # fmt: skip
    if row is None:
        raise Invalid("Välj en enhet som du hanterar.", field="unit")
    return str(row[0])


def _number_free(connection: sqlite3.Connection, municipality: str, number: str, staff_id: int = 0) -> None:
    sql = "SELECT 1 FROM staff WHERE municipality_id = ? AND employee_number = ? AND id <> ?"
    if select_one(connection, sql, (municipality, number, staff_id)):
        message = f"Anställningsnumret {number} finns redan i kommunen. Sök fram personen i stället."
        raise Conflict(message, field="employee_number")


async def add(db: Database, viewer: Viewer, details: Details) -> int:
    scope = viewer.account.scope

    def job(connection: sqlite3.Connection) -> int:
        municipality = _unit_in_scope(connection, scope, details.unit_id)
        _number_free(connection, municipality, details.employee_number)
        cursor = connection.execute(
            "INSERT INTO staff (municipality_id, unit_id, employee_number, name, role, start_date)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (municipality, details.unit_id, details.employee_number, details.name, details.role,
             details.start_date.isoformat()),
        )  # fmt: skip
        assert cursor.lastrowid is not None
        _log(connection, viewer, "staff_added", cursor.lastrowid, unit=details.unit_id)
        return cursor.lastrowid

    return await db.write(job)


async def change(db: Database, viewer: Viewer, staff_id: int, details: Details) -> None:
    """Edit a person; moving them is choosing another unit (in the same municipality)."""
    scope = viewer.account.scope

    def job(connection: sqlite3.Connection) -> None:
        person = person_in_scope(connection, scope, staff_id)
        municipality = _unit_in_scope(connection, scope, details.unit_id)
        if municipality != person.municipality_id:
            raise Invalid("En person kan bara flyttas till en enhet i samma kommun.", field="unit")
        _number_free(connection, municipality, details.employee_number, staff_id)
        connection.execute(
            "UPDATE staff SET name = ?, employee_number = ?, unit_id = ?, role = ?, start_date = ?"
            " WHERE id = ?",
            (details.name, details.employee_number, details.unit_id, details.role,
             details.start_date.isoformat(), staff_id),
        )  # fmt: skip
        changed = [f for f, old, new in _compared(person, details) if old != new]
        moved = {"from_unit": person.unit_id, "to_unit": details.unit_id} if "unit" in changed else {}
        _log(connection, viewer, "staff_changed", staff_id, fields=changed, **moved)

    await db.write(job)


def _compared(person: Person, details: Details) -> list[tuple[str, Any, Any]]:
    return [
        ("name", person.name, details.name),
        ("employee_number", person.employee_number, details.employee_number),
        ("unit", person.unit_id, details.unit_id),
        ("role", person.role, details.role),
        ("start_date", person.start_date, details.start_date.isoformat()),
    ]


async def mark_left(db: Database, viewer: Viewer, staff_id: int, left_on: datetime.date | None) -> None:
    """Mark as left (history stays; code and sessions end), or back as employed with None."""
    scope = viewer.account.scope

    def job(connection: sqlite3.Connection) -> None:
        person_in_scope(connection, scope, staff_id)
        if left_on is None:
            connection.execute("UPDATE staff SET left_on = NULL WHERE id = ?", (staff_id,))
            _log(connection, viewer, "staff_returned", staff_id)
            return
        _end_code(connection, staff_id)
        connection.execute("UPDATE staff SET left_on = ? WHERE id = ?", (left_on.isoformat(), staff_id))
        _log(connection, viewer, "staff_left", staff_id, left_on=left_on.isoformat())

    await db.write(job)


def _end_code(connection: sqlite3.Connection, staff_id: int) -> None:
    connection.execute("DELETE FROM sessions WHERE staff_id = ?", (staff_id,))
    connection.execute("UPDATE staff SET code_hash = NULL, code_issued_at = NULL WHERE id = ?", (staff_id,))


async def issue_codes(
    db: Database, secret_key: bytes, viewer: Viewer, staff_ids: list[int]
) -> list[tuple[Person, str]]:
    """New codes for these people (old codes and sessions end); each with its code, to show once."""
    scope = viewer.account.scope
    if not staff_ids:
        raise Invalid("Välj minst en person som ska få en ny kod.", field="staff")

    def job(connection: sqlite3.Connection) -> list[tuple[Person, str]]:
        issued = []
        for staff_id in staff_ids:
            person = person_in_scope(connection, scope, staff_id)
            if person.left_on is not None:
                raise Invalid(f"{person.name} har slutat och kan inte få en kod.", field="staff")
            connection.execute("DELETE FROM sessions WHERE staff_id = ?", (staff_id,))
            issued.append((person, set_code(connection, secret_key, staff_id)))
        _log(connection, viewer, "code_issued", None, staff=staff_ids)
        return issued

    return await db.write(job)


async def revoke_code(db: Database, viewer: Viewer, staff_id: int) -> None:
    scope = viewer.account.scope

    def job(connection: sqlite3.Connection) -> None:
        person_in_scope(connection, scope, staff_id)
        _end_code(connection, staff_id)
        _log(connection, viewer, "code_revoked", staff_id)

    await db.write(job)


def _log(
    connection: sqlite3.Connection, viewer: Viewer, action: str, staff_id: int | None, **details: Any
) -> None:
    person = {} if staff_id is None else {"staff": staff_id}
    audit.record(connection, viewer.account.id, viewer.actor, action, {**person, **details})
