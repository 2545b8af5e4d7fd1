"""The synthetic catalogue used by benchmarks is valid and has the size asked for."""

from pathlib import Path

from catalogue import load_catalogue
from scripts.generate_catalogue import main


def test_generated_catalogue_is_valid_and_deterministic(tmp_path: Path) -> None:
    assert main(["--courses", "300", "--out", str(tmp_path / "a")]) == 0
    assert main(["--courses", "300", "--out", str(tmp_path / "b")]) == 0
    catalogue = load_catalogue(tmp_path / "a")
    assert len(catalogue.trainings) == 300
    assert {t.format for t in catalogue.trainings.values()} == set(catalogue.formats)
    assert catalogue.paths and all(
        t.status == "active"
        for p in catalogue.paths.values()
        for t in (catalogue.trainings[s.training] for s in p.steps)
    )
    first = (tmp_path / "a" / "trainings" / "utbildning-00042.yml").read_text(encoding="utf-8")
    assert first == (tmp_path / "b" / "trainings" / "utbildning-00042.yml").read_text(encoding="utf-8")
