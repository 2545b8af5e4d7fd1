"""Recording, correcting, rating and withdrawing completed trainings.

A completion's id is made by the client (an offline queue retries with the same id), so the same
id always answers with the record it first created. Withdrawing deletes the record and its rating
and keeps only the random id, so a late retry cannot bring it back.
"""

from __future__ import annotations

import datetime
import sqlite3
import uuid
from typing import Any

import aiosqlite
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue import Catalogue
from progress_service.auth import Person, signed_in
from progress_service.db import fetch_one, utc_now
from progress_service.errors import Conflict, Gone, Invalid, NotFound
from progress_service.payloads import CompletionChange, NewCompletion, Rating, read_json
from progress_service.progress import expires_on
from progress_service.service import service_of

SELECT = """
    SELECT c.id, c.staff_id, c.course, c.course_title, c.hours, c.renewal_months, c.completed_on,
           c.recorded_at, r.usefulness, r.comment, r.rated_at
    FROM completions c LEFT JOIN ratings r ON r.completion_id = c.id
"""


def completion_json(catalogue: Catalogue, row: sqlite3.Row) -> dict[str, Any]:
    completed_on = datetime.date.fromisoformat(row["completed_on"])
    expiry = expires_on(catalogue, row["course"], completed_on, row["renewal_months"])
    rating = (
        None if row["usefulness"] is None else {"usefulness": row["usefulness"], "comment": row["comment"]}
    )
    return {
        "id": row["id"],
        "course": row["course"],
        "title": row["course_title"],
        "hours": row["hours"],
        "completed_on": row["completed_on"],
        "expires_on": expiry.isoformat() if expiry else None,
        "rating": rating,
    }


async def _fetch(connection: aiosqlite.Connection, where: str, params: tuple[Any, ...]) -> sqlite3.Row | None:
    return await fetch_one(connection, f"{SELECT} WHERE {where}", params)


def check_date(person: Person, completed_on: datetime.date) -> None:
    if completed_on > datetime.date.today():
        raise Invalid(
            "Datumet ligger i framtiden. Ange dagen du genomförde utbildningen.", field="completed_on"
        )
    if completed_on < person.start_date:
        message = f"Datumet är före din startdag {person.start_date.isoformat()}. Kontrollera datumet."
        raise Invalid(message, field="completed_on")


def parse_id(request: Request) -> str:
    """The completion id in the URL; an id that is no UUID cannot exist."""
    try:
        return str(uuid.UUID(request.path_params["id"]))
    except ValueError:
        raise NotFound("Det finns ingen sådan registrering.") from None


async def create(request: Request) -> Response:
    person = await signed_in(request)
    service = service_of(request)
    body = await read_json(request, NewCompletion, service.settings.max_body_bytes)
    catalogue = service.catalogue.current
    completion_id = str(body.id)

    async def job(connection: aiosqlite.Connection) -> tuple[sqlite3.Row, bool]:
        existing = await _fetch(connection, "c.id = ?", (completion_id,))
        if existing is not None:
            if existing["staff_id"] != person.id:
                raise Conflict("Id:t används redan av en annan registrering. Skapa ett nytt id.", field="id")
            return existing, False
        if await _withdrawn(connection, completion_id):
            raise Gone("Registreringen med det här id:t har tagits bort.", field="id")
        where = "c.staff_id = ? AND c.course = ? AND c.completed_on = ?"
        same = await _fetch(connection, where, (person.id, body.course, body.completed_on.isoformat()))
        if same is not None:
            return same, False
        training = catalogue.trainings.get(body.course)
        if training is None or training.status != "active":
            raise Invalid(
                f"Det finns ingen aktiv utbildning med id '{body.course}' i katalogen.", field="course"
            )
        check_date(person, body.completed_on)
        await connection.execute(
            "INSERT INTO completions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                completion_id,
                person.id,
                training.id,
                training.title,
                training.duration_hours,
                training.renewal_months,
                body.completed_on.isoformat(),
                utc_now(),
            ),
        )
        created = await _fetch(connection, "c.id = ?", (completion_id,))
        assert created is not None
        return created, True

    row, created = await service.db.write(job)
    return JSONResponse(completion_json(catalogue, row), status_code=201 if created else 200)


async def _withdrawn(connection: aiosqlite.Connection, completion_id: str) -> bool:
    return (
        await fetch_one(connection, "SELECT 1 FROM withdrawn_completions WHERE id = ?", (completion_id,))
        is not None
    )


async def _own(connection: aiosqlite.Connection, completion_id: str, person: Person) -> sqlite3.Row:
    row = await _fetch(connection, "c.id = ? AND c.staff_id = ?", (completion_id, person.id))
    if row is None:
        raise NotFound("Det finns ingen sådan registrering av dig.")
    return row


async def correct(request: Request) -> Response:
    person = await signed_in(request)
    service = service_of(request)
    completion_id = parse_id(request)
    body = await read_json(request, CompletionChange, service.settings.max_body_bytes)
    check_date(person, body.completed_on)

    async def job(connection: aiosqlite.Connection) -> sqlite3.Row:
        row = await _own(connection, completion_id, person)
        where = "c.staff_id = ? AND c.course = ? AND c.completed_on = ? AND c.id <> ?"
        clash = await _fetch(
            connection, where, (person.id, row["course"], body.completed_on.isoformat(), completion_id)
        )
        if clash is not None:
            raise Conflict("Du har redan en registrering av utbildningen det datumet.", field="completed_on")
        sql = "UPDATE completions SET completed_on = ? WHERE id = ?"
        await connection.execute(sql, (body.completed_on.isoformat(), completion_id))
        return await _own(connection, completion_id, person)

    row = await service.db.write(job)
    return JSONResponse(completion_json(service.catalogue.current, row))


async def withdraw(request: Request) -> Response:
    person = await signed_in(request)
    service = service_of(request)
    completion_id = parse_id(request)

    async def job(connection: aiosqlite.Connection) -> None:
        if await _withdrawn(connection, completion_id):
            return
        await _own(connection, completion_id, person)
        await connection.execute("DELETE FROM completions WHERE id = ?", (completion_id,))
        await connection.execute(
            "INSERT INTO withdrawn_completions VALUES (?, ?)", (completion_id, utc_now())
        )

    await service.db.write(job)
    return Response(status_code=204)


async def rate(request: Request) -> Response:
    person = await signed_in(request)
    service = service_of(request)
    completion_id = parse_id(request)
    body = await read_json(request, Rating, service.settings.max_body_bytes)
    comment = body.comment.strip() if body.comment else None

    async def job(connection: aiosqlite.Connection) -> sqlite3.Row:
        await _own(connection, completion_id, person)
        await connection.execute(
            "INSERT INTO ratings VALUES (?, ?, ?, ?) ON CONFLICT (completion_id) DO UPDATE SET"
            " usefulness = excluded.usefulness, comment = excluded.comment, rated_at = excluded.rated_at",
            (completion_id, body.usefulness, comment or None, utc_now()),
        )
        return await _own(connection, completion_id, person)

    row = await service.db.write(job)
    return JSONResponse(completion_json(service.catalogue.current, row))


async def unrate(request: Request) -> Response:
    person = await signed_in(request)
    service = service_of(request)
    completion_id = parse_id(request)

    async def job(connection: aiosqlite.Connection) -> None:
        await _own(connection, completion_id, person)
        await connection.execute("DELETE FROM ratings WHERE completion_id = ?", (completion_id,))

    await service.db.write(job)
    return Response(status_code=204)
