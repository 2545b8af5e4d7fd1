"""`python -m catalogue new`: scaffold a new training file, valid from the start.

    python -m catalogue new --title "…" --provider socialstyrelsen … [--catalogue DIR]

Every value can be given as a flag; run in a terminal, the command asks for the ones not given
(never when input is not a terminal: then missing flags are an error listing them). The values
are checked against the model and the vocabularies before anything is written, an existing file
is never overwritten, and the whole catalogue is checked once the file is in place.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from catalogue.answers import ValueProblem, Vocabularies, choices_text, load_vocabularies, parse_value
from catalogue.dates import swedish_today
from catalogue.fields import FIELDS, TITLE_FIELD, Field
from catalogue.layout import CONTENT_DIR
from catalogue.problems import ToolError
from catalogue.training_files import build_training, render_training, training_path, write_and_report

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


@dataclass
class _Answers:
    """The values given so far, and what it takes to check the next one the moment it is given."""

    root: Path
    vocabularies: Vocabularies
    training_id: str | None
    values: dict[Field, object] = dataclasses.field(default_factory=dict)

    def problem(self, field: Field, answer: object) -> ValueProblem | None:
        """What is wrong with one answer, given the answers before it; None when it can be used."""
        try:
            parse_value(field, answer, self.vocabularies)
        except ValueProblem as error:
            return error
        data, problems = build_training({**self.values, field: answer}, self.vocabularies, self.training_id)
        mine = next((problem for problem in problems if problem.field == field), None)
        if mine is not None:
            return ValueProblem(mine.message, mine.hint)
        path = training_path(self.root, str(data["id"]))
        if field == TITLE_FIELD and self.training_id is None and path.exists():
            return ValueProblem(
                f"{path} finns redan", "skriv en annan titel, eller ange ett eget id med --id"
            )
        return None


def _run(arguments: argparse.Namespace, ask: Ask | None) -> int:
    root: Path = arguments.catalogue
    if arguments.id and training_path(root, arguments.id).exists():
        raise ToolError(f"--id: {training_path(root, arguments.id)} finns redan — välj ett annat id")
    answers = _Answers(root, load_vocabularies(root), arguments.id)
    given = {field: getattr(arguments, field.name) for field in FIELDS if getattr(arguments, field.name)}
    if ask is None:
        return _from_flags(answers, given)
    for field in FIELDS:
        answers.values[field] = _given_or_asked(field, given, answers, ask)
    return _write(answers)


def _from_flags(answers: _Answers, given: dict[Field, str]) -> int:
    """Without a terminal: every value from its flag, and every problem named by its flag."""
    missing = [f.flag for f in FIELDS if f.required and f not in given and f not in _defaults()]
    if missing:
        print(f"Fel: värden saknas för {', '.join(missing)}", file=sys.stderr)
        print(
            "Ange dem som flaggor (se --help), eller kör kommandot i en terminal så frågar det.",
            file=sys.stderr,
        )
        return 2
    problems = []
    for field in FIELDS:
        value = given.get(field, _defaults().get(field))
        problem = answers.problem(field, value)
        if problem is not None:
            problems.append(f"{field.flag}: {problem.message} — {problem.hint}")
        answers.values[field] = value
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print("Ingen fil skrevs.", file=sys.stderr)
        return 1
    return _write(answers)


def _given_or_asked(field: Field, given: dict[Field, str], answers: _Answers, ask: Ask) -> object:
    """The flag's value when it can be used; otherwise the answer to the field's question."""
    if field in given:
        problem = answers.problem(field, given[field])
        if problem is None:
            return given[field]
        print(f"{field.flag}: {problem.message} — {problem.short_hint}")
    return _ask_field(field, _defaults().get(field, ""), answers, ask)


def _write(answers: _Answers) -> int:
    data, problems = build_training(answers.values, answers.vocabularies, answers.training_id)
    if problems:  # each answer was checked as it came; this is the whole training's last check
        for problem in problems:
            print(f"{problem.field.question}: {problem.message} — {problem.hint}", file=sys.stderr)
        print("Ingen fil skrevs.", file=sys.stderr)
        return 1
    files = {str(data["id"]): render_training(data)}
    return write_and_report(answers.root, files, lambda written: f"Skrev {written[0]}; katalogen är giltig.")


def _ask_field(field: Field, default: str, answers: _Answers, ask: Ask) -> str:
    """Ask until the answer can be used: each is checked against the model as it is given."""
    if field.vocabulary:
        several = " (flera skrivs med komma)" if field.kind == "choices" else ""
        print(f"  Välj bland{several}: {choices_text(field, answers.vocabularies)}")
    while True:
        answer = _read_answer(field, default, ask) or default
        problem = answers.problem(field, answer)
        if problem is None:
            return answer
        print(f"  {problem.message} — {problem.short_hint}")


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
