"""Running a report's query on a thread of its own, with a connection of its own.

A million rows take seconds to fetch and format. On the event loop that would stall every other
request; on one of the shared read connections it would hold that connection the whole time.
So each export opens its own read-only connection on its own thread, formats the rows there in
batches, and hands chunks of bytes to the response through a small queue: memory stays flat
however many rows there are, and a slow client slows only its own thread (the queue fills and
the thread waits). SQLite's WAL mode lets the writer go on while the query reads its snapshot.

A failure midway is raised into the response, which makes the server abort the connection
instead of ending the body cleanly: a half file can never look like a whole one.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any

from progress_service.reports.table import Fetched, Table

QUEUED_CHUNKS = 8
FETCH_ROWS = 2000
Produce = Callable[[Iterator[Fetched]], Iterator[bytes]]


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def fetched(connection: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> Iterator[Fetched]:
    cursor = connection.execute(sql, params)
    return chain.from_iterable(iter(lambda: cursor.fetchmany(FETCH_ROWS), []))


async def stream(path: Path, sql: str, params: tuple[Any, ...], produce: Produce) -> AsyncIterator[bytes]:
    """The chunks `produce` makes of the query's rows, made on a thread of their own."""
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[bytes | BaseException | None] = asyncio.Queue(QUEUED_CHUNKS)
    stopped = threading.Event()

    def hand_over(item: bytes | BaseException | None) -> bool:
        future = asyncio.run_coroutine_threadsafe(chunks.put(item), loop)
        while not stopped.is_set():
            try:
                future.result(timeout=0.5)
                return True
            except TimeoutError:
                continue
        future.cancel()
        return False

    def work() -> None:
        try:
            connection = read_only(path)
            try:
                for chunk in produce(fetched(connection, sql, params)):
                    if not hand_over(chunk):
                        return
            finally:
                connection.close()
        except BaseException as error:  # handed to the response, which aborts
            hand_over(error)
            return
        hand_over(None)

    threading.Thread(target=work, name="report-export", daemon=True).start()
    try:
        while (item := await chunks.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopped.set()


async def collect(path: Path, table: Table, limit: int | None) -> list[Sequence[Any]]:
    """Up to `limit` rows of the report (all when None), read on a thread: for pages, not files."""

    def read() -> list[Sequence[Any]]:
        connection = read_only(path)
        try:
            return list(islice(table.rows(fetched(connection, table.sql, tuple(table.params))), limit))
        finally:
            connection.close()

    return await asyncio.to_thread(read)
