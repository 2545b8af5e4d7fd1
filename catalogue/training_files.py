"""Turning an editor's values into training files, and writing them all or nothing.

Shared by `python -m catalogue new` and `python -m catalogue import`: a training is built from the
editor's values and validated against the model and the vocabularies before anything is written,
and files are written so that a catalogue that fails its check afterwards is left exactly as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from catalogue.answers import ValueProblem, Vocabularies, as_text, parse_value, slugify
from catalogue.fields import FIELD_AT, FIELDS, ID_FIELD, TITLE_FIELD, Field
from catalogue.layout import SUFFIX, schema_modeline
from catalogue.loader import check_catalogue
from catalogue.messages import describe
from catalogue.model import Training
from catalogue.problems import Problem, ToolError

TRAININGS = "trainings"


@dataclass(frozen=True)
class FieldProblem:
    field: Field
    message: str
    hint: str


def build_training(
    values: Mapping[Field, object], vocabularies: Vocabularies, training_id: str | None = None
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The training's data in the model's order, and every problem with it (none: it is valid)."""
    data: dict[str, Any] = {"id": training_id or slugify(as_text(values.get(TITLE_FIELD) or ""))}
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
    """A training without a cost needs a note saying why (it varies, it is not known)."""
    note = FIELD_AT[("cost_note",)]
    cost_unreadable = any(problem.field == FIELD_AT[("cost_sek",)] for problem in problems)
    if "cost_sek" in data or "cost_note" in data or cost_unreadable:
        return []
    hint = (
        "skriv vad som gäller, t.ex. att kostnaden varierar mellan anordnare, eller ange kostnaden i kronor"
    )
    return [FieldProblem(note, "saknas när kostnaden är tom", hint)]


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


def write_and_report(root: Path, files: Mapping[str, str], done: Callable[[list[Path]], str]) -> int:
    """Write the files all or nothing and tell the editor how it went; the command's exit code.

    `done` says what was written; the problems, the next steps and a failure are said alike by
    every command that writes training files.
    """
    written, problems = write_and_check(root, files)
    for problem in problems:
        print(problem)
    if not written:
        lost = (
            "den nya filen, så den sparades inte" if len(files) == 1 else "de nya filerna, så inget sparades"
        )
        print(f"Katalogen får fel med {lost}. Rätta felen ovan.", file=sys.stderr)
        return 1
    print(done(written))
    print(next_steps(written))
    return 0


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
