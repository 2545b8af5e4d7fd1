"""Accounts that sign in with a name and password: administrators (everything) and managers
(the municipalities and units of their scope).

Passwords are hashed with argon2id (argon2-cffi's default). A password must have at least
MIN_PASSWORD characters and must not be easy to guess: zxcvbn, which knows the commonest passwords,
keyboard walks, dates and repeats, must score it MIN_STRENGTH, its top score (an estimated 10^10
guesses or more). Our own words (the account's name, the product, Swedish seasons and greetings)
are added to its dictionaries; even so "Sommar2026!!" scores 3 (10^8), so 3 is not enough here,
while three uncommon words in a row reach 4.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from progress_service.db import Database, one, select_one, utc_now
from progress_service.scope import Scope

Role = Literal["administrator", "manager"]
ROLE_LABELS: dict[Role, str] = {"administrator": "Administratör", "manager": "Chef"}
MIN_PASSWORD = 12
MAX_PASSWORD = 200
MAX_NAME = 80
MIN_STRENGTH = 4
LOCAL_WORDS = (
    "omsorg", "omsorgskatalogen", "hantera", "kommun", "enhet", "chef", "admin", "lösenord", "losenord",
    "sommar", "vinter", "hösten", "hosten", "våren", "varen", "välkommen", "valkommen", "hejhej",
    "sverige", "jultomten", "midsommar", "hemtjänst", "hemtjanst", "äldreomsorg", "aldreomsorg",
)  # fmt: skip
_hasher = PasswordHasher()
# Verifying against this when the name is unknown makes both answers take the same time.
_UNKNOWN_ACCOUNT_HASH = _hasher.hash("no account has this password")


class AccountError(Exception):
    """An account cannot be created or changed as asked; the message says why, in Swedish."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: Role
    scope: Scope

    @property
    def is_administrator(self) -> bool:
        return self.role == "administrator"


def check_password(password: str, name: str) -> None:
    """Refuse a password that is too short or too easy to guess (AccountError says which)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Lösenordet ska ha minst {MIN_PASSWORD} tecken.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"Lösenordet får ha högst {MAX_PASSWORD} tecken.")
    if zxcvbn(password, user_inputs=[name, *LOCAL_WORDS])["score"] < MIN_STRENGTH:
        raise AccountError(
            "Lösenordet är för lätt att gissa: det liknar vanliga lösenord, ord eller mönster. "
            "Välj hellre flera ovanliga ord i rad, t.ex. tre ord med bindestreck och en siffra."
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


async def password_matches(password_hash: str | None, password: str) -> bool:
    """argon2 takes tens of milliseconds of CPU: off the event loop."""
    return await asyncio.to_thread(_verify, password_hash or _UNKNOWN_ACCOUNT_HASH, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password) and password_hash != _UNKNOWN_ACCOUNT_HASH
    except (VerificationError, InvalidHashError):
        return False


def insert_account(
    connection: sqlite3.Connection,
    name: str,
    role: Role,
    password_hash: str,
    municipalities: tuple[str, ...] = (),
    units: tuple[int, ...] = (),
) -> int:
    """A new account with its scope (a manager needs at least one municipality or unit)."""
    if not name.strip() or len(name) > MAX_NAME:
        raise AccountError(f"Kontots namn ska ha 1–{MAX_NAME} tecken.")
    if select_one(connection, "SELECT 1 FROM accounts WHERE name = ?", (name,)):
        raise AccountError(f"Det finns redan ett konto som heter {name}.")
    if role == "manager" and not (municipalities or units):
        raise AccountError("En chef behöver minst en kommun (--municipality) eller enhet (--unit).")
    cursor = connection.execute(
        "INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
        (name, role, password_hash, utc_now()),
    )
    assert cursor.lastrowid is not None
    for municipality in municipalities:
        if not select_one(connection, "SELECT 1 FROM municipalities WHERE id = ?", (municipality,)):
            raise AccountError(f"Det finns ingen kommun med id {municipality}.")
        connection.execute(
            "INSERT INTO account_scopes (account_id, municipality_id) VALUES (?, ?)",
            (cursor.lastrowid, municipality),
        )
    for unit in units:
        if not select_one(connection, "SELECT 1 FROM units WHERE id = ?", (unit,)):
            raise AccountError(f"Det finns ingen enhet med id {unit} (`list-units` visar dem).")
        connection.execute(
            "INSERT INTO account_scopes (account_id, unit_id) VALUES (?, ?)", (cursor.lastrowid, unit)
        )
    return cursor.lastrowid


async def create_account(
    db: Database,
    name: str,
    role: Role,
    password: str,
    municipalities: tuple[str, ...] = (),
    units: tuple[int, ...] = (),
) -> int:
    check_password(password, name)
    password_hash = hash_password(password)
    return await db.write(
        lambda connection: insert_account(connection, name, role, password_hash, municipalities, units)
    )


ACCOUNT_SQL = "SELECT id, name, role, password_hash FROM accounts WHERE disabled_at IS NULL AND "


async def account_with(db: Database, where: str, params: tuple[object, ...]) -> Account | None:
    """The enabled account matching `where` (e.g. "id = ?"), with its scope."""

    def job(connection: sqlite3.Connection) -> tuple[sqlite3.Row | None, list[sqlite3.Row]]:
        row = select_one(connection, ACCOUNT_SQL + where, params)
        if row is None:
            return None, []
        scopes = connection.execute(
            "SELECT municipality_id, unit_id FROM account_scopes WHERE account_id = ?", (row["id"],)
        ).fetchall()
        return row, scopes

    row, scopes = await db.read(job)
    if row is None:
        return None
    return Account(
        row["id"],
        row["name"],
        row["role"],
        Scope(
            everything=row["role"] == "administrator",
            municipalities=frozenset(s["municipality_id"] for s in scopes if s["municipality_id"]),
            units=frozenset(s["unit_id"] for s in scopes if s["unit_id"] is not None),
        ),
    )


async def password_hash_of(db: Database, name: str) -> tuple[int, str] | None:
    row = await db.read(
        one("SELECT id, password_hash FROM accounts WHERE name = ? AND disabled_at IS NULL", (name,))
    )
    return None if row is None else (row["id"], row["password_hash"])
