"""Staff imports in bulk: a list longer than a statement may carry values is written whole, and the
codes file lists the codes that were stored and no other — when a batch is rolled back at COMMIT,
its codes, already written and synced, are taken out again."""

from __future__ import annotations

import asyncio
import concurrent.futures
import sqlite3
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from catalogue import load_catalogue
from progress_service import Settings
from progress_service.db import BULK_ROWS
from progress_service.people import code_hash
from progress_service.postgres import PostgresDatabase
from progress_service.staff_import import StaffRow, apply_rows, import_staff
from tests.support.postgres_server import PostgresServer
from tests.support.service_app import SECRET, SQLITE_ONLY, TINY_CATALOGUE, direct

# Checked only when a transaction commits, as a deferred constraint is: the batch with this person
# has written its codes by then, and is rolled back.
REFUSED_AT_COMMIT = """
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.employee_number = 'refused' THEN RAISE EXCEPTION 'refused at commit'; END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER refused AFTER INSERT ON staff DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION refuse();
INSERT INTO municipalities VALUES ('asele', 'Åsele');
"""


def test_the_codes_of_a_batch_rolled_back_at_commit_are_not_in_the_file(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    numbers = [f"p{n}" for n in range(2 * BULK_ROWS)] + ["refused"]
    text = "anställningsnummer;namn;kommun;enhet\n" + "".join(f"{n};Person {n};Åsele;Norr\n" for n in numbers)
    codes = tmp_path / "koder.csv"
    with postgres.fresh_database() as url:
        with direct(url) as connection:
            connection.execute(REFUSED_AT_COMMIT)

        async def run() -> int:
            db = PostgresDatabase(url)
            await db.open()
            try:
                return await import_staff(db, load_catalogue(TINY_CATALOGUE), SECRET, text, codes)
            finally:
                await db.close()

        # On a thread of its own: Playwright's sync API, once a browser test has run, leaves an
        # event loop running on this one.
        with concurrent.futures.ThreadPoolExecutor(1) as thread, pytest.raises(Exception, match="refused"):
            thread.submit(asyncio.run, run()).result()
        with direct(url) as connection:
            stored = dict(connection.execute("SELECT employee_number, code_hash FROM staff").fetchall())
    lines = [line.split(";") for line in codes.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert len(stored) == 2 * BULK_ROWS and "refused" not in stored
    assert {number: code_hash(SECRET, code) for number, _, _, _, code in lines} == stored


@SQLITE_ONLY
def test_one_job_applies_more_people_of_one_municipality_than_a_statement_takes_values(
    client: TestClient, settings: Settings
) -> None:
    """An upload on the web is applied in one job, however long the list (up to its 2 MB). A
    statement takes at most 65,535 values on PostgreSQL, 32,766 in SQLite's default build and 999
    in its builds before 3.32; the last is set here, which keeps the list short."""
    rows = [
        StaffRow(n, f"e{n}", f"Person {n}", "asele", "Åsele", f"Enhet {n % 3}", None, None)
        for n in range(2_000)
    ]
    with direct(settings) as connection:
        connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        assert len(apply_rows(connection, SECRET, rows)) == 2_000
        assert connection.execute("SELECT count(*) FROM staff").fetchone() == (2_000 + 1,)  # + the demo
