"""Two staff flows: a training done before the start date, and signing in without JavaScript."""

from __future__ import annotations

import datetime
import sqlite3
import uuid

from starlette.testclient import TestClient

from progress_service.auth import COOKIE
from progress_service.db import migrate
from progress_service.settings import Settings
from tests.support.service_app import START, enrol


def record(client: TestClient, day: datetime.date, **extra: object) -> dict[str, object]:
    body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": day.isoformat(), **extra}
    response = client.post("/api/completions", json=body)
    return {"status": response.status_code, **response.json()}


def test_a_training_done_before_the_start_date_is_recorded_as_such(staff: TestClient) -> None:
    earlier = START - datetime.timedelta(days=400)
    refused = record(staff, earlier)
    assert refused["status"] == 422 and refused["field"] == "completed_on"
    assert refused["message"] == (
        f"Datumet är före din första dag här ({START.isoformat()}). Gick du utbildningen innan du"
        " började här? Kryssa då i rutan ”Jag gick den innan jag började här”."
    )
    done = record(staff, earlier, before_employment=True)
    assert done["status"] == 201
    assert done["before_employment"] is True and done["completed_on"] == earlier.isoformat()
    mine = staff.get("/api/me").json()["completions"]
    assert [(c["completed_on"], c["before_employment"]) for c in mine] == [(earlier.isoformat(), True)]


def test_a_changed_date_before_the_start_says_how_from_the_form_that_changes_only_the_date(
    staff: TestClient,
) -> None:
    recorded = record(staff, START + datetime.timedelta(days=3))
    response = staff.patch(f"/api/completions/{recorded['id']}", json={"completed_on": "2019-06-01"})
    assert response.status_code == 422 and response.json()["field"] == "completed_on"
    assert response.json()["message"] == (
        f"Datumet är före din första dag här ({START.isoformat()}). Gick du utbildningen innan du"
        " började här? Ta då bort registreringen och markera den igen på utbildningens sida, med rutan"
        " ”Jag gick den innan jag började här”."
    )


def test_only_future_dates_are_refused_and_a_false_before_employment_is_named(staff: TestClient) -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    future = record(staff, tomorrow, before_employment=True)
    assert future["status"] == 422 and future["field"] == "completed_on"
    after_start = record(staff, START + datetime.timedelta(days=1), before_employment=True)
    assert after_start["status"] == 422 and after_start["field"] == "before_employment"
    ordinary = record(staff, START + datetime.timedelta(days=1))
    assert ordinary["status"] == 201 and ordinary["before_employment"] is False


def test_a_correction_keeps_a_pre_employment_record_before_the_start(staff: TestClient) -> None:
    earlier = START - datetime.timedelta(days=30)
    done = record(staff, earlier, before_employment=True)
    moved = staff.patch(f"/api/completions/{done['id']}", json={"completed_on": "2010-05-02"})
    assert moved.status_code == 200 and moved.json()["completed_on"] == "2010-05-02"
    wrong = staff.patch(f"/api/completions/{done['id']}", json={"completed_on": START.isoformat()})
    # The change sends the date alone: the date is what is wrong, and a new registration is the way.
    assert wrong.status_code == 422 and wrong.json()["field"] == "completed_on"
    assert wrong.json()["message"] == (
        f"Datumet är inte före din första dag här ({START.isoformat()}). Välj ett tidigare datum, eller ta"
        " bort registreringen och markera den igen på utbildningens sida, utan rutan ”Jag gick den innan jag"
        " började här”."
    )


def test_the_migration_keeps_existing_completions_as_done_here(settings: Settings, tmp_path: object) -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    applied = migrate(connection)
    assert "0004_completions_before_employment.sql" in applied
    columns = {row[1]: row for row in connection.execute("PRAGMA table_info(completions)")}
    assert columns["before_employment"][4] == "0"  # the default: recorded here


def post_form(client: TestClient, body: str, **headers: str) -> object:
    headers = {"content-type": "application/x-www-form-urlencoded", **headers}
    return client.post("/api/session/form", content=body, headers=headers, follow_redirects=False)


def test_the_sign_in_form_without_javascript_posts_the_code_and_goes_to_min_utbildning(
    client: TestClient,
) -> None:
    code = enrol(client)
    response = post_form(client, "code=" + code.lower().replace("-", "+"))
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/min-utbildning/"  # type: ignore[attr-defined]
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert client.get("/api/me").json()["person"]["employee_number"] == "1001"


def test_a_wrong_code_from_the_form_gets_a_swedish_page_and_the_same_limits(client: TestClient) -> None:
    enrol(client)
    for attempt in range(5):
        wrong = post_form(client, f"code=ABCD-EFGH-JK{attempt + 2}")
        assert wrong.status_code == 401  # type: ignore[attr-defined]
        assert "Koden stämmer inte" in wrong.text  # type: ignore[attr-defined]
        assert 'href="/logga-in/"' in wrong.text  # type: ignore[attr-defined]
    limited = post_form(client, "code=ABCD-EFGH-JKZ")
    assert limited.status_code == 429 and "För många felaktiga försök" in limited.text  # type: ignore[attr-defined]
    assert int(limited.headers["retry-after"]) > 0  # type: ignore[attr-defined]
    empty = post_form(client, "code=")
    assert empty.status_code == 422 and "Skriv in din personliga kod" in empty.text  # type: ignore[attr-defined]


def test_a_form_field_with_a_nul_character_gets_a_swedish_page(client: TestClient) -> None:
    response = post_form(client, "code=abc%00def")
    assert response.status_code == 422  # type: ignore[attr-defined]
    # The person sees the form's words, not the field's name in the page's code ("Fältet code").
    assert "En uppgift i formuläret innehåller tecknet NUL" in response.text  # type: ignore[attr-defined]
    assert "code" not in response.text.split("<main", 1)[-1]  # type: ignore[attr-defined]


def test_the_form_is_refused_from_another_site(client: TestClient) -> None:
    code = enrol(client)
    response = post_form(client, f"code={code}", origin="https://elak.example")
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert COOKIE not in response.headers.get("set-cookie", "")  # type: ignore[attr-defined]
