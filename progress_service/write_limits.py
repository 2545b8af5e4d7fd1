"""A cap on how much one person may write in a day.

One cookie posting in a loop recorded 54,000 completions in 45 s; that person's record then took
0.7 s to encode and every other request waited behind it. Nobody records more than a handful of
trainings, ratings and self-assessments a day, so DAILY_WRITES is far above honest use (an offline
queue sending a week's actions at once included) and far below what slows the service.

The count is kept in the database, in the write's own transaction: it survives a restart, holds
across instances on one PostgreSQL database, and a write that is refused or fails is not counted
(its savepoint or transaction is rolled back). It costs no statement of its own: the statement that
finds the signed-in writer (progress_service/auth.py `writer_in`) is this upsert.
"""

from __future__ import annotations

import datetime

from progress_service.errors import TooManyWrites

DAILY_WRITES = 300


def counting(writers: str, returning: str) -> str:
    """An upsert that counts one write today for each staff id that the SELECT `writers` gives
    (its first column the staff id, its first parameter today's Swedish date) and returns the count
    as `writes` beside `returning` (columns of daily_writes, or subqueries)."""
    return f"""
        INSERT INTO daily_writes (staff_id, day, writes) {writers}
        ON CONFLICT (staff_id) DO UPDATE
        SET writes = CASE WHEN daily_writes.day = excluded.day THEN daily_writes.writes + 1 ELSE 1 END,
            day = excluded.day
        RETURNING writes, {returning}
    """


def check_cap(writes: int, now: datetime.datetime) -> None:
    """TooManyWrites (429) once `writes`, counted on `now`'s date, are past the cap."""
    if writes > DAILY_WRITES:
        message = (
            f"Du har sparat ovanligt många ändringar i dag (högst {DAILY_WRITES} per dag)."
            " Det du gjorde finns kvar på enheten och skickas i morgon."
        )
        raise TooManyWrites(message, headers={"Retry-After": str(seconds_to_midnight(now))})


def seconds_to_midnight(now: datetime.datetime) -> int:
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo)
    return max(1, int((midnight - now).total_seconds()))
