"""MkDocs adapter: adds the catalogue's generated pages to the build and indexes the built site.

The pages themselves come from `site_pages`, `site_data` and `site_macros`, which know nothing
of MkDocs; this module is the only one that does.
"""

from __future__ import annotations

import datetime
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# MkDocs runs from its own script folder; the project root holds the catalogue package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402

from catalogue import Catalogue, CatalogueInvalid, load_catalogue  # noqa: E402
from catalogue.layout import CONTENT_DIR  # noqa: E402
from site_data import CATALOGUE_CSV, FINDER_DATA, catalogue_csv, finder_data  # noqa: E402
from site_macros import macros  # noqa: E402
from site_pages import site_pages  # noqa: E402

log = logging.getLogger("mkdocs.hooks.catalogue")
EDITORS_GUIDE = "redaktorer.md"
_loaded: dict[str, Catalogue] = {}


def catalogue_dir() -> Path:
    return Path(os.environ.get("CATALOGUE_DIR") or CONTENT_DIR)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    directory = catalogue_dir()
    try:
        catalogue = load_catalogue(directory)
    except CatalogueInvalid as error:
        lines = "\n".join(str(p) for p in error.problems if p.severity == "error")
        raise PluginError(f"Katalogen i {directory} har fel; rätta dem och bygg igen:\n{lines}") from None
    _loaded["catalogue"] = catalogue
    plugin: Any = config.plugins["macros"]
    plugin.register_macros(macros(catalogue, datetime.date.today()))
    has_guide = (Path(config.docs_dir) / EDITORS_GUIDE).is_file()
    plugin.register_variables({"has_editors_guide": has_guide})
    if not has_guide and config.nav:
        log.info("%s finns inte ännu; sidan lämnas utanför menyn", EDITORS_GUIDE)
        config.nav = [item for item in config.nav if EDITORS_GUIDE not in _nav_targets(item)]
    return config


def _nav_targets(item: object) -> list[object]:
    return list(item.values()) if isinstance(item, dict) else [item]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalogue = _loaded["catalogue"]
    generated: dict[str, str] = {
        **site_pages(catalogue),
        FINDER_DATA: finder_data(catalogue),
        CATALOGUE_CSV: catalogue_csv(catalogue),
    }
    for src_uri, content in generated.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} krockar med en genererad sida; byt namn på filen i docs/")
        inclusion = InclusionLevel.NOT_IN_NAV if src_uri.endswith(".md") else InclusionLevel.UNDEFINED
        files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    """Pagefind indexes the built site, so a plain `mkdocs build` includes the search index."""
    command = [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"Pagefind kunde inte indexera {config.site_dir}:\n{result.stdout}{result.stderr}")
