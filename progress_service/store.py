"""Which store the service uses: OMSORG_DATABASE_URL names a PostgreSQL database, else the SQLite
file (OMSORG_DB, var/omsorg.db). Everything else sees only `Database` (progress_service/db.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from progress_service.backup import exclusive
from progress_service.db import Database, SqliteDatabase, check_writable
from progress_service.postgres import PostgresDatabase, check_collation, connect
from progress_service.settings import Settings


def store_for(settings: Settings) -> Database:
    if settings.database_url:
        return PostgresDatabase(settings.database_url)
    return SqliteDatabase(settings.db_path)


def check_store(settings: Settings) -> None:
    """Before start: the SQLite file writable, or the PostgreSQL server reachable (DatabaseUnwritable
    or StoreUnreachable in one Swedish line naming the file or the setting)."""
    if settings.database_url:
        connection = connect(settings.database_url)
        try:
            check_collation(connection, settings.database_url)
        finally:
            connection.close()
    else:
        check_writable(settings.db_path)


@contextlib.contextmanager
def held(settings: Settings) -> Iterator[None]:
    """While the service runs: its SQLite file locked against a restore. A PostgreSQL database is
    shared by several instances and restored with PostgreSQL's own tools."""
    if settings.database_url:
        yield
        return
    with exclusive(settings.db_path):
        yield
