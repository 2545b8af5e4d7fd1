"""The OpenAPI 3 document at /api/openapi.json: every route, status and body.

Request bodies come from the same pydantic models that validate them, so the document cannot
drift from what is accepted; responses are written out here. tests/service/test_openapi.py runs
schemathesis against it.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue import Catalogue
from catalogue.dates import swedish_today
from catalogue.spreadsheet import FORMATS, MEDIA_TYPES
from progress_service.account_auth import COOKIE as MANAGER_COOKIE
from progress_service.attendance import NewAttendance
from progress_service.manager_api import SignedInAccount
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
NULLABLE_DATE = {"anyOf": [DATE, {"type": "null"}]}
NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def _obj(properties: dict[str, Any], *, extra: bool = False) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": extra,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


RESPONSE_SCHEMAS: dict[str, Any] = {
    "Attendance": _obj(
        {
            "id": {"type": "string", "format": "uuid"},
            "training": {"type": "string"},
            "date": DATE,
            "recorded": {"type": "array", "items": {"type": "string"}},
            "already_recorded": {"type": "array", "items": {"type": "string"}},
        }
    ),
    "Error": {
        "type": "object",
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "field": {"type": "string"},
        },
        "required": ["error", "message"],
        "additionalProperties": False,
    },
    "Person": _obj(
        {
            "key": {"type": "string", "description": "Ett id för personen som inte säger vem det är."},
            "name": {"type": "string"},
            "employee_number": {"type": "string"},
            "role": NULLABLE_STRING,
            "start_date": DATE,
            "unit": {"type": "string"},
            "municipality": {"type": "string"},
        }
    ),
    "Completion": _obj(
        {
            "id": {"type": "string", "format": "uuid"},
            "training": {"type": "string"},
            "title": {"type": "string"},
            "hours": {"type": "number"},
            "completed_on": DATE,
            "before_employment": {"type": "boolean"},
            "expires_on": NULLABLE_DATE,
            "rating": {
                "anyOf": [
                    _obj(
                        {
                            "usefulness": {"type": "integer", "minimum": 1, "maximum": 5},
                            "comment": NULLABLE_STRING,
                        }
                    ),
                    {"type": "null"},
                ]
            },
        }
    ),
    "Recommended": _obj(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "hours": {"type": "number"},
            "url": {"type": "string"},
        }
    ),
    "AreaResult": _obj(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "mean": {"anyOf": [{"type": "number"}, {"type": "null"}]},
            "recommended": {"type": "array", "items": _ref("Recommended")},
        }
    ),
    "SelfAssessmentResult": _obj(
        {
            "id": {"type": "string", "format": "uuid"},
            "assessment": {"type": "string"},
            "title": {"type": "string"},
            "submitted_at": {"type": "string", "format": "date-time"},
            "areas": {"type": "array", "items": _ref("AreaResult")},
        }
    ),
    "PathProgress": _obj(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "introduction": {"type": "boolean"},
            "due_on": NULLABLE_DATE,
            "mandatory_done": {"type": "boolean"},
            "steps": {
                "type": "array",
                "items": _obj(
                    {
                        "training": {"type": "string"},
                        "title": {"type": "string"},
                        "requirement": {"type": "string", "enum": ["mandatory", "recommended", "optional"]},
                        "done": {"type": "boolean"},
                        "completed_on": NULLABLE_DATE,
                    }
                ),
            },
        }
    ),
    "Me": _obj(
        {
            "person": _ref("Person"),
            "completions": {
                "type": "array",
                "items": _ref("Completion"),
                "description": "De 500 senaste; alla finns i /api/me/export.",
            },
            "completions_total": {"type": "integer", "description": "Hur många registreringar det finns."},
            "paths": {"type": "array", "items": _ref("PathProgress")},
            "self_assessments": {"type": "array", "items": _ref("SelfAssessmentResult")},
        }
    ),
    "Export": {
        "type": "object",
        "description": "Allt som finns sparat om personen.",
        "properties": {
            "exported_at": {"type": "string", "format": "date-time"},
            "person": {"type": "object"},
            "completions": {"type": "array", "items": {"type": "object"}},
            "self_assessments": {"type": "array", "items": {"type": "object"}},
            "sessions": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["exported_at", "person", "completions", "self_assessments", "sessions"],
    },
}

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
        code[:3]: {"description": ERRORS[code], "content": {"application/json": {"schema": _ref("Error")}}}
        for code in codes
    }


def _json(description: str, schema: dict[str, Any], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _body(model: type[BaseModel], example: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": _ref(model.__name__)}
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
WRITE_ERRORS = ("401", "403", "404", "413", "415", "422", "429w", "503")
# What every write by a signed-in person may also answer: the daily cap, and a writer that is down.
BUSY = ("429w", "503")
HEALTH = _obj({"status": {"type": "string"}, "writer": {"type": "string"}, "database": {"type": "string"}})
ID_PARAMETER = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
NO_CONTENT = {"204": {"description": "Klart."}}
COMPLETION = _ref("Completion")
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
                    "503": _json("Skrivaren har stannat eller hänger, eller databasen svarar inte.", HEALTH),
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
                        _ref("Person"),
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
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": _obj({"code": {"type": "string", "maxLength": 64}})
                        }
                    },
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
                    "201": _json("Sparad; med rekommenderade utbildningar.", _ref("SelfAssessmentResult")),
                    "200": _json("Fanns redan med samma id.", _ref("SelfAssessmentResult")),
                    **_errors("401", "403", "409", "413", "415", "422", *BUSY),
                },
            }
        },
        "/api/me": {
            "get": {
                "summary": "Min utbildning",
                "responses": {"200": _json("Min utbildning.", _ref("Me")), **_errors("401")},
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
                        _ref("SignedInAccount"),
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
                    "201": _json("Registrerad.", _ref("Attendance")),
                    "200": _json("Samma registrering igen: inget nytt registrerades.", _ref("Attendance")),
                    **_errors("401", "403", "409", "413", "415", "422"),
                },
            }
        },
        "/api/me/export": {
            "get": {
                "summary": "Allt som finns sparat om mig (JSON-fil)",
                "responses": {"200": _json("Filen mina-uppgifter.json.", _ref("Export")), **_errors("401")},
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


def document(catalogue: Catalogue, today: datetime.date) -> dict[str, Any]:
    schemas = dict(RESPONSE_SCHEMAS)
    # Request bodies, and the responses that are pydantic models already (the rest are above).
    models: tuple[type[BaseModel], ...] = (
        SignIn, NewCompletion, CompletionChange, Rating, NewSelfAssessment, AccountSignIn, NewAttendance,
        SignedInAccount,
    )  # fmt: skip
    for model in models:
        schemas[model.__name__] = model.model_json_schema(ref_template=REF)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Omsorgskatalogen – tjänsten för genomförda utbildningar", "version": "1"},
        "paths": _with_ids(_operations(examples(catalogue, today))),
        "components": {
            "schemas": schemas,
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
