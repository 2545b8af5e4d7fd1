"""The shared store: the same jobs on PostgreSQL, for several service instances on one database.

SQLite's design — one writer thread committing batches — is the fast way on one machine, but it
arbitrates only within one process. With several instances the database must arbitrate, so here
every write job is its own transaction on a connection from a pool (psycopg 3 and psycopg_pool:
jobs are plain synchronous functions, and psycopg's synchronous connections run them on threads as
they are; asyncpg would need every job rewritten as a coroutine). Concurrent commits share
PostgreSQL's WAL flushes, which is the group commit SQLite's writer does by hand.

The busiest write, a new completion, is one statement in autocommit on the event loop's own
connections (progress_service/postgres_loop.py; db.OneStatement): a WITH statement finds the
writer, counts the write, touches the session and inserts (`INSERT … ON CONFLICT DO NOTHING`,
progress_service/completions.py), and undoes all of it unless it inserted a row. So the common
case is one round trip, with no thread hop and no BEGIN or COMMIT; anything else (a retry, a
duplicate, a refusal) declines and runs the job, which reads only when its insert says no: a retry
racing through another instance waits for the first to commit, then inserts nothing and answers
with its record. scripts/bench_service.py --store postgresql at 16 connections, two pairs of runs
back to back on a shared machine: a transaction of 4 round trips on a pool thread cost the service
1.42-1.55 ms of CPU per completion POST and the database server 0.65-0.74 ms; this costs 0.84-1.00
and 0.43-0.55 ms (POST at 0.28-0.33, now 0.35-0.38 x the trivial endpoint's throughput).

Other jobs read, check and insert. When two instances race on the same key, PostgreSQL's unique
constraint stops the second insert; the job is then run again from the start in a new
transaction, where its read now sees the committed row and answers as for any retry. The same
holds for deadlocks and serialization failures. So uniqueness, not a lock in one process, decides
— and a job never has to be written twice.

Jobs are written for sqlite3: `?` placeholders, rows by name and by number, `lastrowid`, and
sqlite3's exception classes. `Connection` below gives them exactly that on psycopg, translating
placeholders once per statement text (cached). Reads run in REPEATABLE READ transactions, so a
request's queries see one state as they do on SQLite.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import logging
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import psycopg
import psycopg.adapt
import psycopg.errors
import psycopg.rows
import psycopg_pool
from psycopg import IsolationLevel

from progress_service.db import (
    FETCH_ROWS,
    MIGRATIONS_DIR,
    READ_TIMEOUT_SECONDS,
    WRITE_TIMEOUT_SECONDS,
    Database,
    OneStatement,
    ReadJob,
    WriteJob,
    WriterUnavailable,
    migrations_for,
    utc_now,
)
from progress_service.postgres_loop import Declined, LoopConnections
from progress_service.rows import row_class
from progress_service.settings import shown
from progress_service.sql_text import translate

log = logging.getLogger("progress_service.postgres")

T = TypeVar("T")
POOL_SIZE = 8
# Every round trip of a job to the server hands the GIL from a store thread to the event loop and
# back; at the default 5 ms interval a thread back from the network waited for the loop's turn to
# end. scripts/bench_service.py --store postgresql, 16 connections, back to back on a loaded
# machine, when completion POSTs still ran as jobs: 452/s at 5 ms, 592/s at 0.5 ms. Reads and
# other writes still do; a new completion no longer leaves the event loop (postgres_loop.py).
SWITCH_INTERVAL_SECONDS = 0.0005
CONNECT_TIMEOUT_SECONDS = 5
# A race lost on a unique key, a deadlock or a serialization failure: the job runs again.
ATTEMPTS = 4
RETRIED = (
    psycopg.errors.UniqueViolation,
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
)
# Text compares byte by byte, as in SQLite: names sort the same in both stores' reports.
BYTEWISE = ("C", "POSIX", "C.UTF-8", "C.utf8")
# Two instances starting at once: one migrates, the other waits for it.
MIGRATION_LOCK = 7_311_013


class StoreUnreachable(Exception):
    """The PostgreSQL server named by OMSORG_DATABASE_URL cannot be used; a one-line Swedish message."""


# ---- The sqlite3-shaped connection jobs are given -------------------------------------------


def adapted(params: Iterable[Any]) -> tuple[Any, ...]:
    # SQLite stores a bool as 0/1 in an INTEGER column; PostgreSQL would refuse a boolean there.
    return tuple(int(p) if isinstance(p, bool) else p for p in params)


def sqlite_rows(cursor: Any) -> psycopg.rows.RowMaker[Any]:
    # The names from the result itself: `cursor.description` builds a Column object per column,
    # 18 us of the 20 this takes per statement (a POST makes two such statements). A result
    # without names (COPY's) gets psycopg's own: column_1, column_2, ...
    result = cursor.pgresult
    if result is None or not result.nfields:
        return tuple
    return row_class(tuple(_name(result.fname(number), number) for number in range(result.nfields)))


def _name(raw: bytes | None, number: int) -> str:
    return raw.decode() if raw else f"column_{number + 1}"


class NumericLoader(psycopg.adapt.Loader):
    """numeric as SQLite gives it: an int for a whole sum of integers, a float for an average."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return float(text) if "." in text or "e" in text.lower() or "N" in text else int(text)


# Tables whose `id` PostgreSQL draws from an identity: an INSERT into one returns its id, which a
# job reads as SQLite's `lastrowid`. The same for every database of the service (same migrations).
identity_tables: set[str] = set()
IDENTITY_SQL = """
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES'
"""
INSERT_INTO = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)


def configure(raw: psycopg.Connection[Any]) -> None:
    raw.adapters.register_loader("numeric", NumericLoader)
    identity_tables.update(row[0] for row in raw.execute(IDENTITY_SQL))
    raw.rollback()


@functools.lru_cache(maxsize=4096)
def returning_id(sql: str) -> bool:
    found = INSERT_INTO.match(sql)
    return bool(found and found.group(1) in identity_tables and "RETURNING" not in sql.upper())


def _as_sqlite_error(error: psycopg.Error) -> sqlite3.Error:
    """psycopg's error as the sqlite3 class jobs and their callers know; the original as its cause.

    Both say PostgreSQL's primary message alone: its DETAIL line holds values of the row ("Key
    (municipality_id, employee_number)=(asele, 4711) already exists"), which a traceback in the
    log then showed (tests/service/test_logs.py)."""
    message = error.diag.message_primary or str(error)
    error.args = (message,)
    if isinstance(error, psycopg.errors.IntegrityError):
        return sqlite3.IntegrityError(message)
    if isinstance(error, psycopg.errors.RaiseException):
        return sqlite3.IntegrityError(message)  # the audit log's append-only trigger, as in SQLite
    if isinstance(error, psycopg.OperationalError | psycopg.errors.TransactionRollback):
        return sqlite3.OperationalError(message)
    return sqlite3.DatabaseError(message)


class Cursor:
    def __init__(self, cursor: psycopg.Cursor[Any], lastrowid: int | None = None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def fetchmany(self, size: int) -> list[Any]:
        return self._cursor.fetchmany(size)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class Connection:
    """What a job may use of sqlite3.Connection, on a psycopg connection."""

    dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Cursor:
        values = adapted(params)
        returning = returning_id(sql)
        statement = sql + " RETURNING id" if returning else sql
        try:
            # Without values the statement goes as it is (no placeholders to fill, `%` unescaped).
            cursor = self.raw.execute(cast(Any, translate(statement, bool(values))), values or None)
            ids = cursor.fetchall() if returning else []
        except psycopg.Error as error:
            raise _as_sqlite_error(error) from error
        return Cursor(cursor, ids[-1][0] if ids else None)

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> Cursor:
        cursor = self.raw.cursor()
        try:
            cursor.executemany(cast(Any, translate(sql)), [adapted(row) for row in rows])
        except psycopg.Error as error:
            raise _as_sqlite_error(error) from error
        return Cursor(cursor)

    def commit(self) -> None:
        self.raw.commit()

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        """Commits when the block ends normally, rolls back otherwise (as sqlite3's does)."""
        if kind is None:
            self.raw.commit()
        else:
            self.raw.rollback()


def as_job_connection(raw: psycopg.Connection[Any]) -> sqlite3.Connection:
    """Jobs are typed against sqlite3.Connection; this is the part of it they use."""
    return cast(sqlite3.Connection, Connection(raw))


def connect(url: str, autocommit: bool = False) -> sqlite3.Connection:
    """One connection outside the pool (commands, tests, the move from SQLite); StoreUnreachable
    in one Swedish line when the server cannot be reached or refuses."""
    try:
        raw = psycopg.connect(
            url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_SECONDS, row_factory=sqlite_rows
        )
    except psycopg.Error as error:
        raise StoreUnreachable(unreachable(url, error)) from None
    configure(raw)
    return as_job_connection(raw)


def unreachable(url: str, error: BaseException) -> str:
    reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
    return (
        f"OMSORG_DATABASE_URL={shown(url)}: kan inte ansluta till PostgreSQL ({reason}). Kontrollera"
        " adressen, användaren och lösenordet, och att servern är igång och tar emot anslutningar."
    )


# ---- Migrations ------------------------------------------------------------------------------


def migrate(connection: sqlite3.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """The numbered migrations not yet applied, each in its own transaction (PostgreSQL's DDL is
    transactional); PostgreSQL's own version of a file where the two dialects differ."""
    raw = cast(Connection, connection).raw
    with raw.transaction():
        raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        raw.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    names = []
    for version, name, path in migrations_for("postgresql", directory):
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            if raw.execute("SELECT 1 FROM schema_migrations WHERE version = %s", (version,)).fetchone():
                continue
            raw.execute(cast(Any, path.read_text()))
            raw.execute("INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, utc_now()))
        names.append(name)
    return names


CREATEDB = "createdb --encoding=UTF8 --locale=C --template=template0"


def check_collation(connection: sqlite3.Connection, url: str) -> None:
    """StoreUnreachable unless the database compares text byte by byte (collation C, not ICU) and
    holds it as UTF-8, as SQLite does: in SQL_ASCII, length() counts bytes and the Swedish order's
    key (migration 0009) would leave å, ä and ö as they are."""
    sql = (
        "SELECT datcollate, datlocprovider::text, pg_encoding_to_char(encoding) FROM pg_database"
        " WHERE datname = current_database()"
    )
    found = connection.execute(sql).fetchone()
    if found is None:
        return
    # A database in SQL_ASCII gives its text as bytes.
    collate, provider, encoding = (v.decode() if isinstance(v, bytes) else v for v in found)
    if collate not in BYTEWISE or provider != "c":
        sorted_by = collate if provider == "c" else "ICU"
        wrong = f"sorterar text enligt {sorted_by}, men tjänsten behöver C (som SQLite)"
    elif encoding != "UTF8":
        wrong = f"har teckenkodningen {encoding}, men tjänsten behöver UTF8 (som SQLite)"
    else:
        return
    raise StoreUnreachable(
        f"OMSORG_DATABASE_URL={shown(url)}: databasen {wrong}, annars ordnas namnen olika i"
        f" rapporterna. Skapa den med `{CREATEDB} NAMN`."
    )


# ---- The store -------------------------------------------------------------------------------


class PostgresDatabase(Database):
    tries_one_statement = True

    def __init__(
        self, url: str, write_timeout: float = WRITE_TIMEOUT_SECONDS, pool_size: int = POOL_SIZE
    ) -> None:
        super().__init__(write_timeout)
        self.url = url
        self._pool = psycopg_pool.ConnectionPool(
            url,
            min_size=2,
            max_size=pool_size,
            open=False,
            configure=configure,
            kwargs={"row_factory": sqlite_rows, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
            timeout=write_timeout,
            name="omsorg",
        )
        # One-statement writes and reads run on the event loop, in autocommit: no thread hop.
        self._loop_connections = LoopConnections(url, pool_size, CONNECT_TIMEOUT_SECONDS)
        self._threads = concurrent.futures.ThreadPoolExecutor(pool_size, thread_name_prefix="postgres")
        self._open = False

    async def open(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
        await asyncio.to_thread(self._prepare)
        try:
            await asyncio.to_thread(self._pool.open, True, CONNECT_TIMEOUT_SECONDS)
            await self._loop_connections.open()
        except (psycopg_pool.PoolTimeout, psycopg.OperationalError) as error:
            raise StoreUnreachable(unreachable(self.url, error)) from None
        self._open = True

    def _prepare(self) -> None:
        # In autocommit mode, so each migration commits in its own transaction: on a connection
        # already in one (the collation check's SELECT opens it), migrate's transaction blocks
        # become savepoints that close() threw away, and the service started without its tables.
        connection = connect(self.url, autocommit=True)
        try:
            check_collation(connection, self.url)
            migrate(connection)
        finally:
            connection.close()

    async def close(self) -> None:
        self._stopped = True
        await asyncio.to_thread(self._threads.shutdown)
        await asyncio.to_thread(self._pool.close)
        await self._loop_connections.close()

    async def write(self, job: WriteJob[T], *, first: OneStatement[T] | None = None) -> T:
        if self._stopped:
            raise WriterUnavailable()
        timeout = self.write_timeout
        if first is not None:
            started = time.monotonic()
            done = await self._first_try(first)
            if done is not None:
                return done[0]
            timeout -= time.monotonic() - started  # no caller waits longer than write_timeout in all
        return await self._on_thread(self._run_write, job, timeout)

    async def _first_try(self, statement: OneStatement[T]) -> tuple[T] | None:
        """The statement's answer, or None when it did nothing: it declined, or its connection
        failed (the job then finds out whether the server is still there)."""
        try:
            async with asyncio.timeout(self.write_timeout):
                row = await self._loop_connections.run(statement.sql, statement.params)
        except (Declined, psycopg.OperationalError):
            return None
        except TimeoutError:
            self._failing = True
            raise WriterUnavailable() from None
        except psycopg.Error as error:
            raise _as_sqlite_error(error) from error
        self._failing = False
        answer = None if row is None else statement.answer(row)
        return None if answer is None else (answer,)

    async def read(self, job: ReadJob[T], *, inline: bool = False, first: OneStatement[T] | None = None) -> T:
        """On a pool thread (on PostgreSQL even a small read waits for the network), unless `first`
        answers on the loop: one round trip without a thread hop."""
        if first is not None:
            done = await self._first_try(first)
            if done is not None:
                return done[0]
        return await self._on_thread(self._run_read, job, READ_TIMEOUT_SECONDS)

    async def _on_thread(self, run: Callable[[Any], T], job: Any, timeout: float) -> T:
        future = asyncio.get_running_loop().run_in_executor(self._threads, run, job)
        try:
            return await asyncio.wait_for(future, timeout)
        except (TimeoutError, psycopg_pool.PoolTimeout, psycopg.OperationalError):
            self._failing = True
            raise WriterUnavailable() from None
        except sqlite3.OperationalError as error:
            if not isinstance(error.__cause__, psycopg.OperationalError):
                raise
            self._failing = True  # the server went away, or a conflict outlasted every attempt
            raise WriterUnavailable() from None
        except RuntimeError:  # the thread pool has shut down: the store is closing
            raise WriterUnavailable() from None

    def _run_write(self, job: WriteJob[T]) -> T:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                result = self._in_transaction(job, IsolationLevel.READ_COMMITTED)
                self._failing = False
                return result
            except sqlite3.Error as error:
                if attempt == ATTEMPTS or not isinstance(error.__cause__, RETRIED):
                    raise
        raise AssertionError("unreachable")

    def _run_read(self, job: ReadJob[T]) -> T:
        return self._in_transaction(job, IsolationLevel.REPEATABLE_READ)

    def _in_transaction(self, job: Callable[[sqlite3.Connection], T], level: IsolationLevel) -> T:
        with self._pool.connection() as raw:
            if raw.isolation_level != level:  # setting it costs a call through psycopg's wait loop
                raw.isolation_level = level
            with raw.transaction():
                return job(as_job_connection(raw))

    def _pause_after(self, batch_seconds: float) -> float:
        """None: PostgreSQL locks rows, not the database, so other writes never wait for a batch."""
        return 0.0

    def _writer_state(self, now: float) -> str:
        if self._stopped or not self._open:
            return "stopped"
        return "failing" if self._failing else "running"

    @contextlib.contextmanager
    def export_rows(self, sql: str, params: Sequence[Any]) -> Iterator[Iterator[tuple[Any, ...]]]:
        """The query's rows streamed FETCH_ROWS at a time (libpq's chunked mode) on a connection of
        its own: a million rows never sit in memory, and a long export holds no pooled connection.

        Not a server-side cursor: PostgreSQL plans a cursor for its first tenth of rows and never in
        parallel, and for the completions report that was nested loops over a million rows. On the
        benchmark's million completions (scripts/bench_export.py, same loaded machine, back to back)
        the rows came in 19-40 s through the cursor and in 8-12 s streamed, as fast as psql's
        COPY of the same SELECT (9.5-11 s).
        """
        with psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_SECONDS) as raw:
            configure(raw)
            raw.isolation_level = IsolationLevel.REPEATABLE_READ
            with raw.transaction():
                streamed = raw.cursor().stream(cast(Any, translate(sql)), adapted(params), size=FETCH_ROWS)
                rows = cast(Generator[tuple[Any, ...]], streamed)
                try:
                    yield rows
                finally:
                    rows.close()  # a reader that stopped early: the query is cancelled, not read on

    async def compact(self) -> None:
        """After an erasure: tables written anew, so deleted text leaves the data files."""

        def vacuum() -> None:
            with psycopg.connect(self.url, autocommit=True) as raw:
                raw.execute("VACUUM FULL sessions, self_assessments, ratings, staff")

        await asyncio.to_thread(vacuum)
