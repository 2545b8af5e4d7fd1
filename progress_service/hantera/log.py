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
from progress_service.accounts import ROLE_LABELS
from progress_service.audit import ACTION_LABELS
from progress_service.errors import Forbidden, Invalid
from progress_service.hantera.render import page, render
from progress_service.hantera.report_pages import FIELD_LABELS
from progress_service.reports import REPORTS
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


# What the log's details are called for the administrator who reads them, in the order she reads
# them; the log stores the code's names (progress_service/audit.py), so old rows read alike. A
# report's filters are named as its form names them.
DETAIL_LABELS: dict[str, str] = {
    "report": "rapport",
    "filters": "urval",
    **{name: label.lower() for name, label in FIELD_LABELS.items()},
    "action": "händelse",
    "format": "format",
    "rows": "rader",
    "complete": "hela filen",
    "staff": "person",
    "fields": "fält",
    "from_unit": "från enhet",
    "to_unit": "till enhet",
    "left_on": "sista dag",
    "account": "konto",
    "role": "roll",
    "municipalities": "kommuner",
    "units": "enheter",
    "key": "nyckel",
    "label": "namn",
    "expires_on": "gäller till",
    "registration": "registrering",
    "date": "dag",
    "recorded": "registrerade",
    "target": "mål",
    "new": "nya",
    "changed": "ändrade",
    "same": "oförändrade",
    "comments": "kommentarer",
    "answers": "svar",
    "older_than": "äldre än",
}
# Values that are the code's names, by the detail that holds them.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "report": {"overview": "Översikt", "log": "Logg"} | {r.id: r.title for r in REPORTS.values()},
    "fields": {
        "name": "namn",
        "employee_number": "anställningsnummer",
        "unit": "enhet",
        "role": "roll",
        "start_date": "startdatum",
    },
    "role": {role: label.lower() for role, label in ROLE_LABELS.items()},
    "action": ACTION_LABELS,
}


def _details(details: str) -> str:
    return described(json.loads(details))


def described(items: dict[str, Any]) -> str:
    """A log entry's details as the administrator reads them: Swedish names, in reading order."""
    order = list(DETAIL_LABELS)
    keys = sorted(items, key=lambda key: order.index(key) if key in order else len(order))
    return ", ".join(f"{DETAIL_LABELS.get(key, key)}: {_value(key, items[key])}" for key in keys)


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dict):
        return f"({described(value)})"
    if isinstance(value, list):
        return ", ".join(_value(key, item) for item in value) or "–"
    return VALUE_LABELS.get(key, {}).get(str(value), str(value))


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
