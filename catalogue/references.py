"""Checks across fields and files: every reference resolves, nothing points at an archived
training, every fact has a source, and what is mandatory is said in one place only."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalogue.messages import did_you_mean
from catalogue.model import REVIEW_INTERVAL_MONTHS, Assessment, LearningPath, Training, same_page
from catalogue.problems import Problem

if TYPE_CHECKING:
    from catalogue.loader import Located

Entries = dict[str, dict[str, "Located"]]

# Which vocabulary file each kind of reference points into, and what editors call it.
_VOCABULARY_OF = {
    "provider": ("providers.yml", "okänd anordnare"),
    "topics": ("topics.yml", "okänt ämne"),
    "roles": ("roles.yml", "okänd roll"),
    "format": ("formats.yml", "okänt format"),
    "languages": ("languages.yml", "okänt språk"),
    "municipalities": ("municipalities.yml", "okänd kommun"),
}


@dataclass(frozen=True)
class _Context:
    entries: Entries
    # Per vocabulary file or folder, ids of entries that failed validation: their own problems
    # are reported already, so references to them are not reported again.
    broken: dict[str, set[str]]

    def exists(self, kind: str, key: str) -> bool:
        return key in self.entries[kind] or key in self.broken.get(kind, set())


def check_references(entries: Entries, broken: dict[str, set[str]], today: datetime.date) -> list[Problem]:
    """Problems with references between entries, and with review dates."""
    context = _Context(entries, broken)
    problems: list[Problem] = []
    for located in entries["trainings"].values():
        problems.extend(_training_problems(located, context, today))
    for located in entries["paths"].values():
        problems.extend(_path_problems(located, context))
    problems.extend(_introduction_problems(entries["paths"], context))
    for located in entries["assessments"].values():
        problems.extend(_assessment_problems(located, context))
    return problems


def _unknown(
    located: Located, context: _Context, kind: str, ids: Iterable[tuple[tuple[str | int, ...], str]]
) -> Iterator[Problem]:
    vocabulary_file, unknown = _VOCABULARY_OF[kind]
    for location, value in ids:
        if context.exists(vocabulary_file, value):
            continue
        suggestion = did_you_mean(value, context.entries[vocabulary_file])
        hint = suggestion or f"välj ett id ur {vocabulary_file} eller lägg till det där"
        yield located.problem(location, f"{unknown} '{value}'", hint)


def _listed(
    name: str, values: Iterable[str], prefix: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], str]]:
    return [((*prefix, name, index), value) for index, value in enumerate(values)]


def _training_problems(located: Located, context: _Context, today: datetime.date) -> Iterator[Problem]:
    training: Training = located.entry
    yield from _unknown(located, context, "provider", [(("provider",), training.provider)])
    yield from _unknown(located, context, "format", [(("format",), training.format)])
    for name in ("topics", "roles", "languages", "municipalities"):
        yield from _unknown(located, context, name, _listed(name, getattr(training, name)))
    sessions = [(("sessions", i, "municipality"), s.municipality) for i, s in enumerate(training.sessions)]
    yield from _unknown(located, context, "municipalities", [(loc, m) for loc, m in sessions if m])
    for index, session in enumerate(training.sessions):
        if session.end <= session.start:
            hint = "sluttiden ska vara senare än starttiden"
            yield located.problem(("sessions", index, "end"), "slutar innan det börjar", hint)
    yield from _review_problems(located, today)
    yield from _fact_problems(located, context, today)
    yield from _availability_problems(located, today)


def _availability_problems(located: Located, today: datetime.date) -> Iterator[Problem]:
    """A training whose last day has passed is still offered by the site until an editor archives
    it: said as a warning, so that the day passing does not stop every other change."""
    training: Training = located.entry
    if training.status == "active" and past_last_day(training, today):
        message = f"gick att göra till och med {training.available_until}"
        hint = "arkivera posten (status: archived) och ta bort den ur utbildningsvägarna"
        yield located.problem(("available_until",), message, hint, "warning")


# "obligatorisk", "obligatoriskt", "obligatoriska": who must take a training is said by the paths.
_MANDATORY_WORD = re.compile(r"\bobligatorisk", re.IGNORECASE)


def _fact_problems(located: Located, context: _Context, today: datetime.date) -> Iterator[Problem]:
    """Cost, signup and sources: what a reader acts on must be known, or say plainly that it is not."""
    training: Training = located.entry
    if training.cost_sek is None and training.cost_note is None:
        hint = "skriv cost_sek i kronor (0 = gratis), eller cost_note om kostnaden varierar eller är okänd"
        yield located.problem(("cost_sek",), "kostnaden saknas", hint)
    active = training.status == "active"
    if active and training.signup.note is None and _links_to_start_page(training, context):
        hint = "länka till utbildningens egen sida, eller skriv i signup.note hur man hittar den där"
        yield located.problem(("url",), "går till anordnarens startsida", hint)
    for name in ("title", "summary", "description"):
        if _MANDATORY_WORD.search(getattr(training, name)):
            hint = "ta bort det: vilka som måste gå den står i utbildningsvägarna och visas på sidan därifrån"
            yield located.problem((name,), "säger att utbildningen är obligatorisk", hint)
    if active and not training.sources:
        hint = "lägg till sources med sidan där uppgifterna står (url) och dagen du läste den (read_on)"
        yield located.problem(("sources",), "ingen källa", hint)
    for index, source in enumerate(training.sources):
        if source.read_on > today:
            hint = "skriv dagen då sidan faktiskt lästes"
            yield located.problem(("sources", index, "read_on"), f"{source.read_on} ligger i framtiden", hint)


def _links_to_start_page(training: Training, context: _Context) -> bool:
    provider = context.entries["providers.yml"].get(training.provider)
    return provider is not None and same_page(str(training.url), str(provider.entry.url))


def _review_problems(located: Located, today: datetime.date) -> Iterator[Problem]:
    reviewed = located.entry.last_reviewed
    if reviewed > today:
        hint = "skriv det datum då posten faktiskt granskades"
        yield located.problem(("last_reviewed",), f"{reviewed} ligger i framtiden", hint)
    elif review_due(reviewed, today):
        hint = "granska uppgifterna hos anordnaren och uppdatera last_reviewed"
        message = f"granskades senast {reviewed}, för mer än {REVIEW_INTERVAL_MONTHS} månader sedan"
        yield located.problem(("last_reviewed",), message, hint, "warning")


def past_last_day(training: Training, today: datetime.date) -> bool:
    """Whether the provider's last day for the training (available_until) has passed."""
    return training.available_until is not None and training.available_until < today


def review_due(reviewed: datetime.date, today: datetime.date) -> bool:
    months = (today.year - reviewed.year) * 12 + today.month - reviewed.month
    return months > REVIEW_INTERVAL_MONTHS or (months == REVIEW_INTERVAL_MONTHS and today.day > reviewed.day)


def _path_problems(located: Located, context: _Context) -> Iterator[Problem]:
    path: LearningPath = located.entry
    yield from _unknown(located, context, "roles", _listed("roles", path.roles))
    seen: set[str] = set()
    for index, step in enumerate(path.steps):
        where = ("steps", index)
        yield from _step_training_problems(located, context, index, step.training, seen)
        for name in ("mandatory_for", "recommended_for"):
            for position, role in enumerate(getattr(step, name)):
                if role not in path.roles:
                    hint = f"lägg till '{role}' under roles i vägen, eller ta bort den här"
                    message = f"rollen '{role}' ingår inte i vägen"
                    yield located.problem((*where, name, position), message, hint)
        for role in set(step.mandatory_for) & set(step.recommended_for):
            hint = "en roll är antingen obligatorisk eller rekommenderad för ett steg"
            yield located.problem((*where, "recommended_for"), f"'{role}' står under båda", hint)


def _introduction_problems(paths: dict[str, Located], context: _Context) -> Iterator[Problem]:
    introductions = [located for located in paths.values() if located.entry.introduction]
    for located in introductions[1:]:
        hint = f"bara en lärväg kan vara introduktionen; den är redan '{introductions[0].entry.id}'"
        yield located.problem(("introduction",), "en introduktion finns redan", hint)
    for located in introductions[:1]:
        yield from _unreachable_mandatory_steps(located, context)


def _unreachable_mandatory_steps(located: Located, context: _Context) -> Iterator[Problem]:
    """A new hire must be able to sign up for every mandatory step: by its own link or her manager."""
    for index, step in enumerate(located.entry.steps):
        training_entry = context.entries["trainings"].get(step.training)
        if not step.mandatory_for or training_entry is None:
            continue
        training: Training = training_entry.entry
        if training.signup.kind != "manager" and _links_to_start_page(training, context):
            hint = f"länka '{training.id}' till utbildningens egen sida, eller ge den signup.kind: manager"
            message = "obligatoriskt steg utan länk till utbildningen eller anmälan via chefen"
            yield located.problem(("steps", index, "training"), message, hint)


def _step_training_problems(
    located: Located, context: _Context, index: int, training_id: str, seen: set[str]
) -> Iterator[Problem]:
    where = ("steps", index, "training")
    training = context.entries["trainings"].get(training_id)
    if not context.exists("trainings", training_id):
        hint = did_you_mean(training_id, context.entries["trainings"]) or "ange id för en fil i trainings/"
        yield located.problem(where, f"okänd utbildning '{training_id}'", hint)
    elif training is not None and training.entry.status == "archived":
        hint = "ta bort steget eller byt till en aktiv utbildning"
        yield located.problem(where, f"utbildningen '{training_id}' är arkiverad", hint)
    if training_id in seen:
        yield located.problem(where, f"'{training_id}' står redan i vägen", "ta bort dubbletten")
    seen.add(training_id)


def _assessment_problems(located: Located, context: _Context) -> Iterator[Problem]:
    assessment: Assessment = located.entry
    values = [level.value for level in assessment.scale]
    if sorted(values) != [1, 2, 3, 4]:
        hint = "skalan ska ha nivåerna 1, 2, 3 och 4, en gång var"
        yield located.problem(("scale",), f"har nivåerna {values}", hint)
    area_ids: set[str] = set()
    statement_ids: set[str] = set()
    for index, area in enumerate(assessment.areas):
        yield from _unknown(located, context, "topics", _listed("topics", area.topics, ("areas", index)))
        yield from _duplicate(located, ("areas", index, "id"), area.id, area_ids)
        for position, statement in enumerate(area.statements):
            where = ("areas", index, "statements", position, "id")
            yield from _duplicate(located, where, statement.id, statement_ids)


def _duplicate(located: Located, where: tuple[str | int, ...], key: str, seen: set[str]) -> Iterator[Problem]:
    if key in seen:
        yield located.problem(where, f"id '{key}' finns redan", "ge varje post ett eget id")
    seen.add(key)
