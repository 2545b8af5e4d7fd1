"""A kept /api/me answer is never staler than what it shows: every way a record, the person, the
catalogue or the day can change shows in the very next answer (progress_service/record_cache.py)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from progress_service import me as me_module
from progress_service.record_cache import RecordCache, sweeping
from progress_service.settings import Settings
from tests.support.service_app import START, direct, service

RECENT = datetime.date.today() - datetime.timedelta(days=30)


def me(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/me")
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def step(client: TestClient) -> dict[str, Any]:
    """The introduction path's one step, hygien (renewed every 12 months)."""
    found: dict[str, Any] = me(client)["paths"][0]["steps"][0]
    return found


def test_an_unchanged_record_is_answered_from_what_was_kept(
    staff: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    real = me_module._record

    def counted(*args: Any, **kwargs: Any) -> dict[str, Any]:
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(me_module, "_record", counted)
    first = staff.get("/api/me").content
    assert staff.get("/api/me").content == first and len(built) == 1
    body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": RECENT.isoformat()}
    assert staff.post("/api/completions", json=body).status_code == 201
    assert staff.get("/api/me").content != first and len(built) == 2


def test_each_change_of_my_own_shows_in_the_next_answer(staff: TestClient) -> None:
    assert me(staff)["completions"] == []
    completion_id = str(uuid.uuid4())
    body = {"id": completion_id, "training": "hygien", "completed_on": RECENT.isoformat()}
    assert staff.post("/api/completions", json=body).status_code == 201
    assert [c["id"] for c in me(staff)["completions"]] == [completion_id]
    corrected = (RECENT - datetime.timedelta(days=1)).isoformat()
    assert staff.patch(f"/api/completions/{completion_id}", json={"completed_on": corrected}).is_success
    assert me(staff)["completions"][0]["completed_on"] == corrected
    assert staff.put(f"/api/completions/{completion_id}/rating", json={"usefulness": 4}).is_success
    assert me(staff)["completions"][0]["rating"] == {"usefulness": 4, "comment": None}
    assert staff.delete(f"/api/completions/{completion_id}/rating").is_success
    assert me(staff)["completions"][0]["rating"] is None
    assert staff.delete(f"/api/completions/{completion_id}").is_success
    assert me(staff)["completions"] == []
    answers = {"id": str(uuid.uuid4()), "assessment": "digital", "answers": {"soka": 3, "handtvatt": 2}}
    assert staff.post("/api/self-assessments", json=answers).status_code == 201
    assert len(me(staff)["self_assessments"]) == 1


def test_a_change_made_past_this_service_shows_in_the_next_answer(
    staff: TestClient, settings: Settings
) -> None:
    """Another instance, the managers' import or a tool on the database: the triggers of migration
    0008 count the person's record version up, whoever writes."""
    assert me(staff)["completions"] == []
    completion_id = str(uuid.uuid4())
    with direct(settings) as connection:
        staff_id = connection.execute("SELECT id FROM staff WHERE employee_number = '1001'").fetchone()[0]
        connection.execute(
            "INSERT INTO completions (id, staff_id, training, training_title, hours, completed_on,"
            " recorded_at) VALUES (?, ?, 'hygien', 'Basal hygien', 1.5, ?, '2025-01-01T00:00:00+00:00')",
            (completion_id, staff_id, RECENT.isoformat()),
        )
    assert [c["id"] for c in me(staff)["completions"]] == [completion_id]
    with direct(settings) as connection:
        rating = "INSERT INTO ratings VALUES (?, 5, 'Bra', '2025-01-02T00:00:00+00:00')"
        connection.execute(rating, (completion_id,))
    assert me(staff)["completions"][0]["rating"] == {"usefulness": 5, "comment": "Bra"}
    with direct(settings) as connection:
        connection.execute("UPDATE ratings SET comment = NULL WHERE completion_id = ?", (completion_id,))
    assert me(staff)["completions"][0]["rating"] == {"usefulness": 5, "comment": None}
    with direct(settings) as connection:
        connection.execute("DELETE FROM completions WHERE id = ?", (completion_id,))
    assert me(staff)["completions"] == []


def test_a_manager_changing_my_role_or_unit_shows_in_the_next_answer(
    staff: TestClient, settings: Settings
) -> None:
    assert me(staff)["person"]["unit"] == "Hemtjänst Norr" and me(staff)["paths"]
    with direct(settings) as connection:
        connection.execute("INSERT INTO units (municipality_id, name) VALUES ('asele', 'Hemtjänst Söder')")
        connection.execute(
            "UPDATE staff SET role = NULL, unit_id = (SELECT id FROM units WHERE name = 'Hemtjänst Söder')"
            " WHERE employee_number = '1001'"
        )
    changed = me(staff)
    assert changed["person"]["unit"] == "Hemtjänst Söder" and changed["paths"] == []


def test_a_reloaded_catalogue_shows_in_the_next_answer(staff: TestClient, catalogue_dir: Path) -> None:
    assert step(staff)["title"] == "Basal hygien"
    hygien = catalogue_dir / "trainings" / "hygien.yml"
    hygien.write_text(hygien.read_text().replace("title: Basal hygien", "title: Basal hygien i hemtjänst"))
    assert service(staff).catalogue.refresh() is True
    assert step(staff)["title"] == "Basal hygien i hemtjänst"


def test_a_new_day_shows_in_the_next_answer(staff: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": RECENT.isoformat()}
    assert staff.post("/api/completions", json=body).status_code == 201
    assert step(staff)["done"] is True
    a_year_on = datetime.date.today() + datetime.timedelta(days=365)
    monkeypatch.setattr("progress_service.me.swedish_today", lambda: a_year_on)
    assert step(staff)["done"] is False  # the refresher ran out overnight


def test_the_cache_is_bounded_in_bytes_and_age() -> None:
    cache = RecordCache(max_bytes=4000)
    basis = (1, "person", 0, START)
    for staff_id in range(4):
        cache.put(staff_id, basis, bytes([staff_id]) * 950)
    assert cache.get(0, basis) == bytes(950)  # now the most recently used
    cache.put(4, basis, bytes([4]) * 950)
    assert cache.get(1, basis) is None  # the least recently used went to make room
    assert [cache.get(n, basis) is not None for n in (0, 2, 3, 4)] == [True] * 4
    cache.put(5, basis, bytes(1001))  # over a quarter of the whole: never kept
    assert cache.get(5, basis) is None
    assert cache.get(3, (2, "person", 0, START)) is None  # built from another version
    aged = RecordCache(max_age_seconds=0.0)
    aged.put(1, basis, b"{}")
    assert aged.get(1, basis) is None


def test_an_answer_nobody_asks_for_again_is_swept_at_its_age() -> None:
    """As for a person erased on another instance: no request here ever drops their answer."""
    cache = RecordCache(max_age_seconds=0.05)
    basis = (1, "person", 0, START)
    cache.put(1, basis, b"{}")
    cache.sweep()
    assert len(cache) == 1, "not yet at its age"
    time.sleep(0.06)
    cache.put(2, basis, b"{}")
    cache.sweep()
    assert len(cache) == 1 and cache.get(2, basis) == b"{}"


def test_the_running_service_sweeps_its_cache() -> None:
    cache = RecordCache(max_age_seconds=0.0)
    cache.put(1, (1, "person", 0, START), b"{}")

    async def briefly() -> None:
        sweeper = asyncio.create_task(sweeping(cache, every_seconds=0.01))
        await asyncio.sleep(0.05)
        sweeper.cancel()

    # On a thread of its own: after a browser test, Playwright leaves a loop running on this one.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, briefly()).result()
    assert len(cache) == 0
