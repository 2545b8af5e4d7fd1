"""One wording of lengths and prices: the finder (assets/format.js) writes each training's line as
the site's own lists of trainings (the site builder, in Python) do, for the real catalogue and for
the edges of Swedish plurals and rounding."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from catalogue import load_catalogue
from tests.support.site_build import build
from tests.support.site_server import serving

pytestmark = pytest.mark.browser

# duration_hours or cost_sek as an editor writes it -> what a reader must see.
EDGES = {
    ("duration_hours", "0.0167"): "1 minut",
    ("duration_hours", "0.75"): "45 minuter",
    ("duration_hours", "1.04"): "1 timme",
    ("duration_hours", "2.25"): "2,3 timmar",
    ("cost_sek", "12345"): "12\u00a0345\u00a0kr",
}
# The site's address, its folder and the text each edge training must show.
EdgeSite = tuple[str, Path, dict[str, str]]
LISTED = re.compile(r'<a href="[./]*utbildning/([^/"]+)/">[^<]*</a><br><span class="ok-meta">([^<]*)</span>')


@pytest.fixture(scope="module")
def edge_site(catalogue_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EdgeSite]:
    """The test catalogue with a training for each edge, built and served; yields (url, site, {id: text})."""
    directory = Path(shutil.copytree(catalogue_dir, tmp_path_factory.mktemp("edges") / "content"))
    files = [directory / "trainings" / f"{t.id}.yml" for t in load_catalogue(directory).active_trainings()]
    expected = {}
    for (field, value), text in EDGES.items():
        line = re.compile(rf"^{field}: .*$", re.MULTILINE)
        file = next(
            f for f in sorted(files) if f.stem not in expected and line.search(f.read_text(encoding="utf-8"))
        )
        file.write_text(line.sub(f"{field}: {value}", file.read_text(encoding="utf-8")), encoding="utf-8")
        expected[file.stem] = text
    site = tmp_path_factory.mktemp("edge-site")
    result = build(directory, site)
    assert result.returncode == 0, result.stdout + result.stderr
    with serving(site) as base:
        yield base, site, expected


def site_lists(site: Path) -> dict[str, str]:
    """Each training's line in the topic pages' lists, written by the site builder."""
    found: dict[str, str] = {}
    for topic_page in (site / "amne").glob("*/index.html"):
        for training, meta in LISTED.findall(topic_page.read_text(encoding="utf-8")):
            found[training] = unescape(meta)
    return found


def finder_lines(page: Page, base: str) -> dict[str, str]:
    page.goto(base + "hitta-utbildning/")
    expect(page.locator("#finder-status")).to_contain_text("passar")
    more = page.locator("#finder-results button")
    while more.count():
        more.click()
    lines = page.eval_on_selector_all(
        "#finder-results li a",
        "links => links.map(a => [a.getAttribute('href'),"
        " a.parentElement.querySelector('.ok-meta').textContent])",
    )
    return {href.strip("/").split("/")[-1]: meta for href, meta in lines}


def test_the_finder_writes_each_training_as_the_site_lists_do(page: Page, edge_site: EdgeSite) -> None:
    base, site, expected = edge_site
    listed = site_lists(site)
    for training, text in expected.items():
        assert f" · {text} · " in listed[training], (training, listed[training])
    assert finder_lines(page, base) == listed
