"""Report tables as real Excel workbooks (xlsx), written with openpyxl.

Apart from `spreadsheet`, which the site build imports for its CSV: openpyxl takes 0.1 s to import.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from catalogue.spreadsheet import Column, Kind, Row, TooManyRows


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[Row], max_rows: int) -> Iterator[bytes]:
    """A real workbook: typed date and number cells, the header row frozen, column widths.

    openpyxl's write-only mode keeps rows in a temporary file, so memory stays flat; the
    workbook is a zip archive and can only be sent once it is complete.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Rapport")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append([_xlsx_text(sheet, column.header) for column in columns])
    converters = [_XLSX_CONVERTERS[column.kind] for column in columns]
    for count, row in enumerate(rows, start=1):
        if count > max_rows:
            sheet.close()  # ends openpyxl's temporary file cleanly
            raise TooManyRows(f"more than {max_rows} rows for one worksheet")
        sheet.append([convert(sheet, value) for convert, value in zip(converters, row, strict=True)])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(64 * 1024):
            yield chunk


def _xlsx_text(sheet: Any, value: Any) -> Any:
    """A string cell whatever it starts with: a cell typed as text is never evaluated."""
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, str(value))
    cell.data_type = "s"
    return cell


def _xlsx_date(sheet: Any, value: Any) -> Any:
    return None if value is None else datetime.date.fromisoformat(str(value))


def _xlsx_value(sheet: Any, value: Any) -> Any:
    return value


def _xlsx_yes_no(sheet: Any, value: Any) -> Any:
    return None if value is None else ("Ja" if value else "Nej")


_XLSX_CONVERTERS: dict[Kind, Callable[[Any, Any], Any]] = {
    "text": _xlsx_text,
    "date": _xlsx_date,
    "integer": _xlsx_value,
    "decimal": _xlsx_value,
    "yes_no": _xlsx_yes_no,
}
