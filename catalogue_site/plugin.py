"""MkDocs adapter: adds the catalogue's generated pages to the build and indexes the built site.

The pages themselves come from `pages`, `data` and `macros`, which know nothing of MkDocs; this
module is the only one that does. mkdocs.yml names it as the `catalogue` plugin (an entry point
in pyproject.toml), after `macros`, whose macros it registers.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Any, Literal

import rjsmin
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from catalogue import Catalogue, CatalogueInvalid, load_catalogue
from catalogue.dates import swedish_today
from catalogue.layout import CONTENT_DIR
from catalogue.problems import Problem
from catalogue_site.data import CATALOGUE_CSV, FINDER_DATA, catalogue_csv, finder_data
from catalogue_site.macros import macros
from catalogue_site.pages import GeneratedPage, site_pages
from catalogue_site.render import render

log = logging.getLogger("mkdocs.plugins.catalogue")
EDITORS_GUIDE = "redaktorer.md"


# MkDocs leaves `__init_subclass__` of its config and plugin classes unannotated.
class CatalogueConfig(base.Config):  # type: ignore[no-untyped-call]
    # The catalogue folder; mkdocs.yml passes `!ENV CATALOGUE_DIR`, unset means the project's own.
    content_dir = c.Optional(c.Dir(exists=False))


class CataloguePlugin(BasePlugin[CatalogueConfig]):  # type: ignore[no-untyped-call]
    """The catalogue as pages, data files and macros; Pagefind's index after the build.

    Under `mkdocs serve` a catalogue with errors does not stop the preview: the site shows a Swedish
    page listing the problems until the editor saves a fix (a build still fails on them).
    """

    def __init__(self) -> None:
        self.serving = False
        self.catalogue: Catalogue | None = None
        self.problems: list[Problem] = []

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    @property
    def content_dir(self) -> Path:
        return Path(self.config.content_dir or CONTENT_DIR)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.catalogue, self.problems = None, []
        try:
            self.catalogue = load_catalogue(self.content_dir)
        except CatalogueInvalid as error:
            self.problems = [p for p in error.problems if p.severity == "error"]
            lines = "\n".join(map(str, self.problems))
            message = f"Katalogen i {self.content_dir} har fel; rätta dem och bygg igen:\n{lines}"
            if not self.serving:
                raise PluginError(message) from None
            log.error(message)
            return config
        register_macros(config, self.catalogue)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.catalogue is None:
            # Hand-written pages call the catalogue's macros: only the assets stay for the error page.
            return Files([file for file in files if not file.is_documentation_page()])
        return add_catalogue_files(files, config, self.catalogue)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """`mkdocs serve` rebuilds when an editor saves a catalogue file, not only a page in docs/."""
        server.watch(str(self.content_dir))
        return server

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["prebuilt_page"] = prebuilt_page_function(env)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.catalogue is None:
            write_problems_page(Path(config.site_dir), self.content_dir, self.problems)
            return
        finish_site(config)


def register_macros(config: MkDocsConfig, catalogue: Catalogue) -> None:
    """The catalogue's macros for hand-written pages; the editors' guide leaves the nav when absent."""
    if "macros" not in config.plugins:
        raise PluginError("mkdocs.yml: lägg pluginet macros före catalogue under plugins")
    plugin: Any = config.plugins["macros"]
    plugin.register_macros(macros(catalogue, swedish_today()))
    has_guide = (Path(config.docs_dir) / EDITORS_GUIDE).is_file()
    plugin.register_variables({"has_editors_guide": has_guide})
    if not has_guide and config.nav:
        log.info("%s finns inte ännu; sidan lämnas utanför menyn", EDITORS_GUIDE)
        config.nav = [item for item in config.nav if EDITORS_GUIDE not in _nav_targets(item)]


def _nav_targets(item: object) -> list[object]:
    return list(item.values()) if isinstance(item, dict) else [item]


def write_problems_page(site: Path, content_dir: Path, problems: list[Problem]) -> None:
    """The preview's start page and every missing page: what is wrong, where, and how to fix it."""
    html = render("problems.html", content_dir=content_dir, problems=problems)
    for name in ("index.html", "404.html"):
        (site / name).write_text(html, encoding="utf-8")


class PrebuiltPage(Page):
    """A generated page whose HTML is ready: skips Markdown, which would cost most of the build."""

    def __init__(self, generated: GeneratedPage, file: File, config: MkDocsConfig) -> None:
        super().__init__(generated.title, file, config)
        self.html = generated.html
        self.description = generated.description or config.site_description or ""

    def read_source(self, config: MkDocsConfig) -> None:
        meta = {"template": "prebuilt.html", "description": self.description}
        self.markdown, self.meta = self.html, meta

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.html
        self.toc = get_toc([])
        self.present_anchor_ids = set()


def add_catalogue_files(files: Files, config: MkDocsConfig, catalogue: Catalogue) -> Files:
    data = {FINDER_DATA: finder_data(catalogue), CATALOGUE_CSV: catalogue_csv(catalogue)}
    for src_uri, content in data.items():
        files.append(_new_file(files, config, src_uri, content, InclusionLevel.UNDEFINED))
    for src_uri, generated in site_pages(catalogue).items():
        file = _new_file(files, config, src_uri, generated.html, InclusionLevel.NOT_IN_NAV)
        files.append(file)
        # Pages listed in the nav get a plain Page from MkDocs instead, rendered from the same HTML.
        PrebuiltPage(generated, file, config)
    return files


def _new_file(
    files: Files, config: MkDocsConfig, src_uri: str, content: str, inclusion: InclusionLevel
) -> File:
    if files.get_file_from_path(src_uri) is not None:
        raise PluginError(f"docs/{src_uri} krockar med en genererad sida; byt namn på filen i docs/")
    return File.generated(config, src_uri, content=content, inclusion=inclusion)


def prebuilt_page_function(env: Environment) -> Any:
    shells: dict[str, str] = {}

    @pass_context
    def prebuilt_page(context: Context) -> str:
        """The page in its folder depth's shell: main.html rendered once, not 10,000 times.

        MkDocs' template environment does not autoescape, so the HTML goes in as it is.
        """
        page = context["page"]
        key = context["base_url"]
        if key not in shells:
            shells[key] = _render_shell(env, context)
        filled = shells[key]
        for mark, value in (
            (_TITLE_MARK, page.title),
            (_DESCRIPTION_MARK, page.meta.get("description", "")),
            (_URL_MARK, page.canonical_url or ""),
        ):
            filled = filled.replace(mark, escape(value))
        return str(filled.replace(_CONTENT_MARK, page.content))

    return prebuilt_page


_TITLE_MARK = "OKPREBUILTTITLE"
_DESCRIPTION_MARK = "OKPREBUILTDESCRIPTION"
_URL_MARK = "OKPREBUILTURL"
_CONTENT_MARK = "<h1>OKPREBUILTCONTENT</h1>"


def _render_shell(env: Environment, context: Context) -> str:
    """main.html with marks where each page's title, description, canonical URL and content go."""
    page = context["page"]
    saved = page.title, page.content, page.meta, page.canonical_url
    page.title, page.content = _TITLE_MARK, _CONTENT_MARK
    page.meta = {**page.meta, "description": _DESCRIPTION_MARK}
    page.canonical_url = _URL_MARK if page.canonical_url else None
    try:
        return env.get_template("main.html").render(context.get_all())
    finally:
        page.title, page.content, page.meta, page.canonical_url = saved


def _minify_scripts(docs: Path, site: Path) -> None:
    """Every byte counts on a weak connection: our own scripts ship without comments and indentation."""
    for source in docs.rglob("*.js"):
        built = site / source.relative_to(docs)
        if built.is_file():
            built.write_text(rjsmin.jsmin(built.read_text(encoding="utf-8")), encoding="utf-8")


def finish_site(config: MkDocsConfig) -> None:
    """Our scripts are minified and Pagefind indexes the built site: a plain `mkdocs build` is complete."""
    _minify_scripts(Path(config.docs_dir), Path(config.site_dir))
    # Code and tables are reference (the editors' YAML examples would be false hits), not sentences.
    command = [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--silent"]
    command += ["--exclude-selectors", "pre, table"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"Pagefind kunde inte indexera {config.site_dir}:\n{result.stdout}{result.stderr}")
