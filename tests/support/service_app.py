"""The progress service inside the test process: its test settings' constants, and helpers to enrol
people and sign them in through a starlette TestClient (the `client` fixture of tests/service)."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from starlette.testclient import TestClient

from progress_service import Settings
from progress_service.db import one
from progress_service.people import add_staff, set_code
from progress_service.postgres import connect
from progress_service.service import Service

T = TypeVar("T")
TINY_CATALOGUE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"
SECRET = b"test-secret-key-that-is-long-enough-0123456789"
ALLOWED_ORIGIN = "https://omsorg.example"
START = datetime.date(2024, 1, 15)
# For a test of SQLite itself (its file, its lock, its writer thread): the one store it is about.
SQLITE_ONLY = pytest.mark.parametrize("database_url", [None], ids=["sqlite"])


def direct(store: Settings | Path | str) -> sqlite3.Connection:
    """A connection straight to a test's store, past the service: the SQLite file, or the PostgreSQL
    database through the same adapter the service uses (`?` placeholders, sqlite3's errors). As
    with sqlite3, `with connection:` commits; foreign keys hold on both."""
    if isinstance(store, Settings):
        store = store.database_url or store.db_path
    if isinstance(store, str):
        # Each statement its own transaction, as in Python's sqlite3 for anything but DML: a refused
        # statement (the audit log's trigger) does not abort the ones after it.
        return connect(store, autocommit=True)
    connection = sqlite3.connect(store)
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def service(client: TestClient) -> Service:
    found: Service = client.app_state["service"]
    return found


def run(client: TestClient, function: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Run a coroutine function on the test app's event loop (where its database lives)."""
    assert client.portal is not None, "use the client inside `with TestClient(...)`"
    return client.portal.call(function, *args)


def enrol(
    client: TestClient,
    employee_number: str = "1001",
    role: str | None = "underskoterska",
    start: datetime.date = START,
    unit: str = "Hemtjänst Norr",
    municipality: str = "asele",
) -> str:
    """Add a person (in Åsele unless told) to the test database; their personal code."""

    def job(connection: sqlite3.Connection) -> str:
        staff_id = add_staff(
            connection, municipality, unit, employee_number, f"Person {employee_number}", role, start
        )
        return set_code(connection, SECRET, staff_id)

    async def write() -> str:
        return await service(client).db.write(job)

    return run(client, write)


def sign_in(client: TestClient, code: str) -> None:
    response = client.post("/api/session", json={"code": code})
    assert response.status_code == 200, response.text


def count(client: TestClient, table: str) -> int:
    async def read() -> Any:
        row = await service(client).db.read(one(f"SELECT count(*) FROM {table}"))
        assert row is not None
        return row[0]

    result: int = run(client, read)
    return result
