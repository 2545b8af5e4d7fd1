"""`python -m catalogue new`: scaffold a new training file, valid from the start.

    python -m catalogue new --title "…" --provider socialstyrelsen … [--catalogue DIR]

Every value can be given as a flag; run in a terminal, the command asks for the ones not given
(never when input is not a terminal: then missing flags are an error listing them). The values
are checked against the model and the vocabularies before anything is written, an existing file
is never overwritten, and the whole catalogue is checked once the file is in place.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from catalogue.answers import ValueProblem, Vocabularies, choices_text, load_vocabularies, parse_value
from catalogue.dates import swedish_today
from catalogue.fields import FIELDS, ID_FIELD, TITLE_FIELD, Field
from catalogue.layout import CONTENT_DIR
from catalogue.problems import ToolError
from catalogue.training_files import (
    FieldProblem,
    build_training,
    next_steps,
    render_training,
    training_path,
    write_and_check,
)

Ask = Callable[[str], str]
FIELD_NAMED = {field.name: field for field in FIELDS}
END_OF_TEXT = "."


DESCRIPTION = "Skapar en ny utbildningsfil i katalogen. Värden som saknas frågar kommandot efter."
EPILOG = "Listor skrivs med komma: --topics demens,vardegrund. Ja/nej-frågor: --certificate ja."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for field in FIELDS:
        parser.add_argument(field.flag, dest=field.name, metavar=field.column.upper(), help=field.question)
    parser.add_argument("--id", help="Id och filnamn (annars bildas det av titeln)")
    parser.add_argument(
        "--catalogue", type=Path, default=CONTENT_DIR, help="Katalogmappen (standard: projektets egen)"
    )


def run(arguments: argparse.Namespace, ask: Ask | None = None) -> int:
    """Run the command; `ask` reads one answer (default: the terminal's input, if there is one)."""
    if ask is None and sys.stdin.isatty():
        ask = input
    try:
        return _run(arguments, ask)
    except ToolError as error:
        print(f"Fel: {error}", file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print("\nAvbrutet; ingen fil skrevs.", file=sys.stderr)
    return 1


def _defaults() -> dict[Field, str]:
    return {FIELD_NAMED["languages"]: "sv", FIELD_NAMED["last_reviewed"]: swedish_today().isoformat()}


def _run(arguments: argparse.Namespace, ask: Ask | None) -> int:
    root: Path = arguments.catalogue
    vocabularies = load_vocabularies(root)
    given = {field: getattr(arguments, field.name) for field in FIELDS}
    values: dict[Field, object] = {field: value for field, value in given.items() if value is not None}
    if ask is None:
        missing = [f.flag for f in FIELDS if f.required and f not in values and f not in _defaults()]
        if missing:
            print(f"Fel: värden saknas för {', '.join(missing)}", file=sys.stderr)
            print(
                "Ange dem som flaggor (se --help), eller kör kommandot i en terminal så frågar det.",
                file=sys.stderr,
            )
            return 2
        values = {**_defaults(), **values}
    else:
        for field in FIELDS:
            if field not in values:
                values[field] = _ask_field(field, _defaults().get(field, ""), vocabularies, ask)
    return _build_and_write(root, values, vocabularies, arguments.id, ask)


def _build_and_write(
    root: Path,
    values: dict[Field, object],
    vocabularies: Vocabularies,
    training_id: str | None,
    ask: Ask | None,
) -> int:
    data, problems = _checked(root, values, vocabularies, training_id)
    while problems and ask is not None and all(problem.field in FIELDS for problem in problems):
        for problem in problems:
            print(f"{problem.field.flag}: {problem.message} — {problem.hint}")
            values[problem.field] = _ask_field(problem.field, "", vocabularies, ask)
        data, problems = _checked(root, values, vocabularies, training_id)
    if problems:
        for problem in problems:
            print(f"{problem.field.flag}: {problem.message} — {problem.hint}", file=sys.stderr)
        print("Ingen fil skrevs.", file=sys.stderr)
        return 1
    return _write(root, data)


def _checked(
    root: Path, values: dict[Field, object], vocabularies: Vocabularies, training_id: str | None
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The training and its problems, a file that already has its id included: never overwritten."""
    data, problems = build_training(values, vocabularies, training_id)
    path = training_path(root, str(data["id"]))
    if not problems and path.exists():
        field = ID_FIELD if training_id else TITLE_FIELD
        problems = [
            FieldProblem(field, f"{path} finns redan", "välj en annan titel eller ange ett eget --id")
        ]
    return data, problems


def _write(root: Path, data: Mapping[str, object]) -> int:
    training_id = str(data["id"])
    written, problems = write_and_check(root, {training_id: render_training(data)})
    for problem in problems:
        print(problem)
    if not written:
        print("Katalogen har fel med den nya filen, så den sparades inte. Rätta felen ovan.", file=sys.stderr)
        return 1
    print(f"Skrev {written[0]}; katalogen är giltig med den nya filen.")
    print(next_steps(written))
    return 0


def _ask_field(field: Field, default: str, vocabularies: Vocabularies, ask: Ask) -> str:
    """Ask until the answer can be read; the whole training is validated once all are in."""
    if field.vocabulary:
        several = " (flera skrivs med komma)" if field.kind == "choices" else ""
        print(f"  Välj bland{several}: {choices_text(field, vocabularies)}")
    while True:
        answer = _read_answer(field, default, ask) or default
        try:
            value = parse_value(field, answer, vocabularies)
        except ValueProblem as error:
            print(f"  {error.message} — {error.short_hint}")
            continue
        if value is not None or not field.required:
            return answer
        print("  Det här fältet behövs.")


def _read_answer(field: Field, default: str, ask: Ask) -> str:
    if field.kind != "markdown":
        shown = f" [{default}]" if default else ""
        return ask(f"{field.question}{shown}: ").strip()
    print(
        f"{field.question}. Skriv en eller flera rader; avsluta med en rad med bara en punkt ({END_OF_TEXT})."
    )
    lines = []
    while (line := ask("  ")).strip() != END_OF_TEXT:
        lines.append(line)
    return "\n".join(lines).strip()
