"""A cap on how much one person may write in a day.

One cookie posting in a loop recorded 54,000 completions in 45 s; that person's record then took
0.7 s to encode and every other request waited behind it. Nobody records more than a handful of
trainings, ratings and self-assessments a day, so DAILY_WRITES is far above honest use (an offline
queue sending a week's actions at once included) and far below what slows the service.

The count is kept in the database, in the write's own transaction: it survives a restart, costs one
statement, and a write that is refused or fails is not counted (its savepoint is rolled back).
"""

from __future__ import annotations

import datetime
import sqlite3

from catalogue.dates import SWEDISH_TIME
from progress_service.db import select_one
from progress_service.errors import TooManyWrites

DAILY_WRITES = 300

COUNT_SQL = """
    INSERT INTO daily_writes (staff_id, day, writes) VALUES (?, ?, 1)
    ON CONFLICT (staff_id) DO UPDATE
    SET writes = CASE WHEN daily_writes.day = excluded.day THEN daily_writes.writes + 1 ELSE 1 END,
        day = excluded.day
    RETURNING writes
"""


def count_write(connection: sqlite3.Connection, staff_id: int) -> None:
    """Count one write by `staff_id` today; TooManyWrites (429) past the cap."""
    now = datetime.datetime.now(SWEDISH_TIME)
    row = select_one(connection, COUNT_SQL, (staff_id, now.date().isoformat()))
    if row is not None and row["writes"] > DAILY_WRITES:
        message = (
            f"Du har sparat ovanligt många ändringar i dag (högst {DAILY_WRITES} per dag)."
            " Det du gjorde finns kvar på enheten och skickas i morgon."
        )
        raise TooManyWrites(message, headers={"Retry-After": str(seconds_to_midnight(now))})


def seconds_to_midnight(now: datetime.datetime) -> int:
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo)
    return max(1, int((midnight - now).total_seconds()))
