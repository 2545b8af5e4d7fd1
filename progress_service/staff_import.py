"""Importing the staff list from a CSV file, and writing the new personal codes for printing.

The file is what a municipality's HR system or Swedish Excel writes: `;` or `,` between cells,
perhaps a UTF-8 byte-order mark. Every bad row is reported with its line number and nothing is
imported until the whole file is right. People already in the database are updated and keep
their code; only new people get one.

The rows are written in bounded batches through the database's writer (`write_batches`), so a
100,000-row import never holds the write lock for long: the running service's writes get their
turn between batches instead of failing with "database is locked". The codes file is opened before
the first batch (a path that cannot be written stops the import before anything is stored) and
each batch's codes are written to it, and synced, before that batch is committed: no code is ever
issued without being in the file.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from catalogue import Catalogue
from catalogue.dates import swedish_today
from catalogue.sheets import SheetUnreadable, read_grid
from catalogue.spreadsheet import excel_csv
from progress_service.codes import new_code
from progress_service.db import Database, WriteJob, WriterUnavailable, every, utc_now
from progress_service.payloads import NUL_REFUSED, has_nul
from progress_service.people import code_hash
from progress_service.reports.filters import in_list

REQUIRED = ("anställningsnummer", "namn", "kommun", "enhet")
OPTIONAL = ("roll", "startdatum")
CODES_HEADER = ("anställningsnummer", "namn", "kommun", "enhet", "personlig kod")
MAX_TEXT = 200
LOOKUP_VALUES = 500


class ImportRejected(Exception):
    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class StaffRow:
    line: int
    employee_number: str
    name: str
    municipality: str
    municipality_name: str
    unit: str
    role: str | None
    start_date: datetime.date | None


def read_rows(text: str) -> list[dict[str, str]]:
    """The CSV as dicts keyed by lower-case header; `;` or `,` detected from the header line."""
    return records(read_grid(text.encode(), ".csv"))


def read_file(data: bytes, suffix: str) -> list[dict[str, str]]:
    """An uploaded staff list, .csv or .xlsx, as `read_rows` gives it."""
    try:
        return records(read_grid(data, suffix))
    except SheetUnreadable as unreadable:
        raise ImportRejected([f"Filen {unreadable}"]) from None


def records(grid: list[list[object]]) -> list[dict[str, str]]:
    """Rows as dicts keyed by lower-case header; ImportRejected when a required column is missing."""
    rows = [[_text(cell) for cell in row] for row in grid]
    if not rows:
        raise ImportRejected(["rad 1: filen är tom — första raden ska vara rubrikerna " + ";".join(REQUIRED)])
    header = [cell.lower() for cell in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        hint = f"första raden ska ha rubrikerna {';'.join(REQUIRED)} (och gärna {';'.join(OPTIONAL)})"
        raise ImportRejected([f"rad 1: kolumnen {', '.join(missing)} saknas — {hint}"])
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if any(row)]


def _text(cell: object) -> str:
    """A cell as the text a person typed: a workbook's dates and whole numbers as written."""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def check_rows(
    raw: list[dict[str, str]], catalogue: Catalogue, municipalities: dict[str, str]
) -> tuple[list[StaffRow], list[str]]:
    """Rows that are right, and one message per problem with its line number (the header is line 1)."""
    rows: list[StaffRow] = []
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for line, cells in enumerate(raw, start=2):
        row_problems = list(_row_problems(cells, catalogue, municipalities))
        problems.extend(f"rad {line}: {p}" for p in row_problems)
        if row_problems:
            continue
        row = _row(line, cells, catalogue, municipalities)
        if (row.municipality, row.employee_number) in seen:
            problems.append(
                f"rad {line}: anställningsnummer {row.employee_number} finns redan tidigare i filen"
            )
        seen.add((row.municipality, row.employee_number))
        rows.append(row)
    return rows, problems


def _row_problems(
    cells: dict[str, str], catalogue: Catalogue, municipalities: dict[str, str]
) -> Iterator[str]:
    for name in REQUIRED:
        value = cells.get(name, "")
        if not value:
            yield f"{name} saknas"
        elif len(value) > MAX_TEXT:
            yield f"{name} är längre än {MAX_TEXT} tecken"
    yield from (NUL_REFUSED.format(name) for name, value in cells.items() if has_nul(value))
    kommun = cells.get("kommun", "")
    if kommun and _municipality(kommun, municipalities) is None:
        example = next(iter(municipalities.values()), "Åsele")
        yield f"okänd kommun '{kommun}' — skriv kommunens namn, t.ex. {example}"
    role = cells.get("roll", "")
    if role and _role(role, catalogue) is None:
        yield f"okänd roll '{role}' — välj en av {', '.join(r.label for r in catalogue.roles.values())}"
    start = cells.get("startdatum", "")
    if start and _date(start) is None:
        yield f"startdatum '{start}' ska vara ett datum som ÅÅÅÅ-MM-DD"


def _row(line: int, cells: dict[str, str], catalogue: Catalogue, municipalities: dict[str, str]) -> StaffRow:
    municipality = _municipality(cells["kommun"], municipalities)
    assert municipality is not None
    role = cells.get("roll", "")
    return StaffRow(
        line=line,
        employee_number=cells["anställningsnummer"],
        name=cells["namn"],
        municipality=municipality,
        municipality_name=municipalities[municipality],
        unit=cells["enhet"],
        role=_role(role, catalogue) if role else None,
        start_date=_date(cells.get("startdatum", "")),
    )


def _municipality(value: str, municipalities: dict[str, str]) -> str | None:
    wanted = value.casefold()
    return next((key for key, name in municipalities.items() if wanted in (key, name.casefold())), None)


def _role(value: str, catalogue: Catalogue) -> str | None:
    wanted = value.casefold()
    return next((r.id for r in catalogue.roles.values() if wanted in (r.id, r.label.casefold())), None)


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


async def checked_rows(db: Database, catalogue: Catalogue, raw: list[dict[str, str]]) -> list[StaffRow]:
    """The rows, each checked; ImportRejected listing every problem when any row is wrong."""
    municipalities = {row["id"]: row["name"] for row in await db.read(every("SELECT * FROM municipalities"))}
    rows, problems = check_rows(raw, catalogue, municipalities)
    if problems:
        raise ImportRejected(problems)
    return rows


async def import_staff(
    db: Database, catalogue: Catalogue, secret_key: bytes, text: str, codes_out: Path
) -> int:
    """Import the CSV text, writing new people's codes to `codes_out`; how many got a code.

    Raises ImportRejected, importing nothing, when a row is wrong or the codes file cannot be written.
    """
    rows = await checked_rows(db, catalogue, read_rows(text))
    with CodesFile(codes_out) as codes:
        counts = await db.write_batches(rows, lambda batch: _import_batch(batch, secret_key, codes))
    return sum(counts)


def _import_batch(batch: Sequence[StaffRow], secret_key: bytes, codes: CodesFile) -> WriteJob[list[int]]:
    codes.keep()  # write_batches runs the batches one after another: every one before this is committed

    def job(connection: sqlite3.Connection) -> list[int]:
        issued = apply_rows(connection, secret_key, batch)
        codes.attempt(issued)  # in the file before the batch is committed
        return [len(issued)]

    return job


def apply_rows(
    connection: sqlite3.Connection, secret_key: bytes, rows: Sequence[StaffRow]
) -> list[tuple[StaffRow, str]]:
    """Add or update every row (a write job); the new people with their new codes.

    A handful of statements for the whole batch, whatever its size: the people already stored and
    the units are looked up per municipality, and the updates and inserts go as one executemany
    each. Row by row it was five statements a person, each a round trip to a PostgreSQL server.
    """
    units = _unit_ids(connection, {(row.municipality, row.unit) for row in rows})
    existing = _existing(connection, rows)
    connection.executemany(
        "UPDATE staff SET name = ?, unit_id = ?, role = ?, start_date = COALESCE(?, start_date) WHERE id = ?",
        [
            (row.name, units[row.municipality, row.unit], row.role, _iso(row.start_date), existing[_key(row)])
            for row in rows
            if _key(row) in existing
        ],
    )
    issued = [(row, new_code()) for row in rows if _key(row) not in existing]
    _insert(connection, secret_key, issued, units)
    return issued


def _insert(
    connection: sqlite3.Connection,
    secret_key: bytes,
    issued: list[tuple[StaffRow, str]],
    units: dict[tuple[str, str], int],
) -> None:
    now, today = utc_now(), swedish_today()
    connection.executemany(
        "INSERT INTO staff (municipality_id, employee_number, unit_id, name, role, start_date, code_hash,"
        " code_issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                *_key(row),
                units[row.municipality, row.unit],
                row.name,
                row.role,
                _iso(row.start_date or today),
                code_hash(secret_key, code),
                now,
            )
            for row, code in issued
        ],
    )


def _key(row: StaffRow) -> tuple[str, str]:
    return row.municipality, row.employee_number


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _by_municipality(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, list[str]]]:
    """(municipality, values) in lists of at most LOOKUP_VALUES: one upload on the web is one job
    of any length, and SQLite takes at most 32,766 values in a statement."""
    grouped: dict[str, list[str]] = {}
    for municipality, value in pairs:
        grouped.setdefault(municipality, []).append(value)
    for municipality, values in grouped.items():
        for start in range(0, len(values), LOOKUP_VALUES):
            yield municipality, values[start : start + LOOKUP_VALUES]


def _existing(connection: sqlite3.Connection, rows: Sequence[StaffRow]) -> dict[tuple[str, str], int]:
    """The stored id of each row's person who is already in the database, by (municipality, number)."""
    found: dict[tuple[str, str], int] = {}
    numbers = _by_municipality((row.municipality, row.employee_number) for row in rows)
    for municipality, wanted in numbers:
        where = in_list("employee_number", wanted)
        sql = f"SELECT employee_number, id FROM staff WHERE municipality_id = ? AND {where}"
        for number, staff_id in connection.execute(sql, (municipality, *wanted)):
            found[municipality, number] = staff_id
    return found


def _unit_ids(connection: sqlite3.Connection, units: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The id of each (municipality, unit name), creating the units named for the first time."""
    connection.executemany(
        "INSERT INTO units (municipality_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", sorted(units)
    )
    found: dict[tuple[str, str], int] = {}
    for municipality, names in _by_municipality(sorted(units)):
        sql = f"SELECT name, id FROM units WHERE municipality_id = ? AND {in_list('name', names)}"
        for name, unit in connection.execute(sql, (municipality, *names)):
            found[municipality, name] = unit
    return found


class CodesFile:
    """The codes file for printing slips: Swedish Excel CSV, readable by its owner only (it holds secrets).

    A batch's job may run more than once (on PostgreSQL a job runs again after losing a race to
    another instance), so each attempt's codes replace the previous attempt's, and when the import
    fails, the codes of the batch that was rolled back are taken out again: the file lists the codes
    that were stored. Only when the store cannot tell whether the batch was committed
    (WriterUnavailable: a timeout, a lost connection) do they stay — a code in the file for a person
    never stored does no harm, a stored code missing from it would.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as error:
            hint = "ange en fil i en mapp som finns och där du får skriva"
            raise ImportRejected(
                [f"kodfilen {path} går inte att skriva ({error.strerror}) — {hint}"]
            ) from None
        # The mode above applies only to a new file; an existing one may be readable by others.
        os.fchmod(descriptor, 0o600)
        self._handle = os.fdopen(descriptor, "wb")
        self._write(list(excel_csv(CODES_HEADER, [])))  # the header, with the byte-order mark
        self._kept = self._handle.tell()

    def keep(self) -> None:
        """The codes written so far belong to committed batches."""
        self._kept = self._handle.tell()

    def attempt(self, issued: list[tuple[StaffRow, str]]) -> None:
        """The codes of the batch being written, in place of any earlier attempt's, synced."""
        self._handle.seek(self._kept)
        self._handle.truncate()
        rows = [(r.employee_number, r.name, r.municipality_name, r.unit, code) for r, code in issued]
        self._write(list(excel_csv(CODES_HEADER, rows))[1:])

    def _write(self, lines: list[str]) -> None:
        self._handle.write("".join(lines).encode())
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def __enter__(self) -> CodesFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if isinstance(error, Exception) and not isinstance(error, WriterUnavailable):
            self._handle.seek(self._kept)
            self._handle.truncate()
            self._write([])
        self._handle.close()
