"""mkdocs.yml names the catalogue plugin, which builds the project's catalogue unless CATALOGUE_DIR
names another folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from catalogue.layout import CONTENT_DIR
from catalogue_site.plugin import CataloguePlugin
from tests.support.site_build import ROOT


def catalogue_plugin() -> CataloguePlugin:
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["catalogue"]
    assert isinstance(plugin, CataloguePlugin)
    return plugin


def test_the_plugin_builds_the_projects_own_catalogue_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CATALOGUE_DIR", raising=False)
    assert catalogue_plugin().content_dir == CONTENT_DIR


def test_catalogue_dir_names_another_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CATALOGUE_DIR", str(tmp_path))
    assert catalogue_plugin().content_dir == tmp_path
