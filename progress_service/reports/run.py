"""Running a report for a request: filters checked against the viewer's scope, then the file
streamed — or the first rows collected for a page — and the audit log told what was read."""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.responses import StreamingResponse

from catalogue.spreadsheet import EXTENSIONS, MEDIA_TYPES, XLSX_MAX_ROWS, TooManyRows, table_bytes
from progress_service import audit
from progress_service.account_auth import Viewer
from progress_service.errors import Invalid, NotFound
from progress_service.reports import REPORTS, Report, Table
from progress_service.reports.filters import Filters, parse, resolve
from progress_service.reports.stream import collect, stream
from progress_service.reports.table import Fetched
from progress_service.service import Service


@dataclass(frozen=True)
class Prepared:
    report: Report
    filters: Filters
    table: Table


def report_named(name: str) -> Report:
    report = REPORTS.get(name)
    if report is None:
        raise NotFound(f"Det finns ingen rapport som heter '{name}'.")
    return report


async def prepare(service: Service, report: Report, viewer: Viewer, params: Mapping[str, str]) -> Prepared:
    """The report's table for these query parameters, checked against the viewer's scope."""
    filters = parse(params, report.parameters, report.required)
    catalogue = service.catalogue.current
    filters = await service.db.read(
        lambda connection: resolve(filters, viewer.account.scope, catalogue, connection)
    )
    return Prepared(report, filters, report.build(filters, viewer.account.scope, catalogue))


def file_name(prepared: Prepared) -> str:
    """What and for whom: genomforda-arjeplog-2026-01-01--2026-06-30.csv."""
    filters = prepared.filters
    parts = [prepared.report.file_stem, *(p for p in (filters.path, filters.assessment) if p), _whom(filters)]
    if "from" in prepared.report.parameters:
        parts.append(f"{filters.period_from.isoformat()}--{filters.period_to.isoformat()}")
    else:
        parts.append(filters.on.isoformat())
    return "-".join(parts) + "." + EXTENSIONS[filters.format]


def _whom(filters: Filters) -> str:
    if filters.unit is not None:
        return f"{filters.unit_municipality}-{slug(filters.unit_name or str(filters.unit))}"
    if filters.municipality is not None:
        return filters.municipality
    return "-".join(filters.scope_municipalities) or "alla"


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "enhet"


async def download(service: Service, viewer: Viewer, prepared: Prepared) -> StreamingResponse:
    table, filters = prepared.table, prepared.filters
    counted = [0]

    def produce(fetched: Iterator[Fetched]) -> Iterator[bytes]:
        return table_bytes(filters.format, table.columns, _counting(table.rows(fetched), counted))

    chunks = stream(service.db, table.sql, tuple(table.params), produce)
    try:
        # A failure before the first byte (a workbook too large, say) is an ordinary error answer.
        first = await anext(chunks)
    except TooManyRows:
        message = f"Urvalet har fler än {XLSX_MAX_ROWS} rader, mer än en Excel-arbetsbok rymmer."
        raise Invalid(message + " Välj en kortare period eller formatet excel.", field="format") from None
    headers = {"Content-Disposition": f'attachment; filename="{file_name(prepared)}"'}
    body = _audited(_following(first, chunks), service, viewer, prepared, counted)
    return StreamingResponse(body, media_type=MEDIA_TYPES[filters.format], headers=headers)


async def _following(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for chunk in rest:
        yield chunk


def _counting(rows: Iterator[Sequence[Any]], counted: list[int]) -> Iterator[Sequence[Any]]:
    for row in rows:
        counted[0] += 1
        yield row


async def _audited(
    chunks: AsyncIterator[bytes], service: Service, viewer: Viewer, prepared: Prepared, counted: list[int]
) -> AsyncIterator[bytes]:
    complete = False
    try:
        async for chunk in chunks:
            yield chunk
        complete = True
    finally:
        details = _details(prepared, counted[0]) | {"complete": complete}
        # Shielded: a client that goes away mid-file still leaves its download in the log.
        await asyncio.shield(
            audit.log(service.db, viewer.account.id, viewer.actor, "report_downloaded", **details)
        )


def _details(prepared: Prepared, rows: int) -> dict[str, Any]:
    return {
        "report": prepared.report.id,
        "format": prepared.filters.format,
        "filters": prepared.filters.as_audit(),
        "rows": rows,
    }


async def page_rows(service: Service, viewer: Viewer, prepared: Prepared, limit: int) -> list[Sequence[Any]]:
    """The first `limit` rows for a page (one more, so the page can tell there are more)."""
    rows = await collect(service.db, prepared.table, limit + 1)
    details = _details(prepared, min(len(rows), limit))
    await audit.log(service.db, viewer.account.id, viewer.actor, "report_viewed", **details)
    return rows


async def all_rows(service: Service, prepared: Prepared) -> list[Sequence[Any]]:
    """Every row, for figures drawn from a report (the caller logs what it shows)."""
    return await collect(service.db, prepared.table, None)
