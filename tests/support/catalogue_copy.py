"""What tests of the editors' tools look for in their private copy of the catalogue."""

from __future__ import annotations

from pathlib import Path


def trainings_in(root: Path) -> set[str]:
    return {path.name for path in (root / "trainings").iterdir()}


def break_catalogue(root: Path) -> str:
    """Add a broken training to the catalogue; returns the line `check` reports for it."""
    path = root / "trainings" / "trasig.yml"
    path.write_text("id: trasig\ntitle: Trasig\n", encoding="utf-8")
    return f"{path}:1: summary: fältet saknas"
