"""Problems name a file as the editor knows it: the same name whether worked out per file or per folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalogue.loader import _display


def relative_or_whole(path: Path) -> str:
    """What an editor was always shown: the path from the working folder, if the file is inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


@pytest.mark.parametrize(
    "where",
    [
        "katalog/trainings/a.yml",
        "katalog/topics.yml",
        "topics.yml",
        "./katalog/./trainings/b.yml",
        "katalog/../katalog/trainings/c.yml",
        "../utanför/trainings/d.yml",
        "..utbildning.yml",
        "katalog/..dold.yml",
        "katalog/trainings/..",
        "/",
    ],
)
@pytest.mark.parametrize("absolute", [False, True])
def test_a_file_is_shown_relative_to_the_working_folder_when_inside_it(
    where: str, absolute: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    working = tmp_path / "arbete"
    working.mkdir()
    monkeypatch.chdir(working)
    path = (working / where) if absolute else Path(where)
    assert _display(path) == relative_or_whole(path)


def test_the_working_folder_may_change_between_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "katalog" / "trainings" / "a.yml"
    for working in (tmp_path, tmp_path / "katalog", tmp_path / "annan"):
        working.mkdir(exist_ok=True)
        monkeypatch.chdir(working)
        assert _display(path) == relative_or_whole(path)
