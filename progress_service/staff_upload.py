"""Uploading a staff list on the web: the same file rules as `import-staff` (CSV or .xlsx), a
preview of what would change, and then applying exactly what was previewed.

Between preview and apply the checked rows wait in the service's memory (never on disk), under
a random token that only the account that uploaded can use, for PENDING_MINUTES. Applying checks
the scope again inside the write, since people may have moved in between.
"""

from __future__ import annotations

import datetime
import secrets
import sqlite3
from dataclasses import dataclass, field

from catalogue import Catalogue
from progress_service import audit
from progress_service.account_auth import Viewer
from progress_service.db import Database, select_one
from progress_service.errors import Forbidden, Invalid
from progress_service.scope import Scope
from progress_service.staff_import import ImportRejected, StaffRow, apply_rows, checked_rows, read_file

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
PENDING_MINUTES = 30
EXPIRED = "Förhandsgranskningen har gått ut eller är redan genomförd. Läs in filen igen."


@dataclass(frozen=True)
class Change:
    row: StaffRow
    kind: str  # "new", "changed" or "same"
    fields: tuple[str, ...] = ()


@dataclass
class Pending:
    account_id: int
    rows: list[StaffRow]
    until: datetime.datetime
    changes: list[Change] = field(default_factory=list)


FIELD_LABELS = {"name": "namn", "unit": "enhet", "role": "roll", "start_date": "startdatum"}


def _existing(connection: sqlite3.Connection, row: StaffRow) -> sqlite3.Row | None:
    return select_one(
        connection,
        "SELECT s.id, s.name, s.role, s.start_date, s.unit_id, s.municipality_id, u.name AS unit"
        " FROM staff s JOIN units u ON u.id = s.unit_id"
        " WHERE s.municipality_id = ? AND s.employee_number = ? AND s.erased_at IS NULL",
        (row.municipality, row.employee_number),
    )


def _allowed(connection: sqlite3.Connection, scope: Scope, row: StaffRow, unit_id: int | None) -> bool:
    """Whether the account may place the row's person in its unit (and take them from where they are)."""
    if scope.everything or row.municipality in scope.municipalities:
        return True
    target = select_one(
        connection,
        "SELECT id FROM units WHERE municipality_id = ? AND name = ?",
        (row.municipality, row.unit),
    )
    return target is not None and target[0] in scope.units and (unit_id is None or unit_id in scope.units)


def compare(connection: sqlite3.Connection, scope: Scope, rows: list[StaffRow]) -> list[Change]:
    """What each row would do; ImportRejected naming the rows outside the account's scope."""
    changes, outside = [], []
    for row in rows:
        existing = _existing(connection, row)
        if not _allowed(connection, scope, row, existing["unit_id"] if existing else None):
            outside.append(f"rad {row.line}: {row.unit} i {row.municipality_name} hanterar du inte")
            continue
        if existing is None:
            changes.append(Change(row, "new"))
            continue
        start = row.start_date.isoformat() if row.start_date else existing["start_date"]
        now = {"name": row.name, "unit": row.unit, "role": row.role, "start_date": start}
        differ = tuple(FIELD_LABELS[f] for f, value in now.items() if existing[f] != value)
        changes.append(Change(row, "changed" if differ else "same", differ))
    if outside:
        raise ImportRejected(outside)
    return changes


async def preview(
    db: Database, catalogue: Catalogue, viewer: Viewer, pending: dict[str, Pending], data: bytes, suffix: str
) -> tuple[str, list[Change]]:
    """Check the file and what it would change; a token to apply it with, and the changes."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid(f"Filen är för stor: högst {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.", field="file")
    rows = await checked_rows(db, catalogue, read_file(data, suffix))
    if not rows:
        raise ImportRejected(["Filen har inga personer under rubrikraden."])
    scope = viewer.account.scope
    # Compared in a job of the writer: the same sqlite3 code as the apply, which must run there.
    found = await db.write(lambda connection: compare(connection, scope, rows))
    _forget_old(pending)
    token = secrets.token_urlsafe(24)
    until = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=PENDING_MINUTES)
    pending[token] = Pending(viewer.account.id, rows, until, found)
    return token, found


def _forget_old(pending: dict[str, Pending]) -> None:
    now = datetime.datetime.now(datetime.UTC)
    for token in [t for t, p in pending.items() if p.until < now]:
        del pending[token]


async def apply(
    db: Database, secret_key: bytes, viewer: Viewer, pending: dict[str, Pending], token: str
) -> tuple[list[Change], list[tuple[StaffRow, str]]]:
    """Apply a previewed upload; the changes and the new people with their codes (to print)."""
    _forget_old(pending)
    waiting = pending.get(token)
    if waiting is None or waiting.account_id != viewer.account.id:
        raise Forbidden(EXPIRED)
    scope = viewer.account.scope

    def job(connection: sqlite3.Connection) -> tuple[list[Change], list[tuple[StaffRow, str]]]:
        changes = compare(connection, scope, waiting.rows)
        issued = apply_rows(connection, secret_key, waiting.rows)
        counts = {kind: sum(c.kind == kind for c in changes) for kind in ("new", "changed", "same")}
        audit.record(connection, viewer.account.id, viewer.actor, "staff_imported", counts)
        return changes, issued

    result = await db.write(job)
    del pending[token]
    return result
