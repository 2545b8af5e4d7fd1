"""Swedish messages for the model's validation errors: what is wrong, and how to fix it."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

# error type -> (what is wrong, how to fix it); {expected} and {given} are filled in.
_TEMPLATES: dict[str, tuple[str, str]] = {
    "missing": ("fältet saknas", "lägg till fältet, se mallen i För redaktörer"),
    "invalid_key": ("fältnamnet ska vara text", "skriv fältets namn, t.ex. title, före kolonet"),
    "string_type": ("ska vara text, inte {given}", "skriv en text, gärna inom citattecken"),
    "string_too_short": ("får inte vara tomt", "skriv en text"),
    "string_too_long": ("är för långt", "korta texten till högst {max_length} tecken"),
    "string_pattern_mismatch": (
        "har fel form: {given}",
        "använd små bokstäver a–z, siffror och bindestreck (tider som TT:MM)",
    ),
    "int_type": ("ska vara ett heltal, inte {given}", "skriv ett heltal utan citattecken, t.ex. 0"),
    "float_type": ("ska vara ett tal, inte {given}", "skriv ett tal utan citattecken, t.ex. 1.5"),
    "bool_type": ("ska vara true eller false, inte {given}", "skriv true eller false"),
    "date_type": ("ska vara ett datum, inte {given}", "skriv datumet som ÅÅÅÅ-MM-DD"),
    "list_type": ("ska vara en lista, inte {given}", "skriv en lista, t.ex. [sv]"),
    "model_type": ("ska vara en grupp av fält, inte {given}", "se mallen i För redaktörer"),
    "dict_type": ("ska vara en grupp av fält, inte {given}", "se mallen i För redaktörer"),
    "literal_error": ("har ett okänt värde: {given}", "välj ett av: {expected}"),
    "url_parsing": ("är ingen giltig webbadress: {given}", "skriv hela adressen med https://"),
    "url_scheme": ("är ingen webbadress: {given}", "adressen ska börja med https://"),
    "url_syntax_violation": (
        "är ingen giltig webbadress: {given}",
        "ta bort mellanslag och tecken som inte hör till adressen; kopiera den från webbläsaren",
    ),
    "url_type": ("ska vara en webbadress, inte {given}", "skriv hela adressen med https://"),
    "greater_than": ("är för litet: {given}", "skriv ett tal större än {gt}"),
    "greater_than_equal": ("är för litet: {given}", "skriv ett tal som är minst {ge}"),
    "less_than_equal": ("är för stort: {given}", "skriv ett tal som är högst {le}"),
    "too_short": ("har för få delar", "listan ska ha minst {min_length}"),
    "too_long": ("har för många delar", "listan får ha högst {max_length}"),
}


def describe(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, str]:
    """The Swedish (message, hint) for one pydantic error found validating `model`."""
    kind = error["type"]
    if kind == "extra_forbidden":
        return _unknown_field(error["loc"], model)
    message, hint = _TEMPLATES.get(kind, ("är felaktigt ({msg})", "se mallen i För redaktörer"))
    values = {
        **{k: _bound(v) for k, v in (error.get("ctx") or {}).items()},
        "given": _show(error.get("input")),
        "msg": error["msg"],
        "expected": _expected(error),
    }
    return message.format_map(_Defaulting(values)), hint.format_map(_Defaulting(values))


def field_name(location: Sequence[str | int], whole: str = "(filen)") -> str:
    """`sessions[0].date` for ('sessions', 0, 'date'); `whole` when the problem is the whole entry."""
    name = ""
    for step in location:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
    return name or whole


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f"menade du {close[0]}?" if close else ""


def _unknown_field(location: Sequence[str | int], model: type[BaseModel]) -> tuple[str, str]:
    known = sorted(_model_at(model, location[:-1]).model_fields)
    suggestion = did_you_mean(str(location[-1]), known)
    hint = suggestion or f"tillåtna fält är: {', '.join(known)}"
    return "okänt fält", hint + (" Ta annars bort fältet." if suggestion else "")


def _model_at(model: type[BaseModel], location: Sequence[str | int]) -> type[BaseModel]:
    current = model
    for step in location:
        if isinstance(step, int):
            continue
        found = _find_model(current.model_fields[step].annotation) if step in current.model_fields else None
        if found is None:
            break
        current = found
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _find_model(argument)
        if found is not None:
            return found
    return None


def _expected(error: ErrorDetails) -> str:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return expected.replace("'", "").replace(" or ", ", ")


def _bound(value: object) -> str:
    """A limit as an editor would write it: a float field's 2000.0 as 2000."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _show(value: object) -> str:
    if isinstance(value, (dict, list)):
        return "en lista" if isinstance(value, list) else "en grupp av fält"
    if value is None:
        return "ingenting"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"
