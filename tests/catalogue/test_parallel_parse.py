"""A big catalogue is parsed by worker processes: what the check finds must not depend on it."""

from __future__ import annotations

import gc
import multiprocessing
import random
from pathlib import Path

import pytest

import catalogue.loader
from catalogue import Catalogue, check_catalogue
from catalogue.problems import Problem
from scripts.generate_catalogue import generate


def checked(
    root: Path, monkeypatch: pytest.MonkeyPatch, parallel_from: int
) -> tuple[Catalogue | None, list[Problem]]:
    """The check with workers from `parallel_from` files on (two, even on a one-core machine)."""
    monkeypatch.setattr(catalogue.loader, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(catalogue.loader, "_cores", lambda: 2)
    return check_catalogue(root, parallel=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    generate(root, 60, random.Random(9))
    return root


def test_workers_read_the_same_catalogue_as_one_process(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone, pooled = checked(generated, monkeypatch, 10**9), checked(generated, monkeypatch, 1)
    assert alone == pooled
    assert alone[0] is not None and len(alone[0].trainings) == 60


def test_a_caller_that_does_not_ask_forks_no_workers(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service reloads its catalogue beside its writer and reader threads: a fork there could
    inherit a lock another thread held, so only a build or `check` asks for workers."""

    def no_fork(method: str) -> None:
        raise AssertionError(f"a {method} pool was started")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    monkeypatch.setattr(catalogue.loader, "PARALLEL_FROM", 1)
    monkeypatch.setattr(catalogue.loader, "_cores", lambda: 2)
    found, _ = check_catalogue(generated)
    assert found is not None and len(found.trainings) == 60


def test_workers_report_every_broken_file_with_its_line_in_order(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "katalog"
    root.mkdir()
    for path in generated.rglob("*"):
        target = root / path.relative_to(generated)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    trainings = sorted((root / "trainings").glob("*.yml"))
    trainings[3].write_text("id: x\ntitle: [oavslutad\n", encoding="utf-8")
    trainings[20].write_bytes(trainings[20].read_bytes() + "\nsummary: caf\u00e9\n".encode("latin-1"))
    text = trainings[40].read_text(encoding="utf-8")
    trainings[40].write_text(text.replace("duration_hours:", "duration_hours: -1\nx_duration:", 1))
    alone, pooled = checked(root, monkeypatch, 10**9), checked(root, monkeypatch, 1)
    assert pooled == alone
    catalogue_found, problems = pooled
    assert catalogue_found is None
    broken = {Path(p.path).name for p in problems if p.severity == "error"}
    assert {trainings[3].name, trainings[20].name, trainings[40].name} <= broken


def test_the_cycle_collector_is_on_again_after_a_load(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load pauses Python's cycle collector (catalogue.loader): a service that loads the
    catalogue must not be left without it, even when the catalogue has errors."""
    checked(generated, monkeypatch, 1)
    assert gc.isenabled()
    (broken := generated.parent / "broken").mkdir()
    (broken / "topics.yml").write_text("- id: [\n", encoding="utf-8")
    catalogue, problems = check_catalogue(broken)
    assert catalogue is None and problems
    assert gc.isenabled()
