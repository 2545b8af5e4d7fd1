"""Attendance: a manager records that many people took part in one occasion of a training.

One registration has an id (from the form, or chosen by the script): sending it again records
nothing new and answers the same. Each person's completion gets an id derived from the
registration and the person, and the (person, training, day) rule of completions holds too, so a
second registration of the same occasion doubles nothing either. Everyone named must be in the
account's scope, or nothing at all is recorded.
"""

from __future__ import annotations

import datetime
import sqlite3
import uuid
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import Field, StringConstraints
from starlette.requests import Request
from starlette.responses import Response

from catalogue import Catalogue
from catalogue.dates import swedish_today
from progress_service import audit
from progress_service.account_auth import Viewer, viewer_of
from progress_service.db import Database, every, select_one, utc_now
from progress_service.errors import Conflict, Forbidden, Invalid
from progress_service.payloads import Body, Id, read_json
from progress_service.responses import Attendance, json_response
from progress_service.service import service_of

MAX_PEOPLE = 500
EmployeeNumber = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class NewAttendance(Body):
    id: uuid.UUID = Field(description="Registreringens id; samma id igen registrerar inget nytt.")
    training: Id = Field(description="Utbildningens id i katalogen.")
    date: datetime.date = Field(description="Dagen för tillfället, ÅÅÅÅ-MM-DD.")
    employee_numbers: list[EmployeeNumber] = Field(
        min_length=1, max_length=MAX_PEOPLE, description="Deltagarnas anställningsnummer."
    )
    municipality: Id = Field(description="Kommunens id, t.ex. asele.")


@dataclass
class Outcome:
    id: str
    training: str
    date: str
    recorded: list[str] = field(default_factory=list)
    already_recorded: list[str] = field(default_factory=list)

    def json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "training": self.training,
            "date": self.date,
            "recorded": self.recorded,
            "already_recorded": self.already_recorded,
        }


def _names(numbers: list[str]) -> str:
    return ", ".join(numbers)


def _people(connection: sqlite3.Connection, viewer: Viewer, registration: NewAttendance) -> list[sqlite3.Row]:
    """The people named, each once; Invalid for unknown numbers, Forbidden for those out of scope."""
    numbers = list(dict.fromkeys(n.strip() for n in registration.employee_numbers))
    condition, params = viewer.account.scope.condition("s")
    marks = ", ".join("?" * len(numbers))
    rows = connection.execute(
        f"SELECT s.id, s.employee_number, s.start_date, s.left_on, {condition} AS allowed FROM staff s"
        f" WHERE s.municipality_id = ? AND s.erased_at IS NULL AND s.employee_number IN ({marks})",
        (*params, registration.municipality, *numbers),
    ).fetchall()
    found = {row["employee_number"]: row for row in rows}
    unknown = [n for n in numbers if n not in found]
    if unknown:
        place = registration.municipality
        message = f"Det finns ingen med anställningsnummer {_names(unknown)} i kommunen {place}."
        raise Invalid(message, field="employee_numbers")
    outside = [n for n in numbers if not found[n]["allowed"]]
    if outside:
        message = f"Du hanterar inte {_names(outside)}: ingen närvaro registrerades."
        raise Forbidden(message, field="employee_numbers")
    day = registration.date.isoformat()
    late = [n for n in numbers if not _employed(found[n], day)]
    if late:
        message = f"{_names(late)} var inte anställd {day}: ingen närvaro registrerades."
        raise Invalid(message, field="employee_numbers")
    return [found[n] for n in numbers]


def _employed(person: sqlite3.Row, day: str) -> bool:
    return bool(person["start_date"] <= day and (person["left_on"] is None or person["left_on"] >= day))


def _check(catalogue: Catalogue, registration: NewAttendance) -> None:
    training = catalogue.trainings.get(registration.training)
    if training is None or training.status != "active":
        message = f"Det finns ingen aktiv utbildning med id '{registration.training}' i katalogen."
        raise Invalid(message, field="training")
    if registration.date > swedish_today():
        raise Invalid("Datumet ligger i framtiden. Ange dagen för tillfället.", field="date")


async def record(
    db: Database, catalogue: Catalogue, viewer: Viewer, registration: NewAttendance
) -> tuple[Outcome, bool]:
    """Record the registration; its outcome, and whether it was new."""
    _check(catalogue, registration)
    training = catalogue.trainings[registration.training]
    registration_id, day = str(registration.id), registration.date.isoformat()

    def job(connection: sqlite3.Connection) -> tuple[Outcome, bool]:
        earlier = select_one(
            connection, "SELECT training, completed_on FROM attendance_registrations WHERE id = ?",
            (registration_id,),
        )  # fmt: skip
        if earlier is not None and (earlier["training"], earlier["completed_on"]) != (training.id, day):
            raise Conflict("Id:t används redan för en annan registrering. Ladda om sidan.", field="id")
        outcome = Outcome(registration_id, training.id, day)
        people = _people(connection, viewer, registration)
        for person in people:
            completion = str(uuid.uuid5(registration.id, str(person["id"])))
            inserted = connection.execute(
                "INSERT INTO completions (id, staff_id, training, training_title, hours, renewal_months,"
                " completed_on, recorded_at, recorded_by) SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'attendance'"
                " WHERE NOT EXISTS (SELECT 1 FROM withdrawn_completions WHERE id = ?)"
                " ON CONFLICT DO NOTHING",
                (completion, person["id"], training.id, training.title, training.duration_hours,
                 training.renewal_months, day, utc_now(), completion),
            ).rowcount  # fmt: skip
            (outcome.recorded if inserted else outcome.already_recorded).append(person["employee_number"])
        if earlier is None:
            connection.execute(
                "INSERT INTO attendance_registrations VALUES (?, ?, ?, ?, ?)",
                (registration_id, viewer.account.id, training.id, day, utc_now()),
            )
            details = {"registration": registration_id, "training": training.id, "date": day,
                       "staff": [p["id"] for p in people], "recorded": len(outcome.recorded)}  # fmt: skip
            audit.record(connection, viewer.account.id, viewer.actor, "attendance_recorded", details)
        return outcome, earlier is None

    return await db.write(job)


async def already_recorded(db: Database, staff_ids: list[int], training: str, day: str) -> set[int]:
    """Who of these people already has the training recorded on that day."""
    if not staff_ids:
        return set()
    marks = ", ".join("?" * len(staff_ids))
    rows = await db.read(
        every(
            "SELECT staff_id FROM completions"
            f" WHERE training = ? AND completed_on = ? AND staff_id IN ({marks})",
            (training, day, *staff_ids),
        )
    )
    return {row[0] for row in rows}


async def create(request: Request) -> Response:
    """POST /api/attendance: for scripts, with a manager's session (API keys only read)."""
    viewer = await viewer_of(request)
    service = service_of(request)
    body = await read_json(request, NewAttendance, service.settings.max_body_bytes)
    outcome, new = await record(service.db, service.catalogue.current, viewer, body)
    return json_response(Attendance, outcome.json(), status_code=201 if new else 200)
