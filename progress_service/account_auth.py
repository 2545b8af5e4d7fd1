"""Signing in to /hantera/ with a name and password, the sessions that follow, and API keys.

A session ends 30 minutes after its last use or 8 hours after sign-in, whichever is first: a
manager's computer left unlocked exposes reports about many people. The cookie is separate from
the staff session's, so one computer can have both, and SameSite=Strict: no other site can make
a manager's browser send it. Forms in /hantera/ also carry a token derived from the session.

Scripts and Power Query use read-only API keys instead (`Authorization: Bearer …`), which reach
the reports only, with the scope of the manager who made them.
"""

from __future__ import annotations

import datetime
import hmac
import sqlite3
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from catalogue.dates import swedish_today
from progress_service import audit
from progress_service.accounts import (
    MAX_NAME,
    MAX_PASSWORD,
    Account,
    account_with,
    password_hash_of,
    password_matches,
)
from progress_service.auth import check_origin, is_https, stale
from progress_service.codes import keyed_hash, new_session_token
from progress_service.db import WriteJob, one
from progress_service.errors import Forbidden, NotSignedIn, PasswordChangeRequired
from progress_service.ratelimit import count_attempt, forgive
from progress_service.service import Service, service_of

COOKIE = "omsorg_hantera"
SECURE_COOKIE = "__Host-omsorg_hantera"
IDLE = datetime.timedelta(minutes=30)
ABSOLUTE = datetime.timedelta(hours=8)
API_KEY_PREFIX = "omk_"
SIGNED_OUT = "Du är inte inloggad. Logga in med ditt namn och lösenord."


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the account, and whether by session (`session`, the token's hash) or API key."""

    account: Account
    session: str | None = None
    api_key: str | None = None
    must_change_password: bool = False

    @property
    def actor(self) -> str:
        if self.api_key is None:
            return self.account.name
        return f"{self.account.name} (API-nyckel {self.api_key})"


def cookie_name(request: Request) -> str:
    return SECURE_COOKIE if is_https(request) else COOKIE


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _iso(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


async def sign_in(request: Request, name: str, password: str) -> tuple[Account, str]:
    """The account and a new session token; NotSignedIn for a wrong name or password."""
    if len(name) > MAX_NAME or len(password) > MAX_PASSWORD:
        raise NotSignedIn("Namnet eller lösenordet stämmer inte.")
    service = service_of(request)
    client = f"client:{request.client.host if request.client else 'unknown'}"
    limits = ((service.failures_by_client, client), (service.failures_by_account, f"account:{name.lower()}"))
    await count_attempt(service.db, limits)
    found = await password_hash_of(service.db, name)
    if not await password_matches(found[1] if found else None, password) or found is None:
        actor = name if found else "(okänt namn)"
        await audit.log(service.db, found[0] if found else None, actor, "sign_in_failed")
        raise NotSignedIn("Namnet eller lösenordet stämmer inte.")
    await forgive(service.db, limits)
    account = await account_with(service.db, "id = ?", (found[0],))
    assert account is not None
    token = new_session_token()
    await service.db.write(_start(service, account, token))
    return account, token


def _start(service: Service, account: Account, token: str) -> WriteJob[None]:
    now = _now()

    def job(connection: sqlite3.Connection) -> None:
        connection.execute(
            "DELETE FROM account_sessions WHERE account_id = ? AND (expires_at <= ? OR last_seen_at <= ?)",
            (account.id, _iso(now), _iso(now - IDLE)),
        )
        connection.execute(
            "INSERT INTO account_sessions VALUES (?, ?, ?, ?, ?)",
            (
                keyed_hash(service.settings.secret_key, token),
                account.id,
                _iso(now),
                _iso(now),
                _iso(now + ABSOLUTE),
            ),
        )
        audit.record(connection, account.id, account.name, "sign_in", {})

    return job


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        cookie_name(request),
        token,
        max_age=int(ABSOLUTE.total_seconds()),
        path="/",
        secure=is_https(request),
        httponly=True,
        samesite="strict",
    )


async def sign_out(request: Request, response: Response) -> None:
    service = service_of(request)
    token = request.cookies.get(cookie_name(request))
    if token:
        token_hash = keyed_hash(service.settings.secret_key, token)
        viewer = await _by_session(service, token_hash)

        def job(connection: sqlite3.Connection) -> None:
            connection.execute("DELETE FROM account_sessions WHERE token_hash = ?", (token_hash,))
            if viewer is not None:
                audit.record(connection, viewer.account.id, viewer.account.name, "sign_out", {})

        await service.db.write(job)
    response.delete_cookie(cookie_name(request), path="/", secure=is_https(request), httponly=True)


MUST_CHANGE = "Du loggade in med ett engångslösenord. Välj ett eget lösenord på /hantera/byt-losenord först."


async def viewer_of(request: Request, api_key_allowed: bool = False, password_change: bool = False) -> Viewer:
    """The signed-in account (by session cookie, or by API key where allowed); NotSignedIn if none.

    An account with a one-time password reaches only the page that changes it (`password_change`).
    """
    service = service_of(request)
    authorization = request.headers.get("authorization", "")
    if authorization:
        if not api_key_allowed:
            raise Forbidden("API-nycklar kan bara hämta rapporter.")
        return await _by_api_key(service, authorization)
    check_origin(request)
    token = request.cookies.get(cookie_name(request))
    viewer = await _by_session(service, keyed_hash(service.settings.secret_key, token)) if token else None
    if viewer is None:
        raise NotSignedIn(SIGNED_OUT)
    if viewer.must_change_password and not password_change:
        raise PasswordChangeRequired(MUST_CHANGE)
    return viewer


async def _by_session(service: Service, token_hash: str) -> Viewer | None:
    now = _now()
    row = await service.db.read(
        one(
            "SELECT x.account_id, x.last_seen_at, a.must_change_password FROM account_sessions x"
            " JOIN accounts a ON a.id = x.account_id"
            " WHERE x.token_hash = ? AND x.expires_at > ? AND x.last_seen_at > ?",
            (token_hash, _iso(now), _iso(now - IDLE)),
        )
    )
    if row is None:
        return None
    account = await account_with(service.db, "id = ?", (row["account_id"],))
    if account is None:
        return None
    if stale(row["last_seen_at"]):  # written at most once a minute, as for staff sessions
        await service.db.write(_touch(token_hash, _iso(now)))
    return Viewer(account, session=token_hash, must_change_password=bool(row["must_change_password"]))


def _touch(token_hash: str, now: str) -> WriteJob[None]:
    def job(connection: sqlite3.Connection) -> None:
        connection.execute(
            "UPDATE account_sessions SET last_seen_at = ? WHERE token_hash = ?", (now, token_hash)
        )

    return job


async def _by_api_key(service: Service, authorization: str) -> Viewer:
    scheme, _, key = authorization.partition(" ")
    if scheme.lower() != "bearer" or not key.strip().startswith(API_KEY_PREFIX):
        raise NotSignedIn("Ange nyckeln som Authorization: Bearer omk_… .")
    row = await service.db.read(
        one(
            "SELECT account_id, prefix FROM api_keys"
            " WHERE key_hash = ? AND revoked_at IS NULL AND expires_on >= ?",
            (keyed_hash(service.settings.secret_key, key.strip()), swedish_today().isoformat()),
        )
    )
    account = await account_with(service.db, "id = ?", (row["account_id"],)) if row else None
    if row is None or account is None:
        raise NotSignedIn("API-nyckeln gäller inte: den är fel, återkallad eller har gått ut.")
    return Viewer(account, api_key=row["prefix"])


def form_token(secret_key: bytes, viewer: Viewer) -> str:
    """The token every /hantera/ form carries: only a page of this session can know it."""
    return keyed_hash(secret_key, f"form:{viewer.session}")[:32]


def check_form_token(secret_key: bytes, viewer: Viewer, sent: str | None) -> None:
    if not sent or not hmac.compare_digest(sent, form_token(secret_key, viewer)):
        raise Forbidden("Formuläret har gått ut. Ladda om sidan och försök igen.")
