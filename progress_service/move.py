"""`python -m progress_service move-to URL`: the SQLite database copied into an empty PostgreSQL one.

Nothing is read from the live file while copying: first an online backup (SQLite's backup API, so
the service may keep running), and the copy is made from that snapshot, brought up to the newest
migration. The target must be empty — a move never mixes two databases — and gets the same
migrations in PostgreSQL's dialect, then every table's rows through COPY in one transaction, in an
order that satisfies the foreign keys. Identities continue after the highest id moved.

Before anything is committed, each table's row count and checksum (SHA-256 over every row's values,
independent of row order) are compared on both sides; any difference rolls the whole move back.
Writes the service takes after the snapshot are not in the copy: stop the service (or accept
that) before the move, then start it with OMSORG_DATABASE_URL set (README, "Byta databas").
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from progress_service.backup import backup
from progress_service.db import migrate as migrate_sqlite
from progress_service.postgres import CREATEDB, Connection, check_collation, connect
from progress_service.postgres import migrate as migrate_postgres

BATCH = 5000


class MoveRefused(Exception):
    """The move cannot start or did not check out; nothing was committed in the target."""


@dataclass(frozen=True)
class Moved:
    table: str
    rows: int
    checksum: str


def move_to(source: Path, url: str) -> tuple[Path, list[Moved]]:
    """Copy the SQLite database at `source` into the empty PostgreSQL database at `url`; the
    snapshot it was copied from (kept as a backup) and what was moved."""
    if not source.is_file():
        raise MoveRefused(f"Databasen {source} finns inte.")
    snapshot = source.with_name(f"{source.name}.före-flytt-{datetime.datetime.now():%Y%m%d-%H%M%S}")
    backup(source, snapshot)
    with contextlib.closing(sqlite3.connect(snapshot, isolation_level=None)) as sqlite:
        migrate_sqlite(sqlite)
        target = connect(url)
        try:
            _check_empty(target, url)
            check_collation(target, url)
            migrate_postgres(target)
            moved = _copy_all(sqlite, cast(Connection, target))
            target.commit()
        finally:
            target.close()
    return snapshot, moved


def _check_empty(target: sqlite3.Connection, url: str) -> None:
    row = target.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    ).fetchone()
    if row is not None and row[0]:
        raise MoveRefused(
            f"Databasen i OMSORG_DATABASE_URL ({url.rsplit('/', 1)[-1]}) har redan {row[0]} tabeller. Flytten"
            f" skriver bara till en tom databas: skapa en ny med `{CREATEDB}`."
        )


def tables_in_order(sqlite: sqlite3.Connection) -> list[str]:
    """Every table of the service's data, each after the tables its foreign keys point at. Not the
    record versions: the target's triggers count them afresh as the rows arrive (migration 0008)."""
    names = [
        row[0]
        for row in sqlite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT IN ('schema_migrations', 'record_versions') ORDER BY name"
        )
    ]
    parents = {
        name: {row[2] for row in sqlite.execute(f"PRAGMA foreign_key_list({name})")} - {name}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [name for name in names if name not in ordered and parents[name] <= set(ordered)]
        if not ready:
            raise MoveRefused(f"Tabellerna {sorted(set(names) - set(ordered))} pekar på varandra i en ring.")
        ordered.extend(ready)
    return ordered


def _copy_all(sqlite: sqlite3.Connection, target: Connection) -> list[Moved]:
    source_versions = [row[0] for row in sqlite.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    target_versions = [
        row[0] for row in target.raw.execute("SELECT version FROM schema_migrations ORDER BY 1")
    ]
    if source_versions != target_versions:
        raise MoveRefused(f"Olika migreringar: SQLite {source_versions}, PostgreSQL {target_versions}.")
    moved = []
    for table in tables_in_order(sqlite):
        columns = [row[1] for row in sqlite.execute(f"PRAGMA table_info({table})")]
        target_columns = _columns(target, table)
        # PostgreSQL's sessions keep SQLite's rowid as a column (progress_service/auth.py orders by it).
        selected = columns + [c for c in target_columns if c == "rowid" and c not in columns]
        rows = sqlite.execute(f"SELECT {', '.join(selected)} FROM {table} ORDER BY rowid")
        with target.raw.cursor().copy(f"COPY {table} ({', '.join(selected)}) FROM STDIN") as copy:
            for row in _all(rows):
                copy.write_row(row)
        _continue_identity(target, table)
        moved.append(_compare(sqlite, target, table, columns))
    return moved


def _columns(target: Connection, table: str) -> list[str]:
    sql = "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position"
    return [row[0] for row in target.raw.execute(sql, (table,))]


def _continue_identity(target: Connection, table: str) -> None:
    sql = (
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND is_identity = 'YES' AND column_name <> 'rowid'"
    )
    for (column,) in target.raw.execute(sql, (table,)).fetchall():
        target.raw.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
            f" coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
        )


def checksum(rows: Iterable[Iterable[Any]]) -> tuple[int, str]:
    """(row count, SHA-256) of the rows, whatever their order: each row's digest, sorted, hashed."""
    digests = sorted(hashlib.sha256(json.dumps(list(row), default=str).encode()).digest() for row in rows)
    return len(digests), hashlib.sha256(b"".join(digests)).hexdigest()


def _compare(sqlite: sqlite3.Connection, target: Connection, table: str, columns: list[str]) -> Moved:
    select = f"SELECT {', '.join(columns)} FROM {table}"
    before = checksum(_all(sqlite.execute(select)))
    after = checksum(_all(target.raw.execute(cast(Any, select))))
    if before != after:
        raise MoveRefused(
            f"Tabellen {table} stämmer inte efter flytten: {before[0]} rader före, {after[0]} efter"
            " (eller olika innehåll). Inget är sparat i PostgreSQL."
        )
    return Moved(table, before[0], before[1])


def _all(cursor: Any) -> Iterator[Any]:
    for batch in iter(lambda: cursor.fetchmany(BATCH), []):
        yield from batch
