"""Logg: administrators read and download the audit log, filtered by period and kind of event.

The log is a report like the others (same formats, streamed), but for administrators only and
outside the managers' list; reading or downloading it is itself logged.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from catalogue import Catalogue
from catalogue.spreadsheet import FORMATS, Column
from progress_service.account_auth import Viewer, viewer_of
from progress_service.audit import ACTION_LABELS
from progress_service.errors import Forbidden, Invalid
from progress_service.hantera.render import page, render
from progress_service.reports.filters import Filters
from progress_service.reports.run import download, page_rows, prepare
from progress_service.reports.table import Fetched, Report, Table
from progress_service.scope import Scope
from progress_service.service import service_of

PAGE_ROWS = 500
COLUMNS = (
    Column("Tid (UTC)", "text", 20),
    Column("Vem", "text", 24),
    Column("Händelse", "text", 22),
    Column("Uppgifter", "text", 60),
)


def build(filters: Filters, scope: Scope, catalogue: Catalogue) -> Table:
    if filters.action is not None and filters.action not in ACTION_LABELS:
        raise Invalid(f"Det finns ingen händelse som heter '{filters.action}'.", field="action")
    end = (filters.period_to + datetime.timedelta(days=1)).isoformat()
    sql = "SELECT at, actor, action, details FROM audit_log WHERE at >= ? AND at < ?"
    values: list[Any] = [filters.period_from.isoformat(), end]
    if filters.action is not None:
        sql += " AND action = ?"
        values.append(filters.action)
    return Table(COLUMNS, sql + " ORDER BY id DESC", values, _rows)


def _rows(fetched: Iterator[Fetched]) -> Iterator[Sequence[Any]]:
    for at, actor, action, details in fetched:
        when = at.replace("T", " ").removesuffix("+00:00")
        yield when, actor, ACTION_LABELS.get(action, action), _details(details)


def _details(details: str) -> str:
    items = json.loads(details).items()
    return ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in items)


REPORT = Report(
    id="log",
    title="Logg",
    file_stem="logg",
    summary="Inloggningar, visade och hämtade rapporter, API-nycklar, personal, koder, närvaro, konton och"
    " raderingar.",
    parameters=frozenset({"from", "to", "action", "format"}),
    build=build,
)


async def _administrator(request: Request) -> Viewer:
    viewer = await viewer_of(request)
    if not viewer.account.is_administrator:
        raise Forbidden("Loggen är bara för administratörer.")
    return viewer


@page
async def show(request: Request) -> Response:
    viewer = await _administrator(request)
    service = service_of(request)
    prepared = await prepare(service, REPORT, viewer, request.query_params)
    rows = await page_rows(service, viewer, prepared, PAGE_ROWS)
    filters = prepared.filters
    query = {"from": filters.period_from.isoformat(), "to": filters.period_to.isoformat()}
    query |= {"action": filters.action} if filters.action else {}
    context: dict[str, Any] = {"title": REPORT.title, "section": "log", "columns": COLUMNS, "message": None}
    context |= {"period_from": query["from"], "period_to": query["to"], "action": filters.action or ""}
    context |= {
        "actions": list(ACTION_LABELS.items()),
        "rows": rows[:PAGE_ROWS],
        "more": len(rows) > PAGE_ROWS,
    }
    context["downloads"] = {f: "/hantera/logg.csv?" + urlencode({**query, "format": f}) for f in FORMATS}
    return render(request, "log.html", viewer, **context)


@page
async def file(request: Request) -> Response:
    viewer = await _administrator(request)
    service = service_of(request)
    return await download(service, viewer, await prepare(service, REPORT, viewer, request.query_params))
