"""The OpenAPI 3 document at /api/openapi.json: every route, status and body.

Only the operations are written here (paths, methods, statuses, descriptions). Every body's schema
comes from a pydantic model: requests from the models that validate them
(progress_service/payloads.py), responses from the models every answer is checked against as it is
encoded (progress_service/responses.py), so the document cannot drift from what the service
accepts or answers. tests/service/test_openapi.py runs schemathesis against it.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue import Catalogue
from catalogue.dates import swedish_today
from catalogue.spreadsheet import FORMATS, MEDIA_TYPES
from progress_service import responses
from progress_service.account_auth import COOKIE as MANAGER_COOKIE
from progress_service.attendance import NewAttendance
from progress_service.payloads import (
    AccountSignIn,
    CompletionChange,
    NewCompletion,
    NewSelfAssessment,
    Rating,
    SignIn,
)
from progress_service.reports import REPORTS
from progress_service.service import service_of

REF = "#/components/schemas/{model}"
DATE = {"type": "string", "format": "date"}


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


ERRORS = {
    "401": "Inte inloggad, eller inloggningen har gått ut.",
    "403": "Begäran kommer från en annan webbplats (Origin), eller gäller något utanför ditt ansvar.",
    "404": "Finns inte, eller är inte din.",
    "409": "Krockar med en annan registrering.",
    "410": "Registreringen med det id:t är borttagen.",
    "413": "Begäran är för stor.",
    "415": "Innehållet har fel typ (JSON, eller formulär för /api/session/form).",
    "422": "Ett fält eller en parameter är fel; `field` säger vilket.",
    "429": "För många felaktiga inloggningsförsök; se Retry-After.",
    "429w": "Personen har sparat mer än tillåtet i dag; se Retry-After.",
    "503": "Tjänsten kan inte spara just nu; skicka samma begäran igen efter Retry-After.",
}


def _errors(*codes: str) -> dict[str, Any]:
    """Error responses; "429w" is the daily write cap's 429."""
    return {
        code[:3]: {
            "description": ERRORS[code],
            "content": {"application/json": {"schema": _ref(responses.Error)}},
        }
        for code in codes
    }


def _json(
    description: str, body: type[BaseModel] | dict[str, Any], headers: dict[str, Any] | None = None
) -> dict[str, Any]:
    schema = body if isinstance(body, dict) else _ref(body)
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _body(model: type[BaseModel], example: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": _ref(model)}
    if example:
        media["example"] = example
    return {"required": True, "content": {"application/json": media}}


def examples(catalogue: Catalogue, today: datetime.date) -> dict[str, dict[str, Any]]:
    """Request examples that the current catalogue accepts today."""
    found: dict[str, dict[str, Any]] = {
        "rating": {"usefulness": 4, "comment": "Bra exempel från vardagen."},
        "change": {"completed_on": today.isoformat()},
    }
    training = next(iter(catalogue.active_trainings()), None)
    if training is not None:
        found["completion"] = {
            "id": str(uuid.uuid4()),
            "training": training.id,
            "completed_on": today.isoformat(),
        }
    assessment = next(iter(catalogue.assessments.values()), None)
    if assessment is not None:
        answers = {s.id: 2 for area in assessment.areas for s in area.statements}
        found["self_assessment"] = {"id": str(uuid.uuid4()), "assessment": assessment.id, "answers": answers}
    return found


HTML = {"text/html": {"schema": {"type": "string"}}}
HEALTH = responses.HealthStatus
WRITE_ERRORS = ("401", "403", "404", "413", "415", "422", "429w", "503")
# What every write by a signed-in person may also answer: the daily cap, and a writer that is down.
BUSY = ("429w", "503")
ID_PARAMETER = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
NO_CONTENT = {"204": {"description": "Klart."}}
COMPLETION = responses.Completion
# What a client can do next with the completion it just recorded (and what schemathesis follows).
COMPLETION_LINKS = {
    name: {"operationId": operation, "parameters": {"id": "$response.body#/id"}}
    for name, operation in (
        ("Correct", "patchApiCompletionsId"),
        ("Withdraw", "deleteApiCompletionsId"),
        ("Rate", "putApiCompletionsIdRating"),
        ("Unrate", "deleteApiCompletionsIdRating"),
    )
}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


REPORT_MEDIA_TYPES = sorted(set(MEDIA_TYPES.values()))
REPORT_PARAMETERS = [
    {
        "name": "report",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": list(REPORTS)},
    },
    _query("from", "Periodens första dag (standard: 1 januari i år).", DATE),
    _query("to", "Periodens sista dag (standard: i dag).", DATE),
    _query("on", "Dagen läget gäller (matris, förnyelser; standard: i dag).", DATE),
    _query("started", "Matrisen: bara de som började den dagen eller senare.", DATE),
    _query("municipality", "Kommunens id.", {"type": "string"}),
    _query("unit", "Enhetens nummer.", {"type": "string", "pattern": "^[0-9]{1,12}$"}),
    _query("training", "Utbildningens id.", {"type": "string"}),
    _query("topic", "Ämnets id.", {"type": "string"}),
    _query("path", "Utbildningsvägens id (krävs för matrix).", {"type": "string"}),
    _query("assessment", "Självskattningens id (krävs för needs).", {"type": "string"}),
    _query("format", "excel (standard), csv eller xlsx.", {"type": "string", "enum": list(FORMATS)}),
    _query("sort", "Matrisens ordning: namn, enhet, start eller steg-N; -namn omvänt.", {"type": "string"}),
]


def _operations(example: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "/healthz": {
            "get": {
                "summary": "Tjänsten är igång",
                "security": [],
                "responses": {
                    "200": _json("Skrivaren går och databasen svarar.", HEALTH),
                    "503": _json(
                        "Skrivaren har stannat eller hänger, eller databasen svarar inte.",
                        HEALTH,
                    ),
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "Det här dokumentet",
                "security": [],
                "responses": {"200": _json("OpenAPI 3", {"type": "object"})},
            }
        },
        "/api/session": {
            "post": {
                "summary": "Logga in med personlig kod",
                "security": [],
                "requestBody": _body(SignIn),
                "responses": {
                    "200": _json(
                        "Inloggad; sessionskakan sätts.",
                        responses.Person,
                        {"Set-Cookie": {"schema": {"type": "string"}}},
                    ),
                    **_errors("401", "403", "413", "415", "422", "429"),
                },
            },
            "delete": {"summary": "Logga ut", "security": [], "responses": {**NO_CONTENT, **_errors("403")}},
        },
        "/api/session/form": {
            "post": {
                "summary": "Logga in utan JavaScript: inloggningssidans formulär skickar koden hit",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {"application/x-www-form-urlencoded": {"schema": _ref(SignIn)}},
                },
                "responses": {
                    "303": {
                        "description": "Inloggad; sessionskakan sätts, webbläsaren går till Min utbildning.",
                        "headers": {
                            "Location": {"schema": {"type": "string"}},
                            "Set-Cookie": {"schema": {"type": "string"}},
                        },
                    },
                    **{
                        code: {"description": ERRORS[code] + " Svaret är en sida att läsa.", "content": HTML}
                        for code in ("401", "403", "413", "415", "422", "429")
                    },
                },
            }
        },
        "/api/completions": {
            "post": {
                "summary": "Registrera en genomförd utbildning",
                "requestBody": _body(NewCompletion, example.get("completion")),
                "responses": {
                    "201": {**_json("Registrerad.", COMPLETION), "links": COMPLETION_LINKS},
                    "200": _json("Fanns redan (samma id, eller samma utbildning och dag).", COMPLETION),
                    **_errors("401", "403", "409", "410", "413", "415", "422", *BUSY),
                },
            }
        },
        "/api/completions/{id}": {
            "parameters": [ID_PARAMETER],
            "patch": {
                "summary": "Rätta datum",
                "requestBody": _body(CompletionChange, example["change"]),
                "responses": {"200": _json("Rättad.", COMPLETION), **_errors(*WRITE_ERRORS, "409")},
            },
            "delete": {
                "summary": "Ta bort registreringen",
                "responses": {**NO_CONTENT, **_errors("401", "403", "404", *BUSY)},
            },
        },
        "/api/completions/{id}/rating": {
            "parameters": [ID_PARAMETER],
            "put": {
                "summary": "Betygsätt hur användbar utbildningen var",
                "requestBody": _body(Rating, example["rating"]),
                "responses": {"200": _json("Sparat.", COMPLETION), **_errors(*WRITE_ERRORS)},
            },
            "delete": {
                "summary": "Ta bort betyget",
                "responses": {**NO_CONTENT, **_errors("401", "403", "404", *BUSY)},
            },
        },
        "/api/self-assessments": {
            "post": {
                "summary": "Lämna en självskattning",
                "requestBody": _body(NewSelfAssessment, example.get("self_assessment")),
                "responses": {
                    "201": _json("Sparad; med rekommenderade utbildningar.", responses.SelfAssessmentResult),
                    "200": _json("Fanns redan med samma id.", responses.SelfAssessmentResult),
                    **_errors("401", "403", "409", "413", "415", "422", *BUSY),
                },
            }
        },
        "/api/me": {
            "get": {
                "summary": "Min utbildning",
                "responses": {"200": _json("Min utbildning.", responses.Me), **_errors("401")},
            }
        },
        "/api/manager/session": {
            "post": {
                "summary": "Logga in som chef eller administratör med namn och lösenord",
                "security": [],
                "requestBody": _body(AccountSignIn),
                "responses": {
                    "200": _json(
                        "Inloggad; sessionskakan för /hantera/ sätts.",
                        responses.SignedInAccount,
                        {"Set-Cookie": {"schema": {"type": "string"}}},
                    ),
                    **_errors("401", "403", "413", "415", "422", "429"),
                },
            },
            "delete": {"summary": "Logga ut", "security": [], "responses": {**NO_CONTENT, **_errors("403")}},
        },
        "/api/reports/{report}.csv": {
            "get": {
                "summary": "En rapport som fil: Excel-CSV (standard), CSV för maskiner eller xlsx",
                "description": "\n".join(f"- `{r.id}`: {r.title}. {r.summary}" for r in REPORTS.values()),
                "security": [{"manager": []}, {"apiKey": []}],
                "parameters": REPORT_PARAMETERS,
                "responses": {
                    "200": {
                        "description": "Filen, strömmad.",
                        "content": {media: {"schema": {"type": "string"}} for media in REPORT_MEDIA_TYPES},
                        "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
                    },
                    **_errors("401", "403", "404", "422"),
                },
            }
        },
        "/api/attendance": {
            "post": {
                "summary": "Registrera närvaro vid ett tillfälle för många på en gång (chef)",
                "description": "Samma id igen registrerar inget nytt. Är någon utanför ditt ansvar"
                " blir svaret 403 med deras anställningsnummer, och ingenting registreras.",
                "security": [{"manager": []}],
                "requestBody": _body(NewAttendance),
                "responses": {
                    "201": _json("Registrerad.", responses.Attendance),
                    "200": _json("Samma registrering igen: inget nytt registrerades.", responses.Attendance),
                    **_errors("401", "403", "409", "413", "415", "422"),
                },
            }
        },
        "/api/me/export": {
            "get": {
                "summary": "Allt som finns sparat om mig (JSON-fil)",
                "responses": {
                    "200": _json("Filen mina-uppgifter.json.", responses.Export),
                    **_errors("401"),
                },
            }
        },
    }


def operation_id(method: str, path: str) -> str:
    """deleteApiCompletionsIdRating for DELETE /api/completions/{id}/rating."""
    words = [
        w for w in path.replace("{", "/").replace("}", "").replace("-", "/").replace(".", "/").split("/") if w
    ]
    return method + "".join(w.capitalize() for w in words)


def _with_ids(paths: dict[str, Any]) -> dict[str, Any]:
    for path, item in paths.items():
        for method, operation in item.items():
            if method != "parameters":
                operation["operationId"] = operation_id(method, path)
    return paths


REQUESTS: tuple[type[BaseModel], ...] = (
    SignIn, NewCompletion, CompletionChange, Rating, NewSelfAssessment, AccountSignIn, NewAttendance,
)  # fmt: skip
RESPONSES: tuple[type[BaseModel], ...] = (
    responses.Error, responses.HealthStatus, responses.Person, responses.Completion,
    responses.SelfAssessmentResult, responses.Me, responses.Export, responses.Attendance,
    responses.SignedInAccount,
)  # fmt: skip


def schemas() -> dict[str, Any]:
    """Every model's schema, and the models they contain, under #/components/schemas."""
    _, found = models_json_schema(
        [(model, "validation") for model in REQUESTS] + [(model, "serialization") for model in RESPONSES],
        ref_template=REF,
    )
    named: dict[str, Any] = found["$defs"]
    return named


def document(catalogue: Catalogue, today: datetime.date) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Omsorgskatalogen – tjänsten för genomförda utbildningar", "version": "1"},
        "paths": _with_ids(_operations(examples(catalogue, today))),
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "omsorg_session"},
                "manager": {"type": "apiKey", "in": "cookie", "name": MANAGER_COOKIE},
                "apiKey": {"type": "http", "scheme": "bearer", "description": "API-nyckel från /hantera/."},
            },
        },
        "security": [{"session": []}],
    }


async def openapi(request: Request) -> Response:
    return JSONResponse(document(service_of(request).catalogue.current, swedish_today()))
