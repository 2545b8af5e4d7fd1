"""A large staff import, run with the CLI while the service runs, never holds the write lock so long
that the service's writer gives up: it writes in bounded batches and leaves gaps between them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.support.service_app import TINY_CATALOGUE
from tests.support.service_server import ROOT, service_env

ROWS = 40_000
# Far below the service's own busy timeout (5 s): what a writer waits for one batch of an import.
PATIENCE_MS = 1000


def import_command(tmp_path: Path, rows: int, name: str) -> list[str]:
    staff = tmp_path / f"{name}.csv"
    lines = ["anställningsnummer;namn;kommun;enhet;roll;startdatum"]
    lines += [f"{name}-{n};Person {n};Åsele;Enhet {n % 40};Undersköterska;2020-01-01" for n in range(rows)]
    staff.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / f"{name}-koder.csv"
    return [sys.executable, "-m", "progress_service", "import-staff", str(staff), "--codes-out", str(out)]


def test_a_writer_waiting_at_most_a_second_always_gets_its_turn_during_a_large_import(tmp_path: Path) -> None:
    db = tmp_path / "bulk.db"
    env = service_env(db, TINY_CATALOGUE)
    subprocess.run(import_command(tmp_path, 1, "first"), cwd=ROOT, env=env, check=True, capture_output=True)
    probe = sqlite3.connect(db, isolation_level=None, timeout=PATIENCE_MS / 1000)
    probe.execute("CREATE TABLE probe (at REAL)")
    importing = subprocess.Popen(
        import_command(tmp_path, ROWS, "bulk"), cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    turns = 0
    try:
        while importing.poll() is None:
            probe.execute("BEGIN IMMEDIATE")  # raises "database is locked" after PATIENCE_MS
            probe.execute("INSERT INTO probe VALUES (?)", (time.monotonic(),))
            probe.execute("COMMIT")
            turns += 1
            time.sleep(0.005)
    finally:
        importing.wait(60)
        probe.close()
    assert importing.returncode == 0
    assert turns > 10
    with sqlite3.connect(db) as connection:
        assert connection.execute(
            "SELECT count(*) FROM staff WHERE employee_number LIKE 'bulk-%'"
        ).fetchone() == (ROWS,)
