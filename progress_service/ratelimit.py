"""Limits on failed sign-ins, per client address and per code prefix.

Kept in memory: one service process, and a restart forgetting recent failures is acceptable
because a code has 54 bits of entropy — the limit stops noise and targeted guessing, it is not
what makes codes hard to guess. The table is bounded so a flood of addresses cannot grow it.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque


class FailureLimiter:
    def __init__(self, limit: int, window_seconds: float, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Seconds until `key` may try again; 0 when it may try now."""
        now = time.monotonic() if now is None else now
        times = self._recent(key, now)
        if len(times) < self.limit:
            return 0
        return max(1, int(times[0] + self.window - now) + 1)

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
