"""Reading an editor's answer (a flag, a typed answer, a spreadsheet cell) as a value for the model.

Editors write as people do: ja/nej, decimal commas, names or ids from the vocabularies in any
letter case, dates as Excel gives them. Each reader returns the model's value or raises
ValueProblem saying, in Swedish, what is wrong and how to write it instead.
"""

from __future__ import annotations

import datetime
import math
import re
import typing
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from catalogue.fields import Field
from catalogue.layout import VOCABULARIES
from catalogue.messages import did_you_mean
from catalogue.model import LEVEL_LABELS, SIGN_IN_LABELS, SIGNUP_LABELS, Training
from catalogue.problems import ToolError

Vocabularies = dict[str, dict[str, str]]

YES = frozenset({"ja", "j", "sant", "true", "yes", "x"})
NO = frozenset({"nej", "n", "falskt", "false", "no"})
# Words for a cost of 0 kronor; the question says "0 = gratis", and editors answer "gratis".
FREE = frozenset({"gratis", "kostnadsfri", "kostnadsfritt", "avgiftsfri", "avgiftsfritt", "free"})
_PRICE_SUFFIX = re.compile(r"\s*(kr|kronor|sek|:-)\.?$", flags=re.IGNORECASE)
_KRONOR_HINT = (
    "skriv kostnaden i hela kronor, t.ex. 450 (0 eller gratis när den är gratis);"
    " lämna tomt om den varierar eller är okänd"
)


class ValueProblem(Exception):
    """A value that cannot be used; `short_hint` leaves out the list of choices, for when it is on screen."""

    def __init__(self, message: str, hint: str, short_hint: str = "") -> None:
        super().__init__(f"{message} — {hint}")
        self.message = message
        self.hint = hint
        self.short_hint = short_hint or hint


# What a value not found in each vocabulary is called.
_UNKNOWN = {
    "providers.yml": "okänd anordnare",
    "topics.yml": "okänt ämne",
    "roles.yml": "okänd roll",
    "formats.yml": "okänt format",
    "languages.yml": "okänt språk",
    "municipalities.yml": "okänd kommun",
    "level": "okänd nivå",
    "sign_in": "okänt sätt att logga in",
    "signup": "okänt sätt att anmäla sig",
    "funding": "okänd finansiering",
}
_TRANSLITERATION = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "æ": "ae", "ø": "o", "ß": "ss"})


def slugify(text: str) -> str:
    """The id for a title: `Demens – ABC för hemtjänst` -> `demens-abc-for-hemtjanst`."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATION))
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")
    if len(slug) > 80:
        slug = slug[:81].rsplit("-", 1)[0] if "-" in slug[:81] else slug[:80]
    return slug


def load_vocabularies(root: Path) -> Vocabularies:
    """Id -> label of every vocabulary a training refers to, the files' and the model's own."""
    vocabularies = {name: _read_vocabulary(root / name, model) for name, model in VOCABULARIES.items()}
    vocabularies["level"] = dict(LEVEL_LABELS)
    vocabularies["sign_in"] = dict(SIGN_IN_LABELS)
    vocabularies["signup"] = dict(SIGNUP_LABELS)
    (funding,) = typing.get_args(Training.model_fields["funding"].annotation)
    vocabularies["funding"] = {value: value for value in typing.get_args(funding)}
    return vocabularies


def _read_vocabulary(path: Path, model: type[BaseModel]) -> dict[str, str]:
    try:
        entries = [
            model.model_validate(item).model_dump() for item in yaml.safe_load(path.read_text("utf-8"))
        ]
    except (OSError, yaml.YAMLError, ValidationError, TypeError):
        raise ToolError(f"{path} saknas eller har fel — kör make check och rätta felen först") from None
    return {entry["id"]: entry.get("label") or entry["name"] for entry in entries}


def choices_text(field: Field, vocabularies: Vocabularies) -> str:
    """The ids an editor may choose from, with their labels when they say more than the id."""
    shown = [
        key if label in (key, key.capitalize()) else f"{key} ({label})"
        for key, label in _of(field, vocabularies).items()
    ]
    return ", ".join(shown)


def parse_value(field: Field, raw: object, vocabularies: Vocabularies) -> Any:
    """The value for the model, or None when nothing was given; raises ValueProblem when unreadable."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        return None
    if field.kind == "choice":
        return _choose(field, as_text(raw), vocabularies)
    if field.kind == "choices":
        items = [item.strip() for item in as_text(raw).split(",") if item.strip()]
        return [_choose(field, item, vocabularies) for item in items] or None
    return _READERS[field.kind](raw)


def _of(field: Field, vocabularies: Vocabularies) -> dict[str, str]:
    return vocabularies[field.vocabulary]


def _choose(field: Field, value: str, vocabularies: Vocabularies) -> str:
    """The id for a value given as an id, a label or a name (any letter case), as editors write them."""
    vocabulary = _of(field, vocabularies)
    if value in vocabulary:
        return value
    for key, label in vocabulary.items():
        if label.casefold() == value.casefold() or key == slugify(value):
            return key
    suggestion = did_you_mean(value, vocabulary)
    hint = f"{suggestion} Välj bland: " if suggestion else "välj bland: "
    message = f"{_UNKNOWN[field.vocabulary]} '{value}'"
    raise ValueProblem(
        message, hint + choices_text(field, vocabularies), suggestion or "välj bland värdena ovan"
    )


def as_text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    return str(raw).strip()


def _markdown(raw: object) -> str:
    lines = as_text(raw).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def _yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    word = as_text(raw).casefold()
    if word in YES | NO:
        return word in YES
    raise ValueProblem(f"ska vara ja eller nej, inte '{as_text(raw)}'", "skriv ja eller nej")


def _number(raw: object) -> int | float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = float(raw)
    else:
        try:
            number = float(re.sub(r"\s", "", as_text(raw)).replace(",", "."))
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        raise ValueProblem(f"ska vara ett tal, inte '{as_text(raw)}'", "skriv ett tal, t.ex. 1,5")
    return int(number) if number.is_integer() else number


def _whole(raw: object) -> int:
    number = _number(raw)
    if isinstance(number, float):
        raise ValueProblem(f"ska vara ett heltal, inte '{as_text(raw)}'", "skriv ett heltal, t.ex. 12")
    return number


def _kronor(raw: object) -> int:
    """A cost in whole kronor, written as people write prices: "gratis" is 0, "450 kr" is 450."""
    text = as_text(raw)
    if text.casefold() in FREE:
        return 0
    try:
        return _whole(_PRICE_SUFFIX.sub("", text))
    except ValueProblem:
        raise ValueProblem(f"ska vara ett belopp i hela kronor, inte '{text}'", _KRONOR_HINT) from None


def _url(raw: object) -> str:
    """An address with its scheme: `www.…` is refused here, where the fix can be shown in full."""
    text = as_text(raw)
    if "://" not in text:
        hint = f"skriv hela adressen med https:// först, t.ex. https://{text}"
        raise ValueProblem(f"är ingen fullständig webbadress: '{text}'", hint)
    return text


def _date(raw: object) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = as_text(raw)
    try:
        return datetime.date.fromisoformat(text.split(" ")[0])
    except ValueError:
        raise ValueProblem(f"ska vara ett datum, inte '{text}'", "skriv datumet som ÅÅÅÅ-MM-DD") from None


_READERS: dict[str, typing.Callable[[object], Any]] = {
    "text": as_text,
    "markdown": _markdown,
    "yes_no": _yes_no,
    "number": _number,
    "whole": _whole,
    "kronor": _kronor,
    "url": _url,
    "date": _date,
}
