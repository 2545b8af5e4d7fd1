"""Searching on a connection that comes and goes: a failed search says what to do instead, and
the next one, once the connection is back, works without reloading the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.support.browser import PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def page_without_worker(browser: Browser) -> Iterator[Page]:
    """Without the service worker, so that the page's own requests can be cut (a route does not
    see what a worker fetches)."""
    context = browser.new_context(viewport=PHONE, service_workers="block")
    yield context.new_page()
    context.close()


def lost(route: Route) -> None:
    route.abort("internetdisconnected")


def test_a_failed_search_points_to_the_finder_and_works_again_when_the_connection_is_back(
    page_without_worker: Page, site_url: str
) -> None:
    page = page_without_worker
    page.route("**/pagefind/**", lost)
    page.goto(site_url + "sok/?q=hygien")
    status = page.locator("#search-status")
    expect(status).to_contain_text("Sökningen fungerar inte just nu")
    expect(status.get_by_role("link", name="Hitta utbildning")).to_be_visible()
    page.unroute("**/pagefind/**", lost)
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(status).to_contain_text("träffar på hygien")
