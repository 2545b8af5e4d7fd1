"""Recording, correcting, rating and withdrawing completions: each rule, and that a rejected
request leaves the database as it was."""

from __future__ import annotations

import datetime
import uuid

import pytest
from starlette.testclient import TestClient

from catalogue.dates import swedish_today
from progress_service import Settings, create_app
from tests.support.service_app import START, count, direct, enrol, sign_in

TODAY = swedish_today()


def new(training: str = "hygien", day: datetime.date = START, **extra: object) -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "training": training, "completed_on": day.isoformat(), **extra}


def test_first_post_is_201_and_a_retry_returns_the_original(staff: TestClient) -> None:
    body = new()
    first = staff.post("/api/completions", json=body)
    assert first.status_code == 201
    assert first.json() == {
        "id": body["id"],
        "training": "hygien",
        "title": "Basal hygien",
        "hours": 1.5,
        "completed_on": START.isoformat(),
        "before_employment": False,
        "expires_on": "2025-01-15",
        "rating": None,
    }
    again = staff.post("/api/completions", json={**body, "completed_on": "2024-02-01"})
    assert again.status_code == 200
    assert again.json() == first.json()
    assert count(staff, "completions") == 1


def test_same_training_and_day_under_a_new_id_is_the_same_completion(staff: TestClient) -> None:
    first = staff.post("/api/completions", json=new()).json()
    second = staff.post("/api/completions", json=new())
    assert second.status_code == 200
    assert second.json()["id"] == first["id"]
    assert count(staff, "completions") == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (new(training="finns-inte"), "training"),
        (new(training="gammal"), "training"),
        (new(day=TODAY + datetime.timedelta(days=1)), "completed_on"),
        (new(day=START - datetime.timedelta(days=1)), "completed_on"),
        ({**new(), "id": "not-a-uuid"}, "id"),
        ({**new(), "completed_on": "15/01/2024"}, "completed_on"),
        ({**new(), "completed_on": 20240115}, "completed_on"),
        ({**new(), "training": 7}, "training"),
        ({"id": str(uuid.uuid4()), "training": "hygien"}, "completed_on"),
        (new(points=3), "points"),
    ],
)
def test_a_wrong_field_is_422_naming_it_and_stores_nothing(
    staff: TestClient, body: dict[str, object], field: str
) -> None:
    response = staff.post("/api/completions", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert count(staff, "completions") == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"id": str(uuid.uuid4()), "training": "hygien"}, "Datumet (completed_on) saknas."),
        ({**new(), "completed_on": "15/01"}, "Datumet (completed_on) ska vara ett datum som ÅÅÅÅ-MM-DD."),
        ({**new(), "id": "x"}, "Registreringens id (id) ska vara ett UUID"),
        ({**new(), "training": ""}, "Utbildningen (training) måste innehålla något."),
        ({**new(), "training": "x" * 81}, "Utbildningen (training) har för många tecken (högst 80)."),
        (new(points=3), "Fältet points är okänt — ta bort det."),
    ],
)
def test_a_wrong_field_is_told_in_swedish_with_the_key_the_program_sent(
    staff: TestClient, body: dict[str, object], message: str
) -> None:
    # Min utbildning shows the service's message: "Completed_on saknas." was half English.
    response = staff.post("/api/completions", json=body)
    assert response.status_code == 422 and response.json()["message"].startswith(message)


def test_a_rating_out_of_range_names_the_rating(staff: TestClient) -> None:
    created = staff.post("/api/completions", json=new()).json()
    response = staff.put(f"/api/completions/{created['id']}/rating", json={"usefulness": 9})
    told = "Betyget (usefulness) ligger utanför det tillåtna intervallet (högst 5)."
    assert response.json()["message"] == told


def test_bodies_must_be_json_of_limited_size(staff: TestClient) -> None:
    as_form = staff.post("/api/completions", data={"training": "hygien"})
    assert as_form.status_code == 415 and as_form.json()["error"] == "unsupported_media_type"
    huge = staff.post("/api/completions", json=new(training="x" * 20_000))
    assert huge.status_code == 413 and huge.json()["error"] == "too_large"
    broken = staff.post(
        "/api/completions", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422 and broken.json()["field"] == "(body)"
    assert count(staff, "completions") == 0


def test_without_a_session_nothing_is_recorded(client: TestClient) -> None:
    response = client.post("/api/completions", json=new())
    assert response.status_code == 401
    assert count(client, "completions") == 0


def test_someone_elses_id_is_a_conflict_and_their_record_is_hidden(client: TestClient) -> None:
    sign_in(client, enrol(client, "1"))
    body = new()
    client.post("/api/completions", json=body)
    sign_in(client, enrol(client, "2"))
    assert client.post("/api/completions", json=body).status_code == 409
    rating = client.put(f"/api/completions/{body['id']}/rating", json={"usefulness": 5})
    assert rating.status_code == 404
    assert client.delete(f"/api/completions/{body['id']}").status_code == 404
    assert count(client, "completions") == 1


def test_rating_usefulness_and_taking_it_back(staff: TestClient) -> None:
    body = new()
    staff.post("/api/completions", json=body)
    url = f"/api/completions/{body['id']}/rating"
    rated = staff.put(url, json={"usefulness": 4, "comment": "  Bra filmer  "})
    assert rated.status_code == 200
    assert rated.json()["rating"] == {"usefulness": 4, "comment": "Bra filmer"}
    assert staff.put(url, json={"usefulness": 5}).json()["rating"] == {"usefulness": 5, "comment": None}
    for bad in ({"usefulness": 6}, {"usefulness": 0}, {"usefulness": "5"}, {"usefulness": 3, "stars": 3}):
        response = staff.put(url, json=bad)
        assert response.status_code == 422, bad
    assert staff.get("/api/me").json()["completions"][0]["rating"]["usefulness"] == 5
    assert staff.delete(url).status_code == 204
    assert staff.get("/api/me").json()["completions"][0]["rating"] is None
    assert staff.put("/api/completions/not-a-uuid/rating", json={"usefulness": 3}).status_code == 404


def test_correcting_the_date(staff: TestClient) -> None:
    first, second = new(day=START), new(day=START + datetime.timedelta(days=10))
    staff.post("/api/completions", json=first)
    staff.post("/api/completions", json=second)
    url = f"/api/completions/{first['id']}"
    moved = staff.patch(url, json={"completed_on": "2024-03-01"})
    assert moved.status_code == 200 and moved.json()["completed_on"] == "2024-03-01"
    assert moved.json()["expires_on"] == "2025-03-01"
    clash = staff.patch(url, json={"completed_on": second["completed_on"]})
    assert clash.status_code == 409 and clash.json()["field"] == "completed_on"
    future = staff.patch(url, json={"completed_on": (TODAY + datetime.timedelta(days=3)).isoformat()})
    assert future.status_code == 422
    dates = sorted(c["completed_on"] for c in staff.get("/api/me").json()["completions"])
    assert dates == ["2024-01-25", "2024-03-01"]


def test_withdrawing_keeps_only_the_id_so_a_late_retry_cannot_bring_it_back(staff: TestClient) -> None:
    body = new()
    staff.post("/api/completions", json=body)
    staff.put(f"/api/completions/{body['id']}/rating", json={"usefulness": 2, "comment": "Svår"})
    assert staff.delete(f"/api/completions/{body['id']}").status_code == 204
    assert staff.delete(f"/api/completions/{body['id']}").status_code == 204  # a retried withdrawal
    assert staff.get("/api/me").json()["completions"] == []
    assert count(staff, "ratings") == 0
    late = staff.post("/api/completions", json=body)
    assert late.status_code == 410 and late.json()["error"] == "gone"
    assert staff.post("/api/completions", json=new()).status_code == 201  # recorded again, by choice


def test_the_log_line_names_the_route_not_the_person(
    staff: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    body = new()
    with caplog.at_level("INFO", logger="progress_service.access"):
        staff.post("/api/completions", json=body)
        staff.put(f"/api/completions/{body['id']}/rating", json={"usefulness": 3})
    lines = [r.getMessage() for r in caplog.records if r.name == "progress_service.access"]
    assert lines[0].startswith("method=POST path=/api/completions status=201 ms=")
    assert lines[1].startswith("method=PUT path=/api/completions/{id}/rating status=200 ms=")
    assert all(str(body["id"]) not in line and "testclient" not in line for line in lines)


def test_a_broken_database_answers_500_in_json(settings: Settings) -> None:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        sign_in(client, enrol(client))
        with direct(settings) as connection:
            connection.execute("DROP TABLE withdrawn_completions")
        response = client.post("/api/completions", json=new())
        assert response.status_code == 500
        assert response.json()["error"] == "internal"
        assert "sparades inte" in response.json()["message"]
        with direct(settings) as connection:
            connection.execute("DROP TABLE self_assessments")
        read = client.get("/api/me")
        assert read.status_code == 500
        assert read.json() == {
            "error": "internal",
            "message": "Något gick fel i tjänsten. Försök igen om en stund.",
        }


def test_today_and_the_future_are_swedish_dates_whatever_the_server_clock(
    staff: TestClient, server_clock_off_from_sweden: datetime.date
) -> None:
    today = server_clock_off_from_sweden
    assert staff.post("/api/completions", json=new(day=today)).status_code == 201
    tomorrow = staff.post("/api/completions", json=new(day=today + datetime.timedelta(days=1)))
    assert (tomorrow.status_code, tomorrow.json()["field"]) == (422, "completed_on")


def test_a_key_given_twice_is_refused_naming_it(staff: TestClient) -> None:
    body = (
        b'{"id": "0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c", "training": "hygien",'
        b' "completed_on": "2024-05-02", "completed_on": "2024-05-03"}'
    )
    response = staff.post("/api/completions", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["field"] == "completed_on"
    assert "Datumet (completed_on) förekommer två gånger" in response.json()["message"]
    assert staff.get("/api/me").json()["completions"] == []


def test_a_nul_character_is_refused_naming_its_field_on_both_stores(staff: TestClient) -> None:
    # PostgreSQL's text cannot hold it: it answered 500 where SQLite stored it (found by schemathesis).
    body = {"id": str(uuid.uuid4()), "training": "hyg\u0000ien", "completed_on": START.isoformat()}
    response = staff.post("/api/completions", json=body)
    assert (response.status_code, response.json()["field"]) == (422, "training")
    assert "NUL" in response.json()["message"]
    assert staff.get("/api/me").json()["completions"] == []


def test_a_body_that_is_not_utf8_gets_a_json_refusal_and_stores_nothing(staff: TestClient) -> None:
    body = f'{{"id": "{uuid.uuid4()}", "training": "hygien", "completed_on": "2024-05-02", "x": "å"}}'
    response = staff.post(
        "/api/completions", content=body.encode("latin-1"), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"] and response.json()["message"]
    assert staff.get("/api/me").json()["completions"] == []


def test_a_completion_queued_with_the_old_field_name_course_is_still_recorded(staff: TestClient) -> None:
    # Phones that queued a completion offline before the API said `training` send `course`.
    old_shape = {"id": str(uuid.uuid4()), "course": "hygien", "completed_on": START.isoformat()}
    recorded = staff.post("/api/completions", json=old_shape)
    assert recorded.status_code == 201 and recorded.json()["training"] == "hygien"
    assert [c["id"] for c in staff.get("/api/me").json()["completions"]] == [old_shape["id"]]
    both = staff.post("/api/completions", json={**new(), "course": "hygien"})
    assert both.status_code == 422 and both.json()["field"] == "course"
    assert count(staff, "completions") == 1
