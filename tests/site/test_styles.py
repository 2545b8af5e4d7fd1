"""Pages look as they did with Material's whole stylesheet and bundle.js, on a phone and a desktop.

Each page is inlined only the CSS its first screen can need and loads the rest without blocking
(catalogue_site/stylesheet.py), and Material's bundle.js is gone. Every element of every page
type must end up with the computed style Material's full stylesheet and ours give it, and the
drawer, search, finder and staff pages must work without the bundle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from catalogue import Catalogue
from tests.support.browser import PHONE
from tests.support.site_build import TEST_ASSESSMENT, TEST_PATH

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}

# What a reader sees of an element: its box, its place, its colours, its type.
PROPERTIES = [
    "display",
    "position",
    "float",
    "visibility",
    "opacity",
    "transform",
    "z-index",
    "overflow-x",
    "width",
    "height",
    "top",
    "left",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-bottom-width",
    "border-left-width",
    "border-top-color",
    "border-left-color",
    "border-radius",
    "box-shadow",
    "color",
    "background-color",
    "background-image",
    "mask-image",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "line-height",
    "text-align",
    "text-decoration-line",
    "white-space",
    "list-style-type",
    "grid-template-columns",
    "gap",
    "outline-style",
    "cursor",
    "content",
]

# Every element's (and its ::before and ::after's) computed style, keyed by its place.
SNAPSHOT = """names => {
  const out = {};
  document.querySelectorAll('body *').forEach((el, i) => {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      const key = i + ':' + el.tagName + '.' + el.className + (pseudo || '');
      out[key] = names.map(n => style.getPropertyValue(n));
    }
  });
  return out;
}"""
# Swapping stylesheets would start transitions; styles are compared at rest.
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def page_types(catalogue: Catalogue) -> dict[str, str]:
    training = next(t for t in catalogue.trainings.values() if t.status == "active")
    topic = next(iter(catalogue.topics))
    role = catalogue.paths[TEST_PATH].roles[0]
    return {
        "training": f"utbildning/{training.id}/",
        "start": "",
        "finder": "hitta-utbildning/",
        "search": "sok/?q=hygien",
        "topic": f"amne/{topic}/",
        "path for a role": f"vag/{TEST_PATH}/{role}/",
        "self-assessment": f"sjalvskattning/{TEST_ASSESSMENT}/",
        "sign-in": "logga-in/",
        "my record": "min-utbildning/",
        "editors' guide (code, tables)": "redaktorer/",
        "status (tables)": "nulage/",
    }


def full_stylesheets(page: Page, site: Path) -> None:
    """Replace the page's CSS by Material's whole stylesheet and ours, as pages had them before."""
    material = next((site / "assets" / "stylesheets").glob("main.*.min.css")).name
    page.evaluate(
        "document.querySelectorAll('head style, head link[rel=stylesheet]').forEach(e => e.remove())"
    )
    page.add_style_tag(url=f"/assets/stylesheets/{material}")
    page.add_style_tag(content=(ROOT / "docs" / "assets" / "site.css").read_text(encoding="utf-8"))


def differences(ours: dict[str, list[str]], full: dict[str, list[str]]) -> list[str]:
    assert ours.keys() == full.keys(), "the page changed while it was measured"
    found = []
    for element, values in ours.items():
        changed = [
            f"{name}: {mine!r}, full: {theirs!r}"
            for name, mine, theirs in zip(PROPERTIES, values, full[element], strict=True)
            if mine != theirs
        ]
        if changed:
            found.append(f"{element}: {'; '.join(changed[:4])}")
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_every_page_type_looks_as_with_the_full_stylesheets(
    browser: Browser, site_url: str, site: Path, catalogue: Catalogue, viewport: Any
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    for name, path in page_types(catalogue).items():
        page.goto(site_url + path, wait_until="networkidle")
        page.wait_for_function(
            "[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.media === 'all')"
        )
        page.add_style_tag(content=STILL)
        ours = page.evaluate(SNAPSHOT, PROPERTIES)
        full_stylesheets(page, site)
        page.add_style_tag(content=STILL)
        full = page.evaluate(SNAPSHOT, PROPERTIES)
        if found := differences(ours, full):
            problems[name] = found[:5]
    context.close()
    assert not problems, problems


def test_no_page_asks_for_materials_bundle_or_throws_without_it(
    browser: Browser, site_url: str, catalogue: Catalogue
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    asked: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("request", lambda request: asked.append(request.url))
    for path in page_types(catalogue).values():
        page.goto(site_url + path, wait_until="networkidle")
    context.close()
    assert errors == []
    assert [url for url in asked if "/javascripts/" in url or "main." in url] == []


def test_the_menu_opens_and_leads_on_a_phone_without_a_script(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "om-webbplatsen/")
    menu = page.get_by_role("navigation", name="Navigation")
    finder = menu.get_by_role("link", name="Hitta utbildning")
    assert not finder.is_visible() or finder.bounding_box()["x"] < 0  # type: ignore[index]
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    assert finder.bounding_box()["x"] >= 0  # type: ignore[index]
    page.locator("label.md-overlay").click(position={"x": 340, "y": 400})
    page.wait_for_function(
        "document.querySelector('.md-sidebar--primary').getBoundingClientRect().right <= 0"
    )
    page.locator("label.md-header__button[for=__drawer]").click()
    finder.click()
    page.wait_for_url("**/hitta-utbildning/")
    context.close()
