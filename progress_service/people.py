"""Municipalities, units and staff: first-start setup, personal codes, and the staff import."""

from __future__ import annotations

import datetime
import secrets
import sqlite3

from catalogue import Catalogue
from catalogue.dates import swedish_today
from progress_service.accounts import hash_password, insert_account
from progress_service.codes import keyed_hash, new_code, normalise
from progress_service.db import Database, one, select_one, utc_now

DEMO_UNIT = "Demoenheten"
DEMO_EMPLOYEE = "DEMO-1"
DEMO_NAME = "Demo Demosson"
FIRST_ADMIN = "admin"


class NoSuchPerson(Exception):
    pass


def set_code(connection: sqlite3.Connection, secret_key: bytes, staff_id: int) -> str:
    """Issue a new code to a person (the old one stops working); the code, to hand over once."""
    code = new_code()
    sql = "UPDATE staff SET code_hash = ?, code_issued_at = ? WHERE id = ?"
    connection.execute(sql, (code_hash(secret_key, code), utc_now(), staff_id))
    return code


def code_hash(secret_key: bytes, code: str) -> str:
    """What the database keeps of a personal code (the sign-in looks it up by this)."""
    return keyed_hash(secret_key, normalise(code) or "")


def unit_id(connection: sqlite3.Connection, municipality: str, name: str) -> int:
    """The unit's id, creating the unit the first time it is named."""
    connection.execute(
        "INSERT INTO units (municipality_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", (municipality, name)
    )
    row = select_one(
        connection, "SELECT id FROM units WHERE municipality_id = ? AND name = ?", (municipality, name)
    )
    assert row is not None
    return int(row["id"])


def add_staff(
    connection: sqlite3.Connection,
    municipality: str,
    unit: str,
    employee_number: str,
    name: str,
    role: str | None,
    start_date: datetime.date,
) -> int:
    cursor = connection.execute(
        "INSERT INTO staff (municipality_id, unit_id, employee_number, name, role, start_date)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            municipality,
            unit_id(connection, municipality, unit),
            employee_number,
            name,
            role,
            start_date.isoformat(),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def first_start(db: Database, catalogue: Catalogue, secret_key: bytes) -> list[str]:
    """On an empty database: the catalogue's municipalities, a demo unit and person, an admin.

    Returns the lines to show once (the admin password and the demo code); [] when already set up.
    """
    if not catalogue.municipalities or await db.read(one("SELECT 1 FROM municipalities LIMIT 1")) is not None:
        return []
    password = secrets.token_urlsafe(15)
    password_hash = hash_password(password)
    role = next(iter(catalogue.roles), None)

    def job(connection: sqlite3.Connection) -> list[str]:
        if select_one(connection, "SELECT 1 FROM municipalities LIMIT 1") is not None:
            return []
        for municipality in catalogue.municipalities.values():
            connection.execute(
                "INSERT INTO municipalities VALUES (?, ?)", (municipality.id, municipality.name)
            )
        first = next(iter(catalogue.municipalities))
        today = swedish_today()
        staff_id = add_staff(connection, first, DEMO_UNIT, DEMO_EMPLOYEE, DEMO_NAME, role, today)
        code = set_code(connection, secret_key, staff_id)
        insert_account(connection, FIRST_ADMIN, "administrator", password_hash)
        return [
            f"Första start: {len(catalogue.municipalities)} kommuner och enheten {DEMO_UNIT} är upplagda.",
            f"Administratör: {FIRST_ADMIN}, lösenord: {password}",
            f"Personlig kod för {DEMO_NAME} ({DEMO_EMPLOYEE}): {code}",
            "Lösenordet och koden visas bara nu. Skriv ner dem.",
        ]

    return await db.write(job)


async def reissue_code(db: Database, secret_key: bytes, municipality: str, employee_number: str) -> str:
    """A new code for a person; the old one and every open session stop working."""

    def job(connection: sqlite3.Connection) -> str:
        staff_id = _staff_id(connection, municipality, employee_number)
        connection.execute("DELETE FROM sessions WHERE staff_id = ?", (staff_id,))
        return set_code(connection, secret_key, staff_id)

    return await db.write(job)


async def revoke_code(db: Database, municipality: str, employee_number: str) -> None:
    def job(connection: sqlite3.Connection) -> None:
        staff_id = _staff_id(connection, municipality, employee_number)
        connection.execute("DELETE FROM sessions WHERE staff_id = ?", (staff_id,))
        connection.execute(
            "UPDATE staff SET code_hash = NULL, code_issued_at = NULL WHERE id = ?", (staff_id,)
        )

    await db.write(job)


def _staff_id(connection: sqlite3.Connection, municipality: str, employee_number: str) -> int:
    sql = "SELECT id FROM staff WHERE municipality_id = ? AND employee_number = ?"
    row = select_one(connection, sql, (municipality, employee_number))
    if row is None:
        raise NoSuchPerson(f"Ingen med anställningsnummer {employee_number} i kommunen {municipality}.")
    return int(row["id"])
