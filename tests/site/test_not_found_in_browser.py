"""A page that does not exist answers in Swedish, at any depth, with a way on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["finns-inte/", "utbildning/finns-inte/"])
def test_a_missing_page_says_so_in_swedish_and_leads_on(page: Page, site_url: str, path: str) -> None:
    answer = page.goto(site_url + path)
    assert answer is not None and answer.status == 404
    expect(page).to_have_title("Sidan finns inte - Omsorgskatalogen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    assert "Not found" not in page.locator("body").inner_text()
    page.locator("article").get_by_role("link", name="Hitta utbildning").click()
    expect(page).to_have_url(site_url + "hitta-utbildning/")
