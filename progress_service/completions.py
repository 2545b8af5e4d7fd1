"""Recording, correcting, rating and withdrawing completed trainings.

A completion's id is made by the client (an offline queue retries with the same id), so the same
id always answers with the record it first created. Withdrawing deletes the record and its rating
and keeps only the random id, so a late retry cannot bring it back.
"""

from __future__ import annotations

import datetime
import sqlite3
import uuid
from collections.abc import Mapping
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response

from catalogue import Catalogue
from catalogue.dates import swedish_today
from catalogue.model import Training
from progress_service.auth import LIVE, TOUCH_STALE, Writer, live, session_of, touch_params, writer_in
from progress_service.db import OneStatement, select_one, utc_now
from progress_service.errors import Conflict, Gone, Invalid, NotFound
from progress_service.payloads import CompletionChange, NewCompletion, Rating, read_json
from progress_service.progress import expires_on
from progress_service.responses import Completion, json_response
from progress_service.service import service_of
from progress_service.write_limits import DAILY_WRITES, counting

# Who recorded a completion (completions.recorded_by).
RecordedBy = Literal["self", "attendance", "import"]
RECORDED_BY_LABELS: dict[RecordedBy, str] = {
    "self": "Personen själv",
    "attendance": "Chef, som närvaro",
    "import": "Import",
}

SELECT = """
    SELECT c.id, c.staff_id, c.training, c.training_title, c.hours, c.renewal_months, c.completed_on,
           c.before_employment, c.recorded_at, r.usefulness, r.comment, r.rated_at
    FROM completions c LEFT JOIN ratings r ON r.completion_id = c.id
"""
# A completion's record, and whether it was new.
Found = tuple[sqlite3.Row | Mapping[str, Any], bool]
SAME_ID_OR_SAME_DAY = "c.id = ? OR (c.staff_id = ? AND c.training = ? AND c.completed_on = ?)"


def completion_json(catalogue: Catalogue, row: sqlite3.Row | Mapping[str, Any]) -> dict[str, Any]:
    completed_on = datetime.date.fromisoformat(row["completed_on"])
    expiry = expires_on(catalogue, row["training"], completed_on, row["renewal_months"])
    rating = (
        None if row["usefulness"] is None else {"usefulness": row["usefulness"], "comment": row["comment"]}
    )
    return {
        "id": row["id"],
        "training": row["training"],
        "title": row["training_title"],
        "hours": row["hours"],
        "completed_on": row["completed_on"],
        "before_employment": bool(row["before_employment"]),
        "expires_on": expiry.isoformat() if expiry else None,
        "rating": rating,
    }


def _fetch_all(connection: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[sqlite3.Row]:
    return connection.execute(f"{SELECT} WHERE {where}", params).fetchall()


def _fetch(connection: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> sqlite3.Row | None:
    return select_one(connection, f"{SELECT} WHERE {where}", params)


# The training page's box for a training done before the person's first day (docs/assets/training.js):
# a refusal names it as the person sees it.
EARLIER_BOX = "Jag gick den innan jag började här"


def check_date(
    person: Writer, completed_on: datetime.date, before_employment: bool = False, *, changing: bool = False
) -> None:
    """Only a future date is wrong in itself; before the start date it must be said to be earlier.
    `changing`: a recorded completion's new date, where the date is all that can change."""
    if completed_on > swedish_today():
        raise Invalid(
            "Datumet ligger i framtiden. Ange dagen du genomförde utbildningen.", field="completed_on"
        )
    if before_employment != (completed_on < person.start_date):
        field = "before_employment" if before_employment and not changing else "completed_on"
        raise Invalid(_start_refusal(person.start_date, before_employment, changing), field=field)


def _start_refusal(start: datetime.date, before_employment: bool, changing: bool) -> str:
    """Why a date is refused on the wrong side of the first day, and what to do, as the form allows."""
    again = "bort registreringen och markera den igen på utbildningens sida, "
    if not before_employment:
        how = f"Ta då {again}med rutan" if changing else "Kryssa då i rutan"
        return (
            f"Datumet är före din första dag här ({start.isoformat()}). Gick du utbildningen innan du"
            f" började här? {how} ”{EARLIER_BOX}”."
        )
    how = (
        f"Välj ett tidigare datum, eller ta {again}utan rutan"
        if changing
        else "Rätta datumet, eller ta bort krysset i rutan"
    )
    return f"Datumet är inte före din första dag här ({start.isoformat()}). {how} ”{EARLIER_BOX}”."


def parse_id(request: Request) -> str:
    """The completion id in the URL; an id that is no UUID cannot exist."""
    try:
        return str(uuid.UUID(request.path_params["id"]))
    except ValueError:
        raise NotFound("Det finns ingen sådan registrering.") from None


async def create(request: Request) -> Response:
    session = session_of(request)
    service = service_of(request)
    body = await read_json(request, NewCompletion, service.settings.max_body_bytes)
    catalogue = service.catalogue.current
    completion_id, training_id, day = str(body.id), body.training, body.completed_on.isoformat()
    new = _new(completion_id, catalogue.trainings.get(training_id), body)
    idle_minutes = service.settings.staff_idle_minutes

    def job(connection: sqlite3.Connection) -> Found:
        person = writer_in(connection, session, idle_minutes)
        row = (_refusal(person, body) or new) if isinstance(new, dict) else new
        while True:
            if not isinstance(row, Invalid) and _insert_new(connection, {**row, "staff_id": person.id}):
                return {**row, "staff_id": person.id, "usefulness": None, "comment": None}, True
            earlier = _earlier(connection, completion_id, person, training_id, day)
            if earlier is not None:
                return earlier, False
            if isinstance(row, Invalid):
                raise row
            # Whatever kept the insert out has been withdrawn since (by another instance): again.

    first = None
    if service.db.tries_one_statement and not isinstance(new, Invalid):
        first = _in_one_statement(new, session, idle_minutes)
    row, created = await service.db.write(job, first=first)
    return json_response(Completion, completion_json(catalogue, row), status_code=201 if created else 200)


# A new completion in one statement, none when the database says no: its id is taken (a retry, or
# someone else's id), the person has the training that day already, or the id was withdrawn. So
# the common case reads nothing first, and concurrent retries on several instances meet at the
# unique keys (on PostgreSQL the second waits for the first to commit, then inserts nothing).
NEW_COLUMNS = (
    "id",
    "staff_id",
    "training",
    "training_title",
    "hours",
    "renewal_months",
    "completed_on",
    "before_employment",
    "recorded_at",
)
INSERT_NEW = f"""
    INSERT INTO completions ({", ".join(NEW_COLUMNS)}) SELECT {", ".join("?" * len(NEW_COLUMNS))}
    WHERE NOT EXISTS (SELECT 1 FROM withdrawn_completions WHERE id = ?)
    ON CONFLICT DO NOTHING
    RETURNING id
"""
# PostgreSQL's version of `create`'s job for a new completion, in one statement (so one round trip,
# in autocommit): the writer found by a live session (LIVE) and a start date that allows the day,
# the write counted against the daily cap as writer_in counts it, the session touched as `touch`
# does, and the completion inserted as INSERT_NEW does, if the cap allows it. Unless that insert
# made a row, the division by its count of rows fails the statement and so undoes all of it (the
# count too): the job then runs and answers as on SQLite (a retry, a duplicate, a refusal).
# Its parameters go as text (progress_service/postgres_loop.py): those that are not are cast.
CASTS = {"hours": "::double precision", "renewal_months": "::integer", "before_employment": "::integer"}
NEW_IN_ONE_STATEMENT = f"""
    WITH writer AS (
        SELECT x.staff_id FROM sessions x JOIN staff s ON s.id = x.staff_id
        WHERE {LIVE} AND CASE WHEN ?::integer = 1 THEN s.start_date > ? ELSE s.start_date <= ? END
    ),
    counted AS ({counting("SELECT staff_id, ?, 1 FROM writer", "staff_id")}),
    touched AS ({TOUCH_STALE}),
    new AS (
        INSERT INTO completions ({", ".join(NEW_COLUMNS)})
        SELECT ?, staff_id, {", ".join(f"?{CASTS.get(name, '')}" for name in NEW_COLUMNS[2:])} FROM counted
        WHERE writes <= {DAILY_WRITES} AND NOT EXISTS (SELECT 1 FROM withdrawn_completions WHERE id = ?)
        ON CONFLICT DO NOTHING
        RETURNING staff_id
    )
    SELECT (SELECT staff_id FROM new), 1 / (SELECT count(*) FROM new)
"""


def _in_one_statement(new: dict[str, Any], session: str, idle_minutes: int) -> OneStatement[Found] | None:
    """NEW_IN_ONE_STATEMENT for `new` (None for a day in the future, which the job refuses)."""
    today = swedish_today().isoformat()
    if new["completed_on"] > today:
        return None
    day, before = new["completed_on"], new["before_employment"]
    writer = (*live(session, idle_minutes), before, day, day, today, *touch_params(session))
    values = (new["id"], *(new[column] for column in NEW_COLUMNS[2:]), new["id"])

    def answer(row: tuple[str, str]) -> Found:
        return {**new, "staff_id": int(row[0]), "usefulness": None, "comment": None}, True

    return OneStatement(NEW_IN_ONE_STATEMENT, (*writer, *values), answer)


def _new(completion_id: str, training: Training | None, body: NewCompletion) -> dict[str, Any] | Invalid:
    """The row of a new completion but its person (staff_id), or why it is refused to anyone. Not
    raised at once: a retry of one recorded earlier gets that record, even if its training has been
    archived since."""
    if training is None or training.status != "active":
        return Invalid(
            f"Det finns ingen aktiv utbildning med id '{body.training}' i katalogen.", field="training"
        )
    return {
        "id": completion_id,
        "training": training.id,
        "training_title": training.title,
        "hours": training.duration_hours,
        "renewal_months": training.renewal_months,
        "completed_on": body.completed_on.isoformat(),
        "before_employment": int(body.before_employment),
        "recorded_at": utc_now(),
    }


def _refusal(person: Writer, body: NewCompletion) -> Invalid | None:
    """Why the completion's day is wrong for this person, if it is."""
    try:
        check_date(person, body.completed_on, body.before_employment)
    except Invalid as refusal:
        return refusal
    return None


def _insert_new(connection: sqlite3.Connection, row: dict[str, Any]) -> bool:
    values = (*(row[column] for column in NEW_COLUMNS), row["id"])
    return select_one(connection, INSERT_NEW, values) is not None


def _earlier(
    connection: sqlite3.Connection, completion_id: str, person: Writer, training_id: str, day: str
) -> sqlite3.Row | None:
    """The record a retry (the same id) or a duplicate (the same training the same day) stands
    for; Conflict for someone else's id, Gone for a withdrawn one; None when there is none."""
    found = {
        row["id"]: row
        for row in _fetch_all(connection, SAME_ID_OR_SAME_DAY, (completion_id, person.id, training_id, day))
    }
    retried = found.pop(completion_id, None)
    if retried is not None:
        if retried["staff_id"] != person.id:
            raise Conflict("Id:t används redan av en annan registrering. Skapa ett nytt id.", field="id")
        return retried
    if _withdrawn(connection, completion_id):
        raise Gone("Registreringen med det här id:t har tagits bort.", field="id")
    return next(iter(found.values()), None)


def _withdrawn(connection: sqlite3.Connection, completion_id: str) -> bool:
    return (
        select_one(connection, "SELECT 1 FROM withdrawn_completions WHERE id = ?", (completion_id,))
        is not None
    )


def _own(connection: sqlite3.Connection, completion_id: str, person: Writer) -> sqlite3.Row:
    row = _fetch(connection, "c.id = ? AND c.staff_id = ?", (completion_id, person.id))
    if row is None:
        raise NotFound("Det finns ingen sådan registrering av dig.")
    return row


async def correct(request: Request) -> Response:
    session = session_of(request)
    service = service_of(request)
    completion_id = parse_id(request)
    body = await read_json(request, CompletionChange, service.settings.max_body_bytes)

    def job(connection: sqlite3.Connection) -> sqlite3.Row:
        person = writer_in(connection, session, service.settings.staff_idle_minutes)
        row = _own(connection, completion_id, person)
        check_date(person, body.completed_on, bool(row["before_employment"]), changing=True)
        where = "c.staff_id = ? AND c.training = ? AND c.completed_on = ? AND c.id <> ?"
        clash = _fetch(
            connection, where, (person.id, row["training"], body.completed_on.isoformat(), completion_id)
        )
        if clash is not None:
            raise Conflict("Du har redan en registrering av utbildningen det datumet.", field="completed_on")
        sql = "UPDATE completions SET completed_on = ? WHERE id = ?"
        connection.execute(sql, (body.completed_on.isoformat(), completion_id))
        return _own(connection, completion_id, person)

    row = await service.db.write(job)
    return json_response(Completion, completion_json(service.catalogue.current, row))


async def withdraw(request: Request) -> Response:
    session = session_of(request)
    service = service_of(request)
    completion_id = parse_id(request)

    def job(connection: sqlite3.Connection) -> None:
        person = writer_in(connection, session, service.settings.staff_idle_minutes)
        if _withdrawn(connection, completion_id):
            return
        _own(connection, completion_id, person)
        connection.execute("DELETE FROM completions WHERE id = ?", (completion_id,))
        connection.execute("INSERT INTO withdrawn_completions VALUES (?, ?)", (completion_id, utc_now()))

    await service.db.write(job)
    return Response(status_code=204)


async def rate(request: Request) -> Response:
    session = session_of(request)
    service = service_of(request)
    completion_id = parse_id(request)
    body = await read_json(request, Rating, service.settings.max_body_bytes)
    comment = body.comment.strip() if body.comment else None

    def job(connection: sqlite3.Connection) -> sqlite3.Row:
        person = writer_in(connection, session, service.settings.staff_idle_minutes)
        _own(connection, completion_id, person)
        connection.execute(
            "INSERT INTO ratings VALUES (?, ?, ?, ?) ON CONFLICT (completion_id) DO UPDATE SET"
            " usefulness = excluded.usefulness, comment = excluded.comment, rated_at = excluded.rated_at",
            (completion_id, body.usefulness, comment or None, utc_now()),
        )
        return _own(connection, completion_id, person)

    row = await service.db.write(job)
    return json_response(Completion, completion_json(service.catalogue.current, row))


async def unrate(request: Request) -> Response:
    session = session_of(request)
    service = service_of(request)
    completion_id = parse_id(request)

    def job(connection: sqlite3.Connection) -> None:
        person = writer_in(connection, session, service.settings.staff_idle_minutes)
        _own(connection, completion_id, person)
        connection.execute("DELETE FROM ratings WHERE completion_id = ?", (completion_id,))

    await service.db.write(job)
    return Response(status_code=204)
