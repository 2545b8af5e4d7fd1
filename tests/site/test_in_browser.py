"""The site as a visitor meets it in headless Chromium: accessibility, keyboard, phone, no JS, offline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from catalogue import Catalogue
from tests.support.browser import PHONE, axe_violations
from tests.support.site_build import TEST_ASSESSMENT, TEST_PATH
from tests.support.site_server import plain_name, serving

pytestmark = pytest.mark.browser


def first_training(catalogue: Catalogue) -> str:
    return sorted(catalogue.active_trainings(), key=lambda t: t.id)[0].id


def test_no_wcag_violations_on_key_pages(page: Page, site_url: str, catalogue: Catalogue) -> None:
    training = first_training(catalogue)
    topic = catalogue.trainings[training].topics[0]
    for path in (
        "",
        f"utbildning/{training}/",
        f"vag/{TEST_PATH}/",
        "nulage/",
        f"hitta-utbildning/?amne={topic}",
    ):
        page.goto(site_url + path)
        if path.startswith("hitta"):
            page.wait_for_selector("#finder-results li")
            page.select_option("#f-kostnad", "gratis")
        assert axe_violations(page) == [], path


def test_finder_filters_instantly_by_keyboard(page: Page, site_url: str, catalogue: Catalogue) -> None:
    training = catalogue.trainings[first_training(catalogue)]
    topic = catalogue.topics[training.topics[0]]
    page.goto(site_url + "hitta-utbildning/")
    page.wait_for_selector("#finder-results li")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-amne":
            break
    assert page.evaluate("document.activeElement.id") == "f-amne", "the topic filter is not reachable by Tab"
    labels = page.eval_on_selector_all("#f-amne option", "options => options.map(o => o.textContent)")
    for _ in range(labels.index(topic.label)):
        page.keyboard.press("ArrowDown")
    expected = sum(topic.id in t.topics for t in catalogue.active_trainings())
    # The topic's file comes on demand: the count changes when it has come.
    expect(page.locator("#finder-status")).to_have_text(re.compile(rf"^{expected} utbildning"))
    assert "amne=" + topic.id in page.url
    titles = page.locator("#finder-results li a").all_inner_texts()
    assert training.title in titles
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_finder_shows_the_last_choice_when_an_earlier_ones_file_comes_later(
    browser: Browser, site_url: str, catalogue: Catalogue
) -> None:
    slow, fast = list(catalogue.topics)[:2]
    expected = sum(fast in t.topics for t in catalogue.active_trainings())
    # No service worker: what it fetches, the page's routes do not see.
    page = browser.new_context(viewport=PHONE, service_workers="block").new_page()
    held: list[Route] = []
    page.route(f"**/amne-{slow}.json", lambda route: held.append(route))
    page.goto(site_url + "hitta-utbildning/")
    page.wait_for_selector("#finder-results li")
    page.select_option("#f-amne", slow)
    page.select_option("#f-amne", fast)
    status = page.locator("#finder-status")
    expect(status).to_have_text(re.compile(rf"^{expected} utbildning"))
    page.wait_for_timeout(500)  # long enough for the finder to say it is still fetching
    held[0].continue_()
    page.wait_for_load_state("networkidle")
    expect(status).to_have_text(re.compile(rf"^{expected} utbildning"))
    in_fast = {t.title for t in catalogue.active_trainings() if fast in t.topics}
    assert set(page.locator("#finder-results li a").all_inner_texts()) == in_fast
    page.context.close()


def test_finder_without_javascript_points_to_topic_and_role_pages(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "hitta-utbildning/")
    assert page.locator("#finder-nojs").is_visible()
    assert not page.locator("#finder").is_visible()
    page.get_by_role("link", name="Basal hygien och smittskydd").first.click()
    assert "/amne/" in page.url
    assert page.locator("article .ok-list a").count() >= 1
    context.close()


def test_training_page_reads_fine_without_javascript(
    browser: Browser, site_url: str, catalogue: Catalogue
) -> None:
    training = catalogue.trainings[first_training(catalogue)]
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}utbildning/{training.id}/")
    assert page.get_by_role("heading", level=1).inner_text() == training.title
    assert page.get_by_role(
        "link", name=f"Gå till utbildningen hos {catalogue.providers[training.provider].name}"
    )
    assert page.locator(".ok-facts dt").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_search_loads_the_index_only_when_searching(page: Page, site_url: str, catalogue: Catalogue) -> None:
    training = catalogue.trainings[first_training(catalogue)]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url)
    page.goto(site_url + "sok/")
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if "/pagefind/" in url] == []
    page.fill("#q", training.title.split()[0])
    page.wait_for_selector("#search-results li")
    assert training.title in page.locator("#search-results li a").all_inner_texts()
    assert any("/pagefind/" in url for url in requested)
    assert all(url.startswith(site_url) for url in requested)


def test_finder_counts_only_priced_trainings_as_costing_money(
    page: Page, site_url: str, catalogue: Catalogue
) -> None:
    # A training whose price is unknown ("Kostnad varierar") is not known to cost money either.
    page.goto(site_url + "hitta-utbildning/")
    page.wait_for_selector("#finder-results li")
    page.select_option("#f-kostnad", "betald")
    expected = sum((t.cost_sek or 0) > 0 for t in catalogue.active_trainings())
    expect(page.locator("#finder-status")).to_have_text(re.compile(rf"^{expected} utbildning"))


KEPT = """name => caches.keys().then(caches_ => Promise.all(caches_.map(c => caches.open(c).then(
    cache => cache.keys())))).then(lists => lists.flat().some(request => request.url.endsWith(name)))"""


def test_the_finder_keeps_what_was_seen_for_use_offline(page: Page, site: Path, catalogue: Catalogue) -> None:
    free = sum(t.cost_sek == 0 for t in catalogue.active_trainings())
    status = page.locator("#finder-status")
    # Its own server, stopped for real: the browser's offline switch does not stop the worker's fetches.
    with serving(site) as base:
        page.goto(base + "hitta-utbildning/")
        page.wait_for_selector("#finder-results li")
        page.select_option("#f-kostnad", "gratis")
        expect(status).to_have_text(re.compile(rf"^{free} utbildning"))
        # Both came before the worker took over, on this first visit: the finder asks it to keep them.
        for name in ("/assets/finder/start.json", "/kostnad-gratis.json"):
            page.wait_for_function(KEPT, arg=name)
    page.reload()
    expect(status).to_have_text(re.compile(rf"^{free} utbildning"))
    assert page.locator("#finder-results li a").count() == min(free, 50)
    # A choice never made online cannot be counted offline: the finder says so and keeps the list.
    page.select_option("#f-kostnad", "betald")
    expect(status).to_contain_text("kunde inte hämtas")
    assert page.locator("#finder-results li a").count() == min(free, 50)


def test_self_assessment_reads_fine_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}sjalvskattning/{TEST_ASSESSMENT}/")
    assert page.get_by_role("group", name="Jag kan det här.").get_by_label("Nivå 1").is_visible()
    notice = page.locator("noscript .ok-notice")
    assert notice.is_visible() and "kräver JavaScript" in notice.inner_text()
    assert not page.get_by_role("button", name="Spara och visa mina tips").is_visible()
    context.close()


def search_for(page: Page, site_url: str, query: str = "", **filters: str) -> None:
    params = "&".join(f"{key}={value}" for key, value in {"q": query, **filters}.items() if value)
    page.goto(f"{site_url}sok/?{params}")
    expect(page.locator("#search-status")).to_contain_text("träff")


def test_searching_hygien_finds_trainings_and_snippets_read_as_sentences(page: Page, site_url: str) -> None:
    search_for(page, site_url, "hygien")
    links = page.locator("#search-results li > a")
    expect(links.first).to_be_visible()
    urls = [urlsplit(url).path for url in links.evaluate_all("links => links.map(a => a.href)")][:10]
    assert urls and all(url.startswith("/utbildning/") for url in urls), urls
    snippets = page.locator("#search-results .ok-meta").all_inner_texts()
    # Facts are left out of the index: no label glued to its value ("FormatWebbutbildning").
    glued = [
        s for s in snippets if re.search(r"(Format|Längd|Kostnad|Intyg|Förnyas|Nivå|Anordnare)[A-ZÅÄÖ0-9]", s)
    ]
    assert glued == []
    # The page's button text is no sentence to read under a result (it is not a link there).
    assert [s for s in snippets if "Gå till utbildningen" in s] == []


def test_every_hit_is_reachable_with_visa_fler(page: Page, site_url: str, catalogue: Catalogue) -> None:
    free = [t for t in catalogue.active_trainings() if t.cost_sek == 0]
    assert len(free) > 20, "the test needs more than two pages of hits"
    search_for(page, site_url, kostnad="Gratis")
    status = page.locator("#search-status")
    expect(status).to_have_text(f"{len(free)} träffar. Visar de 10 första.")
    more = page.get_by_role("button", name="Visa fler")
    while more.is_visible():
        shown = page.locator("#search-results li").count()
        more.click()
        expect(page.locator("#search-results li")).not_to_have_count(shown)
        expect(page.locator(f"#search-results li:nth-child({shown + 1}) a")).to_be_focused()
    expect(status).to_have_text(f"{len(free)} träffar.")
    titles = set(page.locator("#search-results li > a").all_inner_texts())
    assert titles == {t.title for t in free}


def test_search_filters_by_topic_format_and_cost(page: Page, site_url: str, catalogue: Catalogue) -> None:
    search_for(page, site_url, "demens")
    page.select_option("#f-format", label="Webbutbildning")
    webbutbildning = next(f.id for f in catalogue.formats.values() if f.label == "Webbutbildning")
    expect(page.locator("#search-status")).to_contain_text("på demens")
    page.wait_for_function("() => !document.querySelector('#search-status').textContent.startsWith('Söker')")
    titles = set(page.locator("#search-results li > a").all_inner_texts())
    by_title = {t.title: t for t in catalogue.active_trainings()}
    assert titles and all(by_title[title].format == webbutbildning for title in titles)
    assert "format=Webbutbildning" in page.url
    topic = catalogue.topics["demens"]
    page.select_option("#f-format", "")
    page.select_option("#f-amne", label=topic.label)
    page.wait_for_function("() => !document.querySelector('#search-status').textContent.startsWith('Söker')")
    titles = set(page.locator("#search-results li > a").all_inner_texts())
    assert titles and all("demens" in by_title[title].topics for title in titles)
    assert axe_violations(page) == []


def test_without_javascript_a_role_link_on_the_path_page_shows_only_her_steps(
    browser: Browser, site_url: str, catalogue: Catalogue
) -> None:
    path = catalogue.paths[TEST_PATH]
    role = catalogue.roles[path.roles[-1]]
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}vag/{TEST_PATH}/")
    page.locator(".ok-roles").get_by_role("link", name=role.label).click()
    assert page.url.endswith(f"/vag/{TEST_PATH}/{role.id}/")
    mine = [s for s in path.steps if role.id in s.mandatory_for + s.recommended_for]
    first = sorted(mine, key=lambda s: role.id not in s.mandatory_for)
    titles = page.locator(".ok-steps li > a").all_inner_texts()
    assert titles == [catalogue.trainings[s.training].title for s in first]
    assert page.locator(".ok-steps li").first.inner_text().endswith("Obligatorisk")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_footer_is_swedish(page: Page, site_url: str) -> None:
    page.goto(site_url)
    footer = page.locator("footer").inner_text()
    assert "Made with" not in footer and "Material for MkDocs" not in footer
    assert "Omsorgskatalogen" in footer


def test_a_page_loads_the_modules_of_the_features_it_carries_and_no_others(
    page: Page, site_url: str, catalogue: Catalogue
) -> None:
    every_page = {"site.js", "api.js", "dom.js", "format.js"}
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url.rsplit("/", 1)[-1]) if "/assets/" in r.url else None)

    def modules(path: str) -> set[str]:
        loaded.clear()
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        return {plain_name(name) for name in loaded if name.endswith(".js")}

    training = first_training(catalogue)
    # Nobody signed in, nothing queued: "Markera som genomförd" and the outbox stay on the server.
    assert modules(f"utbildning/{training}/") == every_page
    assert modules("hitta-utbildning/") == every_page | {"finder.js"}
    page.evaluate("localStorage.setItem('ok-who', 'a-key')")
    assert modules(f"utbildning/{training}/") == every_page | {"training.js", "outbox.js"}


def test_a_repeat_visit_asks_the_server_again_only_for_the_page_site_js_and_the_icon(
    browser: Browser, site_url: str, catalogue: Catalogue
) -> None:
    """Every other module has a fingerprinted name, kept for a year: no request at all. (CDP reports
    a revalidated file with the status of the copy it kept: these three are asked for, not sent.)"""
    context = browser.new_context(viewport=PHONE)
    url = f"{site_url}utbildning/{first_training(catalogue)}/"
    first = context.new_page()
    first.goto(url, wait_until="networkidle")
    first.close()
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    from_cache: set[str] = set()
    asked: dict[str, str] = {}
    client.on("Network.requestServedFromCache", lambda e: from_cache.add(e["requestId"]))

    def received(event: dict[str, Any]) -> None:
        if not event["response"].get("fromDiskCache"):
            asked[event["requestId"]] = event["response"]["url"].removeprefix(site_url)

    client.on("Network.responseReceived", received)
    page.goto(url, wait_until="networkidle")
    context.close()
    assert sorted(path for request, path in asked.items() if request not in from_cache) == sorted(
        [url.removeprefix(site_url), "assets/site.js", "assets/images/favicon.png"]
    )
