"""The search index, built from the catalogue instead of by crawling the built site.

Pagefind's crawl parsed every built page, Material's shell and all (182 MB of HTML at 10,000
trainings, 22–28 s: most of the build). Here each active training is one record made from the
catalogue — the words a reader sees on its page (title, summary, provider, description, learning
paths, how to sign up) with its facts as Pagefind filters and metadata — and only the few content
pages marked `pagefind: true` are read as built. The answers are the crawl's
(tests/site/test_search_index.py).

The records reach Pagefind as small HTML documents (`Indexing`) rather than as custom records:
HTML keeps the crawl's ranking, a word in the title (h1) weighing more than one in the description.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from html import escape
from pathlib import Path

from catalogue.model import COST_LABELS, REQUIREMENT_LABELS, SIGNUP_LABELS, Catalogue, Training
from catalogue_site.markdown_text import markdown_html
from catalogue_site.pagefind_service import PagefindService
from catalogue_site.pages import in_paths

# Code and tables are reference (the editors' YAML examples would be false hits), not sentences.
EXCLUDED = ["pre", "table"]


@dataclass(frozen=True)
class Record:
    """One search result: where it is (from the site root) and its HTML, made from the catalogue."""

    path: str
    html: str


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs under it; the HTML ones are the page's own, escaped already."""

    heading: str
    paragraphs: list[str]
    html: str = ""


def training_records(catalogue: Catalogue) -> Iterator[Record]:
    """A record per active training (an archived one is nothing to sign up for: no result), made
    as it is asked for (`Indexing` sends the first to Pagefind while it makes the rest)."""
    return (training_record(catalogue, t) for t in catalogue.active_trainings())


def training_record(catalogue: Catalogue, training: Training) -> Record:
    """The training's words as its page shows them (its description by the page's own Markdown)."""
    provider = catalogue.providers[training.provider].name
    sections = [
        Section("", [training.summary]),
        # As a str: Markup would escape the plain text joined to it (`_section`), and the headings
        # and paragraphs before it became "&lt;h2&gt;" text in the record.
        Section("Om utbildningen", [], str(markdown_html(training.description))),
        Section("I utbildningsvägar", _in_paths(catalogue, training)),
        Section("Så anmäler du dig", [SIGNUP_LABELS[training.signup.kind], training.signup.note or ""]),
        # The page's button, last: its words find the training as they did on the page, but a
        # result's excerpt (from the first words matched) no longer reads like a link after the summary.
        Section("", [f"Gå till utbildningen hos {provider}"]),
    ]
    body = f"<h1>{escape(training.title)}</h1>" + "".join(_section(s) for s in sections)
    meta = {"provider": provider, "format": catalogue.formats[training.format].label}
    return Record(
        f"utbildning/{training.id}/index.html", _document(body, meta, _filters(catalogue, training))
    )


def _filters(catalogue: Catalogue, training: Training) -> dict[str, list[str]]:
    """The search page's filters, and language and municipality for the ones to come."""
    return {
        "Ämne": [catalogue.topics[t].label for t in training.topics],
        "Format": [catalogue.formats[training.format].label],
        "Kostnad": [COST_LABELS[training.cost_kind()]],
        "Språk": [catalogue.languages[code].label for code in training.languages],
        "Kommun": [catalogue.municipalities[m].name for m in training.municipalities] or ["Hela landet"],
    }


def _in_paths(catalogue: Catalogue, training: Training) -> list[str]:
    """'Obligatorisk för undersköterska i Introduktion': what the page says of each path step."""
    return [
        f"{REQUIREMENT_LABELS[kind]} för {names} i {path.title}"
        for path, kind, names in in_paths(catalogue, training)
    ]


def _section(section: Section) -> str:
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in section.paragraphs if text)
    if not paragraphs and not section.html:
        return ""
    heading = f"<h2>{escape(section.heading)}</h2>" if section.heading else ""
    return heading + paragraphs + section.html


def _document(body: str, meta: dict[str, str], filters: dict[str, list[str]]) -> str:
    """A page Pagefind reads as the training's: its text, and its facts as metadata and filters."""
    facts = "".join(f'<span data-pagefind-meta="{escape(k)}:{escape(v)}"></span>' for k, v in meta.items())
    facts += "".join(
        f'<span data-pagefind-filter="{escape(name)}:{escape(value)}"></span>'
        for name, values in filters.items()
        for value in values
    )
    return f'<!doctype html><html lang="sv"><body><main data-pagefind-body>{body}{facts}</main></body></html>'


def content_page(path: str, content_html: str) -> Record:
    """A content page (its heading and running text, as Markdown made them) at `path`."""
    return Record(path, _document(content_html, {}, {}))


class Indexing:
    """Pagefind indexing the trainings from the moment the catalogue is loaded, in the background.

    Pagefind runs in a process of its own (`pagefind_service`): while the site builder renders and
    writes the pages on one core, it indexes on the other, and the build pays for the longer of the
    two instead of both. The trainings go to it as soon as the catalogue is loaded, and the content
    pages as soon as MkDocs knows the site's files (`add_pages`); the index is written after them
    while the site is built.

    The trainings reach it as folders of files (`CHUNK` records each), in memory where there is
    room (`scratch_folder`): Pagefind reads a folder on every core, but the pages sent one by one
    down its pipe it indexes one at a time. The same 9,700 records, back to back: 1.6-1.9 s and
    3.1-3.6 CPU s from a folder, 7.6-7.7 s on one core as messages. Writing them costs 0.45 s in
    memory (/dev/shm) against 2.9-3.9 s on this disk.
    """

    def __init__(self, site_dir: Path, trainings: Iterable[Record]) -> None:
        self.output = site_dir / "pagefind"
        self.service = PagefindService({"exclude_selectors": EXCLUDED})
        self.folders: list[tempfile.TemporaryDirectory[str]] = []
        trainings = iter(trainings)
        while chunk := list(itertools.islice(trainings, CHUNK)):
            folder = tempfile.TemporaryDirectory(prefix="search-records-", dir=scratch_folder(chunk))
            self.folders.append(folder)
            self.service.add_folder(_written(Path(folder.name), chunk))
        self.written: Future[None] = Future()

    def add_pages(self, pages: list[Record]) -> None:
        """The content pages, the last records: Pagefind writes the index in the background."""
        for record in pages:
            self.service.add_page(record.path, record.html)
        thread = threading.Thread(target=self._write, name="search-index", daemon=True)
        thread.start()

    def _write(self) -> None:
        # The folders go before the builder hears the index is written: the builder may end the
        # process then, and this thread with it.
        try:
            try:
                self.service.write(str(self.output))
            finally:
                self._clean_up()
        except BaseException as error:  # handed to the builder, which waits for the index
            self.written.set_exception(error)
        else:
            self.written.set_result(None)

    def wait(self) -> None:
        """Until the index is written; PagefindFailed says why it was not."""
        self.written.result()

    def abandon(self) -> None:
        """The build failed: Pagefind stops without writing an index."""
        self.service.stop()
        self._clean_up()

    def _clean_up(self) -> None:
        for folder in self.folders:
            folder.cleanup()


# Records per folder: Pagefind reads the first folders on every core while the later ones are
# made, and its read ended 0.1-1.2 s sooner at 10,000 trainings in folders of 2,500 than in one.
CHUNK = 2500
MEMORY = Path("/dev/shm")  # noqa: S108 (a private folder in it, from mkdtemp)
# What a small file takes in memory at least: a page for its data, and its folder's.
FILE_SPACE = 8192


def scratch_folder(records: list[Record]) -> str | None:
    """Memory (/dev/shm) for the records' files when it is there with room to spare, else the
    system's temporary folder (None). A container's /dev/shm may be as small as 64 MB."""
    needed = sum(len(record.html.encode()) + FILE_SPACE for record in records)
    usable = MEMORY.is_dir() and os.access(MEMORY, os.W_OK)
    return str(MEMORY) if usable and shutil.disk_usage(MEMORY).free > 2 * needed else None


def _written(folder: Path, records: list[Record]) -> str:
    for record in records:
        file = folder / record.path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(record.html, encoding="utf-8")
    return str(folder)
