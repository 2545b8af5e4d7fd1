"""Reading a spreadsheet that people made: a CSV from Excel or an HR system, or an .xlsx.

One reader for both kinds, used by the course import and the staff-list upload, so the two
accept the same files: UTF-8 with or without a byte-order mark, `;` or `,` between cells (the
one the header line has more of), Excel's own `sep=` first line, and the first worksheet of a
workbook with its values (not formulas).
"""

from __future__ import annotations

import csv
import io

import openpyxl

from catalogue.utf8 import NotUtf8, decode

SUFFIXES = (".csv", ".xlsx")


class SheetUnreadable(Exception):
    """The file cannot be read as a table; the message says how to save it instead (Swedish)."""


def read_grid(data: bytes, suffix: str) -> list[list[object]]:
    """Every row of the file as a list of cells (text from a CSV, values from a workbook)."""
    if suffix.lower() not in SUFFIXES:
        raise SheetUnreadable("kan bara läsa .csv och .xlsx — spara kalkylbladet som något av dem")
    return _csv(data) if suffix.lower() == ".csv" else _xlsx(data)


def _csv(data: bytes) -> list[list[object]]:
    try:
        text = decode(data).removeprefix("\ufeff")
    except NotUtf8 as bad:
        where = f"'{bad.character}' på rad {bad.line} är sparat på annat sätt"
        raise SheetUnreadable(
            f"är inte sparad som UTF-8 ({where}) — spara den i Excel som 'CSV UTF-8 (kommaavgränsad) (*.csv)'"
        ) from None
    first, _, rest = text.partition("\n")
    if first.strip().startswith("sep=") and len(first.strip()) == 5:
        # Excel's own separator line: Excel does not show it, so rows are counted without it.
        delimiter, text = first.strip()[4], rest
    else:
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise SheetUnreadable(f"kan inte läsas som CSV ({error})") from None


def _xlsx(data: bytes) -> list[list[object]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise SheetUnreadable("kan inte läsas som en Excel-fil — spara den igen som .xlsx") from None
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
