"""The staff's pages with JavaScript turned off say only what is true without it: nothing is being
fetched, and what needs JavaScript says so instead of pointing where it cannot work."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue import Catalogue
from tests.support.browser import PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def no_script(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    yield context.new_page()
    context.close()


def test_min_utbildning_says_it_needs_javascript_and_fetches_nothing(no_script: Page, site_url: str) -> None:
    no_script.goto(site_url + "min-utbildning/")
    # Playwright's text matching skips <noscript>, which is what a browser without JavaScript shows.
    expect(no_script.locator("#ok-me .ok-notice")).to_contain_text("Min utbildning behöver JavaScript")
    expect(no_script.get_by_text("Hämtar dina uppgifter")).to_be_hidden()


def test_a_training_page_says_marking_it_done_needs_javascript(
    no_script: Page, site_url: str, catalogue: Catalogue
) -> None:
    training = sorted(catalogue.active_trainings(), key=lambda t: t.id)[0]
    no_script.goto(f"{site_url}utbildning/{training.id}/")
    done = no_script.locator(".ok-done")
    expect(done.locator(".ok-notice")).to_contain_text("behöver JavaScript")
    expect(done.get_by_role("link", name="Logga in")).to_be_hidden()


def test_the_finder_does_not_promise_a_list_that_updates(no_script: Page, site_url: str) -> None:
    no_script.goto(site_url + "hitta-utbildning/")
    expect(no_script.locator("#finder-nojs")).to_be_visible()
    expect(no_script.get_by_text("Listan uppdateras direkt")).to_be_hidden()
