"""The event loop's own PostgreSQL connections, for a request's common case in one statement
(db.OneStatement): a new completion, written without a thread hop and without BEGIN and COMMIT, and
the check that a kept /api/me answer is current.

They speak libpq's asynchronous calls (through psycopg's `pq` wrapper, which psycopg connects)
with the socket watched by the event loop: each statement is prepared once per connection and
then costs one message out and one result back, parameters and values as text. psycopg's
AsyncConnectionPool and AsyncConnection.execute do the same with many more Python layers: in a
micro benchmark on this machine (16 tasks on 8 connections, one small statement each, loaded),
180-220 us of CPU per statement through them, 26-39 us here (105-119 us for the completion's
statement with its 19 parameters).

Parameters go as untyped text: a statement casts those that are not text (`?::integer`). The
first row comes back like the service's other rows (by index and by name), with integers and
floats as numbers and everything else as text (None for NULL). A connection whose statement did
not end normally (timeout, cancellation, a broken socket) is closed and replaced, never reused
half-way.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Sequence
from typing import Any

import psycopg
import psycopg.errors
from psycopg import pq

from progress_service.rows import row_class
from progress_service.sql_text import numbered

# SQLSTATEs of a statement that declines: a division by zero (it undid itself), any integrity
# violation (class 23), a deadlock, a serialization failure (as postgres.RETRIED, for jobs).
DECLINED_STATES = ("22012", "23", "40P01", "40001")


class Declined(Exception):
    """The statement did nothing (it undid itself, or the database refused it): run the job."""


def as_text(value: Any) -> bytes | None:
    if type(value) is str:  # most parameters: first, for the 19 of a completion
        return value.encode()
    if value is None:
        return None
    if isinstance(value, bool):
        return b"1" if value else b"0"
    return (repr(value) if isinstance(value, float) else str(value)).encode()


class _Connection:
    def __init__(self, raw: psycopg.AsyncConnection[Any]) -> None:
        self.raw = raw
        self.prepared: dict[str, bytes] = {}


class LoopConnections:
    """Up to `size` connections in autocommit, taken by one statement at a time."""

    def __init__(self, url: str, size: int, connect_timeout: float) -> None:
        self.url = url
        self.size = size
        self.connect_timeout = connect_timeout
        self._free: list[_Connection] = []
        self._waiting: collections.deque[asyncio.Future[_Connection | None]] = collections.deque()
        self._opened = 0
        self._closed = False

    async def open(self) -> None:
        """One connection at once: a server that cannot be reached stops the start."""
        self._opened += 1
        self._release(await self._connect())

    async def close(self) -> None:
        self._closed = True
        while self._free:
            await self._free.pop().raw.close()

    async def run(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """The statement's first row (None when it has none); Declined when it did nothing.

        A connection that fails is closed with every idle one (after a restart or a failover of the
        server they are all dead) and the statement goes once more on a new connection: it cannot
        be done twice, since a write that did commit declines the second time (its keys are taken).
        psycopg.OperationalError when that fails too."""
        try:
            return await self._run_once(sql, params)
        except psycopg.OperationalError:
            while self._free:
                await self._discard(self._free.pop())
        return await self._run_once(sql, params)

    async def _run_once(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        connection = await self._take()
        try:
            row = await self._execute(connection, sql, params)
        except Declined:
            # The server answered in full: the connection is idle and fine. Closing it cost every
            # retry and refusal a new connection (TLS and a server process) and a new prepare.
            self._release(connection)
            raise
        except BaseException:
            await self._discard(connection)
            raise
        self._release(connection)
        return row

    async def _execute(
        self, connection: _Connection, sql: str, params: Sequence[Any]
    ) -> tuple[Any, ...] | None:
        pgconn = connection.raw.pgconn
        name = connection.prepared.get(sql)
        if name is None:
            name = f"omsorg_{len(connection.prepared)}".encode()
            pgconn.send_prepare(name, numbered(sql))
            _check(await _result(pgconn))
            connection.prepared[sql] = name
        pgconn.send_query_prepared(name, [as_text(value) for value in params])
        result = _check(await _result(pgconn))
        return _first_row(result) if result.ntuples else None

    async def _take(self) -> _Connection:
        if self._free:
            return self._free.pop()
        if self._opened < self.size:
            self._opened += 1
            return await self._connect()
        waiter: asyncio.Future[_Connection | None] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            given = await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._hand_on(waiter.result())
            raise
        if given is None:  # a connection was closed: its place is this caller's to fill
            return await self._connect()
        return given

    async def _connect(self) -> _Connection:
        try:
            raw = await psycopg.AsyncConnection.connect(
                self.url, autocommit=True, connect_timeout=int(self.connect_timeout)
            )
        except BaseException:
            self._hand_on(None)
            raise
        raw.pgconn.nonblocking = 1
        return _Connection(raw)

    def _release(self, connection: _Connection) -> None:
        if self._closed or connection.raw.pgconn.status != pq.ConnStatus.OK:
            connection.raw.pgconn.finish()
            self._hand_on(None)
            return
        self._hand_on(connection)

    def _hand_on(self, connection: _Connection | None) -> None:
        """To the first caller still waiting; else back to the free list (or the place freed)."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(connection)
                return
        if connection is None:
            self._opened -= 1
        else:
            self._free.append(connection)

    async def _discard(self, connection: _Connection) -> None:
        connection.raw.pgconn.finish()
        self._hand_on(None)


async def _result(pgconn: pq.abc.PGconn) -> pq.abc.PGresult:
    """The statement's result once the server has sent all of it, watching the socket on the loop."""
    loop = asyncio.get_running_loop()
    while pgconn.flush():  # a statement larger than the socket's buffer: wait until it is sent
        await _ready(loop, pgconn, writable=True)
    result = await _next_result(loop, pgconn)
    while await _next_result(loop, pgconn) is not None:  # one statement: nothing follows its result
        pass
    if result is None:
        raise psycopg.OperationalError("PostgreSQL sent no result")
    return result


async def _next_result(loop: asyncio.AbstractEventLoop, pgconn: pq.abc.PGconn) -> pq.abc.PGresult | None:
    """libpq's next result, waited for on the loop: PQgetResult on a busy connection would block
    the whole loop on the socket, even in non-blocking mode (say, mid-failover)."""
    while pgconn.is_busy():
        await _ready(loop, pgconn, writable=False)
        pgconn.consume_input()
    return pgconn.get_result()


async def _ready(loop: asyncio.AbstractEventLoop, pgconn: pq.abc.PGconn, writable: bool) -> None:
    ready: asyncio.Future[None] = loop.create_future()
    socket = pgconn.socket
    if writable:
        loop.add_writer(socket, _settle, ready)
    else:
        loop.add_reader(socket, _settle, ready)
    try:
        await ready
    finally:
        (loop.remove_writer if writable else loop.remove_reader)(socket)


def _settle(ready: asyncio.Future[None]) -> None:
    if not ready.done():
        ready.set_result(None)


# Numbers as Python's, by type OID (int8, int2, int4, float4, float8): the rest stays text, which is
# how SQLite gives dates and times too.
NUMBERS: dict[int, type[int] | type[float]] = {20: int, 21: int, 23: int, 700: float, 701: float}


def _first_row(result: pq.abc.PGresult) -> tuple[Any, ...]:
    """The first row, answering by index and by column name as the service's other rows do."""
    names = tuple((result.fname(column) or b"").decode() for column in range(result.nfields))
    values = (_value(result.get_value(0, column), result.ftype(column)) for column in range(result.nfields))
    return row_class(names)(values)


def _value(raw: Any, oid: int) -> Any:
    if raw is None:
        return None
    text = bytes(raw).decode()
    number = NUMBERS.get(oid)
    return text if number is None else number(text)


def _check(result: pq.abc.PGresult) -> pq.abc.PGresult:
    if result.status in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
        return result
    state = (result.error_field(pq.DiagnosticField.SQLSTATE) or b"").decode()
    # The primary message alone, as postgres._as_sqlite_error says why.
    primary = result.error_field(pq.DiagnosticField.MESSAGE_PRIMARY) or result.error_message
    message = (primary or b"").decode(errors="replace").strip()
    if state.startswith(DECLINED_STATES):
        raise Declined(message)
    try:
        error = psycopg.errors.lookup(state)
    except KeyError:
        error = psycopg.OperationalError
    raise error(message)
