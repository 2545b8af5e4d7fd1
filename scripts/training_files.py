"""Turning an editor's values (flags, answers, spreadsheet cells) into valid training files.

Shared by `new_course.py` and `import_courses.py`: the fields an editor fills in, how each value is
read (ja/nej, decimal comma, names or ids), how a training is validated against the model and the
vocabularies before anything is written, and how files are written so that a catalogue that fails
its check afterwards is left exactly as it was.
"""

from __future__ import annotations

import datetime
import math
import re
import typing
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from catalogue.layout import SUFFIX, VOCABULARIES, schema_modeline
from catalogue.loader import check_catalogue
from catalogue.messages import describe, did_you_mean
from catalogue.model import LEVEL_LABELS, SIGN_IN_LABELS, SIGNUP_LABELS, Training
from catalogue.problems import Problem

Kind = Literal["text", "markdown", "choice", "choices", "yes_no", "number", "whole", "date"]
Vocabularies = dict[str, dict[str, str]]

TRAININGS = "trainings"
YES = frozenset({"ja", "j", "sant", "true", "yes", "x"})
NO = frozenset({"nej", "n", "falskt", "false", "no"})


class ToolError(Exception):
    """Stops a tool before it has written anything; the message tells the editor what to do."""


class ValueProblem(Exception):
    """A value that cannot be used; `short_hint` leaves out the list of choices, for when it is on screen."""

    def __init__(self, message: str, hint: str, short_hint: str = "") -> None:
        super().__init__(f"{message} — {hint}")
        self.message = message
        self.hint = hint
        self.short_hint = short_hint or hint


@dataclass(frozen=True)
class Field:
    """One value an editor gives: where it goes in the training, and what editors call it."""

    path: tuple[str, ...]
    column: str
    question: str
    kind: Kind
    vocabulary: str = ""
    required: bool = True
    # The name of its command-line flag when the last part of `path` would be unclear (`kind`).
    option: str = ""

    @property
    def name(self) -> str:
        return self.option or self.path[-1]

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


# In the model's field order, which is also the order of the written file.
FIELDS: tuple[Field, ...] = (
    Field(("title",), "titel", "Titel", "text"),
    Field(("summary",), "sammanfattning", "Sammanfattning, en eller två meningar (högst 200 tecken)", "text"),
    Field(("description",), "beskrivning", "Beskrivning med egna ord", "markdown"),
    Field(("provider",), "anordnare", "Anordnare", "choice", "providers.yml"),
    Field(("url",), "adress", "Webbadress till utbildningens egen sida (https://…)", "text"),
    Field(("topics",), "ämnen", "Ämnen", "choices", "topics.yml"),
    Field(("roles",), "roller", "Roller", "choices", "roles.yml"),
    Field(("level",), "nivå", "Nivå", "choice", "level"),
    Field(("format",), "format", "Format", "choice", "formats.yml"),
    Field(("duration_hours",), "timmar", "Ungefärlig tid i timmar, t.ex. 1,5", "number"),
    Field(
        ("cost_sek",),
        "kostnad",
        "Kostnad i kronor (0 = gratis; tomt = varierar eller okänd)",
        "whole",
        required=False,
    ),
    Field(
        ("cost_note",),
        "kostnad_info",
        "Om kostnaden (krävs när kostnaden är tom, t.ex. 'Varierar mellan anordnare')",
        "text",
        required=False,
    ),
    Field(("languages",), "språk", "Språk", "choices", "languages.yml"),
    Field(("works_on_phone",), "mobil", "Fungerar den bra i en mobiltelefon? (ja/nej)", "yes_no"),
    Field(("sign_in",), "inloggning", "Inloggning hos anordnaren", "choice", "sign_in"),
    Field(("media", "video"), "video", "Innehåller den video? (ja/nej)", "yes_no"),
    Field(("media", "audio"), "ljud", "Behövs ljud, alltså hörlurar i personalrummet? (ja/nej)", "yes_no"),
    Field(("media", "download_mb"), "nedladdning_mb", "Ungefärlig datamängd i megabyte", "number"),
    Field(("certificate",), "intyg", "Får deltagaren ett intyg? (ja/nej)", "yes_no"),
    Field(
        ("renewal_months",),
        "förnyas_månader",
        "Ska förnyas efter hur många månader? (tomt = behöver inte förnyas)",
        "whole",
        required=False,
    ),
    Field(
        ("municipalities",),
        "kommuner",
        "Kommuner där den erbjuds (tomt = hela landet)",
        "choices",
        "municipalities.yml",
        required=False,
    ),
    Field(
        ("funding",),
        "finansiering",
        "Finansiering den kan ingå i (tomt = ingen)",
        "choices",
        "funding",
        False,
    ),
    Field(("owner",), "ansvarig", "Ansvarig för posten (en funktion, inte en person)", "text"),
    Field(("last_reviewed",), "granskad", "Senast granskad (ÅÅÅÅ-MM-DD)", "date"),
    Field(("signup", "kind"), "anmälan", "Hur man anmäler sig", "choice", "signup", option="signup"),
    Field(
        ("signup", "note"),
        "anmälan_info",
        "Det den som vill gå utbildningen behöver veta om anmälan (tomt = inget)",
        "text",
        required=False,
        option="signup_note",
    ),
    Field(
        ("travels",),
        "reser",
        "Kan anordnaren hålla den på andra orter på beställning? (ja/nej, tomt = nej)",
        "yes_no",
        required=False,
    ),
    Field(
        ("sources",),
        "källa",
        "Adress där uppgifterna står (https://…), läst den dag posten granskades",
        "text",
        option="source",
    ),
    Field(
        ("unverified",),
        "okontrollerat",
        "Uppgifter som inte gått att kontrollera (tomt = inga)",
        "text",
        "",
        False,
    ),
)
FIELD_AT = {field.path: field for field in FIELDS}
ID_FIELD = Field(("id",), "id", "Id (tomt = bildas av titeln)", "text", required=False)
TITLE_FIELD = FIELDS[0]

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


@dataclass(frozen=True)
class FieldProblem:
    field: Field
    message: str
    hint: str


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
        return _choose(field, _text(raw), vocabularies)
    if field.kind == "choices":
        items = [item.strip() for item in _text(raw).split(",") if item.strip()]
        return [_choose(field, item, vocabularies) for item in items] or None
    return _READERS[field.kind](raw)


def build_training(
    values: Mapping[Field, object], vocabularies: Vocabularies, training_id: str | None = None
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The training's data in the model's order, and every problem with it (none: it is valid)."""
    data: dict[str, Any] = {"id": training_id or slugify(_text(values.get(TITLE_FIELD) or ""))}
    problems: list[FieldProblem] = []
    for field in FIELDS:
        try:
            value = parse_value(field, values.get(field), vocabularies)
        except ValueProblem as error:
            problems.append(FieldProblem(field, error.message, error.hint))
            continue
        if value is None:
            if field.required:
                problems.append(FieldProblem(field, "saknas", "fyll i ett värde"))
            continue
        _put(data, field.path, value)
    problems.extend(_cost_problems(data, problems))
    _cite(data)
    id_field = ID_FIELD if training_id else TITLE_FIELD
    problems.extend(_model_problems(data, id_field, {problem.field for problem in problems}))
    return data, problems


def _cost_problems(data: dict[str, Any], problems: list[FieldProblem]) -> list[FieldProblem]:
    cost = FIELD_AT[("cost_sek",)]
    if "cost_sek" in data or "cost_note" in data or any(p.field == cost for p in problems):
        return []
    return [FieldProblem(cost, "saknas", "skriv kostnaden i kronor, eller i kostnad_info att den varierar")]


def _cite(data: dict[str, Any]) -> None:
    """The one source an editor gives, read on the day the entry was reviewed."""
    if isinstance(data.get("sources"), str):
        data["sources"] = [{"url": data["sources"], "read_on": data.get("last_reviewed")}]


def render_training(data: Mapping[str, Any]) -> str:
    """The YAML file: schema modeline, fields in the model's order, the description as a block."""
    text = yaml.dump(
        dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=4096
    )
    return f"{schema_modeline(TRAININGS, 2)}\n{text}"


def training_path(root: Path, training_id: str) -> Path:
    return root / TRAININGS / f"{training_id}{SUFFIX}"


def existing_ids(root: Path) -> set[str]:
    return {path.stem for path in (root / TRAININGS).glob(f"*{SUFFIX}")}


def write_and_check(root: Path, files: Mapping[str, str]) -> tuple[list[Path], list[Problem]]:
    """Write new training files (id -> text) and check the whole catalogue.

    Returns the written paths and the problems for the editor: every error, and the warnings
    about the new files (not other files' overdue reviews). When the check finds an error, or
    anything goes wrong on the way, every file written here is removed again: all or nothing.
    """
    written: list[Path] = []
    try:
        for training_id, text in files.items():
            path = training_path(root, training_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                written.append(path)
                handle.write(text)
        catalogue, problems = check_catalogue(root)
    except FileExistsError as error:
        _remove(written)
        raise ToolError(f"{error.filename} finns redan; inget sparades — välj ett annat id") from None
    except BaseException:
        _remove(written)
        raise
    if catalogue is None:
        _remove(written)
        return [], [problem for problem in problems if problem.severity == "error"]
    new = {path.resolve() for path in written}
    return written, [problem for problem in problems if Path(problem.path).resolve() in new]


def next_steps(paths: list[Path]) -> str:
    """What an editor does after new files are written."""
    files = " ".join(str(path) for path in paths[:3]) + (" …" if len(paths) > 3 else "")
    the_files = "filen" if len(paths) == 1 else "filerna"
    return "\n".join(
        [
            "Nästa steg:",
            f"  1. Läs igenom {the_files} och skriv beskrivningen med egna ord: {files}",
            "  2. Förhandsgranska webbplatsen: make serve (öppna http://127.0.0.1:8001)",
            "  3. Kontrollera hela katalogen igen efter dina ändringar: make check",
            f"  4. Lägg till {the_files} i git och öppna en pull request (se För redaktörer).",
        ]
    )


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


def _text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    return str(raw).strip()


def _markdown(raw: object) -> str:
    lines = _text(raw).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


def _yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    word = _text(raw).casefold()
    if word in YES | NO:
        return word in YES
    raise ValueProblem(f"ska vara ja eller nej, inte '{_text(raw)}'", "skriv ja eller nej")


def _number(raw: object) -> int | float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = float(raw)
    else:
        try:
            number = float(re.sub(r"\s", "", _text(raw)).replace(",", "."))
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        raise ValueProblem(f"ska vara ett tal, inte '{_text(raw)}'", "skriv ett tal, t.ex. 1,5")
    return int(number) if number.is_integer() else number


def _whole(raw: object) -> int:
    number = _number(raw)
    if isinstance(number, float):
        raise ValueProblem(f"ska vara ett heltal, inte '{_text(raw)}'", "skriv ett heltal, t.ex. 12")
    return number


def _date(raw: object) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = _text(raw)
    try:
        return datetime.date.fromisoformat(text.split(" ")[0])
    except ValueError:
        raise ValueProblem(f"ska vara ett datum, inte '{text}'", "skriv datumet som ÅÅÅÅ-MM-DD") from None


_READERS: dict[str, typing.Callable[[object], Any]] = {
    "text": _text,
    "markdown": _markdown,
    "yes_no": _yes_no,
    "number": _number,
    "whole": _whole,
    "date": _date,
}


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _model_problems(data: dict[str, Any], id_field: Field, reported: set[Field]) -> list[FieldProblem]:
    try:
        Training.model_validate(data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            field = _field_at(tuple(str(step) for step in detail["loc"]), id_field)
            if field not in reported:
                problems.append(FieldProblem(field, *describe(detail, Training)))
        return problems
    return []


def _field_at(location: tuple[str, ...], id_field: Field) -> Field:
    for field in FIELDS:
        common = min(len(field.path), len(location))
        if field.path[:common] == location[:common]:
            return field
    return id_field


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as a `|` block, as editors write descriptions by hand."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a date used twice (reviewed, source read) is written twice, not as &id001


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _represent_text)
