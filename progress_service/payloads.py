"""What each request body may contain, and how a wrong one becomes a 422 naming the field.

Models forbid unknown fields and do not coerce ("5" is not 5): a client sending something else
than it means should hear about it rather than have it guessed.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import uuid
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qsl

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from starlette.requests import Request

from progress_service.accounts import MAX_NAME, MAX_PASSWORD
from progress_service.errors import Invalid, TooLarge, UnsupportedMediaType

Id = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SignIn(Body):
    code: Annotated[str, StringConstraints(max_length=64)] = Field(
        description="Den personliga koden, t.ex. ABCD-EFGH-JKM (skiftläge, mellanslag och bindestreck"
        " spelar ingen roll)."
    )


class AccountSignIn(Body):
    name: Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME)] = Field(
        description="Kontots namn."
    )
    password: Annotated[str, StringConstraints(min_length=1, max_length=MAX_PASSWORD)] = Field(
        description="Lösenordet."
    )


class NewCompletion(Body):
    id: uuid.UUID = Field(description="Klientens id för registreringen; samma id igen ger samma post.")
    # Phones queue completions offline, and those queued before the API said `training` say `course`:
    # they must still be recorded when the connection returns. Left out of the schema's properties:
    # a oneOf of the two names made schemathesis' generator fail at random (a CPython 3.11 race).
    training: Id = Field(
        description="Utbildningens id i katalogen. (Äldre klienter skickar det som course; det tas"
        " fortfarande emot, men inte båda.)",
        validation_alias=AliasChoices("training", "course"),
    )
    completed_on: datetime.date = Field(description="Dagen utbildningen genomfördes, ÅÅÅÅ-MM-DD.")
    before_employment: bool = Field(
        default=False,
        description="true när utbildningen gicks innan personen började här (tidigare jobb, skola): datumet"
        " får då ligga före personens första dag här.",
    )


class CompletionChange(Body):
    completed_on: datetime.date


class Rating(Body):
    usefulness: Annotated[int, Field(ge=1, le=5)] = Field(
        description="Hur användbar: 1 (inte alls) – 5 (mycket)."
    )
    comment: Annotated[str, StringConstraints(max_length=1000)] | None = None


class NewSelfAssessment(Body):
    id: uuid.UUID
    assessment: Id = Field(description="Självskattningens id i katalogen.")
    answers: Annotated[
        dict[Annotated[str, StringConstraints(max_length=80)], Annotated[int, Field(ge=1, le=4)]],
        Field(min_length=1, max_length=200),
    ] = Field(description="Påståendets id -> nivå 1–4, för alla påståenden i självskattningen.")


M = TypeVar("M", bound=Body)

# Every body field in Swedish, for messages a person may read (Min utbildning shows them); the
# key follows in brackets for the program that sent it. Worded so that any message fits after it.
FIELD_NAMES = {
    "code": "Koden",
    "name": "Kontots namn",
    "password": "Lösenordet",
    "id": "Registreringens id",
    "training": "Utbildningen",
    "course": "Utbildningen",
    "completed_on": "Datumet",
    "before_employment": "Rutan ”Jag gick den innan jag började här”",
    "usefulness": "Betyget",
    "comment": "Kommentaren",
    "assessment": "Självskattningen",
    "answers": "Svaren",
}

_MESSAGES = {
    "missing": "saknas",
    "extra_forbidden": "är okänt — ta bort det",
    "uuid_parsing": "ska vara ett UUID, t.ex. 0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c",
    "uuid_type": "ska vara ett UUID, t.ex. 0b9b3d4e-2f4a-4c1e-9a7b-1d2e3f4a5b6c",
    "date_parsing": "ska vara ett datum som ÅÅÅÅ-MM-DD",
    "date_type": "ska vara ett datum som ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ska vara ett datum som ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "ska vara ett datum som ÅÅÅÅ-MM-DD, utan klockslag",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "string_type": "ska vara text",
    "string_too_short": "måste innehålla något",
    "dict_type": "ska vara ett JSON-objekt",
    "model_type": "ska vara ett JSON-objekt",
    "too_short": "måste innehålla något",
    "too_long": "har för många poster",
    "json_invalid": "är inte giltig JSON",
}


def describe(error: Any) -> tuple[str, str]:
    """(field, Swedish message) for one pydantic error."""
    location = [str(part) for part in error["loc"]]
    field = ".".join(location) or "(body)"
    kind = error["type"]
    context = error.get("ctx", {})
    if kind in ("greater_than_equal", "less_than_equal"):
        return field, f"{_named(location)} ligger utanför det tillåtna intervallet ({_bounds(kind, context)})"
    if kind == "string_too_long":
        return field, f"{_named(location)} har för många tecken (högst {context['max_length']})"
    return field, f"{_named(location)} {_MESSAGES.get(kind, 'har fel form')}"


def _named(location: list[str]) -> str:
    """A field as a person reads it, with the key a program sends: "Datumet (completed_on)"."""
    if not location:
        return "Innehållet"
    key = ".".join(location)
    name = FIELD_NAMES.get(location[0])
    return f"{name} ({key})" if name else f"Fältet {key}"


def _bounds(kind: str, context: dict[str, Any]) -> str:
    return f"minst {context['ge']}" if kind == "greater_than_equal" else f"högst {context['le']}"


def content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_json(request: Request, model: type[M], max_bytes: int) -> M:
    """The request body as `model`: JSON only, at most `max_bytes`, nothing unknown."""
    if content_type(request) != "application/json":
        raise UnsupportedMediaType("Skicka data som JSON med Content-Type: application/json.")
    body = await read_body(request, max_bytes)
    _refuse_repeated_keys(body)
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        field, message = describe(error.errors()[0])
        raise Invalid(message[0].upper() + message[1:] + ".", field=field) from None


FORM_TYPE = "application/x-www-form-urlencoded"
FORM_FIELDS = 20
FORM_FIELD = "En uppgift i formuläret"


async def read_form(request: Request, max_bytes: int, refused: str) -> dict[str, str]:
    """A posted HTML form (url-encoded, at most `max_bytes`): the last value of each field.

    `refused` is what to tell a person whose browser sent something else than the page's form.
    """
    return dict(await read_form_pairs(request, max_bytes, refused))


async def read_form_pairs(
    request: Request, max_bytes: int, refused: str, max_fields: int = FORM_FIELDS
) -> list[tuple[str, str]]:
    """The same, every field in order: ticked boxes repeat their name."""
    if content_type(request) != FORM_TYPE:
        raise UnsupportedMediaType(refused)
    body = await read_body(request, max_bytes)
    text = body.decode("utf-8", errors="replace")
    pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=max_fields)
    for name, value in pairs:
        if has_nul(name) or has_nul(value):
            # A person reads this: a form's field names are the page's code, not its labels.
            raise Invalid(NUL_REFUSED.format(FORM_FIELD) + ".", field=name)
    return pairs


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused as soon as it is known to exceed `max_bytes`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
    return bytes(body)


def _refuse_repeated_keys(body: bytes) -> None:
    """A key given twice is refused, as in the catalogue's files: which value was meant is a guess
    (JSON parsers differ: the first wins in some, the last in pydantic)."""
    with contextlib.suppress(ValueError):  # not JSON (or not UTF-8): pydantic says so, in the usual words
        _KEYS_ONCE.decode(body.decode())


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, value in pairs:
        if key in seen:
            raise Invalid(f"{_named([key])} förekommer två gånger — ta bort det ena.", field=key)
        if has_nul(key) or has_nul(value):
            raise Invalid(NUL_REFUSED.format(_named([key])) + ".", field=key)
        seen.add(key)
    return dict(pairs)


# PostgreSQL's text cannot hold the NUL character (SQLite's can): refused alike on both stores,
# where text comes in (a JSON body, a form, a staff list), rather than a 500 from PostgreSQL alone.
NUL_REFUSED = "{} innehåller tecknet NUL, som inte kan sparas — ta bort det"


def has_nul(value: Any) -> bool:
    """Whether a text, or a list's text, holds NUL (a JSON object's members are checked as such)."""
    if isinstance(value, str):
        return "\x00" in value
    return isinstance(value, list) and any(has_nul(item) for item in value)


# One decoder for every body: json.loads with a hook builds a new one on each call, which cost
# 4.7 µs of a completion POST's 6.3 µs of JSON (1.8 µs with this one, measured here).
_KEYS_ONCE = json.JSONDecoder(object_pairs_hook=_unique_keys)


def _too_large(max_bytes: int) -> TooLarge:
    return TooLarge(f"Begäran är för stor: högst {max_bytes} byte.")
