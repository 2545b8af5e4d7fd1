"""The database: one writer connection that owns every write, read connections beside it.

Writes are jobs handed to the writer through one asyncio queue. The writer takes every job that
is waiting, runs each inside its own SAVEPOINT within one `BEGIN IMMEDIATE` transaction and
commits once (group commit): a job that fails is rolled back alone, and no caller hears
"done" before the COMMIT — with synchronous=FULL in WAL mode, fsynced — has returned. That is
what lets an acknowledged write survive kill -9 while keeping one fsync per batch, not per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MAX_BATCH = 64
READERS = 2
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)

T = TypeVar("T")
WriteJob = Callable[[aiosqlite.Connection], Awaitable[T]]


def utc_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@dataclass
class _Pending:
    job: WriteJob[Any]
    done: asyncio.Future[Any]


async def connect(path: Path) -> aiosqlite.Connection:
    """A connection in autocommit mode: transactions are begun and committed explicitly."""
    connection = await aiosqlite.connect(path, isolation_level=None)
    connection.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        await connection.execute(pragma)
    return connection


async def migrate(connection: aiosqlite.Connection) -> list[str]:
    """Apply every numbered .sql file not yet recorded in schema_migrations; the names applied."""
    await connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations"
        " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    rows = await connection.execute_fetchall("SELECT version FROM schema_migrations")
    applied = {row[0] for row in rows}
    names = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        version = int(path.name.split("_", 1)[0])
        if version in applied:
            continue
        record = f"INSERT INTO schema_migrations VALUES ({version}, '{path.name}', '{utc_now()}');"
        try:
            await connection.executescript(f"BEGIN IMMEDIATE;\n{path.read_text()}\n{record}\nCOMMIT;")
        except sqlite3.Error:
            if connection.in_transaction:
                await connection.execute("ROLLBACK")
            raise
        names.append(path.name)
    return names


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._jobs: asyncio.Queue[_Pending | None] = asyncio.Queue()
        self._writer_task: asyncio.Task[None] | None = None

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = await connect(self.path)
        await migrate(self._writer)
        for _ in range(READERS):
            self._readers.put_nowait(await connect(self.path))
        self._writer_task = asyncio.create_task(self._run_writer())

    async def close(self) -> None:
        if self._writer_task is not None:
            self._jobs.put_nowait(None)
            await self._writer_task
        while not self._readers.empty():
            await self._readers.get_nowait().close()
        if self._writer is not None:
            await self._writer.close()

    async def write(self, job: WriteJob[T]) -> T:
        """Run `job` in a write transaction; returns once its result is committed."""
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._jobs.put_nowait(_Pending(job, done))
        return await done

    @contextlib.asynccontextmanager
    async def reader(self) -> AsyncIterator[aiosqlite.Connection]:
        connection = await self._readers.get()
        try:
            yield connection
        finally:
            self._readers.put_nowait(connection)

    @contextlib.asynccontextmanager
    async def snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read connection inside one transaction: every query sees the same state."""
        async with self.reader() as connection:
            await connection.execute("BEGIN")
            try:
                yield connection
            finally:
                await connection.execute("COMMIT")

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        async with self.reader() as connection:
            return await fetch_one(connection, sql, params)

    async def _run_writer(self) -> None:
        while True:
            first = await self._jobs.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < MAX_BATCH and not self._jobs.empty():
                following = self._jobs.get_nowait()
                if following is None:
                    self._jobs.put_nowait(None)
                    break
                batch.append(following)
            await self._commit(batch)

    async def _commit(self, batch: list[_Pending]) -> None:
        assert self._writer is not None
        writer = self._writer
        outcomes: list[tuple[_Pending, Any, BaseException | None]] = []
        try:
            await writer.execute("BEGIN IMMEDIATE")
            for pending in batch:
                outcomes.append(await _run_in_savepoint(writer, pending))
            await writer.execute("COMMIT")
        except sqlite3.Error as failure:
            if writer.in_transaction:
                await writer.execute("ROLLBACK")
            outcomes = [(pending, None, failure) for pending in batch]
        for pending, result, error in outcomes:
            if pending.done.done():
                continue
            if error is None:
                pending.done.set_result(result)
            else:
                pending.done.set_exception(error)


async def fetch_one(
    connection: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()
) -> sqlite3.Row | None:
    async with connection.execute(sql, tuple(params)) as cursor:
        row: sqlite3.Row | None = await cursor.fetchone()
        return row


async def fetch_all(
    connection: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()
) -> list[sqlite3.Row]:
    return list(await connection.execute_fetchall(sql, tuple(params)))


async def _run_in_savepoint(
    writer: aiosqlite.Connection, pending: _Pending
) -> tuple[_Pending, Any, BaseException | None]:
    await writer.execute("SAVEPOINT job")
    try:
        result = await pending.job(writer)
    except Exception as error:  # the job's own failure: undo only its changes
        await writer.execute("ROLLBACK TO job")
        await writer.execute("RELEASE job")
        return pending, None, error
    await writer.execute("RELEASE job")
    return pending, result, None
