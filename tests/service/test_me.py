"""My record: expiry, path progress, self-assessments, the GDPR export, and a catalogue that
changes under a running service."""

from __future__ import annotations

import datetime
import functools
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from progress_service import attendance, audit, staff_admin
from progress_service.account_auth import Viewer
from progress_service.accounts import account_with, create_account
from progress_service.attendance import NewAttendance
from progress_service.db import one
from progress_service.staff_admin import Details
from tests.support.service_app import START, count, enrol, run, service, sign_in
from tests.support.service_world import PASSWORD


def complete(client: TestClient, day: datetime.date, training: str = "hygien") -> str:
    completion_id = str(uuid.uuid4())
    body = {"id": completion_id, "training": training, "completed_on": day.isoformat()}
    assert client.post("/api/completions", json=body).status_code == 201
    return completion_id


def test_path_progress_and_due_date_for_my_role(staff: TestClient) -> None:
    before = staff.get("/api/me").json()["paths"]
    assert before == [
        {
            "id": "intro",
            "title": "Introduktion",
            "introduction": True,
            "due_on": (START + datetime.timedelta(days=90)).isoformat(),
            "mandatory_done": False,
            "steps": [
                {
                    "training": "hygien",
                    "title": "Basal hygien",
                    "requirement": "mandatory",
                    "done": False,
                    "completed_on": None,
                }
            ],
        }
    ]
    recent = datetime.date.today() - datetime.timedelta(days=30)
    complete(staff, recent)
    after = staff.get("/api/me").json()["paths"][0]
    assert after["mandatory_done"] is True
    assert after["steps"][0]["completed_on"] == recent.isoformat()


def test_an_expired_refresher_no_longer_counts_for_the_path(staff: TestClient) -> None:
    complete(staff, START)  # renewal_months: 12, so it ran out long ago
    me = staff.get("/api/me").json()
    assert me["completions"][0]["expires_on"] == "2025-01-15"
    assert me["paths"][0]["steps"][0]["done"] is False


def test_a_manager_sees_the_step_as_recommended_without_a_due_date(client: TestClient) -> None:
    sign_in(client, enrol(client, role="enhetschef"))
    path = client.get("/api/me").json()["paths"][0]
    assert path["steps"][0]["requirement"] == "recommended"
    assert path["due_on"] is None


def test_path_steps_given_elsewhere_are_left_out_unless_mandatory(client: TestClient) -> None:
    # The hygiene training is a classroom training in Åsele only: mandatory for an undersköterska,
    # only recommended for an enhetschef.
    for number, role, expected in (("3001", "underskoterska", ["hygien"]), ("3002", "enhetschef", [])):
        client.cookies.clear()
        sign_in(
            client, enrol(client, employee_number=number, role=role, municipality="dorotea", unit="Hemtjänst")
        )
        [path] = client.get("/api/me").json()["paths"]
        assert [step["training"] for step in path["steps"]] == expected, role


def test_a_person_without_a_role_has_no_paths(client: TestClient) -> None:
    sign_in(client, enrol(client, role=None))
    assert client.get("/api/me").json()["paths"] == []


def assessment(answers: dict[str, object], assessment_id: str = "digital") -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "assessment": assessment_id, "answers": answers}


def test_a_self_assessment_answers_with_levels_and_recommendations(staff: TestClient) -> None:
    body = assessment({"soka": 4, "handtvatt": 1})
    response = staff.post("/api/self-assessments", json=body)
    assert response.status_code == 201
    result = response.json()
    assert result["title"] == "Digital kompetens"
    areas = {a["id"]: a for a in result["areas"]}
    assert areas["information"]["mean"] == 4 and areas["information"]["recommended"] == []
    assert areas["hygienomrade"]["mean"] == 1
    assert [t["id"] for t in areas["hygienomrade"]["recommended"]] == ["hygien"]
    again = staff.post("/api/self-assessments", json=body)
    assert again.status_code == 200 and again.json() == result
    assert staff.get("/api/me").json()["self_assessments"] == [result]


def test_a_classroom_course_given_elsewhere_is_not_recommended(client: TestClient) -> None:
    sign_in(client, enrol(client, employee_number="2001", municipality="dorotea", unit="Hemtjänst"))
    result = client.post("/api/self-assessments", json=assessment({"soka": 4, "handtvatt": 1})).json()
    areas = {a["id"]: a for a in result["areas"]}
    # The hygiene training is a classroom training in Åsele only; this person works in Dorotea.
    assert areas["hygienomrade"]["mean"] == 1 and areas["hygienomrade"]["recommended"] == []
    assert client.get("/api/me").json()["self_assessments"][0]["areas"] == result["areas"]


def test_a_self_assessment_is_checked_against_the_questionnaire(staff: TestClient) -> None:
    cases = [
        (assessment({"soka": 2}, "okand"), "assessment"),
        (assessment({"soka": 2, "flyga": 3}), "answers.flyga"),
        (assessment({"soka": 5}), "answers.soka"),
        (assessment({}), "answers"),
        ({**assessment({"soka": 2}), "extra": 1}, "extra"),
    ]
    for body, field in cases:
        response = staff.post("/api/self-assessments", json=body)
        assert response.status_code == 422, body
        assert response.json()["field"] == field
    assert count(staff, "self_assessments") == 0


def test_a_self_assessment_must_answer_every_statement(staff: TestClient) -> None:
    response = staff.post("/api/self-assessments", json=assessment({"soka": 3}))
    assert response.status_code == 422
    assert response.json() == {
        "error": "invalid",
        "message": "Svara på alla påståenden: 'Jag vet när jag ska sprita händerna.' saknar svar.",
        "field": "answers.handtvatt",
    }
    assert count(staff, "self_assessments") == 0


def test_the_export_holds_everything_about_me_as_a_download(staff: TestClient) -> None:
    completion_id = complete(staff, START)
    staff.put(f"/api/completions/{completion_id}/rating", json={"usefulness": 5, "comment": "Nyttig"})
    assert (
        staff.post("/api/self-assessments", json=assessment({"soka": 3, "handtvatt": 2})).status_code == 201
    )
    response = staff.get("/api/me/export")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="mina-uppgifter.json"'
    assert response.headers["cache-control"] == "no-store"
    data = json.loads(response.content)
    assert data["person"]["employee_number"] == "1001"
    assert data["person"]["personal_code_issued_at"]
    assert data["completions"][0]["rating"] == {"usefulness": 5, "comment": "Nyttig"}
    assert data["completions"][0]["recorded_at"] and data["completions"][0]["rated_at"]
    assert data["completions"][0]["recorded_by"] == "self" and data["person"]["left_on"] is None
    assert data["self_assessments"][0]["answers"] == {"soka": 3, "handtvatt": 2}
    assert len(data["sessions"]) == 1 and set(data["sessions"][0]) == {"created_at", "expires_at"}
    assert "code_hash" not in response.text and "token" not in response.text


def test_the_export_says_in_swedish_what_every_field_means(staff: TestClient) -> None:
    completion_id = complete(staff, START)
    staff.put(f"/api/completions/{completion_id}/rating", json={"usefulness": 4, "comment": "Bra"})
    staff.post("/api/self-assessments", json=assessment({"soka": 3, "handtvatt": 2}))
    data = staff.get("/api/me/export").json()
    assert data["about"].startswith("Allt som Omsorgskatalogen har sparat om dig")
    explained = data.pop("fields")
    shown = set(_paths(data)) - {"about"}
    assert shown <= set(explained), shown - set(explained)
    assert all(text.endswith(".") and text[0].isupper() for text in explained.values())


def test_the_export_lists_what_managers_did_that_names_me_and_nothing_else(staff: TestClient) -> None:
    """Her own acts in the log are in her file, by role and not by name; an act naming only a
    colleague (even one holding her number elsewhere), or no one, is not."""
    db, catalogue = service(staff).db, service(staff).catalogue.current
    me_id, unit = _staff_row(staff, "1001")
    number = 1002
    enrol(staff, employee_number=str(number))
    colleague = _staff_row(staff, str(number))[0]
    account = run(staff, create_account, db, "Åsa Chef", "manager", PASSWORD, ("asele",))
    found = run(staff, account_with, db, "id = ?", (account,))
    assert found is not None
    manager = Viewer(found)
    run(
        staff,
        staff_admin.change,
        db,
        manager,
        me_id,
        Details("Person 1001", "1001", unit, "vardbitrade", START),
    )
    both = NewAttendance(
        id=uuid.uuid4(),
        training="hygien",
        date=START,
        employee_numbers=["1001", str(number)],
        municipality="asele",
    )
    run(staff, attendance.record, db, catalogue, manager, both)
    # Her number as a unit's: past the LIKE patterns, refused by the JSON.
    moved = functools.partial(audit.log, staff=colleague, from_unit=unit, to_unit=me_id)
    run(staff, moved, db, found.id, manager.actor, "staff_changed")
    viewed = functools.partial(audit.log, report="timmar", unit=me_id)
    run(staff, viewed, db, found.id, manager.actor, "report_viewed")
    export = staff.get("/api/me/export")
    assert [(act["action"], act["by"]) for act in export.json()["log"]] == [
        ("Ändrade person", "Chef"),
        ("Registrerade närvaro", "Chef"),
    ]
    assert "Åsa Chef" not in export.text  # an account's name is also what it signs in with


def _staff_row(client: TestClient, number: str) -> tuple[int, int]:
    """(id, unit id) of the person with this employee number."""

    async def read() -> Any:
        return await service(client).db.read(
            one("SELECT id, unit_id FROM staff WHERE employee_number = ?", (number,))
        )

    row = run(client, read)
    assert row is not None
    return row[0], row[1]


def _paths(value: object, prefix: str = "") -> Iterator[str]:
    """Every key of an export, as `fields` names it: "completions[].rating.usefulness"."""
    if isinstance(value, list):
        for item in value:
            yield from _paths(item, prefix.removesuffix(".") + "[].")
    elif isinstance(value, dict):
        for key, child in value.items():
            yield prefix + key
            if prefix + key != "self_assessments[].answers":  # keyed by the statements' ids
                yield from _paths(child, prefix + key + ".")


def test_a_rebuilt_catalogue_is_picked_up_and_old_records_stay_readable(
    staff: TestClient, catalogue_dir: Path
) -> None:
    complete(staff, START)
    hygien = catalogue_dir / "trainings" / "hygien.yml"
    hygien.write_text(
        hygien.read_text().replace("title: Basal hygien", "title: Basal hygien\nstatus: archived")
    )
    (catalogue_dir / "paths" / "intro.yml").unlink()  # a path may not point at an archived training
    assert service(staff).catalogue.refresh() is True
    record = staff.get("/api/me").json()["completions"][0]
    assert record["title"] == "Basal hygien" and record["hours"] == 1.5
    later = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": "2024-06-01"}
    assert staff.post("/api/completions", json=later).json()["field"] == "training"
    hygien.unlink()
    assert service(staff).catalogue.refresh() is True
    assert staff.get("/api/me").json()["completions"][0]["title"] == "Basal hygien"


def test_an_invalid_catalogue_is_ignored_and_the_last_good_one_kept(
    staff: TestClient, catalogue_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    hygien = catalogue_dir / "trainings" / "hygien.yml"
    hygien.write_text(hygien.read_text().replace("duration_hours: 1.5", "duration_hours: Anna Svensson"))
    assert service(staff).catalogue.refresh() is False
    logged = [r.getMessage() for r in caplog.records if r.name == "progress_service.catalogue"]
    assert f"catalogue error at {hygien}:12: duration_hours" in logged
    assert not any("Anna Svensson" in line for line in logged)
    (catalogue_dir / "trainings" / "hygien.yml").write_text("id: hygien\ntitle: [\n")
    assert service(staff).catalogue.refresh() is False
    complete(staff, START)
    assert staff.get("/api/me").json()["completions"][0]["title"] == "Basal hygien"


def test_the_introduction_comes_first_among_my_paths(client: TestClient, catalogue_dir: Path) -> None:
    other = (catalogue_dir / "paths" / "intro.yml").read_text().replace("introduction: true\n", "")
    (catalogue_dir / "paths" / "a-fordjupning.yml").write_text(
        other.replace("id: intro", "id: a-fordjupning")
    )
    assert service(client).catalogue.refresh() is True
    sign_in(client, enrol(client))
    paths = client.get("/api/me").json()["paths"]
    assert [(p["id"], p["introduction"]) for p in paths] == [("intro", True), ("a-fordjupning", False)]


def test_my_key_tells_people_apart_without_naming_them(client: TestClient) -> None:
    """The offline queue on a shared device tags actions with this key; it must be stable and anonymous."""
    first, second = enrol(client, "2001"), enrol(client, "2002")
    sign_in(client, first)
    key = client.get("/api/me").json()["person"]["key"]
    assert client.post("/api/session", json={"code": first}).json()["key"] == key
    sign_in(client, second)
    other = client.get("/api/me").json()["person"]
    assert other["key"] != key
    assert "2002" not in other["key"] and len(other["key"]) == 32
