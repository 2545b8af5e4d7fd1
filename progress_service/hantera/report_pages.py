"""Each report as a page: the filters as a form, the first rows as a table, links to the files.

The page runs the same report, scope and filters as the file; only the number of rows differs.
The training matrix shows every person (it is what a manager works through) and sorts by any
column through links, so it needs no script.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from catalogue import Catalogue
from catalogue.alphabet import alphabetical
from catalogue.spreadsheet import FORMATS, Column, decimal_text, yes_no_text
from progress_service.account_auth import viewer_of
from progress_service.errors import Forbidden, Invalid
from progress_service.hantera.render import page, render
from progress_service.reports import REPORTS, Report
from progress_service.reports.matrix import SORT_COLUMNS, STATUS_LABELS, status_of
from progress_service.reports.run import Prepared, page_rows, prepare, report_named
from progress_service.scope import Scope
from progress_service.service import service_of

PAGE_ROWS = 500
# Columns this wide in the file (free text, lists of trainings) get room on the page too.
WIDE_COLUMN = 30
MATRIX_PAGE_ROWS = 10_000
FIELD_LABELS = {
    "from": "Från",
    "to": "Till",
    "on": "Läget den",
    "started": "Började tidigast",
    "municipality": "Kommun",
    "unit": "Enhet",
    "path": "Utbildningsväg",
    "assessment": "Självskattning",
    "training": "Utbildning",
    "topic": "Ämne",
}
MATRIX_SORTS = {index: key for key, index in SORT_COLUMNS.items()}
Options = dict[str, list[tuple[str, str]]]
Header = dict[str, str | None]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str
    options: list[tuple[str, str]] | None
    required: bool


@page
async def index(request: Request) -> Response:
    viewer = await viewer_of(request)
    return render(
        request, "reports.html", viewer, title="Rapporter", section="reports", reports=REPORTS.values()
    )


@page
async def show(request: Request) -> Response:
    viewer = await viewer_of(request)
    report = report_named(request.path_params["report"])
    options = await _options(request, viewer.account.scope, service_of(request).catalogue.current)
    context: dict[str, Any] = {"title": report.title, "section": "reports", "report": report}
    params = _with_first_choices(report, request.query_params, options)
    try:
        prepared = await prepare(service_of(request), report, viewer, params)
    except (Invalid, Forbidden) as refused:
        fields = _fields(report, dict(params), options)
        return render(
            request,
            "report.html",
            viewer,
            status=refused.status,
            fields=fields,
            message=_in_form_words(refused.message),
            **context,
        )
    limit = MATRIX_PAGE_ROWS if report.id == "matrix" else PAGE_ROWS
    rows = await page_rows(service_of(request), viewer, prepared, limit)
    return render(request, "report.html", viewer, **context, **_table(prepared, rows, limit, options))


def _with_first_choices(report: Report, params: Mapping[str, str], options: Options) -> Mapping[str, str]:
    """A report that needs a choice (the matrix's path, the needs' self-assessment) opens from the
    list with the first one, which its form shows as chosen, rather than with an error."""
    missing = [name for name in sorted(report.required) if not params.get(name) and options.get(name)]
    return {**params, **{name: options[name][0][0] for name in missing}} if missing else params


def _in_form_words(message: str) -> str:
    """The filters named as the form labels them ("Till"), not as the file's parameters ('to'),
    which the same message names for scripts."""
    for name, label in FIELD_LABELS.items():
        message = message.replace(f"'{name}'", f"”{label}”").replace(
            f"Ange {name}.", f"Välj {label.lower()}."
        )
        if message.startswith(f"{name} "):
            message = label + message[len(name) :]
    return message


def _shown(prepared: Prepared) -> dict[str, str]:
    """The filters as query parameters, for links that keep them."""
    filters = prepared.filters.as_audit()
    if "from" not in prepared.report.parameters:
        del filters["from"], filters["to"]
        filters["on"] = prepared.filters.on.isoformat()
    return {name: str(value) for name, value in filters.items()}


def _table(prepared: Prepared, rows: list[Sequence[Any]], limit: int, options: Options) -> dict[str, Any]:
    shown = _shown(prepared)
    columns, statuses = prepared.table.columns, prepared.table.status_columns
    files = f"/api/reports/{prepared.report.id}.csv"
    return {
        "fields": _fields(prepared.report, shown, options),
        "sort": prepared.filters.sort,
        "downloads": {f: _url(files, {**shown, "format": f}) for f in FORMATS},
        "columns": _headers(prepared, columns, shown),
        "rows": [[_cell(c, v, i in statuses) for i, (c, v) in enumerate(zip(columns, row, strict=True))]
                 for row in rows[:limit]],
        "more": len(rows) > limit,
        "legend": list(STATUS_LABELS.items()) if statuses else None,
        "message": None,
    }  # fmt: skip


def _url(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}"


def _sort_key(prepared: Prepared, index: int) -> str | None:
    """The matrix's sort key for a column: name, unit, start date, or a step (numbered from 1)."""
    if prepared.report.id != "matrix":
        return None
    steps = sorted(prepared.table.status_columns)
    return MATRIX_SORTS.get(index) or (f"steg-{index - steps[0] + 1}" if index in steps else None)


def _headers(prepared: Prepared, columns: Sequence[Column], shown: dict[str, str]) -> list[Header]:
    """Column headers; in the matrix a link sorts by the column (again: the other way round)."""
    headers: list[Header] = []
    current = prepared.filters.sort or "namn"
    page_url = f"/hantera/rapporter/{prepared.report.id}"
    for index, column in enumerate(columns):
        key = _sort_key(prepared, index)
        if key is None:
            headers.append({"header": column.header, "sort": None, "aria_sort": None})
            continue
        ascending = current == key
        link = _url(page_url, {**shown, "sort": f"-{key}" if ascending else key})
        state = "ascending" if ascending else "descending" if current == f"-{key}" else "none"
        headers.append({"header": column.header, "sort": link, "aria_sort": state})
    return headers


def _cell(column: Column, value: Any, is_status: bool) -> dict[str, Any]:
    if column.kind == "decimal":
        text = decimal_text(value)
    elif column.kind == "yes_no":
        text = yes_no_text(value)
    else:
        text = "" if value is None else str(value)
    return {
        "text": text,
        "status": status_of(text) if is_status else None,
        "number": column.kind in ("integer", "decimal"),
        "wide": column.width >= WIDE_COLUMN,
    }


def _fields(report: Report, values: dict[str, str], options: Options) -> list[Field]:
    return [
        Field(name, label, values.get(name, ""), options.get(name), name in report.required)
        for name, label in FIELD_LABELS.items()
        if name in report.parameters
    ]


async def _options(request: Request, scope: Scope, catalogue: Catalogue) -> Options:
    """The choices for the filter form: places within the scope, and the catalogue's ids; places,
    trainings and topics in Swedish order (alphabetical)."""
    condition, params = scope.condition("u", unit_column="id")

    def job(connection: sqlite3.Connection) -> tuple[list[sqlite3.Row], list[sqlite3.Row]]:
        units = connection.execute(
            "SELECT u.id, u.municipality_id, m.name, u.name FROM units u"
            f" JOIN municipalities m ON m.id = u.municipality_id WHERE {condition}",
            params,
        ).fetchall()
        municipalities = connection.execute("SELECT id, name FROM municipalities").fetchall()
        return units, municipalities

    units, municipalities = await service_of(request).db.read(job)
    reachable = scope.municipalities | {row[1] for row in units}
    return {
        "municipality": alphabetical(
            (m[0], m[1]) for m in municipalities if scope.everything or m[0] in reachable
        ),
        "unit": alphabetical((str(u[0]), f"{u[2]} – {u[3]}") for u in units),
        "training": alphabetical((t.id, t.title) for t in catalogue.trainings.values()),
        "topic": alphabetical((t.id, t.label) for t in catalogue.topics.values()),
        "path": [(p.id, p.title) for p in catalogue.paths.values()],
        "assessment": [(a.id, a.title) for a in catalogue.assessments.values()],
    }
