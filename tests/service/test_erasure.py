"""Erasure on request against a real service: afterwards the person's name, employee number,
comment and answers occur nowhere in the database file (its log included) nor in any report, and
the summary's counts are byte for byte the same. Retention and the staff idle timeout too."""

from __future__ import annotations

import datetime
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from progress_service.db import every, one
from progress_service.erasure import apply_retention, months_before
from tests.support.service_app import TINY_CATALOGUE, count, direct, enrol, run, service, sign_in
from tests.support.service_hantera import SLIP_CODE, post, post_pairs, signed_in
from tests.support.service_server import ROOT, Server, service_env, start
from tests.support.service_world import World, seed

NAME, NUMBER, COMMENT = "Zelda Raderasson", "ANST-77123", "Kursledaren Zelda-kommentar"
OTHER_NAME, OTHER_NUMBER = "Yngve Glömdsson", "ANST-88456"
REPORTS = (
    "completions.csv?from=2025-01-01&to=2026-12-31",
    "hours.csv?from=2025-01-01&to=2026-12-31",
    "renewals.csv",
    "matrix.csv?path=intro",
    "summary.csv?from=2025-01-01&to=2026-12-31",
    "needs.csv?assessment=digital&from=2025-01-01&to=2026-12-31",
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, World, Path]]:
    db = tmp_path_factory.mktemp("erasure") / "omsorg.db"
    server = start(db, TINY_CATALOGUE)
    yield server, seed(db), db
    server.stop()


def _person_with_history(server: Server, world: World, db: Path, name: str, number: str) -> None:
    """Added on the web, given a code, signed in: a completion with a comment and a self-assessment."""
    admin = signed_in(server, "Admin Istratör")
    post(admin, "/hantera/personal/ny", "/hantera/personal/ny", {
        "name": name, "employee_number": number, "unit": world.units["Hemtjänst Norr"],
        "role": "underskoterska", "start_date": "2025-01-01",
    })  # fmt: skip
    staff_id = direct(db).execute("SELECT id FROM staff WHERE employee_number = ?", (number,)).fetchone()[0]
    slips = post_pairs(admin, "/hantera/personal/koder", "/hantera/personal", [("staff", str(staff_id))])
    person = httpx.Client(base_url=server.url, timeout=30, headers={"Origin": server.url})
    assert person.post("/api/session", json={"code": SLIP_CODE.findall(slips.text)[0]}).status_code == 200
    completion = str(uuid.uuid4())
    body = {"id": completion, "training": "hygien", "completed_on": "2025-09-01"}
    assert person.post("/api/completions", json=body).status_code == 201
    rating = {"usefulness": 5, "comment": f"{COMMENT} {number}"}
    assert person.put(f"/api/completions/{completion}/rating", json=rating).status_code == 200
    answers = {"id": str(uuid.uuid4()), "assessment": "digital", "answers": {"soka": 2, "handtvatt": 3}}
    assert person.post("/api/self-assessments", json=answers).status_code == 201


def _erase_on_the_command_line(db: Path, number: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "progress_service", "erase-person", "asele", number]
    env = service_env(db, TINY_CATALOGUE)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


def _files(db: Path) -> bytes:
    return b"".join(path.read_bytes() for path in db.parent.glob(db.name + "*"))


def test_after_erasure_nothing_identifies_the_person_and_the_counts_stay(
    world: tuple[Server, World, Path],
) -> None:
    server, people, db = world
    _person_with_history(server, people, db, NAME, NUMBER)
    _person_with_history(server, people, db, OTHER_NAME, OTHER_NUMBER)
    admin = signed_in(server, "Admin Istratör")
    summary = "/api/reports/summary.csv?from=2025-01-01&to=2026-12-31"
    before = admin.get(summary).content
    for marker in (NAME, NUMBER, COMMENT):
        assert marker.encode() in _files(db)

    # One by the administrator's button (with its confirmation), one on the command line.
    staff_id = direct(db).execute("SELECT id FROM staff WHERE employee_number = ?", (NUMBER,)).fetchone()[0]
    page = f"/hantera/personal/{staff_id}/radera"
    assert NUMBER in admin.get(page).text
    assert post(admin, page, page, {"confirm": "fel"}).status_code == 422
    assert signed_in(server, "Åsa Åsele").get(page).status_code == 403
    assert post(admin, page, page, {"confirm": NUMBER}).headers["location"] == "/hantera/personal?raderad=1"
    erased = _erase_on_the_command_line(db, OTHER_NUMBER)
    assert erased.returncode == 0, erased.stderr
    assert "är raderad" in erased.stdout

    for marker in (NAME, NUMBER, OTHER_NAME, OTHER_NUMBER, COMMENT):
        assert marker.encode() not in _files(db), marker
        for report in REPORTS:
            assert marker not in admin.get(f"/api/reports/{report}").text, (marker, report)
        assert marker not in admin.get("/hantera/logg.csv?from=2020-01-01&to=2030-12-31").text
    assert admin.get(summary).content == before
    again = _erase_on_the_command_line(db, OTHER_NUMBER)
    assert again.returncode == 1 and f"Ingen med anställningsnummer {OTHER_NUMBER}" in again.stderr
    with direct(db) as connection:
        logged = connection.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'person_erased'"
        ).fetchall()
    assert [actor for actor, _ in logged] == ["Admin Istratör", "kommandoraden"]


def test_retention_deletes_old_comments_and_answers_and_keeps_the_figures(client: TestClient) -> None:
    sign_in(client, enrol(client))
    old = (datetime.date.today() - datetime.timedelta(days=800)).isoformat()

    def job(connection: sqlite3.Connection) -> None:
        staff = connection.execute("SELECT id FROM staff WHERE employee_number = '1001'").fetchone()[0]
        for day, comment in ((old, "gammal kommentar"), ("2099-01-01", "ny kommentar")):
            completion = str(uuid.uuid4())
            connection.execute(
                "INSERT INTO completions (id, staff_id, training, training_title, hours, completed_on,"
                " recorded_at) VALUES (?, ?, 'hygien', 'Basal hygien', 1.5, ?, ?)",
                (completion, staff, day, day),
            )
            connection.execute("INSERT INTO ratings VALUES (?, 4, ?, ?)", (completion, comment, day))
            connection.execute(
                "INSERT INTO self_assessments VALUES (?, ?, 'digital', 'Digital', '{\"soka\": 2}', '[]', ?)",
                (str(uuid.uuid4()), staff, day),
            )

    async def write() -> dict[str, int | str]:
        await service(client).db.write(job)
        return await service(client).db.write(lambda connection: apply_retention(connection, 24, 120))

    counts = run(client, write)
    assert (counts["comments"], counts["answers"]) == (1, 1)

    async def read() -> list[tuple[object, ...]]:
        rows = await service(client).db.read(
            every("SELECT r.usefulness, r.comment FROM ratings r ORDER BY r.rated_at")
        )
        answers = await service(client).db.read(
            every("SELECT answers FROM self_assessments ORDER BY submitted_at")
        )
        return [tuple(r) for r in rows] + [tuple(a) for a in answers]

    assert run(client, read) == [(4, None), (4, "ny kommentar"), ("{}",), ('{"soka": 2}',)]
    assert count(client, "audit_log") == 1
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)


def test_a_staff_session_ends_after_the_idle_time_and_use_keeps_it_alive(client: TestClient) -> None:
    sign_in(client, enrol(client))
    assert client.get("/api/me").status_code == 200

    def idle_for(minutes: int) -> None:
        moment = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=minutes)

        async def write() -> None:
            await service(client).db.write(
                lambda c: c.execute(
                    "UPDATE sessions SET last_seen_at = ?", (moment.isoformat(timespec="seconds"),)
                )
            )

        run(client, write)

    idle_for(119)
    assert client.get("/api/me").status_code == 200  # used within two hours: refreshed

    async def seen() -> str:
        row = await service(client).db.read(one("SELECT last_seen_at FROM sessions"))
        assert row is not None
        return str(row[0])

    def refreshed() -> bool:
        last = datetime.datetime.fromisoformat(run(client, seen))
        return last > datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)

    assert refreshed()
    idle_for(119)
    body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": "2024-02-01"}
    assert client.post("/api/completions", json=body).status_code == 201  # a write refreshes it too
    assert refreshed()
    idle_for(121)
    assert client.get("/api/me").status_code == 401
    body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": "2024-02-02"}
    assert client.post("/api/completions", json=body).status_code == 401
    assert client.get("/api/me").status_code == 401  # the refused write did not bring it back
