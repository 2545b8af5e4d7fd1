"""Search records made from the catalogue, without a build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from catalogue import load_catalogue
from catalogue_site import search_index
from catalogue_site.markdown_text import markdown_html
from catalogue_site.search_index import Indexing, Record, training_records

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"


def test_a_record_per_active_training_with_its_facts_as_filters() -> None:
    catalogue = load_catalogue(FIXTURE)
    records = {r.path: r.html for r in training_records(catalogue)}
    assert set(records) == {"utbildning/hygien/index.html"}, "an archived training is no result"
    html = records["utbildning/hygien/index.html"]
    training = catalogue.trainings["hygien"]
    assert f"<h1>{training.title}</h1>" in html
    assert markdown_html(training.description) in html, "the description as its page shows it"
    filters = dict(re.findall(r'data-pagefind-filter="([^:"]+):([^"]+)"', html))
    assert filters["Kommun"] == catalogue.municipalities["asele"].name
    assert filters["Språk"] == catalogue.languages["sv"].label
    assert filters["Format"] == catalogue.formats[training.format].label
    assert {"Ämne", "Kostnad"} <= filters.keys()


def test_catalogue_text_cannot_become_markup_in_a_record() -> None:
    catalogue = load_catalogue(FIXTURE)
    training = catalogue.trainings["hygien"]
    hostile = training.model_copy(update={"title": '<img src=x onerror="alert(1)">'})
    catalogue.trainings["hygien"] = hostile
    html = next(training_records(catalogue)).html
    assert "<img" not in html and "&lt;img src=x" in html


def test_a_record_has_its_page_headings_as_headings_not_as_text() -> None:
    html = next(training_records(load_catalogue(FIXTURE))).html
    assert "<h2>Om utbildningen</h2>" in html
    assert "&lt;" not in html, "no markup of ours shows as text in a search excerpt"


def test_the_records_folder_is_gone_once_the_index_is_written(tmp_path: Path) -> None:
    indexing = Indexing(tmp_path, training_records(load_catalogue(FIXTURE)))
    folder = Path(indexing.folders[0].name)
    assert (folder / "utbildning" / "hygien" / "index.html").is_file()
    indexing.add_pages([])
    indexing.wait()
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert not folder.exists(), "10,000 records would stay in memory (/dev/shm) after every build"


def test_records_sent_in_several_folders_are_all_in_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_index, "CHUNK", 2)
    page = '<html lang="sv"><body><main data-pagefind-body><h1>Hygien {}</h1></main></body></html>'
    records = [Record(f"utbildning/u{number}/index.html", page.format(number)) for number in range(5)]
    indexing = Indexing(tmp_path, records)
    assert len(indexing.folders) == 3
    indexing.add_pages([])
    indexing.wait()
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["sv"]["page_count"] == 5
    assert not any(Path(folder.name).exists() for folder in indexing.folders)
