"""CSV that Swedish Excel opens right by double-click.

Excel in Swedish locale reads a .csv correctly only when it starts with a UTF-8 byte-order mark
and uses `;` between cells, with decimal commas in numbers. A `sep=;` first line would make it
ignore the BOM, so there is none. Text cells that start with a formula character are prefixed
with an apostrophe so that Excel shows them instead of evaluating them (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence

Cell = str | int | float | bool | datetime.date | None

BOM = "\ufeff"
MEDIA_TYPE = "text/csv; charset=utf-8"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """The CSV text in chunks, one line each, the first starting with the BOM; for streaming."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_text(name) for name in header])
    yield BOM + _drain(buffer)
    for row in rows:
        writer.writerow([format_cell(value) for value in row])
        yield _drain(buffer)


def format_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _text(value)


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
