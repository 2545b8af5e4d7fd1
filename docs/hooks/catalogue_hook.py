"""MkDocs adapter: adds the catalogue's generated pages to the build, gives every page the CSS it
uses (catalogue_site/stylesheet.py) and indexes the catalogue for search (catalogue_site/search_index.py).

The pages themselves come from `site_pages`, `site_data` and `site_macros`, which know nothing
of MkDocs; this module is the only one that does.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import Any

# MkDocs runs from its own script folder; the project root holds the catalogue package.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from html import escape

import rjsmin
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from site_data import CATALOGUE_CSV, FINDER_DATA, catalogue_csv, finder_data
from site_html import markdown_html
from site_macros import macros
from site_pages import GeneratedPage, site_pages

from catalogue import Catalogue, CatalogueInvalid, load_catalogue
from catalogue.dates import swedish_today
from catalogue.layout import CONTENT_DIR
from catalogue_site.search_index import Record, content_page, training_records, write_index_meanwhile
from catalogue_site.stylesheet import PageCss, page_css

log = logging.getLogger("mkdocs.hooks.catalogue")
EDITORS_GUIDE = "redaktorer.md"
_loaded: dict[str, Catalogue] = {}
_navigation: list[Navigation] = []
_css: list[PageCss] = []
_indexing: list[Future[None]] = []


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
    plugin.register_macros(macros(catalogue, swedish_today()))
    has_guide = (Path(config.docs_dir) / EDITORS_GUIDE).is_file()
    plugin.register_variables({"has_editors_guide": has_guide})
    if not has_guide and config.nav:
        log.info("%s finns inte ännu; sidan lämnas utanför menyn", EDITORS_GUIDE)
        config.nav = [item for item in config.nav if EDITORS_GUIDE not in _nav_targets(item)]
    return config


def _nav_targets(item: object) -> list[object]:
    return list(item.values()) if isinstance(item, dict) else [item]


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


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalogue = _loaded["catalogue"]
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


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """`mkdocs serve` rebuilds when an editor saves a catalogue file, not only a page in docs/."""
    server.watch(str(catalogue_dir()))
    return server


OWN_CSS = "assets/site.css"
LATER_CSS = "assets/stylesheets/omsorg.{}.min.css"


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _navigation[:] = [nav]
    return nav


def _page_css(env: Environment, config: MkDocsConfig, files: Files) -> PageCss:
    """The CSS of our pages, cut to what they use: the content pages rendered in their shell (the
    shell the generated pages share), the generators' source for what those pages hold, and our
    scripts for what they add."""
    env.globals.update(page_css="", later_css="")
    texts = [_rendered(env, config, files, page) for page in _hand_written(files)]
    texts += [p.read_text(encoding="utf-8") for p in Path(config.docs_dir).rglob("*.js")]
    texts += [p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("*.py")]
    theme = next(Path(d) for d in config.theme.dirs if (Path(d) / "assets" / "stylesheets").is_dir())
    material = next((theme / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    own = (Path(config.docs_dir) / OWN_CSS).read_text(encoding="utf-8")
    return page_css(material, own, texts)


def _hand_written(files: Files) -> list[Page]:
    pages = (file.page for file in files.documentation_pages())
    return [page for page in pages if page is not None and not isinstance(page, PrebuiltPage)]


def _rendered(env: Environment, config: MkDocsConfig, files: Files, page: Page) -> str:
    """The page as MkDocs will write it, its nav entry active (styles of the active item count)."""
    page.active = True
    try:
        context = get_context(_navigation[0], files, config, page)
        return env.get_template(page.meta.get("template", "main.html")).render(context)
    finally:
        page.active = False


def _search_records(files: Files) -> list[Record]:
    """The trainings' records, and the content pages whose front matter says `pagefind: true`."""
    pages = [p for p in _hand_written(files) if p.meta.get("pagefind")]
    records = training_records(_loaded["catalogue"], markdown_html)
    return records + [content_page(page.file.dest_uri, page.content or "") for page in pages]


def _later_css_path(css: PageCss) -> str:
    return LATER_CSS.format(hashlib.sha256(css.rest.encode()).hexdigest()[:12])


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    shells: dict[str, list[str]] = {}

    @pass_context
    def prebuilt_page(context: Context) -> str:
        """The page in its folder depth's shell: main.html rendered once, not 10,000 times.

        The shell is kept cut at its marks: with the CSS inline it is 36 KB, and four replace()
        passes over it took 4.5 s for 10,000 pages here, one join 0.4 s.
        MkDocs' template environment does not autoescape, so the HTML goes in as it is.
        """
        page = context["page"]
        key = context["base_url"]
        if key not in shells:
            shells[key] = _MARKS.split(_render_shell(env, context))
        values = {
            _TITLE_MARK: escape(page.title),
            _DESCRIPTION_MARK: escape(page.meta.get("description", "")),
            _URL_MARK: escape(page.canonical_url or ""),
            _CONTENT_MARK: page.content,
        }
        return "".join(values.get(part, part) for part in shells[key])

    env.globals["prebuilt_page"] = prebuilt_page
    _css[:] = [_page_css(env, config, files)]
    _indexing[:] = [write_index_meanwhile(Path(config.site_dir), _search_records(files))]
    env.globals.update(page_css=_css[0].first_screen, later_css=_later_css_path(_css[0]))
    return env


_TITLE_MARK = "OKPREBUILTTITLE"
_DESCRIPTION_MARK = "OKPREBUILTDESCRIPTION"
_URL_MARK = "OKPREBUILTURL"
_CONTENT_MARK = "<h1>OKPREBUILTCONTENT</h1>"
_MARKS = re.compile(
    "(" + "|".join(map(re.escape, (_TITLE_MARK, _DESCRIPTION_MARK, _URL_MARK, _CONTENT_MARK))) + ")"
)


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


def on_post_build(config: MkDocsConfig) -> None:
    """Our scripts are minified and the search index written: a plain `mkdocs build` is complete."""
    _minify_scripts(Path(config.docs_dir), Path(config.site_dir))
    later = Path(config.site_dir) / _later_css_path(_css[0])
    later.parent.mkdir(parents=True, exist_ok=True)
    later.write_text(_css[0].rest, encoding="utf-8")
    try:
        _indexing.pop().result()
    except Exception as error:  # Pagefind's service reports its failures as plain exceptions
        raise PluginError(f"Pagefind kunde inte skriva sökindexet i {config.site_dir}: {error}") from error
