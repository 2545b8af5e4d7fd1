"""A small municipality world for the managers' tests: three units in Åsele, one in Dorotea,
people whose names try formula injection, completions, ratings, self-assessments and accounts.

Written straight into the service's SQLite file (the service has created and migrated it), like
a fixture database: what is asserted is what the running service answers about it.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from progress_service.accounts import hash_password, insert_account
from progress_service.people import add_staff
from tests.support.service_app import direct

PASSWORD = "gran-tall-ek-7-lövskog"
INJECTED_NAME = '=HYPERLINK("http://angripare.example";"Klicka")'
INJECTED_COMMENT = "-2+3 bra kurs"
NORR, SODER, TALLEN, DOROTEA = "Hemtjänst Norr", "Hemtjänst Söder", "Säbo Tallen", "Hemtjänst Dorotea"


@dataclass
class World:
    units: dict[str, int] = field(default_factory=dict)
    staff: dict[str, int] = field(default_factory=dict)


def _staff(
    connection: sqlite3.Connection, world: World, municipality: str, unit: str, number: str, name: str,
    role: str | None, start: str,
) -> None:  # fmt: skip
    world.staff[number] = add_staff(
        connection, municipality, unit, number, name, role, datetime.date.fromisoformat(start)
    )
    world.units[unit] = connection.execute(
        "SELECT unit_id FROM staff WHERE id = ?", (world.staff[number],)
    ).fetchone()[0]


def _completion(
    connection: sqlite3.Connection, staff_id: int, training: str, day: str, hours: float = 1.5,
    renewal: int | None = 12, rating: int | None = None, comment: str | None = None, by: str = "self",
) -> str:  # fmt: skip
    completion_id = str(uuid.uuid4())
    title = {"hygien": "Basal hygien", "gammal": "En avslutad kurs"}[training]
    connection.execute(
        "INSERT INTO completions (id, staff_id, training, training_title, hours, renewal_months,"
        " completed_on, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (completion_id, staff_id, training, title, hours, renewal, day, day + "T12:00:00+00:00", by),
    )
    if rating is not None:
        connection.execute(
            "INSERT INTO ratings VALUES (?, ?, ?, ?)",
            (completion_id, rating, comment, day + "T13:00:00+00:00"),
        )
    return completion_id


def _assessment(connection: sqlite3.Connection, staff_id: int, information: float, hygien: float) -> None:
    means = [
        {"id": "information", "title": "Information", "mean": information},
        {"id": "hygienomrade", "title": "Hygien", "mean": hygien},
    ]
    answers = {"soka": round(information), "handtvatt": round(hygien)}
    connection.execute(
        "INSERT INTO self_assessments VALUES (?, ?, 'digital', 'Digital kompetens', ?, ?, ?)",
        (str(uuid.uuid4()), staff_id, json.dumps(answers), json.dumps(means), "2025-05-01T10:00:00+00:00"),
    )


def seed(db: Path | str) -> World:
    world = World()
    with direct(db) as connection:
        connection.row_factory = sqlite3.Row
        _staff(connection, world, "asele", NORR, "A1", INJECTED_NAME, "underskoterska", "2025-01-10")
        _staff(connection, world, "asele", NORR, "A2", "Anna Ek", "underskoterska", "2025-06-01")
        _staff(connection, world, "asele", TALLEN, "A3", "+Bo Lund", "enhetschef", "2024-01-01")
        _staff(connection, world, "asele", TALLEN, "A4", "Cecilia Ås", None, "2024-02-01")
        _staff(connection, world, "dorotea", DOROTEA, "D1", "Dora Utanför", "underskoterska", "2024-05-01")
        for n in range(4):
            _staff(
                connection, world, "asele", NORR, f"N{n}", f"Norr Person {n}", "underskoterska", "2024-01-01"
            )
        for n in range(5):
            _staff(
                connection,
                world,
                "asele",
                SODER,
                f"S{n}",
                f"Söder Person {n}",
                "underskoterska",
                "2024-01-01",
            )
        _completion(connection, world.staff["A1"], "hygien", "2025-02-01", rating=5, comment=INJECTED_COMMENT)
        _completion(connection, world.staff["A3"], "hygien", "2025-03-01", rating=2)
        _completion(
            connection, world.staff["A2"], "gammal", "2025-04-01", hours=2, renewal=None, by="attendance"
        )
        _completion(connection, world.staff["A4"], "gammal", "2025-04-02", hours=2, renewal=None, rating=4)
        _completion(connection, world.staff["D1"], "hygien", "2025-02-15", rating=4)
        # Norr: six answer (A1, A2, N0–N3); Tallen: two (A3, A4); Söder: five.
        for number in ("A1", "A2", "N0", "N1", "N2", "N3"):
            _assessment(connection, world.staff[number], 1.0, 3.0)
        for number in ("A3", "A4"):
            _assessment(connection, world.staff[number], 4.0, 1.0)
        for n in range(5):
            _assessment(connection, world.staff[f"S{n}"], 2.0, 4.0)
        _assessment(connection, world.staff["D1"], 1.0, 1.0)
        insert_account(connection, "Admin Istratör", "administrator", hash_password(PASSWORD))
        insert_account(connection, "Åsa Åsele", "manager", hash_password(PASSWORD), municipalities=("asele",))
        insert_account(
            connection, "Tore Tallen", "manager", hash_password(PASSWORD), units=(world.units[TALLEN],)
        )
        insert_account(
            connection, "Dora Chef", "manager", hash_password(PASSWORD), municipalities=("dorotea",)
        )
    return world
