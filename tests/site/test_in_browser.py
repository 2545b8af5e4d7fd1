"""The site as a visitor meets it in headless Chromium: accessibility, keyboard, phone, no JS, offline."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from catalogue import Catalogue
from tests.site.conftest import PHONE, TEST_ASSESSMENT, TEST_PATH, axe_violations

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
    status = page.locator("#finder-status")
    assert status.inner_text().startswith(f"{expected} utbildning")
    assert "amne=" + topic.id in page.url
    titles = page.locator("#finder-results li a").all_inner_texts()
    assert training.title in titles
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


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


def test_finder_keeps_working_offline(page: Page, context: BrowserContext, site_url: str) -> None:
    page.goto(site_url + "hitta-utbildning/")
    page.wait_for_selector("#finder-results li")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#finder-results li")
    page.select_option("#f-kostnad", "gratis")
    assert "passar" in page.locator("#finder-status").inner_text()
    context.set_offline(False)


def test_self_assessment_reads_fine_without_javascript(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{site_url}sjalvskattning/{TEST_ASSESSMENT}/")
    assert page.get_by_role("group", name="Jag kan det här.").get_by_label("Nivå 1").is_visible()
    notice = page.locator("noscript .ok-notice")
    assert notice.is_visible() and "kräver JavaScript" in notice.inner_text()
    assert not page.get_by_role("button", name="Spara och visa mina tips").is_visible()
    context.close()
