"""The managers' reports against a real service: scope, files that open right in Swedish Excel,
small groups suppressed, the training matrix on fixed days, and a broken export never looking whole."""

from __future__ import annotations

import csv
import datetime
import io
import sqlite3
from pathlib import Path

import httpx
import openpyxl
import pytest

from progress_service.account_auth import COOKIE
from tests.support.service_app import TINY_CATALOGUE, direct
from tests.support.service_server import Server, start
from tests.support.service_world import (
    DOROTEA,
    INJECTED_COMMENT,
    INJECTED_NAME,
    NORR,
    PASSWORD,
    SODER,
    TALLEN,
    World,
    seed,
)

PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}
REPORTS = {
    "completions": {},
    "matrix": {"path": "intro"},
    "renewals": {},
    "hours": {},
    "summary": {},
    "needs": {"assessment": "digital"},
}


def signed_in(server: Server, name: str) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=30)
    response = client.post("/api/manager/session", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client


def report(client: httpx.Client, name: str, **params: str) -> httpx.Response:
    """The report for 2025; the matrix and renewals are a state on a day and take no period."""
    period = {} if name in ("matrix", "renewals") else PERIOD
    return client.get(f"/api/reports/{name}.csv", params={**period, **REPORTS[name], **params})


def excel_rows(response: httpx.Response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_without_a_session_every_report_is_401(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    for name in REPORTS:
        response = httpx.get(f"{server.url}/api/reports/{name}.csv")
        assert response.status_code == 401, name
        assert response.json()["error"] == "not_signed_in"


def test_a_wrong_password_is_401_and_is_audited(running: tuple[Server, World, Path]) -> None:
    server, _, db = running
    response = httpx.post(
        f"{server.url}/api/manager/session", json={"name": "Åsa Åsele", "password": "fel" * 5}
    )
    assert response.status_code == 401
    with direct(db) as connection:
        actions = connection.execute("SELECT actor, action, details FROM audit_log").fetchall()
    assert ("Åsa Åsele", "sign_in_failed", "{}") in actions
    assert not any("fel" * 5 in str(row) for row in actions)


def test_the_session_cookie_is_separate_strict_and_http_only(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    response = httpx.post(
        f"{server.url}/api/manager/session", json={"name": "Åsa Åsele", "password": PASSWORD}
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert response.json() == {
        "name": "Åsa Åsele",
        "role": "manager",
        "municipalities": ["asele"],
        "units": [],
    }


def test_scope_matrix_every_report_refuses_a_foreign_municipality_and_unit(
    running: tuple[Server, World, Path],
) -> None:
    server, world, _ = running
    asa, tore = signed_in(server, "Åsa Åsele"), signed_in(server, "Tore Tallen")
    for name in REPORTS:
        for client, foreign in (
            (asa, {"municipality": "dorotea"}),
            (asa, {"unit": str(world.units[DOROTEA])}),
            (tore, {"unit": str(world.units[NORR])}),
            (tore, {"municipality": "dorotea"}),
        ):
            if name == "summary" and "unit" in foreign:
                continue  # the summary is per municipality and takes no unit
            response = report(client, name, **foreign)
            assert response.status_code == 403, (name, foreign, response.text)
            assert response.json()["field"] in foreign


def test_scope_matrix_no_report_has_a_row_from_outside_the_scope(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    outsiders = {
        "Åsa Åsele": ["Dora Utanför", DOROTEA, "Dorotea"],
        "Tore Tallen": ["Dora Utanför", "Anna Ek", "Norr Person", "Söder Person", NORR, SODER, "Dorotea"],
        "Dora Chef": ["Anna Ek", "Bo Lund", NORR, TALLEN, "Åsele"],
    }
    for manager, names in outsiders.items():
        client = signed_in(server, manager)
        for name in REPORTS:
            for filters in ({}, {"training": "hygien"}, {"topic": "hygien"}, {"path": "intro"}):
                if name in ("matrix", "needs", "renewals", "summary") and "path" in filters:
                    continue
                if name in ("matrix", "needs") and filters:
                    continue
                response = report(client, name, **filters)
                assert response.status_code == 200, (manager, name, filters, response.text)
                text = response.content.decode("utf-8-sig")
                for outsider in names:
                    assert outsider not in text, (manager, name, filters, outsider)


def test_an_unknown_value_is_422_naming_the_field(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    admin = signed_in(server, "Admin Istratör")
    for params, field in (
        ({"municipality": "umea"}, "municipality"),
        ({"unit": "999999"}, "unit"),
        ({"unit": "norr"}, "unit"),
        ({"training": "finns-inte"}, "training"),
        ({"topic": "finns-inte"}, "topic"),
        ({"from": "2025-13-01"}, "from"),
        ({"from": "2025-06-01", "to": "2025-01-01"}, "to"),
        ({"format": "pdf"}, "format"),
        ({"colour": "red"}, "colour"),
    ):
        response = admin.get("/api/reports/completions.csv", params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.json()["field"] == field
    assert admin.get("/api/reports/matrix.csv").json()["field"] == "path"
    assert admin.get("/api/reports/nothing.csv").status_code == 404


def test_completions_open_right_in_swedish_excel(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    response = report(signed_in(server, "Åsa Åsele"), "completions", municipality="asele")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="genomforda-asele-2025-01-01--2025-12-31.csv"'
    )
    body = response.content
    assert body.startswith("\ufeffDatum;Anställningsnummer;Namn;".encode())
    assert b"\r\n" in body and body.count(b"\n") == body.count(b"\r\n") == 5
    rows = excel_rows(response)
    by_number = {row[1]: row for row in rows[1:]}
    assert by_number["A1"][2] == "'" + INJECTED_NAME  # shown as text, never evaluated
    assert by_number["A3"][2] == "'+Bo Lund"
    assert by_number["A1"][0] == "2025-02-01" and by_number["A1"][9] == "1,5" and by_number["A1"][10] == "5"
    assert by_number["A1"][11] == "2026-02-01"  # the refresher's renewal, from the catalogue's 12 months
    assert by_number["A2"][12] == "Chef, som närvaro" and by_number["A2"][11] == ""
    assert by_number["A3"][5] == "Enhetschef" and by_number["A3"][8] == "Socialstyrelsen"
    assert b'"\'=HYPERLINK(""http://angripare.example"";""Klicka"")"' in body


def test_machine_csv_is_rfc_4180_with_a_decimal_point(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    response = report(signed_in(server, "Åsa Åsele"), "completions", format="csv")
    assert not response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert rows[0][:3] == ["Datum", "Anställningsnummer", "Namn"]
    a1 = next(row for row in rows if row[1] == "A1")
    assert a1[9] == "1.5" and a1[2] == "'" + INJECTED_NAME


def test_xlsx_is_a_real_workbook_with_typed_cells(
    running: tuple[Server, World, Path], tmp_path: Path
) -> None:
    server, _, _ = running
    response = report(signed_in(server, "Åsa Åsele"), "completions", format="xlsx")
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert response.headers["content-disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 24
    header = [cell.value for cell in sheet[1]]
    a1 = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "A1")
    assert header[0] == "Datum" and a1[0].value == datetime.datetime(2025, 2, 1)
    assert a1[9].value == 1.5 and a1[10].value == 5
    assert a1[2].value == INJECTED_NAME and a1[2].data_type == "s"  # text, not a formula


def test_ratings_comments_are_not_in_reports_but_the_rating_is(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    text = report(signed_in(server, "Admin Istratör"), "completions").content.decode("utf-8-sig")
    assert INJECTED_COMMENT not in text  # free text stays with the person; the number is what reports need


def test_summary_counts_participants_against_the_target_and_usefulness(
    running: tuple[Server, World, Path],
) -> None:
    server, _, db = running
    with direct(db) as connection:
        connection.execute(
            "INSERT INTO participation_targets VALUES ('asele', '2025-01-01', '2025-12-31', 2)"
        )
    rows = excel_rows(report(signed_in(server, "Admin Istratör"), "summary"))
    header, *body = rows
    assert header[3:7] == ["Anställda", "Deltagare", "Mål (deltagare)", "Andel av målet (%)"]
    by_name = {row[0]: row for row in body}
    assert by_name["Åsele"][3:7] == ["14", "4", "2", "200"]
    # Åsele's ratings: 5, 2, 4 — two of three found it useful.
    assert by_name["Åsele"][9:] == ["3", "66,7"]
    assert by_name["Dorotea"][3:7] == ["1", "1", "", ""]
    assert by_name["Totalt"][3:5] == ["15", "5"]


def test_hours_say_whose_record_is_incomplete(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    header, *body = excel_rows(report(signed_in(server, "Tore Tallen"), "hours"))
    assert header[8:] == ["Utbildningar", "Studietimmar", "Komplett underlag", "Saknas"]
    by_number = {row[0]: row for row in body}
    assert set(by_number) == {"A3", "A4"}
    assert by_number["A3"][8:] == ["1", "1,5", "Ja", ""]
    assert by_number["A4"][8:] == ["1", "2", "Nej", "roll"]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (
            "2025-06-15",
            {"A1": "Klar 2025-02-01", "A2": "Ej gjord – senast 2025-08-30", "A3": "Klar 2025-03-01"},
        ),
        (
            "2026-01-15",
            {
                "A1": "Förnyas senast 2026-02-01",
                "A2": "Försenad – skulle vara klar 2025-08-30",
                "A3": "Förnyas senast 2026-03-01",
            },
        ),
        ("2026-03-02", {"A1": "Utgången 2026-02-01", "A3": "Utgången 2026-03-01"}),
    ],
)
def test_the_matrix_statuses_on_a_fixed_day(
    running: tuple[Server, World, Path], on: str, expected: dict[str, str]
) -> None:
    server, _, _ = running
    header, *body = excel_rows(report(signed_in(server, "Åsa Åsele"), "matrix", on=on))
    assert header == [
        "Namn",
        "Anställningsnummer",
        "Enhet",
        "Roll",
        "Startdatum",
        "Basal hygien",
        "Obligatoriska steg klara",
    ]
    cells = {row[1]: row[5] for row in body}
    for number, text in expected.items():
        assert cells[number] == text
    assert "A4" not in cells  # no role: not on the path
    assert "D1" not in cells


def test_renewals_list_what_runs_out_within_60_days(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    header, *body = excel_rows(report(signed_in(server, "Åsa Åsele"), "renewals", on="2026-01-15"))
    assert header[-3:] == ["Förnyas senast", "Dagar kvar", "Läge"]
    assert [(row[0], row[-2], row[-1]) for row in body] == [
        ("A1", "17", "Förnyas senast"),
        ("A3", "45", "Förnyas senast"),
    ]
    later = excel_rows(report(signed_in(server, "Åsa Åsele"), "renewals", on="2026-02-10"))
    assert [(row[0], row[-2], row[-1]) for row in later[1:]] == [
        ("A1", "-9", "Utgången"),
        ("A3", "19", "Förnyas senast"),
    ]


def test_needs_suppress_small_groups_and_the_one_that_would_reveal_them(
    running: tuple[Server, World, Path],
) -> None:
    server, _, _ = running
    header, *body = excel_rows(report(signed_in(server, "Åsa Åsele"), "needs"))
    assert header[3:6] == ["Svarande", "Medelnivå (1–4)", "Andel på de två lägsta nivåerna (%)"]
    rows = {(row[1], row[2]): row for row in body}
    tallen = rows[(TALLEN, "Information")]
    assert tallen[3:7] == ["", "", "", ""] and "Färre än 5" in tallen[7]
    # Söder (5) is the smallest shown group: without hiding it too, Tallen = total − Norr − Söder.
    soder = rows[(SODER, "Hygien")]
    assert soder[3:7] == ["", "", "", ""] and "räknas fram" in soder[7]
    norr = rows[(NORR, "Information")]
    assert norr[3:6] == ["6", "1", "100"] and "Basal hygien" not in norr[6]
    assert rows[(NORR, "Hygien")][3:5] == ["6", "3"]
    total = rows[("Alla enheter", "Information")]
    assert total[3] == "13"


def test_needs_of_one_unit_under_five_show_no_figures(running: tuple[Server, World, Path]) -> None:
    server, _, _ = running
    _, *body = excel_rows(report(signed_in(server, "Tore Tallen"), "needs"))
    assert body and all(row[3:7] == ["", "", "", ""] for row in body)


def test_every_download_is_audited_with_its_filters_and_rows(running: tuple[Server, World, Path]) -> None:
    server, _, db = running
    report(signed_in(server, "Tore Tallen"), "hours", format="csv")
    with direct(db) as connection:
        actor, details = connection.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'report_downloaded' ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert actor == "Tore Tallen"
    assert '"report": "hours"' in details and '"rows": 2' in details and '"complete": true' in details
    assert '"format": "csv"' in details and '"from": "2025-01-01"' in details


def test_the_audit_log_refuses_update_and_delete(running: tuple[Server, World, Path]) -> None:
    _, _, db = running
    with direct(db) as connection:
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)


def test_an_export_that_fails_midway_is_aborted_never_ended_cleanly(store: Path | str) -> None:
    server = start(store, TINY_CATALOGUE)
    try:
        world = seed(store)
        start_day = datetime.date(2010, 1, 1)
        with direct(store) as connection:
            # The last row's day is no date: its renewal date cannot be computed while it is written.
            connection.executemany(
                "INSERT INTO completions (id, staff_id, training, training_title, hours, completed_on,"
                " recorded_at) VALUES (?, ?, 'hygien', 'Basal hygien', 1.0, ?, '2025-01-01T00:00:00Z')",
                [
                    (
                        f"bulk-{n}",
                        world.staff["N0"],
                        "2023-99-99" if n == 4999 else str(start_day + datetime.timedelta(n)),
                    )
                    for n in range(5000)
                ],
            )
        client = signed_in(server, "Åsa Åsele")
        received = bytearray()
        with (
            pytest.raises(httpx.RemoteProtocolError),
            client.stream("GET", "/api/reports/completions.csv", params={"from": "2010-01-01"}) as response,
        ):
            assert response.status_code == 200
            for chunk in response.iter_bytes():
                received.extend(chunk)
        assert received.count(b"\r\n") > 2000  # rows were sent before the bad one was reached
        with direct(store) as connection:
            details = connection.execute(
                "SELECT details FROM audit_log WHERE action = 'report_downloaded' ORDER BY id DESC LIMIT 1"
            ).fetchone()[0]
        assert '"complete": false' in details
        assert server.process.poll() is None and httpx.get(f"{server.url}/healthz").status_code == 200
    finally:
        server.stop()


def test_the_matrix_can_show_only_those_who_started_on_or_after_a_day(
    running: tuple[Server, World, Path],
) -> None:
    server, _, _ = running
    _, *body = excel_rows(
        report(signed_in(server, "Åsa Åsele"), "matrix", on="2026-01-15", started="2025-06-01")
    )
    assert [(row[1], row[5]) for row in body] == [("A2", "Försenad – skulle vara klar 2025-08-30")]
