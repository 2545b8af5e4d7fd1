"""Signing in with a personal code, server-side sessions, and the origin check on writes.

The session cookie holds a random token; the database only its keyed hash. Over https the cookie
is `__Host-` prefixed and Secure (the scheme comes from X-Forwarded-Proto only when the proxy is
trusted, which uvicorn decides from OMSORG_TRUSTED_PROXIES).

Cross-site request forgery: writes take JSON only (a plain HTML form cannot send it), and a
cookie-authenticated write whose Origin is neither this site (OMSORG_PUBLIC_URL, never the
request's Host: a reverse proxy may rewrite it) nor an allowed origin is refused. Browsers send
Origin on every cross-origin write, so a missing Origin means a non-browser client.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from catalogue.dates import SWEDISH_TIME
from progress_service import responses
from progress_service.codes import PREFIX_LENGTH, keyed_hash, new_session_token, normalise
from progress_service.db import WriteJob, one, select_one, utc_now
from progress_service.errors import Forbidden, Invalid, NotSignedIn
from progress_service.payloads import SignIn, read_json
from progress_service.ratelimit import count_attempt, forgive
from progress_service.service import Service, service_of
from progress_service.write_limits import check_cap, counting

COOKIE = "omsorg_session"
SECURE_COOKIE = "__Host-omsorg_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    employee_number: str
    role: str | None
    start_date: datetime.date
    unit: str
    municipality: str
    municipality_id: str


PERSON_COLUMNS = (
    "SELECT s.id, s.name, s.employee_number, s.role, s.start_date, u.name AS unit, m.name AS municipality,"
    " s.municipality_id"
)
PERSON_FROM = (
    " FROM staff s JOIN units u ON u.id = s.unit_id JOIN municipalities m ON m.id = s.municipality_id"
)
PERSON_SQL = PERSON_COLUMNS + PERSON_FROM


def person_from(row: sqlite3.Row) -> Person:
    start = datetime.date.fromisoformat(row["start_date"])
    return Person(
        row["id"],
        row["name"],
        row["employee_number"],
        row["role"],
        start,
        row["unit"],
        row["municipality"],
        row["municipality_id"],
    )


def is_https(request: Request) -> bool:
    # The scope, not request.url: building the URL object costs more than the rest of a sign-in check.
    return bool(request.scope["scheme"] == "https")


def cookie_name(request: Request) -> str:
    return SECURE_COOKIE if is_https(request) else COOKIE


def check_origin(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin is None:
        if request.headers.get("sec-fetch-site") == "cross-site":
            raise Forbidden("Begäran kommer från en annan webbplats och tas inte emot.")
        return
    settings = service_of(request).settings
    if origin != settings.public_url and origin not in settings.allowed_origins:
        raise Forbidden("Begäran kommer från en annan webbplats och tas inte emot.")


# A session is alive before its absolute end and while used within the idle time (`live` gives both).
LIVE = "x.token_hash = ? AND x.expires_at > ? AND x.last_seen_at > ?"
SESSION_SQL = (
    f"{PERSON_COLUMNS}, x.last_seen_at, coalesce(v.version, 0) AS record_version{PERSON_FROM}"
    f" JOIN sessions x ON x.staff_id = s.id LEFT JOIN record_versions v ON v.staff_id = s.id WHERE {LIVE}"
)
# last_seen_at is written at most this often, so a page with many requests costs one write.
TOUCH_EVERY = datetime.timedelta(seconds=60)
EXPIRED = "Din inloggning har gått ut. Logga in igen med din personliga kod."


def session_of(request: Request) -> str:
    """The hash of the request's session token; writes also pass the origin check here."""
    check_origin(request)
    token = request.cookies.get(cookie_name(request))
    if not token:
        raise NotSignedIn("Du är inte inloggad. Logga in med din personliga kod.")
    return keyed_hash(service_of(request).settings.secret_key, token)


@dataclass(frozen=True)
class Writer:
    """What a write needs to know about the signed-in person."""

    id: int
    role: str | None
    start_date: datetime.date
    municipality_id: str


# Finds the writer and counts the write in one statement (on PostgreSQL one round trip, not two).
# RETURNING may name only daily_writes' columns in SQLite, so the rest comes from subqueries.
WRITER_SQL = counting(
    f"SELECT x.staff_id, ?, 1 FROM sessions x WHERE {LIVE}",
    "staff_id AS id,"
    + ",".join(
        f" (SELECT {column} FROM staff WHERE staff.id = daily_writes.staff_id) AS {column}"
        for column in ("role", "start_date", "municipality_id")
    )
    + ", (SELECT last_seen_at FROM sessions WHERE token_hash = ?) AS last_seen_at",
)


def live(session: str, idle_minutes: int) -> tuple[str, str, str]:
    """The parameters of LIVE: the session, now, and the last use that still counts."""
    now = datetime.datetime.now(datetime.UTC)
    idle = now - datetime.timedelta(minutes=idle_minutes)
    return session, now.isoformat(timespec="seconds"), idle.isoformat(timespec="seconds")


def stale(last_seen_at: str) -> bool:
    """Whether the session's last use is older than TOUCH_EVERY (and so worth writing again)."""
    return datetime.datetime.fromisoformat(last_seen_at) <= datetime.datetime.now(datetime.UTC) - TOUCH_EVERY


def touch(connection: sqlite3.Connection, session: str, last_seen_at: str) -> None:
    """Note a use of the session (inside a write job), at most once per TOUCH_EVERY."""
    if stale(last_seen_at):
        sql = "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"
        connection.execute(sql, (utc_now(), session))


# `touch` as part of a statement (progress_service/completions.py), which cannot look first.
TOUCH_STALE = "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at <= ?"


def touch_params(session: str) -> tuple[str, str, str]:
    now = datetime.datetime.now(datetime.UTC)
    return now.isoformat(timespec="seconds"), session, (now - TOUCH_EVERY).isoformat(timespec="seconds")


def writer_in(connection: sqlite3.Connection, session: str, idle_minutes: int) -> Writer:
    """The signed-in person, looked up inside a write job, with the write counted against the
    daily cap (progress_service/write_limits.py).

    Writes check the session in their own transaction: no extra round trip to a read connection,
    and a sign-out or revoked code is seen by every write committed after it.
    """
    now = datetime.datetime.now(SWEDISH_TIME)
    row = select_one(connection, WRITER_SQL, (now.date().isoformat(), *live(session, idle_minutes), session))
    if row is None:
        raise NotSignedIn(EXPIRED)
    check_cap(row["writes"], now)
    touch(connection, session, row["last_seen_at"])
    start = datetime.date.fromisoformat(row["start_date"])
    return Writer(row["id"], row["role"], start, row["municipality_id"])


def person_in(connection: sqlite3.Connection, session: str, idle_minutes: int) -> tuple[Person, str, int]:
    """The signed-in person, looked up inside a read job (progress_service/db.py `read`); when the
    session was last used (for `note_use` once the read is done); and the version of the person's
    record (migration 0008), which tells whether a kept answer is still current."""
    row = select_one(connection, SESSION_SQL, live(session, idle_minutes))
    if row is None:
        raise NotSignedIn(EXPIRED)
    return signed_in(row)


def signed_in(row: sqlite3.Row) -> tuple[Person, str, int]:
    """A row of SESSION_SQL: the person, when the session was last used, the record's version."""
    return person_from(row), row["last_seen_at"], row["record_version"]


async def note_use(service: Service, session: str, last_seen_at: str) -> None:
    """Keep a read's session from going idle: a write, at most once per TOUCH_EVERY."""
    if stale(last_seen_at):
        await service.db.write(lambda connection: touch(connection, session, last_seen_at))


def person_key(secret_key: bytes, staff_id: int) -> str:
    """A stable id for the person that names no one: a shared device's offline queue tags its actions
    with it, so they are never sent under someone else's session."""
    return keyed_hash(secret_key, f"person:{staff_id}")[:32]


def person_json(person: Person, secret_key: bytes) -> dict[str, object]:
    return {
        "key": person_key(secret_key, person.id),
        "name": person.name,
        "employee_number": person.employee_number,
        "role": person.role,
        "start_date": person.start_date.isoformat(),
        "unit": person.unit,
        "municipality": person.municipality,
    }


async def start_session(request: Request) -> Response:
    check_origin(request)
    service = service_of(request)
    body = await read_json(request, SignIn, service.settings.max_body_bytes)
    person, token = await open_session(request, body.code)
    response = responses.json_response(responses.Person, person_json(person, service.settings.secret_key))
    set_session_cookie(request, response, token)
    return response


async def open_session(request: Request, typed_code: str) -> tuple[Person, str]:
    """The person whose code was typed, and a new session token for them; counts failed attempts."""
    service = service_of(request)
    code = normalise(typed_code)
    if code is None:
        message = "Koden ska ha 11 tecken (bokstäver och siffror 2–9), t.ex. ABCD-EFGH-JKM."
        raise Invalid(message, field="code")
    client = f"client:{request.client.host if request.client else 'unknown'}"
    prefix = f"prefix:{code[:PREFIX_LENGTH]}"
    limits = ((service.failures_by_client, client), (service.failures_by_prefix, prefix))
    await count_attempt(service.db, limits)
    row = await service.db.read(
        one(f"{PERSON_SQL} WHERE s.code_hash = ?", (keyed_hash(service.settings.secret_key, code),))
    )
    if row is None:
        raise NotSignedIn("Koden stämmer inte. Kontrollera den och försök igen.")
    await forgive(service.db, limits)
    person = person_from(row)
    token = new_session_token()
    await service.db.write(_insert_session(service, person.id, token))
    return person, token


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        cookie_name(request),
        token,
        max_age=service_of(request).settings.session_hours * 3600,
        path="/",
        secure=is_https(request),
        httponly=True,
        samesite="lax",
    )


# Sessions one person may have open (phone, home computer, a few shared tablets); signing in once
# more ends the oldest, so a script signing in in a loop cannot grow the table.
MAX_SESSIONS = 10
KEEP_NEWEST_SESSIONS = """
    DELETE FROM sessions WHERE staff_id = ? AND rowid NOT IN
        (SELECT rowid FROM sessions WHERE staff_id = ? ORDER BY rowid DESC LIMIT ?)
"""


def _insert_session(service: Service, staff_id: int, token: str) -> WriteJob[None]:
    now = datetime.datetime.now(datetime.UTC)
    expires = now + datetime.timedelta(hours=service.settings.session_hours)

    def job(connection: sqlite3.Connection) -> None:
        # Expired sessions of this person go now; nothing else needs a cleanup job.
        connection.execute(
            "DELETE FROM sessions WHERE staff_id = ? AND expires_at <= ?",
            (staff_id, now.isoformat(timespec="seconds")),
        )
        connection.execute(
            "INSERT INTO sessions (token_hash, staff_id, created_at, expires_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                keyed_hash(service.settings.secret_key, token),
                staff_id,
                now.isoformat(timespec="seconds"),
                expires.isoformat(timespec="seconds"),
                now.isoformat(timespec="seconds"),
            ),
        )
        connection.execute(KEEP_NEWEST_SESSIONS, (staff_id, staff_id, MAX_SESSIONS))

    return job


async def end_session(request: Request) -> Response:
    check_origin(request)
    service = service_of(request)
    token = request.cookies.get(cookie_name(request))
    if token:
        token_hash = keyed_hash(service.settings.secret_key, token)

        def job(connection: sqlite3.Connection) -> None:
            connection.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))

        await service.db.write(job)
    response = Response(status_code=204)
    response.delete_cookie(cookie_name(request), path="/", secure=is_https(request), httponly=True)
    return response


def forget_expired_sessions(connection: sqlite3.Connection) -> None:
    """Run at start: sessions of people who never came back do not pile up."""
    connection.execute("DELETE FROM sessions WHERE expires_at <= ?", (utc_now(),))
