"""The search index, built from the catalogue instead of by crawling the built site.

Pagefind's crawl parsed every built page, Material's shell and all (182 MB of HTML at 10,000
trainings, 22–28 s: most of the build). Here each active training is one record made from the
catalogue — the words a reader sees on its page (title, summary, provider, description, learning
paths, how to sign up) with its facts as Pagefind filters and metadata — and only the few content
pages marked `pagefind: true` are read as HTML. The answers are the crawl's (tests/site/
test_search_index.py); the cost is what Pagefind needs to write the index.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from catalogue.model import COST_LABELS, SIGNUP_LABELS, Catalogue, Training

LANGUAGE = "sv"
# Code and tables are reference (the editors' YAML examples would be false hits), not sentences.
EXCLUDED = ["pre", "table"]
# Records in flight at once: Pagefind answers them in order over one pipe, so more only queue.
IN_FLIGHT = 256


@dataclass(frozen=True)
class Record:
    """One search result: its address from the site root, its words, its filters and metadata."""

    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class HtmlPage:
    """A content page as built, indexed where it marks its text with `data-pagefind-body`."""

    source_path: str
    html: str


def training_records(catalogue: Catalogue, to_html: Callable[[str], str]) -> list[Record]:
    """A record per active training (an archived one is nothing to sign up for: no result).

    `to_html` turns catalogue Markdown into the HTML the page shows, so the words are the page's.
    """
    return [training_record(catalogue, t, to_html) for t in catalogue.active_trainings()]


def training_record(catalogue: Catalogue, training: Training, to_html: Callable[[str], str]) -> Record:
    provider = catalogue.providers[training.provider].name
    words = [
        training.title,
        training.summary,
        f"Gå till utbildningen hos {provider}",
        "Om utbildningen",
        plain_text(to_html(training.description)),
        *_in_paths(catalogue, training),
        "Så anmäler du dig",
        SIGNUP_LABELS[training.signup.kind],
        training.signup.note or "",
    ]
    meta = {"title": training.title, "provider": provider, "format": catalogue.formats[training.format].label}
    return Record(
        f"/utbildning/{training.id}/", "\n".join(w for w in words if w), meta, _filters(catalogue, training)
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
    found = []
    for path, step in catalogue.steps_with(training.id):
        for label, role_ids in (
            ("Obligatorisk", step.mandatory_for),
            ("Rekommenderad", step.recommended_for),
        ):
            if role_ids:
                names = ", ".join(catalogue.roles[r].label.lower() for r in role_ids)
                found.append(f"{label} för {names} i {path.title}")
    return ["I utbildningsvägar", *found] if found else []


_TAG = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    return unescape(_TAG.sub(" ", html))


def write_index(site_dir: Path, records: Iterable[Record], pages: Iterable[HtmlPage]) -> None:
    """Write Pagefind's files to `site_dir`/pagefind, replacing any index there."""
    asyncio.run(_write(site_dir, list(records), list(pages)))


async def _write(site_dir: Path, records: list[Record], pages: list[HtmlPage]) -> None:
    config: IndexConfig = {"exclude_selectors": EXCLUDED, "output_path": str(site_dir / "pagefind")}
    async with PagefindIndex(config=config) as index:
        for start in range(0, len(records), IN_FLIGHT):
            await asyncio.gather(*(_add(index, r) for r in records[start : start + IN_FLIGHT]))
        for page in pages:
            await index.add_html_file(content=page.html, source_path=page.source_path)


async def _add(index: PagefindIndex, record: Record) -> None:
    await index.add_custom_record(
        url=record.url, content=record.content, language=LANGUAGE, meta=record.meta, filters=record.filters
    )
