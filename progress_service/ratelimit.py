"""Limits on failed sign-ins, per client address and per code prefix.

On SQLite, kept in memory: one service process, and a restart forgetting recent failures is
acceptable because a code has 54 bits of entropy — the limit stops noise and targeted guessing, it
is not what makes codes hard to guess. The table is bounded so a flood of addresses cannot grow it.

On PostgreSQL several instances share the database, and a guesser spreading attempts over them
would get each instance's limit: there the failures are kept in the store (sign_in_failures), one
row per key, checked and counted in one write job that locks the keys' rows in a fixed order.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections import OrderedDict, deque
from collections.abc import Sequence

from progress_service.db import Database, SqliteDatabase
from progress_service.errors import TooManyAttempts


class FailureLimiter:
    def __init__(self, limit: int, window_seconds: float, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Seconds until `key` may try again; 0 when it may try now."""
        now = time.monotonic() if now is None else now
        return self.wait(list(self._recent(key, now)), now)

    def wait(self, times: list[float], now: float) -> int:
        """Seconds until one more attempt may come after failures at `times` (oldest first)."""
        if len(times) < self.limit:
            return 0
        return max(1, int(times[-self.limit] + self.window - now) + 1)

    def forgive(self, key: str) -> None:
        """Take back the latest attempt of `key`: it turned out not to be a failure."""
        times = self._failures.get(key)
        if times:
            times.pop()

    def record_failure(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        times = self._recent(key, now)
        times.append(now)
        self._failures[key] = times
        self._failures.move_to_end(key)
        while len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times


Limits = Sequence[tuple[FailureLimiter, str]]
# Locks the key's row until the job commits, so two instances count one key in turn.
LOCK_KEY = """
    INSERT INTO sign_in_failures (key, failures, last_at) VALUES (?, '[]', ?)
    ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING failures
"""


async def count_attempt(db: Database, limits: Limits) -> None:
    """Refuse when any limit is reached, else count this attempt as a failure until it succeeds.

    In memory, check and count happen together before any await: concurrent guesses cannot all
    pass the check while the first of them is still waiting for the database. In the store, the
    job holds the keys' rows while it checks and counts.
    """
    if isinstance(db, SqliteDatabase):
        wait = max(limiter.retry_after(key) for limiter, key in limits)
        if not wait:
            for limiter, key in limits:
                limiter.record_failure(key)
    else:
        wait = await db.write(lambda connection: _count_in_store(connection, limits, time.time()))
    if wait:
        message = f"För många felaktiga försök. Vänta {minutes(wait)} och försök igen."
        raise TooManyAttempts(message, headers={"Retry-After": str(wait)})


def _count_in_store(connection: sqlite3.Connection, limits: Limits, now: float) -> int:
    counted = []
    for limiter, key in sorted(limits, key=lambda limit: limit[1]):  # one order: no deadlock
        failures = json.loads(connection.execute(LOCK_KEY, (key, now)).fetchone()[0])
        counted.append((key, [t for t in failures if t > now - limiter.window], limiter.wait))
    wait = max(waiting(times, now) for _, times, waiting in counted)
    if not wait:
        for key, times, _ in counted:
            connection.execute(
                "UPDATE sign_in_failures SET failures = ?, last_at = ? WHERE key = ?",
                (json.dumps([*times, now]), now, key),
            )
    window = max(limiter.window for limiter, _ in limits)
    connection.execute("DELETE FROM sign_in_failures WHERE last_at < ?", (now - window,))
    return wait


async def forgive(db: Database, limits: Limits) -> None:
    if isinstance(db, SqliteDatabase):
        for limiter, key in limits:
            limiter.forgive(key)
        return

    def job(connection: sqlite3.Connection) -> None:
        for _, key in sorted(limits, key=lambda limit: limit[1]):
            failures = json.loads(connection.execute(LOCK_KEY, (key, time.time())).fetchone()[0])
            connection.execute(
                "UPDATE sign_in_failures SET failures = ? WHERE key = ?", (json.dumps(failures[:-1]), key)
            )

    await db.write(job)


def minutes(seconds: int) -> str:
    """Whole minutes, rounded up, in Swedish: "1 minut", "2 minuter"."""
    count = math.ceil(seconds / 60)
    return f"{count} minut" if count == 1 else f"{count} minuter"
