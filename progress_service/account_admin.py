"""Administrators manage accounts on the web: create managers, set their scope, disable them,
and reset passwords; everyone changes their own password.

A password an administrator hands over (a new account's, or after a reset) is one-time: random,
shown once, and the account reaches nothing but the password form until its owner has chosen
their own. Resetting or disabling ends the account's sessions at once.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from progress_service import audit
from progress_service.account_auth import Viewer
from progress_service.accounts import (
    Role,
    check_password,
    hash_password,
    insert_account,
    password_hash_of,
    password_matches,
)
from progress_service.db import Database, select_one, utc_now
from progress_service.errors import Forbidden, Invalid, NotFound
from progress_service.sql_text import alphabetically

ONE_TIME_BYTES = 15


@dataclass(frozen=True)
class AccountRow:
    id: int
    name: str
    role: Role
    disabled_at: str | None
    must_change_password: bool
    scope: list[str]


def administrator(viewer: Viewer) -> None:
    if not viewer.account.is_administrator:
        raise Forbidden("Bara administratörer hanterar konton.")


async def accounts(db: Database) -> list[AccountRow]:

    def job(connection: sqlite3.Connection) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        rows = connection.execute(
            "SELECT id, name, role, disabled_at, must_change_password FROM accounts"
            f" ORDER BY {alphabetically('name')}"
        ).fetchall()
        # A place is a whole municipality or one unit ("Åsele – Säbo Tallen"), in the order read.
        place = "coalesce(m.name, mu.name || ' – ' || u.name)"
        scopes = connection.execute(
            f"SELECT x.account_id, {place} FROM account_scopes x"
            " LEFT JOIN municipalities m ON m.id = x.municipality_id LEFT JOIN units u ON u.id = x.unit_id"
            f" LEFT JOIN municipalities mu ON mu.id = u.municipality_id ORDER BY {alphabetically(place)}"
        ).fetchall()
        return rows, scopes

    rows, scopes = await db.read(job)
    places: dict[int, list[str]] = {}
    for account_id, place in scopes:
        places.setdefault(account_id, []).append(place)
    return [AccountRow(row[0], row[1], row[2], row[3], bool(row[4]), places.get(row[0], [])) for row in rows]


def _one_time() -> tuple[str, str]:
    password = secrets.token_urlsafe(ONE_TIME_BYTES)
    return password, hash_password(password)


async def create(
    db: Database,
    viewer: Viewer,
    name: str,
    role: Role,
    municipalities: tuple[str, ...],
    units: tuple[int, ...],
) -> str:
    """A new account with a one-time password (returned, to hand over once)."""
    administrator(viewer)
    password, password_hash = _one_time()

    def job(connection: sqlite3.Connection) -> None:
        account_id = insert_account(connection, name.strip(), role, password_hash, municipalities, units)
        connection.execute("UPDATE accounts SET must_change_password = 1 WHERE id = ?", (account_id,))
        details = {
            "account": account_id,
            "role": role,
            "municipalities": list(municipalities),
            "units": list(units),
        }
        audit.record(connection, viewer.account.id, viewer.actor, "account_created", details)

    await db.write(job)
    return password


def _account(connection: sqlite3.Connection, account_id: int) -> sqlite3.Row:
    row = select_one(connection, "SELECT id, name, role FROM accounts WHERE id = ?", (account_id,))
    if row is None:
        raise NotFound("Det finns inget sådant konto.")
    return row


async def set_scope(
    db: Database, viewer: Viewer, account_id: int, municipalities: tuple[str, ...], units: tuple[int, ...]
) -> None:
    administrator(viewer)
    if not (municipalities or units):
        raise Invalid("En chef behöver minst en kommun eller enhet.", field="scope")

    def job(connection: sqlite3.Connection) -> None:
        if _account(connection, account_id)["role"] != "manager":
            raise Invalid("En administratör ser allt och har inget urval.", field="scope")
        connection.execute("DELETE FROM account_scopes WHERE account_id = ?", (account_id,))
        connection.executemany(
            "INSERT INTO account_scopes (account_id, municipality_id) VALUES (?, ?)",
            [(account_id, m) for m in municipalities],
        )
        connection.executemany(
            "INSERT INTO account_scopes (account_id, unit_id) VALUES (?, ?)", [(account_id, u) for u in units]
        )
        details = {"account": account_id, "municipalities": list(municipalities), "units": list(units)}
        audit.record(connection, viewer.account.id, viewer.actor, "account_changed", details)

    await db.write(job)


def _end_sessions(connection: sqlite3.Connection, account_id: int) -> None:
    connection.execute("DELETE FROM account_sessions WHERE account_id = ?", (account_id,))


async def disable(db: Database, viewer: Viewer, account_id: int) -> None:
    administrator(viewer)
    if account_id == viewer.account.id:
        raise Invalid("Du kan inte stänga av ditt eget konto.", field="account")

    def job(connection: sqlite3.Connection) -> None:
        _account(connection, account_id)
        connection.execute(
            "UPDATE accounts SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?", (utc_now(), account_id)
        )
        _end_sessions(connection, account_id)
        audit.record(connection, viewer.account.id, viewer.actor, "account_disabled", {"account": account_id})

    await db.write(job)


async def reset_password(db: Database, viewer: Viewer, account_id: int) -> str:
    """A one-time password for the account (returned, to hand over once); its sessions end."""
    administrator(viewer)
    password, password_hash = _one_time()

    def job(connection: sqlite3.Connection) -> None:
        _account(connection, account_id)
        connection.execute(
            "UPDATE accounts SET password_hash = ?, must_change_password = 1 WHERE id = ?",
            (password_hash, account_id),
        )
        _end_sessions(connection, account_id)
        audit.record(connection, viewer.account.id, viewer.actor, "password_reset", {"account": account_id})

    await db.write(job)
    return password


async def change_own_password(db: Database, viewer: Viewer, current: str, new: str) -> None:
    """Choose one's own password: the current one first, then a new one that passes the policy."""
    account = viewer.account
    found = await password_hash_of(db, account.name)
    if found is None or not await password_matches(found[1], current):
        raise Invalid("Det nuvarande lösenordet stämmer inte.", field="current")
    if new == current:
        raise Invalid("Välj ett annat lösenord än det nuvarande.", field="new")
    check_password(new, account.name)
    new_hash = hash_password(new)

    def job(connection: sqlite3.Connection) -> None:
        connection.execute(
            "UPDATE accounts SET password_hash = ?, must_change_password = 0 WHERE id = ?",
            (new_hash, account.id),
        )
        connection.execute(
            "DELETE FROM account_sessions WHERE account_id = ? AND token_hash <> ?",
            (account.id, viewer.session),
        )
        audit.record(connection, account.id, viewer.actor, "password_changed", {})

    await db.write(job)
