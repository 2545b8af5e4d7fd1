"""Konton (administrators): create managers, set their scope, disable them, reset passwords, set
participation targets; and Byt lösenord, where everyone chooses their own password."""

from __future__ import annotations

import datetime
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from catalogue.alphabet import alphabetical
from progress_service import account_admin, audit
from progress_service.account_auth import Viewer, viewer_of
from progress_service.accounts import AccountError, Role
from progress_service.db import every
from progress_service.errors import Invalid, NotFound
from progress_service.hantera.render import page, posted, posted_pairs, render
from progress_service.service import service_of
from progress_service.sql_text import alphabetically
from progress_service.targets import TargetRejected, set_target

MAX_PLACES = 200


async def _places(request: Request) -> dict[str, Any]:

    def job(connection: sqlite3.Connection) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        # Ordered below, in Swedish (alphabetical).
        municipalities = connection.execute("SELECT id, name FROM municipalities").fetchall()
        units = connection.execute(
            "SELECT u.id, m.name || ' – ' || u.name FROM units u"
            " JOIN municipalities m ON m.id = u.municipality_id"
        ).fetchall()
        return municipalities, units

    municipalities, units = await service_of(request).db.read(job)
    return {"municipalities": alphabetical(municipalities), "all_units": alphabetical(units)}


async def _administrator(request: Request) -> Viewer:
    viewer = await viewer_of(request)
    account_admin.administrator(viewer)
    return viewer


async def _list(request: Request, viewer: Viewer, status: int = 200, **shown: Any) -> Response:
    found = await account_admin.accounts(service_of(request).db)
    context = {"title": "Konton", "section": "accounts", "accounts": found, **await _places(request)}
    return render(request, "accounts.html", viewer, status=status, **context, **shown)


@page
async def index(request: Request) -> Response:
    return await _list(request, await _administrator(request))


def _scope(pairs: list[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    municipalities = tuple(value for name, value in pairs if name == "municipality")
    units = tuple(int(value) for name, value in pairs if name == "unit" and value.isdigit())
    return municipalities, units


@page
async def create(request: Request) -> Response:
    viewer, pairs = await posted_pairs(request, max_fields=MAX_PLACES)
    account_admin.administrator(viewer)
    fields = dict(pairs)
    role: Role = "administrator" if fields.get("role") == "administrator" else "manager"
    name = fields.get("name", "").strip()
    try:
        password = await account_admin.create(service_of(request).db, viewer, name, role, *_scope(pairs))
    except AccountError as refused:
        return await _list(request, viewer, 422, message=str(refused), name=name)
    return await _list(request, viewer, one_time=password, one_time_for=name)


def _account_id(request: Request) -> int:
    value = request.path_params["id"]
    if not value.isdigit():
        raise NotFound("Det finns inget sådant konto.")
    return int(value)


async def _account_page(request: Request, viewer: Viewer, status: int = 200, **shown: Any) -> Response:
    account_id = _account_id(request)
    found = await account_admin.accounts(service_of(request).db)
    account = next((a for a in found if a.id == account_id), None)
    if account is None:
        raise NotFound("Det finns inget sådant konto.")
    rows = await service_of(request).db.read(
        every("SELECT municipality_id, unit_id FROM account_scopes WHERE account_id = ?", (account_id,))
    )
    chosen = {
        "municipalities": {r[0] for r in rows if r[0]},
        "units": {r[1] for r in rows if r[1] is not None},
    }
    context = {"title": account.name, "section": "accounts", "account": account, "chosen": chosen}
    context |= await _places(request)
    return render(request, "account.html", viewer, status=status, **context, **shown)


@page
async def show(request: Request) -> Response:
    viewer = await _administrator(request)
    return await _account_page(request, viewer, saved=request.query_params.get("sparad") == "1")


@page
async def scope(request: Request) -> Response:
    viewer, pairs = await posted_pairs(request, max_fields=MAX_PLACES)
    account_id = _account_id(request)
    try:
        await account_admin.set_scope(service_of(request).db, viewer, account_id, *_scope(pairs))
    except Invalid as refused:
        return await _account_page(request, viewer, refused.status, message=refused.message)
    return RedirectResponse(f"/hantera/konton/{account_id}?sparad=1", status_code=303)


@page
async def disable(request: Request) -> Response:
    viewer, _ = await posted(request)
    account_id = _account_id(request)
    await account_admin.disable(service_of(request).db, viewer, account_id)
    return RedirectResponse(f"/hantera/konton/{account_id}?sparad=1", status_code=303)


@page
async def reset(request: Request) -> Response:
    viewer, _ = await posted(request)
    password = await account_admin.reset_password(service_of(request).db, viewer, _account_id(request))
    return await _account_page(request, viewer, one_time=password)


@page
async def own_password(request: Request) -> Response:
    viewer = await viewer_of(request, password_change=True)
    return render(request, "password.html", viewer, title="Byt lösenord", section="password")


@page
async def change_own_password(request: Request) -> Response:
    viewer, fields = await posted(request, password_change=True)
    try:
        await account_admin.change_own_password(
            service_of(request).db, viewer, fields.get("current", ""), fields.get("new", "")
        )
    except (Invalid, AccountError) as refused:
        message = refused.message if isinstance(refused, Invalid) else str(refused)
        context = {"title": "Byt lösenord", "section": "password", "message": message}
        return render(request, "password.html", viewer, status=422, **context)
    return RedirectResponse("/hantera/?losenord=1", status_code=303)


async def _targets(request: Request, viewer: Viewer, status: int = 200, **shown: Any) -> Response:
    rows = await service_of(request).db.read(
        every(
            "SELECT m.name, t.period_from, t.period_to, t.target FROM participation_targets t"
            " JOIN municipalities m ON m.id = t.municipality_id"
            f" ORDER BY {alphabetically('m.name')}, t.period_from DESC"
        )
    )
    context = {"title": "Deltagarmål", "section": "targets", "targets": rows, **await _places(request)}
    return render(request, "targets.html", viewer, status=status, **context, **shown)


@page
async def targets(request: Request) -> Response:
    return await _targets(request, await _administrator(request))


@page
async def set_targets(request: Request) -> Response:
    viewer, fields = await posted(request)
    account_admin.administrator(viewer)
    municipality, target = fields.get("municipality", ""), fields.get("target", "")
    try:
        start = datetime.date.fromisoformat(fields.get("from", ""))
        end = datetime.date.fromisoformat(fields.get("to", ""))
        if not target.isdigit():
            raise TargetRejected("Ange målet som ett heltal, t.ex. 400.")
        db = service_of(request).db
        await set_target(db, municipality, start, end, int(target))
        period = {"municipality": municipality, "from": start.isoformat(), "to": end.isoformat()}
        await audit.log(db, viewer.account.id, viewer.actor, "target_set", target=int(target), **period)
    except ValueError:
        return await _targets(request, viewer, 422, message="Ange perioden med två datum, ÅÅÅÅ-MM-DD.")
    except TargetRejected as refused:
        return await _targets(request, viewer, 422, message=str(refused))
    return RedirectResponse("/hantera/mal?sparad=1", status_code=303)
