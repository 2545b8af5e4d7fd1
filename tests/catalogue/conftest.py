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
