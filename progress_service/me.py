"""A person's own record: what they completed, their paths, their self-assessments — and all of it
as a download (the GDPR right of access).

Each answer is one read job (progress_service/db.py): the session check, every query and the JSON
encoding run on a reader thread, so even a long record never blocks the event loop (a small one
is read on the event loop, where the hop costs more than the read). The answer is kept until the
person's record, the catalogue or the day changes (progress_service/record_cache.py). /api/me lists
the newest ME_COMPLETIONS completions and says how many there are in all; the export has them all.
"""

from __future__ import annotations

import datetime
import functools
import json
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from catalogue import Catalogue
from catalogue.dates import swedish_today
from progress_service import audit
from progress_service.auth import (
    SESSION_SQL,
    Person,
    live,
    note_use,
    person_in,
    person_json,
    session_of,
    signed_in,
)
from progress_service.completions import SELECT, completion_json
from progress_service.db import OneStatement
from progress_service.progress import Done, expires_on, my_paths
from progress_service.responses import Export, Me, encode, field_guide
from progress_service.self_assessments import result_json
from progress_service.service import service_of

ME_COMPLETIONS = 500
# A record this small is read on the event loop: the hop to a reader thread costs more (db.py).
INLINE_COMPLETIONS = 50
# Only a training's latest completion can still be valid, so paths need one row per training.
COUNT = "SELECT count(*) FROM completions WHERE staff_id = ?"
# Not SQLite's "bare column beside max()", which PostgreSQL refuses: the row whose date is the
# latest for its training (at most one: a person completes a training once a day).
LATEST_PER_TRAINING = """
    SELECT training, completed_on, renewal_months FROM completions c
    WHERE staff_id = ? AND completed_on = (
        SELECT max(completed_on) FROM completions l WHERE l.staff_id = c.staff_id AND l.training = c.training
    )
"""


def _newest(connection: sqlite3.Connection, person_id: int, limit: int) -> list[sqlite3.Row]:
    """The person's newest `limit` completions (-1: all of them)."""
    newest_first = f"{SELECT} WHERE c.staff_id = ? ORDER BY c.completed_on DESC, c.training"
    # LIMIT -1 means "no limit" only to SQLite: for every completion the query has no LIMIT.
    rows: list[sqlite3.Row] = connection.execute(
        *((newest_first + " LIMIT ?", (person_id, limit)) if limit >= 0 else (newest_first, (person_id,)))
    ).fetchall()
    return rows


def _record(
    connection: sqlite3.Connection,
    catalogue: Catalogue,
    person: Person,
    secret_key: bytes,
    completions: list[sqlite3.Row],
    whole: bool,
) -> dict[str, Any]:
    """The record listing `completions`; the count and the paths count them all, which takes more
    queries only when `completions` is not the `whole` record (nearly everyone's is)."""
    total = len(completions) if whole else connection.execute(COUNT, (person.id,)).fetchone()[0]
    latest = completions if whole else connection.execute(LATEST_PER_TRAINING, (person.id,)).fetchall()
    assessments = connection.execute(
        "SELECT * FROM self_assessments WHERE staff_id = ? ORDER BY submitted_at DESC", (person.id,)
    ).fetchall()
    return {
        "person": person_json(person, secret_key),
        "completions": [completion_json(catalogue, row) for row in completions],
        "completions_total": total,
        "paths": my_paths(
            catalogue,
            person.role,
            person.start_date,
            _done(catalogue, latest),
            swedish_today(),
            person.municipality_id,
        ),
        "self_assessments": [
            result_json(catalogue, row, person.role, person.municipality_id) for row in assessments
        ],
    }


def _done(catalogue: Catalogue, rows: list[sqlite3.Row]) -> list[Done]:
    done = []
    for row in rows:
        day = datetime.date.fromisoformat(row["completed_on"])
        done.append(
            Done(row["training"], day, expires_on(catalogue, row["training"], day, row["renewal_months"]))
        )
    return done


async def me(request: Request) -> Response:
    session = session_of(request)
    service = service_of(request)
    # The reload count before the catalogue: a reload in between pairs the old count with the new
    # catalogue, which only misses the cache, never the other way round (catalogue_source.py).
    catalogue_version = service.catalogue.version
    catalogue, secret_key = service.catalogue.current, service.settings.secret_key
    idle, kept = service.settings.staff_idle_minutes, service.records

    def current(person: Person, version: int) -> tuple[object, ...]:
        """What a kept answer must have been built from to be used."""
        return (version, person, catalogue_version, swedish_today())

    # The session's row when the first statement read it and found no current kept answer: the job
    # builds on it rather than reading the session again. A write in between only raised the version,
    # so the answer is kept under an older one and missed, never served stale.
    seen: tuple[Person, str, int] | None = None

    def job(connection: sqlite3.Connection, at_most: int | None = None) -> tuple[bytes, str] | None:
        """The answer, or None when the record has more than `at_most` completions (one more row
        fetched tells, so a small record costs no count)."""
        person, last_seen_at, version = seen or person_in(connection, session, idle)
        basis = current(person, version)
        body = kept.get(person.id, basis)
        if body is not None:
            return body, last_seen_at
        limit = ME_COMPLETIONS if at_most is None else at_most + 1
        completions = _newest(connection, person.id, limit)
        if at_most is not None and len(completions) > at_most:
            return None
        record = _record(connection, catalogue, person, secret_key, completions, len(completions) < limit)
        body = encode(Me, record)
        kept.put(person.id, basis, body)
        return body, last_seen_at

    def kept_answer(row: sqlite3.Row) -> tuple[bytes, str] | None:
        """The kept answer if it is current, from the session's row alone (None: the job builds it)."""
        nonlocal seen
        seen = signed_in(row)
        person, last_seen_at, version = seen
        body = kept.get(person.id, current(person, version))
        return None if body is None else (body, last_seen_at)

    first = None
    if service.db.tries_one_statement:
        first = OneStatement(SESSION_SQL, live(session, idle), kept_answer)
    inline = functools.partial(job, at_most=INLINE_COMPLETIONS)
    answer = await service.db.read(inline, inline=True, first=first)
    if answer is None:
        answer = await service.db.read(job)
    assert answer is not None
    body, last_seen_at = answer
    await note_use(service, session, last_seen_at)
    return Response(body, media_type="application/json")


async def export(request: Request) -> Response:
    """Everything held about the person, including what /api/me leaves out (times, answers, sessions)."""
    session = session_of(request)
    service = service_of(request)
    catalogue, secret_key = service.catalogue.current, service.settings.secret_key

    idle = service.settings.staff_idle_minutes

    def job(connection: sqlite3.Connection) -> tuple[bytes, str]:
        person, last_seen_at, _ = person_in(connection, session, idle)
        record = _record(connection, catalogue, person, secret_key, _newest(connection, person.id, -1), True)
        return encode(Export, _export(record, _details(connection, person.id))), last_seen_at

    body, last_seen_at = await service.db.read(job)
    await note_use(service, session, last_seen_at)
    headers = {"Content-Disposition": 'attachment; filename="mina-uppgifter.json"'}
    return Response(body, media_type="application/json", headers=headers)


EXPORT_ABOUT = (
    "Allt som Omsorgskatalogen har sparat om dig när filen hämtades. Under log står det som chefer och"
    " administratörer har gjort som gäller just dig. Att en chef har tittat på eller hämtat en rapport,"
    " eller läst in hela personallistan, står inte där; det kan kommunen lämna ut. Fälten har samma"
    " engelska namn som i tjänstens API; under fields står vad vart och ett betyder. Tider är i UTC"
    " (svensk tid minus en timme, två på sommaren)."
)


@functools.cache
def export_fields() -> dict[str, str]:
    """What each field of the export file means (the two that explain the file left out)."""
    guide = field_guide(Export)
    return {path: text for path, text in guide.items() if path not in ("about", "fields")}


def _export(record: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for item in record["completions"]:
        item["recorded_at"], item["recorded_by"], item["rated_at"] = extra["times"][item["id"]]
    for item in record["self_assessments"]:
        item["answers"] = extra["answers"][item["id"]]
    return {
        "about": EXPORT_ABOUT,
        "fields": export_fields(),
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "person": {**record["person"], **extra["person"]},
        "completions": record["completions"],
        "self_assessments": record["self_assessments"],
        "sessions": extra["sessions"],
        "log": extra["log"],
    }


def _details(connection: sqlite3.Connection, staff_id: int) -> dict[str, Any]:
    staff = connection.execute(
        "SELECT code_issued_at AS personal_code_issued_at, left_on FROM staff WHERE id = ?", (staff_id,)
    ).fetchone()
    times = connection.execute(
        "SELECT c.id, c.recorded_at, c.recorded_by, r.rated_at FROM completions c"
        " LEFT JOIN ratings r ON r.completion_id = c.id WHERE c.staff_id = ?",
        (staff_id,),
    ).fetchall()
    answers = connection.execute("SELECT id, answers FROM self_assessments WHERE staff_id = ?", (staff_id,))
    sessions = connection.execute(
        "SELECT created_at, expires_at FROM sessions WHERE staff_id = ? ORDER BY created_at", (staff_id,)
    ).fetchall()
    return {
        "person": dict(staff) if staff else {"personal_code_issued_at": None, "left_on": None},
        "times": {row["id"]: (row["recorded_at"], row["recorded_by"], row["rated_at"]) for row in times},
        "answers": {row["id"]: json.loads(row["answers"]) for row in answers},
        "sessions": [dict(row) for row in sessions],
        "log": audit.about_person(connection, staff_id),
    }
