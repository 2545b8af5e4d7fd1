"""The training page says how to sign up, what it costs, who must take it and where the facts come from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalogue import Catalogue, load_catalogue
from catalogue_site.pages import training_page

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"


def catalogue_with(tmp_path: Path, old: str = "", new: str = "") -> Catalogue:
    root = Path(shutil.copytree(FIXTURE, tmp_path / "katalog"))
    path = root / "trainings" / "hygien.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return load_catalogue(root)


@pytest.fixture
def page(tmp_path: Path) -> str:
    catalogue = catalogue_with(tmp_path, "signup:", "unverified: Längden är uppskattad.\nsignup:")
    return training_page(catalogue, catalogue.trainings["hygien"])


def test_the_page_says_how_to_sign_up_with_the_sessions_in_the_same_place(page: str) -> None:
    signup = page.split("<h2>Så anmäler du dig</h2>", 1)[1].split("</section>", 1)[0]
    assert "<strong>Anmälan via din chef</strong>" in signup
    assert "<p>Din enhetschef anmäler dig.</p>" in signup
    assert "<h3>Tillfällen</h3>" in signup and "2027-02-03" in signup and "Kommunhuset" in signup


def test_the_page_lists_its_sources_with_the_day_they_were_read(page: str) -> None:
    sources = page.split("<h2>Källor</h2>", 1)[1]
    assert '<a href="https://www.socialstyrelsen.se/hygien">' in sources
    assert "läst 2026-11-01" in sources


def test_editorial_doubt_is_not_shown_to_readers(page: str) -> None:
    assert "Längden är uppskattad" not in page
    assert "Ej kontrollerat" not in page


def test_who_must_take_it_comes_from_the_path_steps(page: str) -> None:
    paths = page.split("<h2>I utbildningsvägar</h2>", 1)[1].split("</ul>", 1)[0]
    assert "<strong>Obligatorisk</strong> för undersköterska i" in paths
    assert "<strong>Rekommenderad</strong> för enhetschef i" in paths
    assert '<a href="../../vag/intro/">Introduktion</a>' in paths


def test_an_unknown_cost_is_said_plainly_and_never_as_free(tmp_path: Path) -> None:
    catalogue = catalogue_with(tmp_path, "cost_sek: 0", "cost_note: Priset varierar mellan kommunerna.")
    page = training_page(catalogue, catalogue.trainings["hygien"])
    value = "Varierar. Priset varierar mellan kommunerna."
    assert f"<dt>Kostnad</dt><dd>{value}</dd>" in page
    assert '"isAccessibleForFree":false' in page and '"offers"' not in page


def test_a_last_day_given_by_the_provider_is_on_the_page_and_none_is_not(tmp_path: Path, page: str) -> None:
    catalogue = catalogue_with(
        tmp_path / "sista", "renewal_months: 12", "renewal_months: 12\navailable_until: 2026-12-31"
    )
    ending = training_page(catalogue, catalogue.trainings["hygien"])
    last_day = '<time datetime="2026-12-31">2026-12-31</time>'
    assert f"<dt>Går att göra</dt><dd>Till och med {last_day}</dd>" in ending
    assert "Går att göra" not in page
