"""Every kind of generated page, rendered from the tiny catalogue without a site build."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from catalogue import load_catalogue
from catalogue_site.pages import site_pages

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"
TITLE = 'Hygien <script>alert("x")</script> & vård'


def pages_with_title(tmp_path: Path, title: str) -> dict[str, str]:
    root = Path(shutil.copytree(FIXTURE, tmp_path / "katalog"))
    path = root / "trainings" / "hygien.yml"
    text = path.read_text(encoding="utf-8").replace("title: Basal hygien", f"title: '{title}'", 1)
    path.write_text(text, encoding="utf-8")
    return {source: page.html for source, page in site_pages(load_catalogue(root)).items()}


def test_catalogue_text_is_shown_as_text_on_every_page_that_names_it(tmp_path: Path) -> None:
    pages = pages_with_title(tmp_path, TITLE)
    escaped = "Hygien &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; vård"
    naming = ["utbildning/hygien.md", "amne/hygien.md", "anordnare/socialstyrelsen.md", "vag/intro.md"]
    naming.append("vag/intro/underskoterska.md")
    for source in naming:
        assert escaped in pages[source], source
    assert not [source for source, html in pages.items() if "<script>alert" in html]


def test_structured_data_cannot_end_its_script_element(tmp_path: Path) -> None:
    html = pages_with_title(tmp_path, TITLE)["utbildning/hygien.md"]
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(scripts) == 1
    assert json.loads(scripts[0])["name"] == TITLE


def test_a_role_sees_its_own_steps_of_a_path_with_what_each_is_for_it(tmp_path: Path) -> None:
    pages = pages_with_title(tmp_path, "Basal hygien")
    staff, manager = pages["vag/intro/underskoterska.md"], pages["vag/intro/enhetschef.md"]
    assert '<li data-training="hygien"><a href="../../../utbildning/hygien/">Basal hygien</a>' in staff
    assert "<strong>Obligatorisk</strong>" in staff and "ska vara klara inom 90 dagar" in staff
    assert "<strong>Rekommenderad</strong>" in manager and "ska vara klara inom" not in manager
    assert '<a href="../../../vag/intro/enhetschef/">Enhetschef</a>' in staff


def test_every_section_has_an_index_linking_its_entries(tmp_path: Path) -> None:
    pages = pages_with_title(tmp_path, "Basal hygien")
    assert '<a href="../amne/hygien/">Hygien</a> (1 utbildning)' in pages["amne/index.md"]
    assert '<a href="../vag/intro/">Introduktion</a> – För nyanställda.' in pages["vag/index.md"]
    assert '<a href="../sjalvskattning/digital/">' in pages["sjalvskattning/index.md"]
