"""The site on a phone by keyboard alone: every Tab stop is on screen with its focus shown, and the
menu (Material's drawer, a checkbox and CSS) opens with the keyboard as it does with a finger."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import PHONE

pytestmark = pytest.mark.browser

# Where the focus is, where it is drawn, and how: for the drawer's checkbox the ring is on the menu
# icon (its label), which is what the eye sees.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const shown = e.id === "__drawer" ? document.querySelector(".md-header label[for=__drawer]") : e;
  const box = shown.getBoundingClientRect(), style = getComputedStyle(shown);
  return {id: e.id, name: (e.getAttribute("aria-label") || e.innerText || "").trim(),
          left: box.left, right: box.right, width: box.width,
          ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0};
}"""


def tab(page: Page) -> dict[str, Any]:
    page.keyboard.press("Tab")
    focused: dict[str, Any] = page.evaluate(FOCUSED)
    return focused


def test_on_a_phone_every_tab_stop_before_the_page_is_on_screen_with_its_focus_shown(
    page: Page, site_url: str
) -> None:
    page.goto(site_url)
    stops: list[dict[str, Any]] = []
    while not stops or stops[-1]["id"] != "start-q":
        stops.append(tab(page))
        assert len(stops) < 30, [stop["name"] for stop in stops]
    hidden = [s["name"] for s in stops if s["width"] == 0 or s["left"] < 0 or s["right"] > PHONE["width"]]
    assert hidden == [], "Tab stops off screen (a closed menu's links?)"
    assert [s["name"] for s in stops if not s["ring"]] == [], "Tab stops without a visible focus ring"


def test_on_a_phone_the_menu_opens_with_the_keyboard_and_leads_to_every_page(
    page: Page, site_url: str
) -> None:
    page.goto(site_url)
    first = tab(page)
    assert first["id"] == "__drawer", f"the first Tab stop is {first['name']!r}, not the menu"
    assert first["ring"]
    expect(page.get_by_role("checkbox", name="Meny")).to_be_focused()
    page.keyboard.press("Space")
    while (stop := tab(page))["name"] != "Om webbplatsen":
        assert stop["name"], "the menu's last page was never reached"
    # The drawer slides in (0.25 s): on screen once it has.
    expect(page.locator(":focus")).to_be_in_viewport(ratio=1)
    page.keyboard.press("Enter")
    page.wait_for_url("**/om-webbplatsen/")


def test_a_folded_list_shows_its_focus(page: Page, site_url: str) -> None:
    """Min utbildning and the self-assessments fold lists in <details> ("Rätta eller ta bort",
    "Visa stegen"); Material draws a summary's focus only with its script, which the site leaves out."""
    page.goto(site_url)
    page.locator("article").evaluate(
        """article => article.insertAdjacentHTML("afterbegin",
             "<details><summary>Visa stegen</summary><ol><li>Ett steg</li></ol></details>")"""
    )
    page.locator("#__drawer").focus()
    while (stop := tab(page))["name"] != "Visa stegen":
        assert stop["name"], "the summary was never reached"
    assert stop["ring"]
