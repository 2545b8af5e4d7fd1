"""Read-only API keys for scheduled pulls (Power Query "From Web", Power BI, a script).

A key is shown once when it is made; only its keyed hash is stored, with a short prefix so its
owner can tell keys apart. It carries the scope of the manager who made it and an expiry date.
"""

from __future__ import annotations

import datetime
import secrets
import sqlite3
from dataclasses import dataclass

from catalogue.dates import swedish_today
from progress_service import audit
from progress_service.account_auth import API_KEY_PREFIX, Viewer
from progress_service.codes import keyed_hash
from progress_service.db import Database, every, utc_now
from progress_service.errors import Invalid, NotFound

MAX_DAYS = 365
DEFAULT_DAYS = 90
MAX_LABEL = 80


@dataclass(frozen=True)
class ApiKey:
    id: int
    label: str
    prefix: str
    created_at: str
    expires_on: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_on >= swedish_today().isoformat()


def _checked(label: str, days: int) -> str:
    label = label.strip()
    if not label or len(label) > MAX_LABEL:
        raise Invalid(
            f"Ge nyckeln ett namn (högst {MAX_LABEL} tecken), t.ex. Power BI Hemtjänst.", field="label"
        )
    if not 1 <= days <= MAX_DAYS:
        raise Invalid(f"En nyckel kan gälla 1–{MAX_DAYS} dagar.", field="days")
    return label


async def create(
    db: Database, secret_key: bytes, viewer: Viewer, label: str, days: int
) -> tuple[str, ApiKey]:
    """A new key (to show once) and what is stored about it."""
    label = _checked(label, days)
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    prefix = key[: len(API_KEY_PREFIX) + 6]
    expires_on = (swedish_today() + datetime.timedelta(days=days)).isoformat()
    account = viewer.account

    def job(connection: sqlite3.Connection) -> ApiKey:
        cursor = connection.execute(
            "INSERT INTO api_keys (account_id, label, key_hash, prefix, created_at, expires_on)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (account.id, label, keyed_hash(secret_key, key), prefix, utc_now(), expires_on),
        )
        assert cursor.lastrowid is not None
        details = {"key": prefix, "label": label, "expires_on": expires_on}
        audit.record(connection, account.id, viewer.actor, "api_key_created", details)
        return ApiKey(cursor.lastrowid, label, prefix, utc_now(), expires_on, None)

    return key, await db.write(job)


async def revoke(db: Database, viewer: Viewer, key_id: int) -> None:
    account = viewer.account

    def job(connection: sqlite3.Connection) -> None:
        row = connection.execute(
            "SELECT prefix, label FROM api_keys WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
            (key_id, account.id),
        ).fetchone()
        if row is None:
            raise NotFound("Det finns ingen sådan giltig nyckel.")
        connection.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ?", (utc_now(), key_id))
        audit.record(
            connection,
            account.id,
            viewer.actor,
            "api_key_revoked",
            {"key": row["prefix"], "label": row["label"]},
        )

    await db.write(job)


async def keys_of(db: Database, account_id: int) -> list[ApiKey]:
    rows = await db.read(
        every(
            "SELECT id, label, prefix, created_at, expires_on, revoked_at FROM api_keys"
            " WHERE account_id = ? ORDER BY created_at DESC, id DESC",
            (account_id,),
        )
    )
    return [ApiKey(*row) for row in rows]
