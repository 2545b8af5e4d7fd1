"""Närvaro: register one occasion of a training for many people at once.

Choose the training and a unit, then the day (the training's sessions in the catalogue first)
and tick the people, or type employee numbers. The form carries a registration id, so sending
it twice (a double click, the back button) records nothing twice.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from catalogue import Catalogue
from catalogue.alphabet import alphabetical, swedish_order
from catalogue.dates import swedish_today
from progress_service import attendance, staff_admin
from progress_service.account_auth import Viewer, viewer_of
from progress_service.errors import Conflict, Forbidden, Invalid
from progress_service.hantera.render import page, posted_pairs, render
from progress_service.service import service_of

TITLE = "Registrera närvaro"
NUMBER_SEPARATORS = re.compile(r"[\s,;]+")


def _trainings(catalogue: Catalogue) -> list[tuple[str, str, bool]]:
    """(id, title, has sessions) for active trainings: those with sessions first, then by title."""
    active = [t for t in catalogue.trainings.values() if t.status == "active"]
    return sorted(
        ((t.id, t.title, bool(t.sessions)) for t in active), key=lambda t: (not t[2], swedish_order(t[1]))
    )


def _sessions(catalogue: Catalogue, training: str) -> list[tuple[str, str]]:
    """The training's sessions up to today, latest first: (date, "date, place")."""
    found = catalogue.trainings.get(training)
    today = swedish_today()
    sessions = sorted((s for s in (found.sessions if found else []) if s.date <= today), key=lambda s: s.date)
    return [(s.date.isoformat(), f"{s.date.isoformat()}, {s.place}") for s in reversed(sessions)]


async def _page(
    request: Request, viewer: Viewer, params: Mapping[str, str], status: int = 200, **shown: Any
) -> Response:
    service = service_of(request)
    catalogue = service.catalogue.current
    training, unit, day = params.get("utbildning", ""), params.get("enhet", ""), params.get("datum", "")
    units = await staff_admin.units_in_scope(service.db, viewer.account.scope)
    chosen_unit = next((u for u in units if str(u[0]) == unit), None)
    people = (
        await staff_admin.people(service.db, viewer.account.scope, unit=chosen_unit[0]) if chosen_unit else []
    )
    recorded = await attendance.already_recorded(service.db, [p.id for p in people], training, day)
    context: dict[str, Any] = {"title": TITLE, "section": "attendance", "trainings": _trainings(catalogue)}
    context |= {"training": training if training in catalogue.trainings else "", "unit": chosen_unit}
    context |= {"units": units, "people": people, "recorded": recorded, "day": day, "id": str(uuid.uuid4())}
    context |= {"sessions": _sessions(catalogue, training), "today": swedish_today().isoformat()}
    context["municipalities"] = alphabetical({(u[1], u[2].split(" – ")[0]) for u in units})
    context["done"] = params.get("klart")
    return render(request, "attendance.html", viewer, status=status, **context, **shown)


@page
async def show(request: Request) -> Response:
    return await _page(request, await viewer_of(request), request.query_params)


def _registration(pairs: list[tuple[str, str]]) -> attendance.NewAttendance:
    fields = dict(pairs)
    ticked = [value for name, value in pairs if name == "person"]
    typed = [n for n in NUMBER_SEPARATORS.split(fields.get("numbers", "")) if n]
    day = fields.get("other_date") or fields.get("session_date", "")
    try:
        return attendance.NewAttendance(
            id=uuid.UUID(fields.get("id", "")),
            training=fields.get("training", ""),
            date=datetime.date.fromisoformat(day),
            employee_numbers=list(dict.fromkeys([*ticked, *typed])),
            municipality=fields.get("municipality", ""),
        )
    except (ValueError, ValidationError):
        if not ticked and not typed:
            raise Invalid(
                "Kryssa för minst en person eller skriv anställningsnummer.", field="people"
            ) from None
        raise Invalid("Välj ett tillfälle eller ange ett datum som ÅÅÅÅ-MM-DD.", field="date") from None


@page
async def submit(request: Request) -> Response:
    viewer, pairs = await posted_pairs(request, max_fields=attendance.MAX_PEOPLE + 10)
    service = service_of(request)
    try:
        registration = _registration(pairs)
        outcome, _ = await attendance.record(service.db, service.catalogue.current, viewer, registration)
    except (Invalid, Forbidden, Conflict) as refused:
        fields = dict(pairs)
        again = {"utbildning": fields.get("training", ""), "enhet": fields.get("unit", ""), "datum": ""}
        return await _page(request, viewer, again, refused.status, message=refused.message)
    query = {
        "utbildning": outcome.training,
        "enhet": dict(pairs).get("unit", ""),
        "datum": outcome.date,
        "klart": f"{len(outcome.recorded)},{len(outcome.already_recorded)}",
    }
    return RedirectResponse(f"/hantera/narvaro?{urlencode(query)}", status_code=303)
