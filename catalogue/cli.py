"""The editors' commands, one entry: `python -m catalogue check|due|schema|new|import`.

Exit codes, which CI and scripts rely on: 0 when all went well; 1 when the catalogue has errors or
a command stopped without writing anything; 2 for a command line that cannot be used (argparse's
own code, and `new` without a terminal when values are missing).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from catalogue import import_trainings, new_training
from catalogue.dates import swedish_today
from catalogue.layout import CONTENT_DIR
from catalogue.loader import check_catalogue
from catalogue.new_training import Ask
from catalogue.problems import in_github_actions
from catalogue.review import review_list
from catalogue.schema_export import write_schemas


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m catalogue", description="Redaktörernas kommandon.")
    commands = top.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    check = commands.add_parser("check", help="validera en katalogmapp")
    check.add_argument("directory", nargs="?", type=Path, default=CONTENT_DIR)
    due = commands.add_parser("due", help="lista poster som ska granskas eller har okontrollerade uppgifter")
    due.add_argument("directory", nargs="?", type=Path, default=CONTENT_DIR)
    commands.add_parser("schema", help="skriv JSON-scheman från modellen till catalogue/schema/")
    new = commands.add_parser(
        "new",
        help="skapa en ny utbildningsfil",
        description=new_training.DESCRIPTION,
        epilog=new_training.EPILOG,
    )
    new_training.add_arguments(new)
    sheet = commands.add_parser(
        "import", help="gör utbildningsfiler av ett kalkylblad", description=import_trainings.DESCRIPTION
    )
    import_trainings.add_arguments(sheet)
    return top


def main(argv: list[str] | None = None, ask: Ask | None = None) -> int:
    """Run one command; `ask` reads one answer for `new` (default: the terminal, when there is one)."""
    arguments = parser().parse_args(argv)
    if arguments.command == "check":
        return run_check(arguments.directory)
    if arguments.command == "due":
        return run_due(arguments.directory)
    if arguments.command == "new":
        return new_training.run(arguments, ask)
    if arguments.command == "import":
        return import_trainings.run(arguments)
    for path in write_schemas():
        print(f"skrev {path}")
    return 0


def run_check(directory: Path) -> int:
    started = time.perf_counter()
    catalogue, problems = check_catalogue(directory, parallel=True)
    for problem in problems:
        print(problem)
        if in_github_actions():
            print(problem.github_annotation())
    sys.stdout.flush()  # problems first, then the summary, even when both go to one terminal
    errors = sum(problem.severity == "error" for problem in problems)
    elapsed = time.perf_counter() - started
    if catalogue is None:
        print(f"{errors} fel, {len(problems) - errors} varningar ({elapsed:.1f} s)", file=sys.stderr)
        return 1
    summary = f"{len(catalogue.trainings)} utbildningar, {len(problems)} varningar"
    print(f"Katalogen är giltig: {summary} ({elapsed:.1f} s)", file=sys.stderr)
    return 0


def run_due(directory: Path) -> int:
    catalogue, _ = check_catalogue(directory)
    if catalogue is None:
        print("Katalogen har fel; kör först: python -m catalogue check", file=sys.stderr)
        return 1
    items = review_list(catalogue, swedish_today())
    for item in items:
        training = item.training
        print(f"{training.last_reviewed}  {training.id}  ({training.owner})")
        for reason in item.reasons():
            print(f"    {reason}")
    ended = sum(item.ended for item in items)
    due = sum(item.due and not item.ended for item in items)
    summary = f"{due} poster ska granskas, {len(items) - ended - due} har okontrollerade uppgifter"
    print(f"{ended} ska arkiveras, {summary}" if ended else summary, file=sys.stderr)
    return 0
