"""Where things live in a catalogue folder.

Every catalogue folder has this layout: the project's own content, what
`scripts/generate_catalogue.py --out` writes, what `python -m catalogue check` reads and what the
site build reads from CATALOGUE_DIR.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from catalogue.model import (
    Assessment,
    Format,
    Language,
    LearningPath,
    Municipality,
    Provider,
    Role,
    Topic,
    Training,
)

CONTENT_DIR = Path(__file__).parent / "content"
SCHEMA_DIR = Path(__file__).parent / "schema"
SUFFIX = ".yml"

# File name -> the model of each entry in that file (a YAML list of entries).
VOCABULARIES: dict[str, type[BaseModel]] = {
    "topics.yml": Topic,
    "roles.yml": Role,
    "formats.yml": Format,
    "providers.yml": Provider,
    "municipalities.yml": Municipality,
    "languages.yml": Language,
}
# Folder -> the model of each file in it (one entry per file, file name = id).
COLLECTIONS: dict[str, type[BaseModel]] = {
    "trainings": Training,
    "paths": LearningPath,
    "assessments": Assessment,
}


def collection_files(root: Path, folder: str) -> list[Path]:
    """The files in one collection folder, in a stable order; hidden files (.DS_Store …) left out."""
    directory = root / folder
    if not directory.is_dir():
        return []
    return [p for p in sorted(directory.iterdir()) if p.is_file() and not p.name.startswith(".")]


def content_files(root: Path) -> list[Path]:
    """Every file the loader reads (or reports) in a catalogue folder, in a stable order."""
    files = [root / name for name in VOCABULARIES if (root / name).is_file()]
    for folder in COLLECTIONS:
        files.extend(collection_files(root, folder))
    return files


def schema_name(name: str) -> str:
    """The schema file for a vocabulary file or collection folder: topics.yml -> topics.schema.json."""
    return f"{name.removesuffix(SUFFIX)}.schema.json"


def schema_modeline(name: str, depth: int) -> str:
    """The first line of a content file, pointing yaml-language-server at its schema."""
    relative = "../" * depth + "schema/" + schema_name(name)
    return f"# yaml-language-server: $schema={relative}"
