"""One person cannot slow everyone: a daily cap on writes, a bounded /api/me, and a capped number
of open sessions per person."""

from __future__ import annotations

import datetime
import sqlite3
import uuid

from starlette.testclient import TestClient

from catalogue.dates import swedish_today
from progress_service.auth import MAX_SESSIONS
from progress_service.me import ME_COMPLETIONS
from progress_service.write_limits import DAILY_WRITES
from tests.support.service_app import START, count, enrol, run, service, sign_in


def completion(day: datetime.date) -> dict[str, str]:
    return {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": day.isoformat()}


def test_writes_past_the_daily_cap_are_refused_with_a_clear_429(
    staff: TestClient, client: TestClient
) -> None:
    days = [START + datetime.timedelta(days=n) for n in range(DAILY_WRITES + 1)]
    statuses = [staff.post("/api/completions", json=completion(day)).status_code for day in days[:-1]]
    assert statuses == [201] * DAILY_WRITES
    refused = staff.post("/api/completions", json=completion(days[-1]))
    assert refused.status_code == 429
    assert refused.json()["error"] == "too_many_writes"
    assert f"högst {DAILY_WRITES} per dag" in refused.json()["message"]
    assert 0 < int(refused.headers["retry-after"]) <= 24 * 3600
    assert count(staff, "completions") == DAILY_WRITES
    staff.cookies.clear()
    sign_in(staff, enrol(staff, employee_number="2002"))  # someone else is not held back
    assert staff.post("/api/completions", json=completion(START)).status_code == 201


def test_a_refused_write_does_not_use_up_the_daily_cap(staff: TestClient) -> None:
    def nearly_used_up(connection: sqlite3.Connection) -> None:
        staff_id = connection.execute("SELECT id FROM staff WHERE employee_number = '1001'").fetchone()[0]
        today = swedish_today().isoformat()
        connection.execute("INSERT INTO daily_writes VALUES (?, ?, ?)", (staff_id, today, DAILY_WRITES - 1))

    run(staff, service(staff).db.write, nearly_used_up)
    before_start = staff.post("/api/completions", json=completion(START - datetime.timedelta(days=1)))
    assert before_start.status_code == 422
    no_such = staff.post("/api/completions", json={**completion(START), "training": "finns-inte"})
    assert no_such.status_code == 422
    assert staff.post("/api/completions", json=completion(START)).status_code == 201  # the last one
    past_the_cap = staff.post("/api/completions", json=completion(START + datetime.timedelta(days=1)))
    assert past_the_cap.status_code == 429


def test_my_record_lists_the_newest_completions_and_how_many_there_are(staff: TestClient) -> None:
    total = ME_COMPLETIONS + 20

    def fill(connection: sqlite3.Connection) -> None:
        staff_id = connection.execute("SELECT id FROM staff WHERE employee_number = '1001'").fetchone()[0]
        connection.executemany(
            "INSERT INTO completions"
            " (id, staff_id, training, training_title, hours, completed_on, recorded_at)"
            " VALUES (?, ?, 'hygien', 'Basal hygien', 1.5, ?, '2025-01-01T00:00:00+00:00')",
            [
                (str(uuid.uuid4()), staff_id, (START + datetime.timedelta(days=n)).isoformat())
                for n in range(total)
            ],
        )

    run(staff, service(staff).db.write, fill)
    record = staff.get("/api/me").json()
    assert record["completions_total"] == total
    days = [item["completed_on"] for item in record["completions"]]
    assert len(days) == ME_COMPLETIONS and days == sorted(days, reverse=True)
    assert days[0] == (START + datetime.timedelta(days=total - 1)).isoformat()
    assert len(staff.get("/api/me/export").json()["completions"]) == total


def test_signing_in_again_and_again_ends_the_oldest_sessions(client: TestClient) -> None:
    code = enrol(client)
    cookies = []
    for _ in range(MAX_SESSIONS + 2):
        client.cookies.clear()
        sign_in(client, code)
        cookies.append(dict(client.cookies))
    assert count(client, "sessions") == MAX_SESSIONS
    for index, jar in enumerate(cookies):
        client.cookies.clear()
        client.cookies.update(jar)
        assert client.get("/api/me").status_code == (401 if index < 2 else 200)
