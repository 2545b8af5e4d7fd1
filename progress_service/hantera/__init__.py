"""/hantera/: the managers' and administrators' pages, server-rendered, usable without scripts."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from progress_service.errors import NotFound
from progress_service.hantera import (
    accounts,
    attendance,
    keys,
    log,
    overview,
    report_pages,
    signin,
    staff,
    upload,
)
from progress_service.hantera.render import page

STATIC = Path(__file__).parent.parent / "static"


@page
async def missing(request: Request) -> Response:
    """A mistyped address under /hantera/: the managers' page in Swedish, not the API's JSON."""
    raise NotFound("Sidan finns inte. Välj i menyn, eller gå tillbaka till översikten.")


ROUTES: list[BaseRoute] = [
    Route("/", overview.overview, methods=["GET"]),
    Route("/logga-in", signin.form, methods=["GET"]),
    Route("/logga-in", signin.submit, methods=["POST"]),
    Route("/logga-ut", signin.leave, methods=["POST"]),
    Route("/rapporter/", report_pages.index, methods=["GET"]),
    Route("/rapporter/{report}", report_pages.show, methods=["GET"]),
    Route("/nycklar", keys.show, methods=["GET"]),
    Route("/nycklar", keys.create, methods=["POST"]),
    Route("/nycklar/{id}/aterkalla", keys.revoke, methods=["POST"]),
    Route("/logg", log.show, methods=["GET"]),
    Route("/logg.csv", log.file, methods=["GET"]),
    # Running it in a municipality: staff and codes, attendance, accounts, targets, own password.
    Route("/personal", staff.index, methods=["GET"]),
    Route("/personal/ny", staff.new, methods=["GET"]),
    Route("/personal/ny", staff.add, methods=["POST"]),
    Route("/personal/koder", staff.codes, methods=["POST"]),
    Route("/personal/lista", upload.form, methods=["GET"]),
    Route("/personal/lista", upload.preview, methods=["POST"]),
    Route("/personal/lista/genomfor", upload.apply, methods=["POST"]),
    Route("/personal/{id}", staff.show, methods=["GET"]),
    Route("/personal/{id}", staff.edit, methods=["POST"]),
    Route("/personal/{id}/slutat", staff.left, methods=["POST"]),
    Route("/personal/{id}/sparra", staff.revoke, methods=["POST"]),
    Route("/personal/{id}/radera", staff.confirm_erase, methods=["GET"]),
    Route("/personal/{id}/radera", staff.erase, methods=["POST"]),
    Route("/narvaro", attendance.show, methods=["GET"]),
    Route("/narvaro", attendance.submit, methods=["POST"]),
    Route("/konton", accounts.index, methods=["GET"]),
    Route("/konton", accounts.create, methods=["POST"]),
    Route("/konton/{id}", accounts.show, methods=["GET"]),
    Route("/konton/{id}/urval", accounts.scope, methods=["POST"]),
    Route("/konton/{id}/avstang", accounts.disable, methods=["POST"]),
    Route("/konton/{id}/losenord", accounts.reset, methods=["POST"]),
    Route("/mal", accounts.targets, methods=["GET"]),
    Route("/mal", accounts.set_targets, methods=["POST"]),
    Route("/byt-losenord", accounts.own_password, methods=["GET"]),
    Route("/byt-losenord", accounts.change_own_password, methods=["POST"]),
    Mount("/static", app=StaticFiles(directory=STATIC), name="hantera-static"),
]


async def _not_found(scope: Scope, receive: Receive, send: Send) -> None:
    response = await missing(Request(scope, receive))
    await response(scope, receive, send)


# Starlette's redirects to the address with or without its last slash come first (/hantera/rapporter).
APP = Router(ROUTES, default=_not_found)
