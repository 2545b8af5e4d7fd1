"""Participation targets: how many staff a municipality aims to reach in a period."""

from __future__ import annotations

import datetime
import sqlite3

from progress_service.db import Database, select_one


class TargetRejected(Exception):
    """A target that cannot be set; the message says why."""


async def set_target(
    db: Database, municipality: str, period_from: datetime.date, period_to: datetime.date, target: int
) -> None:
    """Set (or replace) the target for exactly this municipality and period."""
    if period_to < period_from:
        raise TargetRejected("Perioden slutar före den börjar.")
    if target < 1:
        raise TargetRejected("Målet ska vara minst 1 deltagare.")

    def job(connection: sqlite3.Connection) -> None:
        if select_one(connection, "SELECT 1 FROM municipalities WHERE id = ?", (municipality,)) is None:
            raise TargetRejected(f"Det finns ingen kommun med id {municipality}.")
        connection.execute(
            "INSERT INTO participation_targets VALUES (?, ?, ?, ?)"
            " ON CONFLICT (municipality_id, period_from, period_to) DO UPDATE SET target = excluded.target",
            (municipality, period_from.isoformat(), period_to.isoformat(), target),
        )

    await db.write(job)
