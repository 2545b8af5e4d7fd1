"""The writer cannot die silently: a failure that escapes a batch fails only that batch's requests
(503), the writer reopens its connection and goes on, or stops and says so on /healthz; no caller
waits for it forever."""

from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from progress_service.db import Database, SqliteDatabase, WriterUnavailable
from tests.support.service_app import SQLITE_ONLY, run, service

COMPLETION = {
    "id": "0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c",
    "training": "hygien",
    "completed_on": "2024-05-02",
}


class Escapes(BaseException):
    """Not an Exception: gets past a job's own error handling, as a KeyboardInterrupt would."""


def with_database(path: Path, scenario: Callable[[Database], Awaitable[None]], **options: Any) -> None:
    async def main() -> None:
        db = SqliteDatabase(path, **options)
        await db.open()
        try:
            await scenario(db)
        finally:
            await db.close()

    # On a thread of its own: Playwright's sync API keeps an event loop running on this one once the
    # browser tests have started. The timeout makes a writer that hangs fail the test, not stall it.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, asyncio.wait_for(main(), 30)).result()


def escape(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE TABLE never_kept (id INTEGER)")
    raise Escapes


def close_under_the_writer(connection: sqlite3.Connection) -> None:
    connection.close()  # what follows, RELEASE and then ROLLBACK, fails on a closed connection


def one(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT 1").fetchone()[0])


@pytest.mark.parametrize("failure", [escape, close_under_the_writer])
def test_a_failure_escaping_a_batch_fails_that_write_and_the_writer_goes_on(
    tmp_path: Path, failure: Callable[[sqlite3.Connection], None]
) -> None:
    async def scenario(db: Database) -> None:
        with pytest.raises(WriterUnavailable):
            await db.write(failure)
        assert await db.write(one) == 1
        assert (await db.health()).ok
        tables = await db.read(lambda c: [r[0] for r in c.execute("SELECT name FROM sqlite_master")])
        assert "never_kept" not in tables

    with_database(tmp_path / "x.db", scenario)


def test_no_caller_waits_longer_than_the_write_timeout(tmp_path: Path) -> None:
    async def scenario(db: Database) -> None:
        slow = asyncio.ensure_future(db.write(lambda c: time.sleep(2)))
        started = time.monotonic()
        with pytest.raises(WriterUnavailable):
            await db.write(one)
        assert time.monotonic() - started < 1.0
        await asyncio.sleep(0.3)  # the batch has now run longer than the timeout, whenever it began
        assert (await db.health()).writer == "stuck"
        with pytest.raises(WriterUnavailable):
            await slow
        await asyncio.sleep(1.8)
        assert await db.write(one) == 1
        assert (await db.health()).writer == "running"

    with_database(tmp_path / "x.db", scenario, write_timeout=0.4)


@SQLITE_ONLY
def test_a_writer_that_cannot_reopen_stops_and_every_write_and_healthz_say_so(
    staff: TestClient, tmp_path: Path
) -> None:
    folder = service(staff).settings.db_path.parent

    def lose_the_disk(connection: sqlite3.Connection) -> None:
        shutil.rmtree(folder)
        connection.close()

    with pytest.raises(WriterUnavailable):
        run(staff, service(staff).db.write, lose_the_disk)
    started = time.monotonic()
    response = staff.post("/api/completions", json=COMPLETION)
    assert time.monotonic() - started < 2
    assert response.status_code == 503 and response.headers["retry-after"]
    assert response.json() == {"error": "unavailable", "message": WriterUnavailable().args[0]}
    health = staff.get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "error" and health.json()["writer"] == "stopped"
