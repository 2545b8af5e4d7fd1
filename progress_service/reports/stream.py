"""Running a report's query on a thread of its own, with a connection of its own.

A million rows take seconds to fetch and format. On the event loop that would stall every other
request; on one of the shared read connections it would hold that connection the whole time.
So each export reads through the store's `export_rows` (its own connection) on its own thread,
formats the rows there in batches, and hands chunks of bytes to the response through a small
queue: memory stays flat however many rows there are, and a slow client slows only its own thread
(the queue fills and the thread waits). The writer goes on while the query reads its snapshot.

A failure midway is raised into the response, which makes the server abort the connection
instead of ending the body cleanly: a half file can never look like a whole one.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from itertools import islice
from typing import Any

from progress_service.db import Database
from progress_service.reports.table import Fetched, Table

QUEUED_CHUNKS = 8
Produce = Callable[[Iterator[Fetched]], Iterator[bytes]]


async def stream(db: Database, sql: str, params: tuple[Any, ...], produce: Produce) -> AsyncIterator[bytes]:
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
            with db.export_rows(sql, params) as fetched:
                for chunk in produce(fetched):
                    if not hand_over(chunk):
                        return
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


async def collect(db: Database, table: Table, limit: int | None) -> list[Sequence[Any]]:
    """Up to `limit` rows of the report (all when None), read on a thread: for pages, not files."""

    def read() -> list[Sequence[Any]]:
        with db.export_rows(table.sql, table.params) as fetched:
            return list(islice(table.rows(fetched), limit))

    return await asyncio.to_thread(read)
