"""Migrations on a database that already holds rows made by the schema before them, on both stores."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from progress_service import Settings, create_app, db, postgres
from progress_service.people import add_staff, set_code
from tests.support.postgres_server import PostgresServer
from tests.support.service_app import SECRET, START, direct, sign_in

COMPLETION = "0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c"


@pytest.fixture
def unmigrated(settings: Settings, request: pytest.FixtureRequest) -> Iterator[Settings]:
    """The test's settings with a store that has no tables yet: a new SQLite file, or an empty
    PostgreSQL database instead of the migrated copy."""
    if settings.database_url is None:
        yield settings
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    with server.empty_database() as url:
        yield dataclasses.replace(settings, database_url=url)


def _migrate(store: Path | str, schema: Path) -> None:
    if isinstance(store, str):
        connection = postgres.connect(store)
        postgres.migrate(connection, schema)
    else:
        store.parent.mkdir(parents=True)
        connection = sqlite3.connect(store, isolation_level=None)
        db.migrate(connection, schema)
    connection.close()


def old_database(store: Path | str, schema: Path) -> str:
    """A database made by migrations 0001–0005 (the service said `course`), with one person's
    completion and an attendance registration in it; the person's code."""
    schema.mkdir()
    for migration in sorted(db.MIGRATIONS_DIR.glob("000[1-5]_*.sql")):
        shutil.copy(migration, schema)
    _migrate(store, schema)
    with direct(store) as connection:
        connection.row_factory = sqlite3.Row
        # The service adds the catalogue's municipalities when it starts; this one has not run yet.
        connection.execute("INSERT INTO municipalities VALUES ('asele', 'Åsele')")
        staff_id = add_staff(
            connection, "asele", "Hemtjänst Norr", "1001", "Person 1001", "underskoterska", START
        )
        code = set_code(connection, SECRET, staff_id)
        connection.execute(
            "INSERT INTO completions (id, staff_id, course, course_title, hours, completed_on, recorded_at)"
            " VALUES (?, ?, 'hygien', 'Basal hygien (2023)', 1.5, '2024-02-01', '2024-02-01T10:00:00+00:00')",
            (COMPLETION, staff_id),
        )
        connection.execute(
            "INSERT INTO attendance_registrations (id, course, completed_on, recorded_at)"
            " VALUES ('a1', 'hygien', '2024-02-01', '2024-02-01T10:00:00+00:00')"
        )
    connection.close()
    return code


def test_renaming_course_to_training_keeps_every_row_and_the_one_per_day_rule(
    unmigrated: Settings, tmp_path: Path
) -> None:
    store = unmigrated.database_url or unmigrated.db_path
    code = old_database(store, tmp_path / "old-schema")
    with TestClient(create_app(unmigrated)) as client:  # the service migrates the store on start
        sign_in(client, code)
        mine = client.get("/api/me").json()["completions"]
        assert [(c["id"], c["training"], c["title"]) for c in mine] == [
            (COMPLETION, "hygien", "Basal hygien (2023)")
        ]
        again = {
            "id": "1c0a3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c",
            "training": "hygien",
            "completed_on": "2024-02-01",
        }
        assert client.post("/api/completions", json=again).json()["id"] == COMPLETION
    with direct(store) as connection:
        registration = connection.execute("SELECT training, completed_on FROM attendance_registrations")
        assert [tuple(row) for row in registration.fetchall()] == [("hygien", "2024-02-01")]
        applied = connection.execute("SELECT name FROM schema_migrations WHERE version = 6").fetchone()
        assert tuple(applied) == ("0006_training.sql",)
    connection.close()
