"""Running it in a municipality, over HTTP against a real service: staff and codes within scope,
code slips, the staff-list upload with its preview, attendance (page and API), accounts with
one-time passwords, targets, and the audit log of it all."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import sqlite3
import uuid
from pathlib import Path

import httpx
import openpyxl
import pytest

from progress_service.codes import normalise
from tests.support.service_app import TINY_CATALOGUE, direct
from tests.support.service_hantera import SLIP_CODE, browser_like, form_token, post, post_pairs, signed_in
from tests.support.service_server import Server, start
from tests.support.service_world import DOROTEA, NORR, PASSWORD, SODER, TALLEN, World, seed

ONE_TIME = re.compile(r'<p class="one-time">([^<]+)</p>')


def rows(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with direct(db) as connection:
        return [tuple(row) for row in connection.execute(sql, params)]


def staff_id(db: Path, number: str, municipality: str = "asele") -> int:
    found = rows(
        db, "SELECT id FROM staff WHERE employee_number = ? AND municipality_id = ?", (number, municipality)
    )
    return int(str(found[0][0]))


def code_signs_in(server: Server, code: str) -> int:
    return httpx.post(f"{server.url}/api/session", json={"code": code}, timeout=30).status_code


def test_a_manager_adds_edits_and_moves_staff_only_within_the_scope(
    running: tuple[Server, World, Path],
) -> None:
    server, world, db = running
    tore = signed_in(server, "Tore Tallen")  # one unit: Säbo Tallen
    added = post(
        tore,
        "/hantera/personal/ny",
        "/hantera/personal/ny",
        {
            "name": "Ny Tallensson",
            "employee_number": "T100",
            "unit": world.units[TALLEN],
            "role": "underskoterska",
            "start_date": "2026-01-02",
        },
    )
    assert added.status_code == 303
    person = staff_id(db, "T100")
    assert added.headers["location"] == f"/hantera/personal/{person}?tillagd=1"
    outside = post(
        tore,
        "/hantera/personal/ny",
        "/hantera/personal/ny",
        {
            "name": "Fel Enhet",
            "employee_number": "T101",
            "unit": world.units[NORR],
            "start_date": "2026-01-02",
        },
    )
    assert outside.status_code == 422 and "Välj en enhet som du hanterar." in outside.text
    assert rows(db, "SELECT 1 FROM staff WHERE employee_number = 'T101'") == []
    assert tore.get(f"/hantera/personal/{world.staff['A1']}").status_code == 404
    listed = tore.get("/hantera/personal").text
    assert "Ny Tallensson" in listed and "Anna Ek" not in listed and "Dora Utanför" not in listed

    asa = signed_in(server, "Åsa Åsele")  # the whole of Åsele
    page = f"/hantera/personal/{person}"
    moved = post(
        asa,
        page,
        page,
        {
            "name": "Ny Tallensson",
            "employee_number": "T100",
            "unit": world.units[NORR],
            "role": "underskoterska",
            "start_date": "2026-01-02",
        },
    )
    assert moved.status_code == 303
    assert rows(db, "SELECT unit_id FROM staff WHERE id = ?", (person,)) == [(world.units[NORR],)]
    to_dorotea = post(
        asa,
        page,
        page,
        {
            "name": "Ny Tallensson",
            "employee_number": "T100",
            "unit": world.units[DOROTEA],
            "start_date": "2026-01-02",
        },
    )
    assert to_dorotea.status_code == 422
    assert tore.get(page).status_code == 404  # moved out of Tore's unit
    assert "Ny Tallensson" in asa.get("/hantera/personal?sok=tallens").text


def test_new_codes_are_shown_once_on_slips_and_replace_the_old_ones(
    running: tuple[Server, World, Path],
) -> None:
    server, world, db = running
    asa = signed_in(server, "Åsa Åsele")
    chosen = [world.staff[n] for n in ("N0", "N1")]
    response = post_pairs(
        asa,
        "/hantera/personal/koder",
        "/hantera/personal",
        [
            *(("staff", str(i)) for i in chosen),
        ],
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    codes = SLIP_CODE.findall(response.text)
    assert len(codes) == 2 and all(normalise(code) for code in codes)
    assert response.text.count("<svg") == 2 and "Norr Person 0" in response.text
    for code in codes:
        assert f"{server.url}/logga-in/#kod={code}" not in response.text  # the URL is inside the QR only
        assert code_signs_in(server, code) == 200
    again = post_pairs(
        asa,
        "/hantera/personal/koder",
        "/hantera/personal",
        [
            ("staff", str(chosen[0])),
        ],
    )
    assert code_signs_in(server, codes[0]) == 401
    assert code_signs_in(server, SLIP_CODE.findall(again.text)[0]) == 200
    dora = world.staff["D1"]
    refused = post_pairs(
        asa,
        "/hantera/personal/koder",
        "/hantera/personal",
        [
            ("staff", str(chosen[1])),
            ("staff", str(dora)),
        ],
    )
    assert refused.status_code == 404
    assert code_signs_in(server, codes[1]) == 200  # nothing changed for anyone
    page = f"/hantera/personal/{chosen[1]}"
    assert post(asa, f"{page}/sparra", page, {}).status_code == 303
    assert code_signs_in(server, codes[1]) == 401
    logged = rows(db, "SELECT details FROM audit_log WHERE action IN ('code_issued', 'code_revoked')")
    assert len(logged) == 3 and not any(code in str(logged) for code in codes)


def test_someone_who_left_keeps_history_cannot_sign_in_and_leaves_current_reports(
    running: tuple[Server, World, Path],
) -> None:
    server, world, db = running
    asa = signed_in(server, "Åsa Åsele")
    person = world.staff["A2"]
    page = f"/hantera/personal/{person}"
    code = SLIP_CODE.findall(
        post_pairs(
            asa,
            "/hantera/personal/koder",
            page,
            [
                ("staff", str(person)),
            ],
        ).text
    )[0]
    summary = "/api/reports/summary.csv?from=2025-01-01&to=2025-12-31&format=csv"
    before = asa.get(summary).text
    assert "Anna Ek" in asa.get("/api/reports/matrix.csv?path=intro&on=2026-03-01&format=csv").text
    assert post(asa, f"{page}/slutat", page, {"left_on": "2026-01-31"}).status_code == 303
    assert code_signs_in(server, code) == 401
    assert "Anna Ek" not in asa.get("/hantera/personal").text
    assert "Anna Ek" in asa.get("/hantera/personal?slutat=1").text
    assert "Anna Ek" in asa.get("/api/reports/completions.csv?from=2025-01-01&to=2025-12-31").text
    # She worked through 2025, so the 2025 summary is the same; a period after she left counts her no more.
    assert asa.get(summary).text == before
    later = asa.get("/api/reports/summary.csv?from=2026-02-01&to=2026-02-28&format=csv").text
    earlier = asa.get("/api/reports/summary.csv?from=2026-01-01&to=2026-01-31&format=csv").text
    assert _staff_count(later, "Åsele") == _staff_count(earlier, "Åsele") - 1
    assert rows(db, "SELECT left_on, code_hash FROM staff WHERE id = ?", (person,)) == [("2026-01-31", None)]
    assert "Anna Ek" not in asa.get("/api/reports/matrix.csv?path=intro&on=2026-03-01&format=csv").text
    refused = post_pairs(asa, "/hantera/personal/koder", page, [("staff", str(person))])
    assert refused.status_code == 422
    assert post(asa, f"{page}/slutat", page, {"action": "tillbaka"}).status_code == 303
    assert "Anna Ek" in asa.get("/hantera/personal").text


def _staff_count(csv_text: str, municipality: str) -> int:
    line = next(line for line in csv_text.splitlines() if line.startswith(municipality))
    return int(line.split(",")[3])


def _xlsx(table: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in table:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client: httpx.Client, name: str, content: bytes) -> httpx.Response:
    token = form_token(client, "/hantera/personal/lista")
    return client.post("/hantera/personal/lista", data={"form_token": token}, files={"file": (name, content)})


def test_a_staff_list_is_previewed_then_applied_as_csv_or_xlsx(running: tuple[Server, World, Path]) -> None:
    server, _, db = running
    asa = signed_in(server, "Åsa Åsele")
    csv_text = (
        "\ufeffanställningsnummer;namn;kommun;enhet;roll;startdatum\r\n"
        "U1;Uppladdad Ett;Åsele;Hemtjänst Norr;Undersköterska;2026-03-01\r\n"
        "S0;Söder Person Noll;Åsele;Hemtjänst Söder;Undersköterska;2024-01-01\r\n"
        "S1;Söder Person 1;Åsele;Hemtjänst Söder;Undersköterska;2024-01-01\r\n"
    )
    preview = _upload(asa, "personal.csv", csv_text.encode())
    assert preview.status_code == 200, preview.text
    assert "1 nya, 1 ändrade och 1 oförändrade personer." in preview.text
    assert "Ändras: namn" in preview.text
    assert rows(db, "SELECT 1 FROM staff WHERE employee_number = 'U1'") == []  # nothing before applying
    token = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert token
    applied = post(
        asa, "/hantera/personal/lista/genomfor", "/hantera/personal/lista", {"token": token.group(1)}
    )
    assert applied.status_code == 200 and len(SLIP_CODE.findall(applied.text)) == 1
    assert code_signs_in(server, SLIP_CODE.findall(applied.text)[0]) == 200
    assert rows(db, "SELECT name FROM staff WHERE employee_number = 'S0'") == [("Söder Person Noll",)]
    replay = post(
        asa, "/hantera/personal/lista/genomfor", "/hantera/personal/lista", {"token": token.group(1)}
    )
    assert replay.status_code == 409 and "Läs in filen igen" in replay.text

    workbook = _xlsx(
        [
            ["Anställningsnummer", "Namn", "Kommun", "Enhet", "Roll", "Startdatum"],
            [
                "U2",
                "Uppladdad Två",
                "Åsele",
                "Hemtjänst Norr",
                "Undersköterska",
                datetime.datetime(2026, 3, 2),
            ],
            [4711, "Nummer Som Tal", "Åsele", "Hemtjänst Norr", None, None],
        ]
    )
    preview = _upload(asa, "personal.xlsx", workbook)
    assert "2 nya, 0 ändrade och 0 oförändrade personer." in preview.text and ">4711<" in preview.text


def test_a_wrong_or_out_of_scope_list_changes_nothing_and_names_the_rows(
    running: tuple[Server, World, Path],
) -> None:
    server, _, db = running
    tore = signed_in(server, "Tore Tallen")
    before = rows(db, "SELECT * FROM staff ORDER BY id")
    wrong = _upload(
        tore,
        "lista.csv",
        "anställningsnummer;namn;kommun;enhet\nX1;;Åsele;Säbo Tallen\nX2;B;Oslo;Säbo Tallen\n".encode(),
    )
    assert wrong.status_code == 422
    assert "rad 2: namn saknas" in wrong.text and "rad 3: okänd kommun &#39;Oslo&#39;" in wrong.text
    outside = _upload(
        tore, "lista.csv", "anställningsnummer;namn;kommun;enhet\nX3;C;Åsele;Hemtjänst Norr\n".encode()
    )
    assert outside.status_code == 422 and "rad 2: Hemtjänst Norr i Åsele hanterar du inte" in outside.text
    unreadable = _upload(tore, "lista.xlsx", b"not a workbook")
    assert unreadable.status_code == 422 and "kan inte läsas som en Excel-fil" in unreadable.text
    assert rows(db, "SELECT * FROM staff ORDER BY id") == before


def _attendance(
    numbers: list[str], municipality: str = "asele", registration: str | None = None
) -> dict[str, object]:
    return {
        "id": registration or str(uuid.uuid4()),
        "training": "hygien",
        "date": "2026-01-20",
        "employee_numbers": numbers,
        "municipality": municipality,
    }


def _manager_api(server: Server, name: str) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=30)
    assert client.post("/api/manager/session", json={"name": name, "password": PASSWORD}).status_code == 200
    return client


def test_attendance_for_thirty_people_is_thirty_completions_and_a_resubmission_adds_none(
    running: tuple[Server, World, Path],
) -> None:
    server, _, db = running
    admin = signed_in(server, "Admin Istratör")
    numbers = [f"K{n}" for n in range(30)]
    csv_text = "anställningsnummer;namn;kommun;enhet;startdatum\n" + "".join(
        f"{n};Kurs Deltagare {n};Åsele;{SODER};2025-01-01\n" for n in numbers
    )
    token = re.search(r'name="token" value="([^"]+)"', _upload(admin, "k.csv", csv_text.encode()).text)
    assert token
    post(admin, "/hantera/personal/lista/genomfor", "/hantera/personal/lista", {"token": token.group(1)})
    client = _manager_api(server, "Åsa Åsele")
    body = _attendance(numbers)
    before = rows(db, "SELECT count(*) FROM completions")[0][0]
    first = client.post("/api/attendance", json=body)
    assert first.status_code == 201 and len(first.json()["recorded"]) == 30
    assert rows(db, "SELECT count(*) FROM completions")[0][0] == int(str(before)) + 30
    again = client.post("/api/attendance", json=body)
    assert again.status_code == 200 and again.json()["recorded"] == []
    assert sorted(again.json()["already_recorded"]) == sorted(numbers)
    other_id = client.post("/api/attendance", json=_attendance(numbers[:3]))
    assert other_id.status_code == 201 and len(other_id.json()["already_recorded"]) == 3
    assert rows(db, "SELECT count(*) FROM completions")[0][0] == int(str(before)) + 30
    recorded_by = rows(
        db,
        "SELECT DISTINCT recorded_by FROM completions"
        " WHERE training = 'hygien' AND completed_on = '2026-01-20'",
    )
    assert recorded_by == [("attendance",)]
    changed = client.post("/api/attendance", json={**body, "date": "2026-01-21"})
    assert changed.status_code == 409


def test_attendance_outside_the_scope_is_a_403_naming_them_and_records_nothing(
    running: tuple[Server, World, Path],
) -> None:
    server, _, db = running
    tore = _manager_api(server, "Tore Tallen")
    before = rows(db, "SELECT count(*) FROM completions")
    refused = tore.post("/api/attendance", json=_attendance(["A3", "N2", "N3"]))
    assert refused.status_code == 403
    assert refused.json() == {
        "error": "forbidden",
        "message": "Du hanterar inte N2, N3: ingen närvaro registrerades.",
        "field": "employee_numbers",
    }
    unknown = tore.post("/api/attendance", json=_attendance(["A3", "FINNS-EJ"]))
    assert unknown.status_code == 422 and "FINNS-EJ" in unknown.json()["message"]
    future = tore.post("/api/attendance", json={**_attendance(["A3"]), "date": "2099-01-01"})
    assert future.status_code == 422 and future.json()["field"] == "date"
    assert rows(db, "SELECT count(*) FROM completions") == before
    key_only = httpx.post(
        f"{server.url}/api/attendance", json=_attendance(["A3"]), headers={"Authorization": "Bearer omk_x"}
    )
    assert key_only.status_code == 403


def test_a_person_sees_an_attendance_completion_in_min_utbildning_and_rates_it(
    running: tuple[Server, World, Path],
) -> None:
    server, world, _ = running
    asa = signed_in(server, "Åsa Åsele")
    page = "/hantera/narvaro?utbildning=hygien&enhet=" + str(world.units[NORR])
    form = asa.get(page)
    assert "Anna Ek (A2)" in form.text
    registration = re.search(r'name="id" value="([^"]+)"', form.text)
    assert registration
    data = [
        ("id", registration.group(1)),
        ("training", "hygien"),
        ("unit", str(world.units[NORR])),
        ("municipality", "asele"),
        ("other_date", "2026-01-22"),
        ("person", "A2"),
        ("numbers", ""),
    ]
    sent = post_pairs(asa, "/hantera/narvaro", page, data)
    assert sent.status_code == 303 and "klart=1%2C0" in sent.headers["location"]
    shown = asa.get(sent.headers["location"]).text
    assert "1 registrerade." in shown and "Anna Ek (A2): redan registrerad 2026-01-22" in shown
    assert "klart=0%2C1" in post_pairs(asa, "/hantera/narvaro", page, data).headers["location"]
    code = SLIP_CODE.findall(
        post_pairs(
            asa,
            "/hantera/personal/koder",
            page,
            [
                ("staff", str(world.staff["A2"])),
            ],
        ).text
    )[0]
    person = httpx.Client(base_url=server.url, timeout=30)
    assert person.post("/api/session", json={"code": code}).status_code == 200
    mine = [c for c in person.get("/api/me").json()["completions"] if c["completed_on"] == "2026-01-22"]
    assert [c["training"] for c in mine] == ["hygien"]
    rated = person.put(
        f"/api/completions/{mine[0]['id']}/rating", json={"usefulness": 5}, headers={"Origin": server.url}
    )
    assert rated.status_code == 200 and rated.json()["rating"] == {"usefulness": 5, "comment": None}


def test_an_administrator_creates_a_manager_whose_one_time_password_must_be_changed(
    running: tuple[Server, World, Path],
) -> None:
    server, world, db = running
    admin = signed_in(server, "Admin Istratör")
    created = post_pairs(
        admin,
        "/hantera/konton",
        "/hantera/konton",
        [
            ("name", "Nora Ny"),
            ("role", "manager"),
            ("unit", str(world.units[SODER])),
        ],
    )
    found = ONE_TIME.search(created.text)
    assert created.status_code == 200 and found
    one_time = found.group(1)
    assert one_time not in str(rows(db, "SELECT * FROM audit_log"))
    nora = browser_like(server)
    signed = nora.post(
        "/hantera/logga-in", data={"name": "Nora Ny", "password": one_time, "next": "/hantera/personal"}
    )
    assert signed.status_code == 303
    assert nora.get("/hantera/personal").headers["location"] == "/hantera/byt-losenord"
    assert nora.get("/api/reports/summary.csv").status_code == 403
    weak = post(
        nora, "/hantera/byt-losenord", "/hantera/byt-losenord", {"current": one_time, "new": "sommar2026"}
    )
    assert weak.status_code == 422
    changed = post(
        nora,
        "/hantera/byt-losenord",
        "/hantera/byt-losenord",
        {"current": one_time, "new": "kanel-fjord-94-ugglor"},
    )
    assert changed.status_code == 303
    listed = nora.get("/hantera/personal")
    assert listed.status_code == 200 and "Söder Person 2" in listed.text and "Anna Ek" not in listed.text
    account = int(str(rows(db, "SELECT id FROM accounts WHERE name = 'Nora Ny'")[0][0]))
    page = f"/hantera/konton/{account}"
    widened = post_pairs(admin, f"{page}/urval", page, [("municipality", "asele")])
    assert widened.status_code == 303 and "Anna Ek" in nora.get("/hantera/personal").text
    reset = post(admin, f"{page}/losenord", page, {})
    assert ONE_TIME.search(reset.text) and nora.get("/hantera/personal").status_code == 303  # signed out
    assert post(admin, f"{page}/avstang", page, {}).status_code == 303
    again = browser_like(server).post(
        "/hantera/logga-in", data={"name": "Nora Ny", "password": "kanel-fjord-94-ugglor"}
    )
    assert again.status_code == 401
    assert signed_in(server, "Åsa Åsele").get("/hantera/konton").status_code == 403


def test_targets_are_set_on_the_web_and_every_change_is_in_the_log_without_secrets(
    running: tuple[Server, World, Path],
) -> None:
    server, _, db = running
    admin = signed_in(server, "Admin Istratör")
    saved = post(
        admin,
        "/hantera/mal",
        "/hantera/mal",
        {"municipality": "asele", "from": "2025-01-01", "to": "2025-12-31", "target": "40"},
    )
    assert saved.status_code == 303
    summary = admin.get(
        "/api/reports/summary.csv?from=2025-01-01&to=2025-12-31&municipality=asele&format=csv"
    ).text
    assert ",40," in summary.splitlines()[1]
    wrong = post(
        admin,
        "/hantera/mal",
        "/hantera/mal",
        {"municipality": "asele", "from": "2025-12-31", "to": "2025-01-01", "target": "4"},
    )
    assert wrong.status_code == 422
    actions = {row[0] for row in rows(db, "SELECT action FROM audit_log")}
    assert {
        "staff_added",
        "staff_changed",
        "staff_left",
        "code_issued",
        "code_revoked",
        "staff_imported",
        "attendance_recorded",
        "account_created",
        "password_changed",
        "target_set",
    } <= actions
    log = admin.get("/hantera/logg.csv?action=attendance_recorded&format=csv")
    assert log.status_code == 200 and "Registrerade närvaro" in log.text
    with direct(db) as connection:
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)


def test_the_attendance_form_lists_trainings_in_swedish_alphabetical_order(
    tmp_path: Path, store: Path | str
) -> None:
    # Code point order put "BPSD-registret" before "Barn som anhöriga" and "Ärr" before "Åldrande".
    catalogue = tmp_path / "catalogue"
    shutil.copytree(TINY_CATALOGUE, catalogue)
    hygien = (catalogue / "trainings" / "hygien.yml").read_text(encoding="utf-8")
    titles = {"bpsd": "BPSD-registret", "barn": "Barn som anhöriga", "arr": "Ärr", "aldrande": "Åldrande"}
    for training, title in titles.items():
        text = hygien.replace("id: hygien", f"id: {training}").replace(
            "title: Basal hygien", f"title: {title}"
        )
        (catalogue / "trainings" / f"{training}.yml").write_text(text, encoding="utf-8")
    server = start(store, catalogue)
    try:
        seed(store)
        form = signed_in(server, "Åsa Åsele").get("/hantera/narvaro")
    finally:
        server.stop()
    options = re.findall(r"<option[^>]*>([^<(]+)", form.text)
    listed = [title.strip() for title in options if title.strip() in titles.values()]
    assert listed == ["Barn som anhöriga", "BPSD-registret", "Åldrande", "Ärr"]
