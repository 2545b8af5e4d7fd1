"""mkdocs.yml names the catalogue plugin, which builds the project's catalogue unless CATALOGUE_DIR
names another folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from catalogue.layout import CONTENT_DIR
from catalogue_site.plugin import CataloguePlugin, content_records
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


def docs_config(docs: Path) -> MkDocsConfig:
    """The project's settings with another docs folder, the macros plugin set up (its page events run)."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs))
    config.plugins["macros"].on_config(config)
    return config


def test_the_pages_in_the_search_are_rendered_before_mkdocs_reads_them(tmp_path: Path) -> None:
    (tmp_path / "om.md").write_text("---\npagefind: true\n---\n# Om oss\n\nVi *finns*.\n", encoding="utf-8")
    (tmp_path / "annan.md").write_text("# Annan\n\nInte i sökningen.\n", encoding="utf-8")
    config = docs_config(tmp_path)
    files = get_files(config)
    records = content_records(files, config)
    assert [record.path for record in records] == ["om/index.html"]
    assert '<h1 id="om-oss">Om oss</h1>\n<p>Vi <em>finns</em>.</p>' in records[0].html
    # MkDocs' nav makes the pages it builds (with their titles in the menu) as if none were read.
    assert all(file.page is None for file in files.documentation_pages())


def test_a_page_in_the_search_cannot_render_macros(tmp_path: Path) -> None:
    page = "---\npagefind: true\nrender_macros: true\n---\n# Nuläge\n\n{{ amount('trainings') }}\n"
    (tmp_path / "nulage.md").write_text(page, encoding="utf-8")
    config = docs_config(tmp_path)
    with pytest.raises(PluginError, match=r"docs/nulage.md: .*render_macros"):
        content_records(get_files(config), config)
