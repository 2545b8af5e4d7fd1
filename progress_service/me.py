"""A person's own record: what they completed, their paths, their self-assessments — and all of it
as a download (the GDPR right of access)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import aiosqlite
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue import Catalogue
from catalogue.dates import swedish_today
from progress_service.auth import Person, person_json, signed_in
from progress_service.completions import SELECT, completion_json
from progress_service.db import fetch_all, fetch_one
from progress_service.progress import Done, my_paths
from progress_service.self_assessments import result_json
from progress_service.service import service_of


async def _record(
    connection: aiosqlite.Connection, catalogue: Catalogue, person: Person, secret_key: bytes
) -> dict[str, Any]:
    completions = await fetch_all(
        connection, f"{SELECT} WHERE c.staff_id = ? ORDER BY c.completed_on DESC, c.course", (person.id,)
    )
    assessments = await fetch_all(
        connection,
        "SELECT * FROM self_assessments WHERE staff_id = ? ORDER BY submitted_at DESC",
        (person.id,),
    )
    listed = [completion_json(catalogue, row) for row in completions]
    done = [
        Done(c["course"], datetime.date.fromisoformat(c["completed_on"]), _date(c["expires_on"]))
        for c in listed
    ]
    return {
        "person": person_json(person, secret_key),
        "completions": listed,
        "paths": my_paths(
            catalogue, person.role, person.start_date, done, swedish_today(), person.municipality_id
        ),
        "self_assessments": [
            result_json(catalogue, row, person.role, person.municipality_id) for row in assessments
        ],
    }


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


async def me(request: Request) -> Response:
    person = await signed_in(request)
    service = service_of(request)
    async with service.db.snapshot() as connection:
        return JSONResponse(
            await _record(connection, service.catalogue.current, person, service.settings.secret_key)
        )


async def export(request: Request) -> Response:
    """Everything held about the person, including what /api/me leaves out (times, answers, sessions)."""
    person = await signed_in(request)
    service = service_of(request)
    async with service.db.snapshot() as connection:
        record = await _record(connection, service.catalogue.current, person, service.settings.secret_key)
        extra = await _details(connection, person.id)
    for item in record["completions"]:
        item["recorded_at"], item["rated_at"] = extra["times"][item["id"]]
    for item in record["self_assessments"]:
        item["answers"] = extra["answers"][item["id"]]
    export = {
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "person": {**record["person"], "personal_code_issued_at": extra["code_issued_at"]},
        "completions": record["completions"],
        "self_assessments": record["self_assessments"],
        "sessions": extra["sessions"],
    }
    headers = {"Content-Disposition": 'attachment; filename="mina-uppgifter.json"'}
    return JSONResponse(export, headers=headers)


async def _details(connection: aiosqlite.Connection, staff_id: int) -> dict[str, Any]:
    staff = await fetch_one(connection, "SELECT code_issued_at FROM staff WHERE id = ?", (staff_id,))
    times = await fetch_all(
        connection,
        "SELECT c.id, c.recorded_at, r.rated_at FROM completions c"
        " LEFT JOIN ratings r ON r.completion_id = c.id WHERE c.staff_id = ?",
        (staff_id,),
    )
    answers = await fetch_all(
        connection, "SELECT id, answers FROM self_assessments WHERE staff_id = ?", (staff_id,)
    )
    sessions = await fetch_all(
        connection,
        "SELECT created_at, expires_at FROM sessions WHERE staff_id = ? ORDER BY created_at",
        (staff_id,),
    )
    return {
        "code_issued_at": staff["code_issued_at"] if staff else None,
        "times": {row["id"]: (row["recorded_at"], row["rated_at"]) for row in times},
        "answers": {row["id"]: json.loads(row["answers"]) for row in answers},
        "sessions": [dict(row) for row in sessions],
    }
