"""Personal: find, add, edit and move staff, mark who has left, give and revoke personal codes,
and (administrators) erase a person. New codes are shown once, on a printable slip page."""

from __future__ import annotations

import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from catalogue.dates import swedish_today
from progress_service import erasure, staff_admin
from progress_service.account_auth import Viewer, viewer_of
from progress_service.db import Database
from progress_service.errors import Forbidden, Invalid, NotFound
from progress_service.hantera.render import page, posted, posted_pairs, render, site_root
from progress_service.service import service_of
from progress_service.slips import slips

SECTION = "staff"
MAX_CHOSEN = 200


def _roles(request: Request) -> dict[str, str]:
    return {r.id: r.label for r in service_of(request).catalogue.current.roles.values()}


def _id(request: Request) -> int:
    value = request.path_params["id"]
    if not value.isdigit():
        raise NotFound("Det finns ingen sådan person bland dem du hanterar.")
    return int(value)


async def _person(db: Database, viewer: Viewer, staff_id: int) -> staff_admin.Person:
    return await staff_admin.person(db, viewer.account.scope, staff_id)


@page
async def index(request: Request) -> Response:
    viewer = await viewer_of(request)
    db = service_of(request).db
    params = request.query_params
    unit = params.get("enhet", "")
    search, include_left = params.get("sok", ""), params.get("slutat") == "1"
    found = await staff_admin.people(
        db, viewer.account.scope, search, int(unit) if unit.isdigit() else None, include_left
    )
    context: dict[str, Any] = {"title": "Personal", "section": SECTION, "search": search, "unit": unit}
    context |= {
        "include_left": include_left,
        "units": await staff_admin.units_in_scope(db, viewer.account.scope),
    }
    context |= {"people": found[: staff_admin.LIST_LIMIT], "more": len(found) > staff_admin.LIST_LIMIT}
    return render(request, "staff.html", viewer, roles=_roles(request), **context)


async def _form(
    request: Request, viewer: Viewer, person: staff_admin.Person | None, status: int = 200, **shown: Any
) -> Response:
    units = await staff_admin.units_in_scope(service_of(request).db, viewer.account.scope)
    title = "Lägg till person" if person is None else person.name
    values = shown.pop("values", None) or _values(person)
    context = {"title": title, "section": SECTION, "person": person, "units": units, "values": values}
    return render(request, "person.html", viewer, status=status, roles=_roles(request), **context, **shown)


def _values(person: staff_admin.Person | None) -> dict[str, str]:
    if person is None:
        return {"start_date": swedish_today().isoformat()}
    return {
        "name": person.name,
        "employee_number": person.employee_number,
        "unit": str(person.unit_id),
        "role": person.role or "",
        "start_date": person.start_date,
    }


@page
async def new(request: Request) -> Response:
    return await _form(request, await viewer_of(request), None)


@page
async def add(request: Request) -> Response:
    viewer, fields = await posted(request)
    try:
        staff_id = await staff_admin.add(
            service_of(request).db, viewer, staff_admin.checked(fields, _roles(request))
        )
    except (Invalid, Forbidden) as refused:
        return await _form(request, viewer, None, refused.status, message=refused.message, values=fields)
    return RedirectResponse(f"/hantera/personal/{staff_id}?tillagd=1", status_code=303)


@page
async def show(request: Request) -> Response:
    viewer = await viewer_of(request)
    person = await _person(service_of(request).db, viewer, _id(request))
    saved = request.query_params.get("sparad") == "1"
    added = request.query_params.get("tillagd") == "1"
    return await _form(request, viewer, person, saved=saved, added=added, today=swedish_today().isoformat())


@page
async def edit(request: Request) -> Response:
    viewer, fields = await posted(request)
    db, staff_id = service_of(request).db, _id(request)
    try:
        await staff_admin.change(db, viewer, staff_id, staff_admin.checked(fields, _roles(request)))
    except Invalid as refused:
        person = await _person(db, viewer, staff_id)
        return await _form(
            request, viewer, person, refused.status, message=refused.message, values=fields,
            today=swedish_today().isoformat(),
        )  # fmt: skip
    return RedirectResponse(f"/hantera/personal/{staff_id}?sparad=1", status_code=303)


@page
async def left(request: Request) -> Response:
    viewer, fields = await posted(request)
    staff_id = _id(request)
    left_on: datetime.date | None = None
    if fields.get("action") != "tillbaka":
        try:
            left_on = datetime.date.fromisoformat(fields.get("left_on", ""))
        except ValueError:
            raise Invalid("Ange sista dagen som ÅÅÅÅ-MM-DD.", field="left_on") from None
    await staff_admin.mark_left(service_of(request).db, viewer, staff_id, left_on)
    return RedirectResponse(f"/hantera/personal/{staff_id}?sparad=1", status_code=303)


@page
async def revoke(request: Request) -> Response:
    viewer, _ = await posted(request)
    staff_id = _id(request)
    await staff_admin.revoke_code(service_of(request).db, viewer, staff_id)
    return RedirectResponse(f"/hantera/personal/{staff_id}?sparad=1", status_code=303)


@page
async def codes(request: Request) -> Response:
    """New codes for the people chosen (one from a person's page, many from the list): the slips."""
    viewer, pairs = await posted_pairs(request, max_fields=MAX_CHOSEN + 2)
    chosen = [int(value) for name, value in pairs if name == "staff" and value.isdigit()]
    service = service_of(request)
    issued = await staff_admin.issue_codes(service.db, service.settings.secret_key, viewer, chosen)
    sheets = slips(site_root(request), issued)
    context: dict[str, Any] = {"title": "Lappar med personliga koder", "section": SECTION, "sheets": sheets}
    return render(request, "slips.html", viewer, count=len(issued), **context)


@page
async def confirm_erase(request: Request) -> Response:
    viewer = await viewer_of(request)
    _erasing(viewer)
    person = await _person(service_of(request).db, viewer, _id(request))
    return render(request, "erase.html", viewer, title="Radera person", section=SECTION, person=person)


def _erasing(viewer: Viewer) -> None:
    if not viewer.account.is_administrator:
        raise Forbidden("Bara administratörer kan radera en person.")


@page
async def erase(request: Request) -> Response:
    viewer, fields = await posted(request)
    _erasing(viewer)
    service = service_of(request)
    db = service.db
    person = await _person(db, viewer, _id(request))
    if fields.get("confirm") != person.employee_number:
        message = "Skriv personens anställningsnummer för att bekräfta. Ingenting raderades."
        context = {"title": "Radera person", "section": SECTION, "person": person, "message": message}
        return render(request, "erase.html", viewer, status=422, **context)
    staff_id = await erasure.erase_person(
        db, person.municipality_id, person.employee_number, viewer.account.id, viewer.actor
    )
    # This instance's copy of the person's record goes now; another instance's is swept at its age
    # (record_cache.py).
    service.records.forget(staff_id)
    return RedirectResponse("/hantera/personal?raderad=1", status_code=303)
