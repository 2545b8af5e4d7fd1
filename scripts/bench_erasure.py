"""Benchmark: erasing a person and the daily retention on a large database. Budget: the file
rewrite after an erasure (VACUUM and log truncation, while other writes wait) < 5 s for 200,000
completions.

    python -m scripts.bench_erasure [--people 5000] [--per-person 40]

Builds a migrated SQLite file with that many people, completions and rating comments, then
prints the file's size, the erasure's own time, the rewrite's, and retention's.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from progress_service.db import connect_writer, migrate, scrub
from progress_service.erasure import apply_retention, erase

BUDGET_SECONDS = 5.0


def fill(connection: sqlite3.Connection, people: int, per_person: int) -> int:
    connection.execute("BEGIN")
    connection.execute("INSERT INTO municipalities VALUES ('asele', 'Åsele')")
    connection.execute("INSERT INTO units (municipality_id, name) VALUES ('asele', 'Enheten')")
    connection.executemany(
        "INSERT INTO staff (municipality_id, unit_id, employee_number, name, start_date)"
        " VALUES ('asele', 1, ?, ?, '2020-01-01')",
        [(f"E{n}", f"Person {n}") for n in range(people)],
    )
    rows = [
        (str(uuid.uuid4()), person + 1, f"kurs-{k}", f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}")
        for person in range(people)
        for k in range(per_person)
    ]
    connection.executemany(
        "INSERT INTO completions (id, staff_id, training, training_title, hours, completed_on, recorded_at)"
        " VALUES (?, ?, ?, 'Kurs', 1.5, ?, '2025-01-01T00:00:00+00:00')",
        rows,
    )
    connection.executemany(
        "INSERT INTO ratings VALUES (?, 4, 'en kommentar om kursen', '2025-01-01')",
        [(r[0],) for r in rows[::2]],
    )
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return len(rows)


def timed(job: sqlite3.Connection, work: str) -> float:
    started = time.perf_counter()
    job.execute("BEGIN IMMEDIATE")
    if work == "erase":
        erase(job, "asele", "E77", None, "bench")
    else:
        apply_retention(job, 1, 120)
    job.execute("COMMIT")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--per-person", type=int, default=40)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "bench.db"
        connection = connect_writer(path)
        migrate(connection)
        completions = fill(connection, arguments.people, arguments.per_person)
        print(f"{path.stat().st_size / 1e6:.0f} MB, {arguments.people} people, {completions} completions")
        print(f"erasure: {timed(connection, 'erase') * 1000:.0f} ms")
        started = time.perf_counter()
        scrub(path)
        rewrite = time.perf_counter() - started
        print(f"rewrite (VACUUM, log truncated): {rewrite:.2f} s (budget {BUDGET_SECONDS:.0f} s)")
        print(f"retention, {completions // 2} comments: {timed(connection, 'retain'):.2f} s")
        connection.close()
    return 0 if rewrite < BUDGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
