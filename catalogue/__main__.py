"""Command line: `python -m catalogue check [DIR]`, `schema`, `due [DIR]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from catalogue.dates import swedish_today
from catalogue.layout import CONTENT_DIR
from catalogue.loader import check_catalogue
from catalogue.problems import in_github_actions
from catalogue.review import review_list
from catalogue.schema_export import write_schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalogue", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validera en katalogmapp")
    check.add_argument("directory", nargs="?", type=Path, default=CONTENT_DIR)
    due = commands.add_parser("due", help="lista poster som ska granskas eller har okontrollerade uppgifter")
    due.add_argument("directory", nargs="?", type=Path, default=CONTENT_DIR)
    commands.add_parser("schema", help="skriv JSON-scheman från modellen till catalogue/schema/")
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return run_check(arguments.directory)
    if arguments.command == "due":
        return run_due(arguments.directory)
    for path in write_schemas():
        print(f"skrev {path}")
    return 0


def run_check(directory: Path) -> int:
    started = time.perf_counter()
    catalogue, problems = check_catalogue(directory)
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
    due = sum(item.due for item in items)
    print(f"{due} poster ska granskas, {len(items) - due} har okontrollerade uppgifter", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
