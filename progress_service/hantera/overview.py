"""Översikt: for my scope and this year so far, the four figures a manager asks first, each
drawn from its report and linking to it."""

from __future__ import annotations

import datetime
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from catalogue.dates import swedish_today
from progress_service import audit
from progress_service.account_auth import Viewer, viewer_of
from progress_service.hantera.render import page, render
from progress_service.reports import REPORTS
from progress_service.reports.run import all_rows, prepare
from progress_service.service import Service, service_of
from progress_service.sql_text import alphabetically

NEW_HIRE_DAYS = 90


@page
async def overview(request: Request) -> Response:
    viewer = await viewer_of(request)
    service = service_of(request)
    today = swedish_today()
    period = {"from": today.replace(month=1, day=1).isoformat(), "to": today.isoformat()}
    figures = {**await _reach(service, viewer, period), **await _renewals(service, viewer)}
    since = (today - datetime.timedelta(days=NEW_HIRE_DAYS)).isoformat()
    figures |= await _introduction(service, viewer, since)
    details = {"report": "overview", "filters": period}
    await audit.log(service.db, viewer.account.id, viewer.actor, "report_viewed", **details)
    context: dict[str, Any] = {"title": "Översikt", "section": "overview", "reports": REPORTS.values()}
    context |= {
        "period_from": period["from"],
        "period_to": period["to"],
        "scope_text": await _scope_text(service, viewer),
    }
    context["links"] = _links(period, figures.get("intro_path_id"), since)
    return render(request, "overview.html", viewer, **context, **figures)


async def _reach(service: Service, viewer: Viewer, period: dict[str, str]) -> dict[str, Any]:
    rows = await all_rows(service, await prepare(service, REPORTS["summary"], viewer, period))
    total = rows[-1]  # the summary ends with the total over every municipality shown
    return {
        "participants": total[4],
        "target": total[5],
        "share": total[6],
        "rated": total[9],
        "useful": total[10],
    }


async def _renewals(service: Service, viewer: Viewer) -> dict[str, Any]:
    rows = await all_rows(service, await prepare(service, REPORTS["renewals"], viewer, {}))
    expired = sum(1 for row in rows if row[-2] <= 0)
    return {"expired": expired, "due_soon": len(rows) - expired}


async def _introduction(service: Service, viewer: Viewer, since: str) -> dict[str, Any]:
    """Of the people who started on or after `since`, how many have done every mandatory step."""
    path = service.catalogue.current.introduction_path()
    if path is None:
        return {"intro_path": None, "intro_path_id": None}
    matrix = await prepare(service, REPORTS["matrix"], viewer, {"path": path.id, "started": since})
    new = await all_rows(service, matrix)
    done = sum(1 for row in new if row[-1])
    return {"intro_path": path.title, "intro_path_id": path.id, "intro_new": len(new), "intro_done": done}


def _links(period: dict[str, str], intro_path: str | None, since: str) -> dict[str, str]:
    query = f"from={period['from']}&to={period['to']}"
    return {
        "summary": f"/hantera/rapporter/summary?{query}",
        "completions": f"/hantera/rapporter/completions?{query}",
        "renewals": "/hantera/rapporter/renewals",
        "matrix": f"/hantera/rapporter/matrix?path={intro_path}&started={since}&sort=steg-1"
        if intro_path
        else "",
    }


async def _scope_text(service: Service, viewer: Viewer) -> str:
    """What the manager sees, by name: "Åsele, Säbo Tallen (Dorotea)"."""
    scope = viewer.account.scope
    if scope.everything:
        return "Alla kommuner och enheter"
    units = sorted(scope.units)

    def job(connection: sqlite3.Connection) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        municipalities = connection.execute(
            f"SELECT id, name FROM municipalities ORDER BY {alphabetically('name')}"
        ).fetchall()
        named_units = (
            connection.execute(
                "SELECT u.name, m.name FROM units u JOIN municipalities m ON m.id = u.municipality_id"
                f" WHERE u.id IN ({', '.join('?' * len(units))}) ORDER BY {alphabetically('u.name')}",
                units,
            ).fetchall()
            if units
            else []
        )
        return municipalities, named_units

    municipalities, named_units = await service.db.read(job)
    names = [row[1] for row in municipalities if row[0] in scope.municipalities]
    return ", ".join([*names, *(f"{unit} ({municipality})" for unit, municipality in named_units)])
