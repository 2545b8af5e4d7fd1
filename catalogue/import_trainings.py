"""`python -m catalogue import`: trainings from an editor's spreadsheet become training files.

    python -m catalogue import FILE.csv|FILE.xlsx [--catalogue DIR] [--dry-run]

The first row holds the Swedish column names documented in "För redaktörer" (titel, ämnen, …).
Every row is validated first and every problem reported by its row number as Excel shows it;
if any row has a problem nothing is written, and if the catalogue fails its check once the new
files are in place they are removed again: an import is all or nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from catalogue.answers import Vocabularies, load_vocabularies, slugify
from catalogue.fields import FIELDS, ID_FIELD, Field
from catalogue.layout import CONTENT_DIR
from catalogue.messages import did_you_mean
from catalogue.problems import Problem, ToolError
from catalogue.sheets import SheetUnreadable, read_grid
from catalogue.training_files import (
    build_training,
    existing_ids,
    render_training,
    training_path,
    write_and_report,
)

Row = tuple[int, list[object]]
HEADER = "(rubrikraden)"


DESCRIPTION = "Gör utbildningsfiler av ett kalkylblad (.csv eller .xlsx) med en utbildning per rad."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="kalkylbladet, .csv eller .xlsx")
    parser.add_argument(
        "--catalogue", type=Path, default=CONTENT_DIR, help="katalogmappen (standard: projektets)"
    )
    parser.add_argument("--dry-run", action="store_true", help="kontrollera bara, skriv inga filer")


def run(arguments: argparse.Namespace) -> int:
    try:
        return _run(arguments.file, arguments.catalogue, arguments.dry_run)
    except ToolError as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1


def _run(path: Path, root: Path, dry_run: bool) -> int:
    vocabularies = load_vocabularies(root)
    header_row, header, rows = read_table(path)
    columns, problems = _columns(str(path), header_row, header)
    if not rows:
        raise ToolError(f"{path} har inga rader med utbildningar under rubrikraden")
    trainings: list[tuple[int, dict[str, Any]]] = []
    if not problems:
        for number, cells in rows:
            data, row_problems = _training(str(path), number, cells, columns, vocabularies)
            problems.extend(row_problems)
            if not row_problems:
                trainings.append((number, data))
        problems.extend(_collisions(str(path), trainings, existing_ids(root), ID_FIELD in columns.values()))
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        rows_with_errors = len({problem.line for problem in problems})
        rows_text = "1 rad" if rows_with_errors == 1 else f"{rows_with_errors} rader"
        print(f"Inget importerades: {len(problems)} fel på {rows_text}.", file=sys.stderr)
        return 1
    files = {str(data["id"]): render_training(data) for _, data in trainings}
    if dry_run:
        print(f"Provkörning: {len(files)} utbildningar kan importeras; inget skrevs.")
        for training_id in files:
            print(f"  {training_path(root, training_id)}")
        return 0
    return _write(root, files)


def _write(root: Path, files: dict[str, str]) -> int:
    def done(written: list[Path]) -> str:
        return f"Importerade {len(written)} utbildningar till {root / 'trainings'}; katalogen är giltig."

    return write_and_report(root, files, done)


def read_table(path: Path) -> tuple[int, list[str], list[Row]]:
    """The header's row number, its column names, and every non-empty row below it by row number."""
    if not path.is_file():
        raise ToolError(f"{path} finns inte")
    try:
        grid = read_grid(path.read_bytes(), path.suffix)
    except SheetUnreadable as unreadable:
        raise ToolError(f"{path} {unreadable}") from None
    filled = [(number, cells) for number, cells in enumerate(grid, start=1) if any(map(_filled, cells))]
    if not filled:
        raise ToolError(f"{path} är tom")
    (header_row, header), *rows = filled
    return header_row, [str(cell or "").strip() for cell in header], rows


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def _columns(source: str, header_row: int, header: list[str]) -> tuple[dict[int, Field], list[Problem]]:
    """Which field each column holds; column names match whatever their case, spaces or å, ä, ö."""
    known = {slugify(field.column): field for field in (*FIELDS, ID_FIELD)}
    names = [field.column for field in (*FIELDS, ID_FIELD)]
    columns: dict[int, Field] = {}
    problems = []
    for index, name in enumerate(header):
        field = known.get(slugify(name))
        if field is None:
            hint = did_you_mean(name.lower(), names) or f"kolumnerna heter: {', '.join(names)}"
            problems.append(Problem(source, header_row, name or f"kolumn {index + 1}", "okänd kolumn", hint))
        elif field in columns.values():
            problems.append(Problem(source, header_row, name, "kolumnen finns två gånger", "ta bort den ena"))
        else:
            columns[index] = field
    missing = [field.column for field in FIELDS if field.required and field not in columns.values()]
    if missing:
        hint = "lägg till kolumnerna i rubrikraden (se För redaktörer)"
        problems.append(Problem(source, header_row, HEADER, f"kolumner saknas: {', '.join(missing)}", hint))
    return columns, problems


def _training(
    source: str, number: int, cells: list[object], columns: dict[int, Field], vocabularies: Vocabularies
) -> tuple[dict[str, Any], list[Problem]]:
    values = {field: cells[index] if index < len(cells) else None for index, field in columns.items()}
    chosen_id = str(values.pop(ID_FIELD, None) or "").strip() or None
    data, problems = build_training(values, vocabularies, chosen_id)
    return data, [Problem(source, number, p.field.column, p.message, p.hint) for p in problems]


def _collisions(
    source: str, trainings: list[tuple[int, dict[str, Any]]], existing: set[str], has_id_column: bool
) -> list[Problem]:
    column = ID_FIELD.column if has_id_column else FIELDS[0].column
    hint = "ändra titeln eller ange ett eget id i kolumnen id"
    problems = []
    first_row: dict[str, int] = {}
    for number, data in trainings:
        training_id = str(data["id"])
        if training_id in existing:
            message = f"id '{training_id}' finns redan i katalogen"
            problems.append(
                Problem(source, number, column, message, hint + "; ändra en befintlig i dess fil")
            )
        elif training_id in first_row:
            message = f"samma id '{training_id}' som rad {first_row[training_id]}"
            problems.append(Problem(source, number, column, message, hint))
        first_row.setdefault(training_id, number)
    return problems
