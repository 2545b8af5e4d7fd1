"""Loading a catalogue folder into a `Catalogue`, collecting every problem on the way.

A folder is checked whole: every file is read and every problem reported in one run, so an
editor fixes a pull request in one round rather than one error at a time.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from catalogue.dates import swedish_today
from catalogue.layout import COLLECTIONS, CONTENT_DIR, SUFFIX, VOCABULARIES, collection_files
from catalogue.messages import describe, field_name
from catalogue.model import Catalogue
from catalogue.problems import Problem, Severity
from catalogue.references import check_references
from catalogue.utf8 import NotUtf8, decode
from catalogue.yaml_source import SourceFile, YamlSyntaxError

_SAVE_AS_UTF8 = (
    "spara filen som UTF-8 (i VS Code: klicka på teckenkodningen längst ned till höger och välj"
    " Spara med kodning, UTF-8)"
)


class CatalogueInvalid(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} fel i katalogen:\n" + "\n".join(map(str, errors)))
        self.problems = list(problems)


@dataclass
class Located:
    """A validated entry and where it came from, so later checks can point at its lines."""

    entry: Any
    source: SourceFile
    location: tuple[str | int, ...] = ()

    def problem(
        self, location: Sequence[str | int], message: str, hint: str, severity: Severity = "error"
    ) -> Problem:
        where = (*self.location, *location)
        line = self.source.line_of(where)
        return Problem(self.source.display, line, field_name(location), message, hint, severity)


@dataclass
class LoadState:
    root: Path
    parallel: bool = False
    problems: list[Problem] = field(default_factory=list)
    entries: dict[str, dict[str, Located]] = field(default_factory=dict)
    # Ids of entries that failed validation: already reported, so references to them are not.
    broken: dict[str, set[str]] = field(default_factory=dict)


def load_catalogue(
    root: Path = CONTENT_DIR, today: datetime.date | None = None, *, parallel: bool = False
) -> Catalogue:
    """The catalogue in `root`; raises CatalogueInvalid listing every error when it has any.
    `parallel`: see `parse_files`."""
    catalogue, problems = check_catalogue(root, today, parallel=parallel)
    if catalogue is None:
        raise CatalogueInvalid(problems)
    return catalogue


def check_catalogue(
    root: Path = CONTENT_DIR, today: datetime.date | None = None, *, parallel: bool = False
) -> tuple[Catalogue | None, list[Problem]]:
    """Every problem in the catalogue at `root`, and the catalogue itself when it has no errors."""
    state = LoadState(root, parallel)
    if not root.is_dir():
        hint = "ange en katalogmapp med topics.yml och mappen trainings/"
        return None, [Problem(str(root), 1, "(mappen)", "mappen finns inte", hint)]
    with _no_cycle_collection():
        for name, model in VOCABULARIES.items():
            state.entries[name] = _load_vocabulary(state, name, model)
        for folder, model in COLLECTIONS.items():
            state.entries[folder] = _load_collection(state, folder, model)
    references = check_references(state.entries, state.broken, today or swedish_today())
    state.problems.extend(references)
    problems = sorted(set(state.problems))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return _assemble(state.entries), problems


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the entries are read. Every entry read is kept, and
    the collector walked all of them again and again as they grew: five full collections, 0.7 s
    of a 10,000-training load, found no garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _assemble(entries: dict[str, dict[str, Located]]) -> Catalogue:
    def plain(name: str) -> dict[str, Any]:
        return {key: located.entry for key, located in entries[name].items()}

    return Catalogue(
        topics=plain("topics.yml"),
        roles=plain("roles.yml"),
        formats=plain("formats.yml"),
        providers=plain("providers.yml"),
        municipalities=plain("municipalities.yml"),
        languages=plain("languages.yml"),
        trainings=plain("trainings"),
        paths=plain("paths"),
        assessments=plain("assessments"),
    )


def _load_vocabulary(state: LoadState, name: str, model: type[BaseModel]) -> dict[str, Located]:
    path = state.root / name
    if not path.is_file():
        hint = f"lägg till {name} i katalogmappen (en lista med id och namn)"
        state.problems.append(Problem(_display(path), 1, "(filen)", "filen saknas", hint))
        return {}
    source, data = _read(state, path)
    if source is None:
        return {}
    if not isinstance(data, list):
        hint = "filen ska vara en lista där varje post börjar med '- id:'"
        state.problems.append(Problem(source.display, 1, "(filen)", "är ingen lista", hint))
        return {}
    found: dict[str, Located] = {}
    for index, item in enumerate(data):
        entry = _validate(state, source, model, item, (index,))
        if entry is None:
            _mark_broken(state, name, item)
        else:
            _add_unique(state, found, Located(entry, source, (index,)))
    return found


def _load_collection(state: LoadState, folder: str, model: type[BaseModel]) -> dict[str, Located]:
    found: dict[str, Located] = {}
    paths = [path for path in collection_files(state.root, folder) if _is_content_file(state, path)]
    for path, parsed in zip(paths, parse_files(paths, state.parallel), strict=True):
        source, data = _accept(state, parsed)
        if source is None:
            _mark_broken(state, folder, None, path.stem)
            continue
        if not isinstance(data, dict):
            hint = "filen ska bestå av fält som 'id: …' på var sin rad"
            state.problems.append(Problem(source.display, 1, "(filen)", "saknar fält", hint))
            _mark_broken(state, folder, None, path.stem)
            continue
        entry = _validate(state, source, model, data, ())
        if entry is None:
            _mark_broken(state, folder, data, path.stem)
            continue
        if entry.id != path.stem:
            hint = f"döp om filen till {entry.id}{SUFFIX} eller ändra id till {path.stem}"
            message = f"id '{entry.id}' är inte samma som filnamnet"
            state.problems.append(Problem(source.display, source.line_of(["id"]), "id", message, hint))
            _mark_broken(state, folder, data, path.stem)
            continue
        _add_unique(state, found, Located(entry, source))
    return found


def _mark_broken(state: LoadState, kind: str, data: Any, *also: str) -> None:
    broken = state.broken.setdefault(kind, set())
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        broken.add(data["id"])
    broken.update(also)


def _is_content_file(state: LoadState, path: Path) -> bool:
    if path.suffix == SUFFIX:
        return True
    hint = f"döp om filen så att den slutar på {SUFFIX}, eller ta bort den"
    state.problems.append(Problem(_display(path), 1, "(filen)", "filen läses inte", hint))
    return False


@dataclass(frozen=True)
class Parsed:
    """One file read: its source and data, or the problem that stopped the reading."""

    source: SourceFile | None
    data: Any = None
    problem: Problem | None = None


def parse_file(path: Path) -> Parsed:
    try:
        source = SourceFile(path, _display(path), decode(path.read_bytes()))
    except NotUtf8 as bad:
        where = f"tecknet '{bad.character}' på den här raden är sparat i en annan teckenkodning"
        message = f"är inte sparad som UTF-8: {where}"
        return Parsed(None, problem=Problem(_display(path), bad.line, "(filen)", message, _SAVE_AS_UTF8))
    try:
        return Parsed(source, source.parse())
    except YamlSyntaxError as error:
        problem = Problem(source.display, error.line, "(syntax)", error.message, error.hint)
        return Parsed(None, problem=problem)


# Below this many files one process parses faster than a pool can start.
PARALLEL_FROM = 400
_CHUNK = 200


def parse_files(paths: list[Path], parallel: bool = False) -> Iterator[Parsed]:
    """`parse_file` of each path, in order; with `parallel`, many files are parsed on every core.

    Only a caller that runs no threads of its own asks for that (a site build, `check`): the
    workers are forked, and a fork of a threaded process (the service, `mkdocs serve`) can inherit
    a lock some other thread held.

    libyaml's parse of 10,000 training files was 4.9 of the check's 6.0 CPU seconds here, on one
    core of two. Forked workers parse chunks of files while this process validates the ones
    already parsed, as they come and in order: the problems are the same, found in the same order.
    """
    workers = _cores()
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if not parallel or len(paths) < PARALLEL_FROM or workers < 2 or not can_fork:
        yield from map(parse_file, paths)
        return
    # The workers parse and forget: the collector stays on in them (a fork copies it paused).
    with multiprocessing.get_context("fork").Pool(workers, initializer=gc.enable) as pool:
        parsed = pool.imap(_parse_for_parent, map(str, paths), chunksize=_CHUNK)
        for path, (display, text, data, problem) in zip(paths, parsed, strict=True):
            source = None if text is None else SourceFile(path, display, text)
            yield Parsed(source, data, problem)


def _parse_for_parent(path: str) -> tuple[str, str | None, Any, Problem | None]:
    """`parse_file` in a worker, as plain values: the parent has each path already.

    Unpickling a Path parses it again: that was 4.7% of the parent's samples while it took in
    10,000 parsed trainings. Strings and tuples pickle and unpickle in C.
    """
    parsed = parse_file(Path(path))
    if parsed.source is None:
        return "", None, None, parsed.problem
    return parsed.source.display, parsed.source.text, parsed.data, None


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _read(state: LoadState, path: Path) -> tuple[SourceFile | None, Any]:
    return _accept(state, parse_file(path))


def _accept(state: LoadState, parsed: Parsed) -> tuple[SourceFile | None, Any]:
    """The file's source and data, or (None, None) with its problem noted."""
    if parsed.problem is not None:
        state.problems.append(parsed.problem)
    return parsed.source, parsed.data


def _validate(
    state: LoadState,
    source: SourceFile,
    model: type[BaseModel],
    data: Any,
    location: tuple[str | int, ...],
) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(detail["loc"])
            message, hint = describe(detail, model)
            line = source.line_of((*location, *loc))
            name = field_name(loc, whole="(posten)" if location else "(filen)")
            state.problems.append(Problem(source.display, line, name, message, hint))
        return None


def _add_unique(state: LoadState, found: dict[str, Located], located: Located) -> None:
    key = located.entry.id
    if key in found:
        hint = "varje id får bara förekomma en gång; byt id på den ena posten"
        state.problems.append(located.problem(["id"], f"id '{key}' finns redan", hint))
        return
    found[key] = located


def _display(path: Path) -> str:
    """The path as an editor knows it: relative to the working folder when it is inside it.

    `os.path.relpath` made absolute paths of both the file and the working folder for each of
    10,000 files (11 µs each, 4% of a load in one process); a folder's is worked out once.
    """
    folder, name = os.path.split(path)
    if name == os.pardir:  # a step up, which relpath takes
        relative = os.path.relpath(path)
    else:
        shown = _relative_folder(folder or os.curdir, os.getcwd())  # noqa: PTH109 - a str to cache by
        relative = name if shown == os.curdir else f"{shown}{os.sep}{name}"
    return str(path) if relative.startswith("..") else relative


@functools.lru_cache(maxsize=32)
def _relative_folder(folder: str, working_folder: str) -> str:
    return os.path.relpath(folder, working_folder)
