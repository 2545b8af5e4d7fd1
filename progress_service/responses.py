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
import typing
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
    key: str = Field(description="Ett id för dig som inte säger vem du är.")
    name: str = Field(description="Ditt namn, som arbetsgivaren har lämnat det.")
    employee_number: str = Field(description="Ditt anställningsnummer hos arbetsgivaren.")
    role: str | None = Field(
        description="Din roll, som rollens id (t.ex. underskoterska för undersköterska); null när ingen roll"
        " är angiven."
    )
    start_date: datetime.date = Field(description="Din första dag här.")
    unit: str = Field(description="Enheten där du arbetar.")
    municipality: str = Field(description="Kommunen där du arbetar.")


class CompletionRating(Answer):
    usefulness: int = Field(ge=1, le=5, description="Hur användbar du tyckte att utbildningen var, 1–5.")
    comment: str | None = Field(description="Din kommentar till betyget; null när du inte skrev någon.")


class Completion(Answer):
    id: uuid.UUID = Field(description="Registreringens id.")
    training: str = Field(description="Utbildningens id i katalogen.")
    title: str = Field(description="Utbildningens titel när den registrerades.")
    hours: float = Field(description="Utbildningens längd i timmar.")
    completed_on: datetime.date = Field(description="Dagen utbildningen genomfördes.")
    before_employment: bool = Field(description="Om utbildningen gicks före din första dag här.")
    expires_on: datetime.date | None = Field(description="När en utbildning som ska förnyas går ut.")
    rating: CompletionRating | None = Field(description="Ditt betyg; null när du inte har gett något.")


class Recommended(Answer):
    id: str = Field(description="Den rekommenderade utbildningens id i katalogen.")
    title: str = Field(description="Dess titel.")
    hours: float = Field(description="Dess längd i timmar.")
    url: str = Field(description="Dess sida i katalogen.")


class AreaResult(Answer):
    id: str = Field(description="Områdets id i självskattningen.")
    title: str = Field(description="Områdets namn.")
    mean: float | None = Field(description="Medelnivån 1–4 i området; null när inget besvarades.")
    recommended: list[Recommended] = Field(description="Utbildningar som rekommenderas för området.")


class SelfAssessmentResult(Answer):
    id: uuid.UUID = Field(description="Svarets id.")
    assessment: str = Field(description="Självskattningens id i katalogen.")
    title: str = Field(description="Självskattningens namn.")
    submitted_at: Timestamp = Field(description="När svaren skickades (UTC).")
    areas: list[AreaResult] = Field(description="Resultatet per område.")


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
    personal_code_issued_at: Timestamp | None = Field(
        description="När din personliga kod gavs ut (UTC); själva koden sparas inte i läsbar form."
    )
    left_on: datetime.date | None = Field(description="Din sista dag här, när den är angiven; annars null.")


class ExportedCompletion(Completion):
    recorded_at: Timestamp = Field(description="När utbildningen registrerades (UTC).")
    recorded_by: str = Field(
        description="Vem som registrerade den: self (du själv), attendance (en chef, som närvaro) eller"
        " import (från en fil)."
    )
    rated_at: Timestamp | None = Field(description="När betyget gavs (UTC); null utan betyg.")


class ExportedSelfAssessment(SelfAssessmentResult):
    answers: dict[str, int] = Field(description="Dina svar: påståendets id och nivån 1–4 du valde.")


class Session(Answer):
    created_at: Timestamp = Field(description="När inloggningen började (UTC).")
    expires_at: Timestamp = Field(description="När den tar slut senast (UTC).")


class LoggedAct(Answer):
    at: Timestamp = Field(description="När det gjordes (UTC).")
    action: str = Field(description="Vad som gjordes, t.ex. Ändrade person eller Registrerade närvaro.")
    by: str = Field(
        description="Vem som gjorde det: en chef eller en administratör (namnet kan kommunen lämna ut)."
    )


class Export(Answer):
    """Allt som finns sparat om personen."""

    about: str = Field(description="Vad filen är.")
    fields: dict[str, str] = Field(description="Vad varje fält i filen betyder, på svenska.")
    exported_at: Timestamp = Field(description="När filen hämtades (UTC).")
    person: ExportedPerson = Field(description="Uppgifterna om dig från arbetsgivaren.")
    completions: list[ExportedCompletion] = Field(
        description="Alla utbildningar som är registrerade som genomförda av dig."
    )
    self_assessments: list[ExportedSelfAssessment] = Field(description="Dina självskattningar.")
    sessions: list[Session] = Field(description="Dina inloggningar som finns sparade.")
    log: list[LoggedAct] = Field(
        description="Det chefer och administratörer har gjort i tjänsten som gäller just dig, äldst först:"
        " ändrat dina uppgifter, gett dig en kod, registrerat dig som närvarande och liknande."
    )


def field_guide(model: type[BaseModel], prefix: str = "") -> dict[str, str]:
    """Each field of `model`, nested ones too, by its path ("completions[].rating.usefulness"),
    with its description: what a person reading the export file needs to read its English keys."""
    guide: dict[str, str] = {}
    for name, field in model.model_fields.items():
        path = prefix + name
        guide[path] = field.description or ""
        nested, in_list = _nested_model(field.annotation)
        if nested is not None:
            guide.update(field_guide(nested, path + ("[]." if in_list else ".")))
    return guide


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (alone, in a list, or null), and whether in a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    for argument in typing.get_args(annotation):
        model, in_list = _nested_model(argument)
        if model is not None:
            return model, in_list or typing.get_origin(annotation) is list
    return None, False


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
