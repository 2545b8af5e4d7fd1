"""The database: `Database`, what every store offers (write jobs, bulk jobs in batches, read jobs,
health, a large export's rows), and SQLite's store: one writer connection that owns every write,
read connections beside it. progress_service/store.py picks the store from OMSORG_DATABASE_URL;
PostgreSQL's, for several instances on one database, is in progress_service/postgres.py.

Writes are jobs — plain functions of a sqlite3 connection — handed to the writer through one
queue. The writer takes every job that is waiting and runs the batch on its own thread in
one `BEGIN IMMEDIATE` transaction, each job inside a SAVEPOINT, then commits once (group commit):
a job that fails is rolled back alone, and no caller hears "done" before COMMIT — fsynced, with
synchronous=FULL in WAL mode — has returned. So an acknowledged write survives kill -9, at one
fsync per batch rather than per request.

The writer is a plain thread with its own sqlite3 connection, fed through a thread-safe queue
once per turn of the event loop (so a batch holds every request parsed in that turn): it runs a
whole batch without a round trip to the event loop per statement, and starts the next batch as
soon as one is committed. Measured in scripts/bench_service.py: driving the writer through
aiosqlite, one thread hop per statement, held completion POSTs to 450/s; this design gives about
2,700/s on the same machine.

Reads go the same way: `read(job)` runs a whole request's queries, in one transaction, as one
plain function on a small pool of reader threads. Through aiosqlite each statement was a thread
hop and a turn of the event loop, and the two connections were held across those turns, so at 64
connections GET /api/me (four statements) had p99 628 ms against 89 ms for a POST. With one hop
per request, on this machine at 64 connections (and other work on it): p99 560 ms before, 170 ms
after, 539 against 877 answers/s. Every query goes through `write(job)`, `write_batches` or
`read(job)`: one seam that a store of another kind (PostgreSQL, progress_service/postgres.py) fills.

A read known to be small can skip even that one hop: `read(job, inline=True)` runs it on the
event loop's own connection. The hop (and the threads taking turns at the GIL) cost more than a
small read: GET /api/me with 10 completions answered 913/s through the pool and 1,548/s inline
(scripts/bench_service.py, 16 connections, the same quiet machine, back to back). Large reads
stay on the pool so they never hold up the loop.

The writer cannot die silently: a failure escaping a batch (a job raising something that is not an
Exception, a ROLLBACK that fails) fails that batch's requests with WriterUnavailable, and the
writer reopens its connection and goes on; if it cannot, it stops and fails every later write at
once. No caller waits longer than `write_timeout`, and `health()` tells a supervisor all this.
"""

from __future__ import annotations

import abc
import asyncio
import concurrent.futures
import contextlib
import datetime
import errno
import itertools
import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from catalogue.alphabet import swedish_order

log = logging.getLogger("progress_service.db")

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MAX_BATCH = 64
READ_THREADS = 4
WRITE_TIMEOUT_SECONDS = 15.0
READ_TIMEOUT_SECONDS = 15.0
PROBE_TIMEOUT_SECONDS = 2.0
PROBE_EVERY_SECONDS = 1.0
# A bulk job's batch holds the write lock for about 50 ms (500 staff rows, measured on this
# machine), so a writer in another process waits at most about that long for its turn.
BULK_ROWS = 500
FETCH_ROWS = 2000
# After each bulk batch the lock is left free for as long as the batch held it, and at least this
# long. SQLite's busy handler polls every 1-25 ms during its first 100 ms of waiting and every
# 100 ms after: a waiting writer always sees a gap that long. With a fixed 30 ms gap, a writer in
# another process on a loaded machine (batches of 400 ms, slow wake-ups) could miss every gap.
BULK_GAP_SECONDS = 0.03
# Erasure's VACUUM and log truncation (scrub) wait this long for readers.
BUSY_MS = 10_000
CHECKPOINT_TRIES = 40
CHECKPOINT_PAUSE = 0.5
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741
WriteJob = Callable[[sqlite3.Connection], T]
ReadJob = Callable[[sqlite3.Connection], T]
Outcome = tuple[Any, BaseException | None]

UNAVAILABLE = "Tjänsten kan inte spara just nu. Försök igen om en stund."


class WriterUnavailable(Exception):
    """The writer could not take or finish a write in time; the caller may retry it."""

    def __init__(self, message: str = UNAVAILABLE) -> None:
        super().__init__(message)


class DatabaseUnwritable(Exception):
    """The service's user cannot write the database file or its folder."""


def utc_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class OneStatement(Generic[T]):
    """A job's common case as one statement (`?` placeholders, cast where a value is not text),
    tried before the job where the store gains by it (PostgreSQL: one round trip on the event loop,
    progress_service/postgres_loop.py): `answer` makes the job's result of the statement's first
    row. No row, an answer of None, or an error the statement raises to undo itself (a division by
    zero) means the statement did nothing, and the job runs. A write's statement sent twice must
    decline the second time (a connection that failed may have committed it first)."""

    sql: str
    params: tuple[Any, ...]
    answer: Callable[[Any], T]


@dataclass
class _Pending:
    job: WriteJob[Any]
    done: asyncio.Future[Any]


def select_one(connection: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
    row: sqlite3.Row | None = connection.execute(sql, tuple(params)).fetchone()
    return row


def one(sql: str, params: Iterable[Any] = ()) -> ReadJob[sqlite3.Row | None]:
    """A read job for the first row of one query (None when there is none)."""
    return lambda connection: select_one(connection, sql, params)


def every(sql: str, params: Iterable[Any] = ()) -> ReadJob[list[sqlite3.Row]]:
    """A read job for every row of one query."""
    return lambda connection: connection.execute(sql, tuple(params)).fetchall()


def connect_writer(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are begun and committed explicitly."""
    return _connect(path, PRAGMAS)


def _connect(path: Path, pragmas: Sequence[str]) -> sqlite3.Connection:
    connection = with_functions(sqlite3.connect(path, isolation_level=None, check_same_thread=False))
    connection.row_factory = sqlite3.Row
    for pragma in pragmas:
        connection.execute(pragma)
    return connection


OS_ERRORS = {
    errno.EACCES: "åtkomst nekas",
    errno.EPERM: "åtkomst nekas",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOSPC: "disken är full",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
}


def with_functions(connection: sqlite3.Connection) -> sqlite3.Connection:
    """`connection` with the SQL functions the service's statements use beyond SQLite's own:
    swedish_order(text), the key of Swedish alphabetical order (PostgreSQL's is migration 0009)."""
    connection.create_function("swedish_order", 1, _key_or_null, deterministic=True)
    return connection


def _key_or_null(text: str | None) -> str | None:
    return None if text is None else swedish_order(text)  # NULL in, NULL out, as in PostgreSQL


def check_writable(path: Path) -> None:
    """Raise DatabaseUnwritable, in one Swedish line naming the file, unless the service can write it.

    SQLite also writes `-wal` and `-shm` files beside the database, so the folder must be writable.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Personal data: readable by the service's user only (SQLite gives -wal and -shm the same mode).
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    except OSError as error:
        reason = OS_ERRORS.get(error.errno or 0, error.strerror or str(error))
        raise DatabaseUnwritable(_unwritable(path, reason)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseUnwritable(_unwritable(folder, "mappen går inte att skriva i"))


def _unwritable(path: Path, reason: str) -> str:
    return (
        f"Kan inte skriva databasen {path} ({reason}). Kör tjänsten som den användare som äger"
        " filen och mappen, eller ge den användaren skrivrätt (chown/chmod)."
    )


def migrations_for(dialect: str, directory: Path = MIGRATIONS_DIR) -> list[tuple[int, str, Path]]:
    """(version, name, file) of every numbered migration, in order, for one dialect.

    `0001_initial.sql` is for both stores; where the dialects really differ (identity columns,
    triggers) `0001_initial.postgresql.sql` beside it is PostgreSQL's version of the same step.
    Both record the step under the shared name, so a database moved from one store to the other
    knows which steps it has.
    """
    found = []
    for path in sorted(directory.glob("*.sql")):
        name, _, rest = path.name.partition(".")
        if rest != "sql":
            continue
        own = path.with_name(f"{name}.{dialect}.sql")
        found.append((int(name.split("_", 1)[0]), path.name, own if own.is_file() else path))
    return found


def migrate(connection: sqlite3.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply every numbered .sql file not yet recorded in schema_migrations; the names applied."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations"
        " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = {row[0] for row in connection.execute("SELECT version FROM schema_migrations")}
    names = []
    for version, name, path in migrations_for("sqlite", directory):
        if version in applied:
            continue
        record = f"INSERT INTO schema_migrations VALUES ({version}, '{name}', '{utc_now()}');"
        try:
            connection.executescript(f"BEGIN IMMEDIATE;\n{path.read_text()}\n{record}\nCOMMIT;")
        except sqlite3.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        names.append(name)
    return names


def commit_batch(writer: sqlite3.Connection, jobs: list[WriteJob[Any]]) -> list[Outcome]:
    """Run every job in one transaction, each undoable alone; their results or errors."""
    outcomes: list[Outcome] = []
    try:
        writer.execute("BEGIN IMMEDIATE")
        outcomes = [_in_savepoint(writer, job) for job in jobs]
        writer.execute("COMMIT")
    except sqlite3.Error as failure:
        if writer.in_transaction:
            writer.execute("ROLLBACK")
        return [(None, failure) for _ in jobs]
    return outcomes


def _in_savepoint(writer: sqlite3.Connection, job: WriteJob[Any]) -> Outcome:
    writer.execute("SAVEPOINT job")
    try:
        result = job(writer)
    except Exception as error:  # the job's own failure: undo only its changes
        writer.execute("ROLLBACK TO job")
        writer.execute("RELEASE job")
        return None, error
    writer.execute("RELEASE job")
    return result, None


@dataclass
class Health:
    """What /healthz tells a supervisor: `writer` is running, failing (its last batch failed in a way
    it had to recover from), stuck (a batch has run longer than the write timeout) or stopped."""

    writer: str
    database: str

    @property
    def ok(self) -> bool:
        return self.writer == "running" and self.database == "reachable"


class Database(abc.ABC):
    """A store: write jobs, bulk jobs in batches, read jobs, health. SQLite's below; PostgreSQL's in
    progress_service/postgres.py."""

    # Whether `write` tries a OneStatement before the job (callers build one only then).
    tries_one_statement = False

    def __init__(self, write_timeout: float = WRITE_TIMEOUT_SECONDS) -> None:
        self.write_timeout = write_timeout
        self._stopped = False
        self._failing = False
        self._probe: tuple[float, bool] = (-PROBE_EVERY_SECONDS, False)

    @abc.abstractmethod
    async def open(self) -> None: ...

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    async def write(self, job: WriteJob[T], *, first: OneStatement[T] | None = None) -> T:
        """Run `job` in a write transaction; returns once its result is committed. `first`, the
        job's common case in one statement, is tried before it where that saves work (PostgreSQL).

        Raises WriterUnavailable when the store cannot take the write, or has not answered within
        `write_timeout` (the job may still be committed later: clients retry with the same id).
        """

    @abc.abstractmethod
    async def read(self, job: ReadJob[T], *, inline: bool = False, first: OneStatement[T] | None = None) -> T:
        """Run `job` on a read connection inside one transaction (one state for all its queries);
        `first`, its common case in one statement, is tried before it where that saves work."""

    @abc.abstractmethod
    def export_rows(
        self, sql: str, params: Sequence[Any]
    ) -> contextlib.AbstractContextManager[Iterator[Any]]:
        """For a thread of its own: a large query's rows, fetched in batches (a report's file)."""

    @abc.abstractmethod
    async def compact(self) -> None:
        """Rewrite the stored data so that deleted text is gone from the files (after an erasure)."""

    @abc.abstractmethod
    def _writer_state(self, now: float) -> str: ...

    async def write_batches(
        self, items: Sequence[I], job_for: Callable[[Sequence[I]], WriteJob[list[T]]], size: int = BULK_ROWS
    ) -> list[T]:
        """A bulk job as bounded write jobs of `size` items each; their results, in order.

        Requests queued meanwhile get their turn between batches, and so does the service's writer
        when a command in another process runs the bulk job (SQLite's lock, with a gap after each batch).
        """
        results: list[T] = []
        for start in range(0, len(items), size):
            began = time.monotonic()
            results.extend(await self.write(job_for(items[start : start + size])))
            await asyncio.sleep(self._pause_after(time.monotonic() - began))
        return results

    def _pause_after(self, batch_seconds: float) -> float:
        """How long the store's lock stays free after a bulk batch held it (see BULK_GAP_SECONDS)."""
        return max(BULK_GAP_SECONDS, batch_seconds)

    async def health(self) -> Health:
        """The writer's state and whether a read reaches the database (probed at most once a second)."""
        probed_at, reachable = self._probe
        now = time.monotonic()
        if now - probed_at >= PROBE_EVERY_SECONDS:
            self._probe = (now, reachable)  # concurrent checks reuse the last answer meanwhile
            reachable = await self._reachable()
            self._probe = (now, reachable)
        return Health(self._writer_state(now), "reachable" if reachable else "unreachable")

    async def _reachable(self) -> bool:
        try:
            await asyncio.wait_for(self.read(_probe), PROBE_TIMEOUT_SECONDS)
        except (sqlite3.Error, TimeoutError, RuntimeError, WriterUnavailable):
            return False
        return True


class SqliteDatabase(Database):
    def __init__(self, path: Path, write_timeout: float = WRITE_TIMEOUT_SECONDS) -> None:
        super().__init__(write_timeout)
        self.path = path
        self._jobs: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._waiting: list[_Pending] = []
        self._writer: threading.Thread | None = None
        self._read_pool = concurrent.futures.ThreadPoolExecutor(
            READ_THREADS, thread_name_prefix="sqlite-reader"
        )
        self._read_connections: list[sqlite3.Connection] = []
        self._local = threading.local()
        self._busy_since: float | None = None

    async def open(self) -> None:
        await asyncio.to_thread(check_writable, self.path)
        writer = await asyncio.to_thread(connect_writer, self.path)
        await asyncio.to_thread(migrate, writer)
        loop = asyncio.get_running_loop()
        self._writer = threading.Thread(target=self._run_writer, args=(writer, loop), name="sqlite-writer")
        self._writer.start()

    async def close(self) -> None:
        if self._writer is not None:
            self._hand_over()  # writes accepted in this turn are committed before the writer stops
            self._jobs.put(None)
            await asyncio.to_thread(self._writer.join, self.write_timeout)
            if self._writer.is_alive():
                log.error("the writer did not stop within %.0f s; closing anyway", self.write_timeout)
        await asyncio.to_thread(self._read_pool.shutdown)
        for connection in self._read_connections:
            connection.close()

    async def write(self, job: WriteJob[T], *, first: OneStatement[T] | None = None) -> T:
        """The job joins the writer's next batch. `first` is not tried: the batch costs no round
        trip per statement, and SQLite's SQL has no data-modifying WITH for it anyway."""
        if self._stopped:
            raise WriterUnavailable()
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self._waiting.append(_Pending(job, done))
        if len(self._waiting) == 1:
            # Hand over once per turn of the event loop: every request parsed in this turn joins the batch.
            loop.call_soon(self._hand_over)
        deadline = loop.call_later(self.write_timeout, _give_up, done)
        try:
            return await done
        finally:
            deadline.cancel()

    async def read(self, job: ReadJob[T], *, inline: bool = False, first: OneStatement[T] | None = None) -> T:
        """On a reader thread: one thread hop for a whole request's reads, and anything costly the
        job does with the result (building and encoding a large answer) stays off the event loop too.
        With `inline`, for a job known to take well under a millisecond, on the event loop instead.
        `first` is not tried: a read from SQLite's file crosses no network.
        """
        if inline:
            return self._run_read(job)
        future = asyncio.get_running_loop().run_in_executor(self._read_pool, self._run_read, job)
        return await asyncio.wait_for(future, READ_TIMEOUT_SECONDS)

    def _run_read(self, job: ReadJob[T]) -> T:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = _connect(self.path, PRAGMAS[1:])
            self._local.connection = connection
            self._read_connections.append(connection)
        connection.execute("BEGIN")
        try:
            return job(connection)
        finally:
            connection.execute("COMMIT")

    @contextlib.contextmanager
    def export_rows(self, sql: str, params: Sequence[Any]) -> Iterator[Iterator[Any]]:
        """A read-only connection of the export's own: the writer goes on while it reads its snapshot
        (WAL), and no shared read connection is held for the seconds a million rows take."""
        connection = with_functions(
            sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        )
        try:
            cursor = connection.execute(sql, tuple(params))
            yield itertools.chain.from_iterable(iter(lambda: cursor.fetchmany(FETCH_ROWS), []))
        finally:
            connection.close()

    async def compact(self) -> None:
        await asyncio.to_thread(scrub, self.path)

    def _writer_state(self, now: float) -> str:
        if self._stopped or self._writer is None or not self._writer.is_alive():
            return "stopped"
        busy_since = self._busy_since
        if busy_since is not None and now - busy_since > self.write_timeout:
            return "stuck"
        return "failing" if self._failing else "running"

    def _run_writer(self, writer: sqlite3.Connection, loop: asyncio.AbstractEventLoop) -> None:
        """The writer thread: takes whatever jobs wait, commits them, hands the outcomes back.

        It starts the next batch as soon as one is committed, without waiting for the event loop.
        """
        current: sqlite3.Connection | None = writer
        try:
            while current is not None and (batch := self._next_batch()) is not None:
                current, outcomes = self._guarded_batch(current, batch)
                loop.call_soon_threadsafe(_settle, batch, outcomes)
        finally:
            self._stopped = True
            if current is not None:
                current.close()
            loop.call_soon_threadsafe(self._fail_queued)

    def _guarded_batch(
        self, writer: sqlite3.Connection, batch: list[_Pending]
    ) -> tuple[sqlite3.Connection | None, list[Outcome]]:
        """Commit one batch; on a failure that escapes it, fail the batch and reopen the connection
        (None when that fails too: the writer stops)."""
        self._busy_since = time.monotonic()
        try:
            outcomes = commit_batch(writer, [pending.job for pending in batch])
            self._failing = False
            return writer, outcomes
        except BaseException:
            log.exception("a write batch failed outside its jobs; reopening the writer's connection")
            self._failing = True
            return self._reopen(writer), [(None, WriterUnavailable()) for _ in batch]
        finally:
            self._busy_since = None

    def _reopen(self, writer: sqlite3.Connection) -> sqlite3.Connection | None:
        with contextlib.suppress(sqlite3.Error):
            writer.close()  # rolls back whatever the failed batch left open
        try:
            return connect_writer(self.path)
        except sqlite3.Error:
            log.exception("the writer stopped: it cannot reopen %s", self.path)
            return None

    def _hand_over(self) -> None:
        waiting, self._waiting = self._waiting, []
        for pending in waiting:
            self._jobs.put(pending)
        if self._stopped:
            self._fail_queued()

    def _fail_queued(self) -> None:
        """On the event loop once the writer has stopped: nothing left in its queue waits forever."""
        while True:
            try:
                pending = self._jobs.get_nowait()
            except queue.Empty:
                return
            if pending is not None and not pending.done.done():
                pending.done.set_exception(WriterUnavailable())

    def _next_batch(self) -> list[_Pending] | None:
        first = self._jobs.get()
        if first is None:
            return None
        batch = [first]
        while len(batch) < MAX_BATCH:
            try:
                following = self._jobs.get_nowait()
            except queue.Empty:
                break
            if following is None:
                self._jobs.put(None)  # stop after this batch
                break
            batch.append(following)
        return batch


def scrub(path: Path) -> None:
    """Rewrite the database file without free space and empty the write-ahead log.

    A reader still inside a transaction (a report being streamed) keeps the log from being
    truncated; the checkpoint is tried again until it is not busy.
    """
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        connection.execute("VACUUM")
        for _ in range(CHECKPOINT_TRIES):
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return
            time.sleep(CHECKPOINT_PAUSE)
        # The rows are erased already; only old page copies may stay in the log until its next checkpoint.
        raise sqlite3.OperationalError("the write-ahead log stayed busy for 20 s and was not truncated")
    finally:
        connection.close()


def _probe(connection: sqlite3.Connection) -> None:
    connection.execute("SELECT count(*) FROM schema_migrations").fetchone()


def _give_up(done: asyncio.Future[Any]) -> None:
    if not done.done():
        done.set_exception(WriterUnavailable())


def _settle(batch: list[_Pending], outcomes: list[Outcome]) -> None:
    for pending, (result, error) in zip(batch, outcomes, strict=True):
        if pending.done.done():  # the request was cancelled (client gone) or gave up; the write still stands
            continue
        if error is None:
            pending.done.set_result(result)
        else:
            pending.done.set_exception(error)
