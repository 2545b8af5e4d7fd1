"""schemathesis against /api/openapi.json of a real server: no 5xx, no undocumented status, every
response matching its documented schema, unknown methods refused, auth not ignored. Every JSON
body in the document is a model's schema (progress_service/payloads.py, responses.py).

Left out: positive_data_acceptance. It expects every schema-valid body to be accepted, but
business rules no schema states (the training must be active in today's catalogue, the date not in
the future nor before the person started) rightly answer 422.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from catalogue import load_catalogue
from progress_service import responses
from progress_service.auth import COOKIE
from progress_service.first_start import FIRST_START_FILE
from progress_service.openapi import document
from progress_service.responses import Completion, encode
from tests.support.service_app import TINY_CATALOGUE
from tests.support.service_server import Server, start

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
        "allow_header_conformance",
        "ignored_auth",
        "use_after_free",
    ]
)

# Half the examples on each store, each with a seed of its own: together as many different requests
# as one run of 40 on one store had, in about the time that run took.
SCHEMATHESIS_RUNS = {"sqlite": (20, 2026), "postgresql": (20, 2027)}


@pytest.fixture
def server(store: Path | str, tmp_path: Path) -> Iterator[Server]:
    """The service on the test's store, with its first start's file in tmp_path/var on both."""
    running = start(store, TINY_CATALOGUE, OMSORG_DB=str(tmp_path / "var" / "omsorg.db"))
    yield running
    running.stop()


def test_every_route_of_the_app_is_documented() -> None:
    from progress_service.app import API_ROUTES

    documented = set(document(load_catalogue(TINY_CATALOGUE), datetime.date.today())["paths"])
    routed = {"/api" + route.path for route in API_ROUTES} | {"/healthz"}
    assert documented == routed


def test_every_json_body_is_documented_by_a_model() -> None:
    found = document(load_catalogue(TINY_CATALOGUE), datetime.date.today())
    schemas = found["components"]["schemas"]
    bodies = [
        (path, method, status, response["content"]["application/json"]["schema"])
        for path, item in found["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
        for status, response in operation["responses"].items()
        if "application/json" in response.get("content", {})
    ]
    inline = [(path, method, status) for path, method, status, schema in bodies if "$ref" not in schema]
    assert inline == [("/api/openapi.json", "get", "200")]  # the document itself: any OpenAPI 3
    named = {schema["$ref"].rsplit("/", 1)[1] for *_, schema in bodies if "$ref" in schema}
    assert named == {"Error", "HealthStatus", "Person", "Completion", "SelfAssessmentResult", "Me"} | {
        "SignedInAccount",
        "Attendance",
        "Export",
    }
    assert named <= set(schemas)
    assert schemas["Completion"]["additionalProperties"] is False
    assert "training" in schemas["Completion"]["required"]


def test_an_answer_that_drifts_from_its_model_fails_the_tests() -> None:
    assert responses.CHECK_ANSWERS  # tests/conftest.py
    completion = {
        "id": "0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c",
        "training": "hygien",
        "title": "Basal hygien",
        "hours": 1.5,
        "completed_on": "2024-05-02",
        "before_employment": False,
        "expires_on": None,
        "rating": None,
    }
    assert json.loads(encode(Completion, completion)) == completion
    with pytest.raises(ValidationError):
        encode(Completion, {**completion, "course": "hygien"})
    with pytest.raises(ValidationError):
        encode(Completion, {key: value for key, value in completion.items() if key != "rating"})
    with pytest.raises(AssertionError, match="documented as"):
        encode(Completion, {**completion, "hours": 2})  # an integer where the model says number: 2.0


def test_schemathesis_finds_nothing(server: Server, store: Path | str, tmp_path: Path) -> None:
    examples, seed = SCHEMATHESIS_RUNS["postgresql" if isinstance(store, str) else "sqlite"]
    first_start = (tmp_path / "var" / FIRST_START_FILE).read_text(encoding="utf-8").splitlines()
    demo_code = next(line.split()[-1] for line in first_start if "Personlig kod" in line)
    signed_in = httpx.post(f"{server.url}/api/session", json={"code": demo_code})
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        f'[auth.openapi.session]\napi_key = "{signed_in.cookies[COOKIE]}"\n'
        # An invalid body that is also too large is rightly refused as 413 before it is read.
        "[checks.negative_data_rejection]\n"
        "expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]\n"
    )
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            str(config),
            "run",
            f"{server.url}/api/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            str(examples),
            "--exclude-operation-id",
            "deleteApiSession",  # would end the session the rest of the run uses
            "--workers",
            "2",
            "--seed",
            str(seed),
        ],
        cwd=tmp_path,  # schemathesis keeps a cache folder in its working directory
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    # The run was signed in and reached the rules, not only the door.
    reached = {line.split(" status=")[0].split("path=")[1] for line in server.stderr if " status=20" in line}
    assert {"/api/completions", "/api/completions/{id}/rating", "/api/me"} <= reached
