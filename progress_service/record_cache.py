"""Encoded /api/me answers kept in memory, each valid only for what it was built from.

Every page a signed-in care worker opens asks for their record, and the record rarely changes
between two pages. Building it (three queries, a dict per completion, path progress, encoding)
was most of a GET /api/me. A kept answer is used only while all of these are unchanged:

- the person's record version, counted up in the database by triggers on completions, ratings
  and self-assessments (migration 0008), so a change made by any code, instance or tool is seen;
- the person as the session read them (name, unit, role, start date, municipality);
- the catalogue in use (titles, renewal rules, paths: its reload count) and the Swedish date
  (expiry, due dates).

The session itself is checked on every request; only the answer is kept. The cache is bounded in
bytes and in age, so what an erased person's answer held does not stay in memory for long: an
erasure on another instance or from the command line leaves this instance's copy to its age,
which `sweeping` enforces whether or not anyone asks again.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

# 16 MB holds about 8,000 ordinary records (2 KB each); a 500-completion record is about 100 KB.
MAX_BYTES = 16 * 1024 * 1024
MAX_AGE_SECONDS = 600.0
SWEEP_SECONDS = 60.0


@dataclass(frozen=True)
class Kept:
    basis: tuple[object, ...]
    body: bytes
    kept_at: float


class RecordCache:
    """Per person, the last answer and what it was built from. Reader threads and the event loop
    both use it, hence the lock (held for dict operations, never while building)."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_age_seconds: float = MAX_AGE_SECONDS) -> None:
        self.max_bytes = max_bytes
        self.max_age_seconds = max_age_seconds
        self._kept: OrderedDict[int, Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, staff_id: int, basis: tuple[object, ...]) -> bytes | None:
        """The answer kept for `staff_id` if it was built from exactly `basis` and is not too old."""
        with self._lock:
            kept = self._kept.get(staff_id)
            if kept is None or kept.basis != basis:
                return None
            if time.monotonic() - kept.kept_at > self.max_age_seconds:
                self._drop(staff_id)
                return None
            self._kept.move_to_end(staff_id)
            return kept.body

    def put(self, staff_id: int, basis: tuple[object, ...], body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return  # one huge record must not push out everyone else's
        with self._lock:
            self._drop(staff_id)
            self._kept[staff_id] = Kept(basis, body, time.monotonic())
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._kept)))

    def sweep(self) -> None:
        """Every answer older than the age limit dropped (a look at each: at most some thousands,
        once a minute; the order is of use, not of age)."""
        oldest_kept = time.monotonic() - self.max_age_seconds
        with self._lock:
            for staff_id in [key for key, kept in self._kept.items() if kept.kept_at < oldest_kept]:
                self._drop(staff_id)

    def __len__(self) -> int:
        return len(self._kept)

    def forget(self, staff_id: int) -> None:
        with self._lock:
            self._drop(staff_id)

    def _drop(self, staff_id: int) -> None:
        kept = self._kept.pop(staff_id, None)
        if kept is not None:
            self._bytes -= len(kept.body)


async def sweeping(cache: RecordCache, every_seconds: float = SWEEP_SECONDS) -> None:
    """`cache.sweep()` every minute, for as long as the service runs."""
    while True:
        await asyncio.sleep(every_seconds)
        cache.sweep()
