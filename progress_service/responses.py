"""What each JSON answer contains: one pydantic model per response body.

progress_service/openapi.py documents every response from these models. Handlers build plain dicts
and `encode` writes them with pydantic-core, which is faster than json.dumps: the body of GET
/api/me took 41.9 µs with json.dumps, 9.7 µs with pydantic_core.to_json (10 completions; 1,031 →
250 µs with 500), while validating it against Me and dumping the model took 51.8 µs (1,234 µs),
best of 9 interleaved runs on this machine. So the check against the model runs in the tests
(CHECK_ANSWERS), where every answer any test receives must validate and encode to the very same
bytes, and a body that drifts from its documented schema fails the tests instead of reaching a
client.
"""

from __future__ import annotations

import datetime
import functools
import os
import uuid
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import pydantic_core
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema
from starlette.responses import Response

from catalogue.model import Requirement
from progress_service.accounts import Account, Role

# Times are kept as the ISO text the database holds ("…+00:00"), not re-written as pydantic would.
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


class Answer(BaseModel):
    """A response body: exactly these fields, each required unless it has a default."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Error(Answer):
    error: str = Field(description="Felets kod, t.ex. invalid eller not_signed_in.")
    message: str = Field(description="Vad som är fel och hur det rättas, på svenska.")
    field: str | SkipJsonSchema[None] = Field(
        default=None, description="Fältet som är fel, när det är ett fält."
    )


class HealthStatus(Answer):
    status: Literal["ok", "error"]
    writer: Literal["running", "failing", "stuck", "stopped"]
    database: Literal["reachable", "unreachable"]


class Person(Answer):
    key: str = Field(description="Ett id för personen som inte säger vem det är.")
    name: str
    employee_number: str
    role: str | None
    start_date: datetime.date
    unit: str
    municipality: str


class CompletionRating(Answer):
    usefulness: int = Field(ge=1, le=5)
    comment: str | None


class Completion(Answer):
    id: uuid.UUID
    training: str = Field(description="Utbildningens id i katalogen.")
    title: str = Field(description="Utbildningens titel när den registrerades.")
    hours: float
    completed_on: datetime.date
    before_employment: bool
    expires_on: datetime.date | None = Field(description="När en utbildning som ska förnyas går ut.")
    rating: CompletionRating | None


class Recommended(Answer):
    id: str
    title: str
    hours: float
    url: str


class AreaResult(Answer):
    id: str
    title: str
    mean: float | None = Field(description="Medelnivån 1–4 i området; null när inget besvarades.")
    recommended: list[Recommended]


class SelfAssessmentResult(Answer):
    id: uuid.UUID
    assessment: str = Field(description="Självskattningens id i katalogen.")
    title: str
    submitted_at: Timestamp
    areas: list[AreaResult]


class PathStep(Answer):
    training: str
    title: str
    requirement: Requirement
    done: bool
    completed_on: datetime.date | None


class PathProgress(Answer):
    id: str
    title: str
    introduction: bool
    due_on: datetime.date | None
    mandatory_done: bool
    steps: list[PathStep]


class Me(Answer):
    person: Person
    completions: list[Completion] = Field(description="De 500 senaste; alla finns i /api/me/export.")
    completions_total: int = Field(description="Hur många registreringar det finns.")
    paths: list[PathProgress]
    self_assessments: list[SelfAssessmentResult]


class ExportedPerson(Person):
    personal_code_issued_at: Timestamp | None


class ExportedCompletion(Completion):
    recorded_at: Timestamp
    rated_at: Timestamp | None


class ExportedSelfAssessment(SelfAssessmentResult):
    answers: dict[str, int] = Field(description="Påståendets id -> nivån som svarades.")


class Session(Answer):
    created_at: Timestamp
    expires_at: Timestamp


class Export(Answer):
    """Allt som finns sparat om personen."""

    exported_at: Timestamp
    person: ExportedPerson
    completions: list[ExportedCompletion]
    self_assessments: list[ExportedSelfAssessment]
    sessions: list[Session]


class Attendance(Answer):
    id: uuid.UUID
    training: str
    date: datetime.date
    recorded: list[str] = Field(description="Anställningsnummer som registrerades nu.")
    already_recorded: list[str] = Field(
        description="Anställningsnummer som redan hade utbildningen den dagen."
    )


class SignedInAccount(Answer):
    """The answer to a manager's sign-in: who, and what they may see."""

    name: str
    role: Role
    municipalities: list[str] = Field(description="Kommuner som ingår i sin helhet.")
    units: list[int] = Field(description="Enheter som ingår (utöver kommunerna).")

    @classmethod
    def of(cls, account: Account) -> SignedInAccount:
        scope = account.scope
        return cls(
            name=account.name,
            role=account.role,
            municipalities=sorted(scope.municipalities),
            units=sorted(scope.units),
        )


# Off in production, where the check would cost several times the encoding (see above). The test
# suite turns it on (tests/conftest.py), in process and in every service a test starts.
CHECK_ANSWERS = os.environ.get("OMSORG_CHECK_ANSWERS") == "1"


@functools.cache
def _adapter(model: type[Answer]) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def encode(model: type[Answer], content: Mapping[str, Any] | Answer) -> bytes:
    """`content` as JSON; with CHECK_ANSWERS, first checked to be exactly what `model` documents."""
    body = pydantic_core.to_json(content)
    if CHECK_ANSWERS:
        adapter = _adapter(model)
        documented = adapter.dump_json(adapter.validate_python(content), exclude_unset=True)
        if documented != body:
            raise AssertionError(f"{model.__name__} sent as {body!r}, documented as {documented!r}")
    return body


def json_response(
    model: type[Answer],
    content: Mapping[str, Any] | Answer,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    return Response(encode(model, content), status_code, headers, media_type="application/json")
