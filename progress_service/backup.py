"""Online backup and verified restore of the SQLite database.

`backup` uses SQLite's backup API from its own connection: it copies a consistent snapshot while
the service keeps running and writing. `restore` refuses while the service runs (it holds a lock
file), checks the copy with `PRAGMA integrity_check` first, and keeps the replaced database
beside it, so a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path


class BackupError(Exception):
    pass


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextlib.contextmanager
def exclusive(db_path: Path) -> Iterator[None]:
    """Held by the running service; a second service or a restore cannot take it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path(db_path).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(
                f"Databasen {db_path} används av en tjänst som körs. Stoppa tjänsten först."
            ) from None
        yield


def _copy(source: Path, destination: Path) -> None:
    """A consistent copy of `source` at `destination`, written beside it and renamed into place."""
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600))  # a copy of personal data
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(partial)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    check_integrity(partial)
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.replace(destination)
    sync_folder(destination.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable: until the folder itself is synced, a power cut can undo it."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def check_integrity(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"{path} finns inte.")
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            connection.execute("SELECT count(*) FROM schema_migrations").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} är ingen databas från tjänsten: {error}") from None
    if result != "ok":
        raise BackupError(f"{path} är skadad: {result}")


def backup(db_path: Path, destination: Path) -> None:
    if not db_path.is_file():
        raise BackupError(f"Databasen {db_path} finns inte.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    _copy(db_path, destination)


def restore(db_path: Path, source: Path) -> Path | None:
    """Replace the database with `source`; the path the replaced database was kept at."""
    check_integrity(source)
    with exclusive(db_path):
        kept = None
        if db_path.exists():
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = db_path.with_name(f"{db_path.name}.före-återställning-{stamp}")
            _copy(db_path, kept)
        # The old write-ahead log belongs to the old file (its content is in the kept copy).
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        _copy(source, db_path)
        return kept
