"""The search index built from the catalogue finds what the crawl of the built HTML found.

`search_before.json` holds what Pagefind's crawl of the built site (commit eea2d40, before the
index was built from the catalogue) answered for QUERIES on the generated catalogue below: for
each query, the address of every result. The index now comes from the catalogue's records and
must answer the same: the same trainings, the same content pages, for words and for filters.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from scripts.generate_catalogue import generate
from tests.support.site_build import build
from tests.support.site_server import serving

pytestmark = pytest.mark.browser

RECORDED = Path(__file__).with_name("search_before.json")
# The catalogue's providers when the crawl was recorded: the generated trainings depend on them.
RECORDED_PROVIDERS = Path(__file__).with_name("search_providers.yml")
SIZE, SEED = 300, 2026

# Words a care worker types (a topic, a task, a provider, two words, a word from one page only, a
# word on nearly every page, one that is nowhere) and the search page's filters alone.
QUERIES: list[tuple[str | None, dict[str, str]]] = [
    ("demens", {}),
    ("hygien", {}),
    ("basal hygien", {}),
    ("läkemedel", {}),
    ("dokumentation", {}),
    ("anhöriga", {}),
    ("välfärdsteknik", {}),
    ("Umeå", {}),
    ("nattfjärilsljus", {}),
    ("myrstackspolka", {}),
    ("utbildning", {}),
    ("pausa", {}),
    ("redaktör", {}),
    ("tillgänglighet", {}),
    ("xylofonkvartett", {}),
    (None, {"Format": "Webbutbildning"}),
    (None, {"Kostnad": "Gratis"}),
    ("demens", {"Kostnad": "Gratis"}),
]

URLS = """async ([term, filters]) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.options({noWorker: true});
  const answer = await pagefind.search(term, {filters});
  const data = await Promise.all(answer.results.map(r => r.data()));
  return data.map(d => d.url);
}"""


def key(term: str | None, filters: dict[str, str]) -> str:
    return json.dumps([term, filters], ensure_ascii=False, sort_keys=True)


def answers(browser: Browser, base: str) -> dict[str, list[str]]:
    """Every query's result addresses, sorted: which pages are found, not in which order."""
    page = browser.new_page()
    page.goto(base, wait_until="load")
    found: dict[str, list[str]] = {}
    for term, filters in QUERIES:
        urls: list[Any] = page.evaluate(URLS, [term, filters])
        found[key(term, filters)] = sorted(str(url) for url in urls)
    page.close()
    return found


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    catalogue = tmp_path_factory.mktemp("generated") / "content"
    providers = yaml.safe_load(RECORDED_PROVIDERS.read_text(encoding="utf-8"))
    generate(catalogue, SIZE, random.Random(SEED), providers)
    out = tmp_path_factory.mktemp("generated-site")
    result = build(catalogue, out)
    assert result.returncode == 0, result.stdout + result.stderr
    with serving(out) as base:
        yield base


def test_the_catalogue_index_finds_what_the_crawl_found(generated_site: str, browser: Browser) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    found = answers(browser, generated_site)
    assert set(found) == set(recorded), "QUERIES changed: record the crawl's answers again"
    for query, urls in recorded.items():
        assert found[query] == urls, f"{query}: {len(found[query])} results, the crawl found {len(urls)}"
    assert any(len(urls) == 1 for urls in recorded.values()), "a rare word should find a single page"
    assert any(len(urls) > SIZE // 2 for urls in recorded.values()), "a common word should find most"
