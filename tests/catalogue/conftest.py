"""A private copy of the project's catalogue for each test, so the editors' commands can write into it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalogue.layout import CONTENT_DIR


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    root = tmp_path / "katalog"
    shutil.copytree(CONTENT_DIR, root)
    return root


def trainings_in(root: Path) -> set[str]:
    return {path.name for path in (root / "trainings").iterdir()}


def break_catalogue(root: Path) -> str:
    """Add a broken training to the catalogue; returns the line `check` reports for it."""
    path = root / "trainings" / "trasig.yml"
    path.write_text("id: trasig\ntitle: Trasig\n", encoding="utf-8")
    return f"{path}:1: summary: fältet saknas"
