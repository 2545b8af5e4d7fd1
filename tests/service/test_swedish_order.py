"""Names in Swedish alphabetical order wherever managers read them — the people list, the training
matrix, the reports' files — on SQLite and PostgreSQL alike, and by the catalogue's own rule
(catalogue/alphabet.py)."""

from __future__ import annotations

import datetime
import sqlite3
import uuid
from pathlib import Path

from starlette.testclient import TestClient

from catalogue.alphabet import swedish_order
from progress_service import Settings
from progress_service.accounts import hash_password, insert_account
from progress_service.db import with_functions
from progress_service.people import add_staff
from tests.service.test_reports import excel_rows, report, signed_in
from tests.support.service_app import direct
from tests.support.service_server import Server
from tests.support.service_world import NORR, PASSWORD, TALLEN, World

# Code point order, as the databases compared names before: Zelda, david, Ärla, Åke, Émile, Örjan.
IN_SWEDISH_ORDER = ["david Ek", "Émile Dupont", "Zelda Zorn", "Åke Berg", "Ärla Lind", "Örjan Ek"]
# Every character of Latin-1 and Latin Extended-A and -B, and some that no rule changes.
CHARACTERS = "".join(map(chr, range(0x20, 0x250))) + "ẞΩЖж中😀"


def test_the_database_makes_pythons_key_of_every_letter(client: TestClient, settings: Settings) -> None:
    connection = direct(settings)  # migrated by the service the client started
    if settings.database_url is None:
        with_functions(connection)
    made = connection.execute("SELECT swedish_order(?), swedish_order(NULL)", (CHARACTERS,)).fetchone()
    connection.close()
    assert tuple(made) == (swedish_order(CHARACTERS), None)


def _add_people(db: Path | str) -> None:
    """The names, added in code point order, in Säbo Tallen, each with a completion in 2025."""
    with direct(db) as connection:
        connection.row_factory = sqlite3.Row
        for number, name in enumerate(sorted(IN_SWEDISH_ORDER)):
            person = add_staff(
                connection, "asele", TALLEN, f"Z{number}", name, "underskoterska", datetime.date(2024, 1, 1)
            )
            connection.execute(
                "INSERT INTO completions (id, staff_id, training, training_title, hours, renewal_months,"
                " completed_on, recorded_at, recorded_by) VALUES (?, ?, 'hygien', 'Basal hygien', 1, 12,"
                " '2025-05-05', '2025-05-05T12:00:00+00:00', 'self')",
                (str(uuid.uuid4()), person),
            )


def _in_order_seen(names: list[str]) -> list[str]:
    return [name for name in names if name in IN_SWEDISH_ORDER]


def test_people_list_matrix_and_reports_are_in_swedish_order(
    running: tuple[Server, World, Path | str],
) -> None:
    server, _, db = running
    _add_people(db)
    tore = signed_in(server, "Tore Tallen")  # Säbo Tallen

    page = tore.get("/hantera/personal").text
    assert sorted(IN_SWEDISH_ORDER, key=page.index) == IN_SWEDISH_ORDER

    _, *matrix = excel_rows(report(tore, "matrix"))
    assert _in_order_seen([row[0] for row in matrix]) == IN_SWEDISH_ORDER
    _, *hours = excel_rows(report(tore, "hours"))
    assert _in_order_seen([row[1] for row in hours]) == IN_SWEDISH_ORDER
    _, *renewals = excel_rows(report(tore, "renewals", on="2026-04-01"))  # all run out 2026-05-05
    assert _in_order_seen([row[1] for row in renewals]) == IN_SWEDISH_ORDER
    _, *backwards = excel_rows(report(tore, "matrix", sort="-namn"))
    assert _in_order_seen([row[0] for row in backwards]) == IN_SWEDISH_ORDER[::-1]


def test_an_accounts_places_are_in_swedish_order_whole_municipalities_and_units_alike(
    running: tuple[Server, World, Path | str],
) -> None:
    server, world, db = running
    with direct(db) as connection:
        units = (world.units[NORR], world.units[TALLEN])
        insert_account(connection, "Ärla Chef", "manager", hash_password(PASSWORD), ("dorotea",), units)
    page = signed_in(server, "Admin Istratör").get("/hantera/konton").text
    listed = page[page.index("Ärla Chef") :]
    places = ["Dorotea", "Åsele – Hemtjänst Norr", "Åsele – Säbo Tallen"]
    assert sorted(places, key=listed.index) == places
