"""Limits on failed sign-ins, per client address and per code prefix.

Kept in memory: one service process, and a restart forgetting recent failures is acceptable
because a code has 54 bits of entropy — the limit stops noise and targeted guessing, it is not
what makes codes hard to guess. The table is bounded so a flood of addresses cannot grow it.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Sequence

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


def count_attempt(limits: Sequence[tuple[FailureLimiter, str]]) -> None:
    """Refuse when any limit is reached, else count this attempt as a failure until it succeeds.

    Check and count happen together before any await: concurrent guesses cannot all pass the
    check while the first of them is still waiting for the database.
    """
    wait = max(limiter.retry_after(key) for limiter, key in limits)
    if wait:
        message = f"För många felaktiga försök. Vänta {minutes(wait)} och försök igen."
        raise TooManyAttempts(message, headers={"Retry-After": str(wait)})
    for limiter, key in limits:
        limiter.record_failure(key)


def forgive(limits: Sequence[tuple[FailureLimiter, str]]) -> None:
    for limiter, key in limits:
        limiter.forgive(key)


def minutes(seconds: int) -> str:
    """Whole minutes, rounded up, in Swedish: "1 minut", "2 minuter"."""
    count = math.ceil(seconds / 60)
    return f"{count} minut" if count == 1 else f"{count} minuter"
