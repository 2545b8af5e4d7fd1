"""The service worker's precache list names every module and stylesheet a page may load, and only
files the built site has (one missing file and the worker never installs: nothing would work offline)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from catalogue import Catalogue
from tests.support.site_build import TEST_ASSESSMENT, TEST_PATH
from tests.support.site_server import plain_name

pytestmark = pytest.mark.browser


def precache_list(site: Path) -> set[str]:
    source = (site / "sw.js").read_text(encoding="utf-8")
    found = re.search(r"FILES=\[([^\]]*)\]", source)
    assert found, "sw.js has no FILES list"
    return set(re.findall(r'"([^"]+)"', found.group(1)))


def test_every_file_on_the_list_is_in_the_site_and_every_module_is_on_it(site: Path) -> None:
    listed = precache_list(site)
    assert sorted(name for name in listed if not (site / name).is_file()) == []
    modules = {f"assets/{file.name}" for file in (site / "assets").glob("*.js")}
    assert sorted(modules - listed) == []


def test_the_files_each_kind_of_page_loads_are_on_the_list(
    page: Page, site: Path, site_url: str, catalogue: Catalogue
) -> None:
    """Signed in (as far as this device knows), so that the staff features load too. The later
    part of the stylesheet has a new name whenever it changes: the build puts it on the list."""
    training = sorted(t.id for t in catalogue.active_trainings())[0]
    role = catalogue.paths[TEST_PATH].roles[0]
    loaded: set[str] = set()
    page.on(
        "request",
        lambda r: loaded.add(r.url.removeprefix(site_url)) if r.url.endswith((".js", ".css")) else None,
    )
    page.goto(site_url)
    page.evaluate("localStorage.setItem('ok-who', 'a-key')")
    for path in (
        f"utbildning/{training}/",
        f"vag/{TEST_PATH}/{role}/",
        f"sjalvskattning/{TEST_ASSESSMENT}/",
        "min-utbildning/",
        "logga-in/",
        "hitta-utbildning/",
        "sok/",
        "utan-natverk/",
    ):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    ours = {url for url in loaded if not url.startswith("pagefind/")}
    assert {"assets/training.js", "assets/path.js", "assets/mine.js", "assets/finder.js"} <= set(
        map(plain_name, ours)
    )
    assert [url for url in ours if url.endswith(".css")], "no page loaded the later stylesheet"
    assert sorted(ours - precache_list(site)) == []
