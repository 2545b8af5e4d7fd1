"""Migrations on a database that already holds rows made by the schema before them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from progress_service import Settings, create_app, db
from progress_service.people import add_staff, set_code
from tests.support.service_app import SECRET, START, sign_in

COMPLETION = "0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c"


def old_database(path: Path, schema: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database made by migrations 0001–0005 (the service said `course`), with one person's
    completion and an attendance registration in it; the person's code."""
    schema.mkdir()
    for migration in sorted(db.MIGRATIONS_DIR.glob("000[1-5]_*.sql")):
        shutil.copy(migration, schema)
    path.parent.mkdir(parents=True)
    with monkeypatch.context() as patch:
        patch.setattr(db, "MIGRATIONS_DIR", schema)
        connection = sqlite3.connect(path, isolation_level=None)
        connection.row_factory = sqlite3.Row
        db.migrate(connection)
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
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = old_database(settings.db_path, tmp_path / "old-schema", monkeypatch)
    with TestClient(create_app(settings)) as client:  # the service migrates the file on start
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
    with sqlite3.connect(settings.db_path) as connection:
        registration = connection.execute("SELECT training, completed_on FROM attendance_registrations")
        assert registration.fetchall() == [("hygien", "2024-02-01")]
        applied = connection.execute("SELECT name FROM schema_migrations WHERE version = 6").fetchone()
        assert applied == ("0006_training.sql",)
