"""The JSON Schemas editors' tools validate content files against while they type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalogue.layout import COLLECTIONS, SCHEMA_DIR, VOCABULARIES, schema_name


def schemas() -> dict[str, str]:
    """File name -> JSON text of every schema, generated from the model."""
    documents: dict[str, dict[str, Any]] = {}
    for folder, model in COLLECTIONS.items():
        documents[schema_name(folder)] = model.model_json_schema()
    for name, model in VOCABULARIES.items():
        documents[schema_name(name)] = {"type": "array", "items": model.model_json_schema()}
    return {name: _dump(schema) for name, schema in documents.items()}


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of committed schema files that differ from what the model generates."""
    return [
        name
        for name, text in schemas().items()
        if not (directory / name).is_file() or (directory / name).read_text("utf-8") != text
    ]


def _dump(schema: dict[str, Any]) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
