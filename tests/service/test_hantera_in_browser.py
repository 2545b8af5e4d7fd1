"""/hantera/ as a manager uses it, in Debian's Chromium at 360 px: by keyboard alone, without
JavaScript, with axe finding no WCAG 2.1 A/AA violation on any page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from progress_service.reports import REPORTS
from tests.support.browser import PHONE, axe_violations
from tests.support.service_hantera import sign_in_by_keyboard
from tests.support.service_server import Server
from tests.support.service_world import PASSWORD, TALLEN, World

pytestmark = pytest.mark.browser

PAGES = (
    "/hantera/",
    "/hantera/rapporter/",
    "/hantera/rapporter/completions?from=2025-01-01&to=2025-12-31",
    "/hantera/rapporter/matrix?path=intro&on=2026-01-15",
    "/hantera/rapporter/renewals?on=2026-01-15",
    "/hantera/rapporter/hours?from=2025-01-01&to=2025-12-31",
    "/hantera/rapporter/summary?from=2025-01-01&to=2025-12-31",
    "/hantera/rapporter/needs?assessment=digital&from=2025-01-01&to=2025-12-31",
    "/hantera/nycklar",
    "/hantera/logg",
)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def no_script(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    yield context
    context.close()


def test_a_manager_signs_in_by_keyboard_and_every_page_passes_axe(
    running: tuple[Server, World, Path], page: Page
) -> None:
    server, _, _ = running
    sign_in_by_keyboard(page, server.url, "Admin Istratör")
    expect(page.get_by_role("heading", name="Deltagare")).to_be_visible()
    for path in PAGES:
        page.goto(server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert axe_violations(page) == [], path


def test_the_sign_in_form_passes_axe(running: tuple[Server, World, Path], page: Page) -> None:
    server, _, _ = running
    page.goto(f"{server.url}/hantera/logga-in")
    assert axe_violations(page) == []


def test_without_javascript_the_matrix_sorts_and_scrolls_in_its_own_box(
    running: tuple[Server, World, Path], no_script: BrowserContext
) -> None:
    server, _, _ = running
    page = no_script.new_page()
    page.goto(f"{server.url}/hantera/logga-in")
    page.get_by_label("Namn").fill("Åsa Åsele")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{server.url}/hantera/rapporter/matrix?path=intro&on=2026-01-15")
    table = page.get_by_role("table")
    first_row = table.locator("tbody tr").first
    expect(first_row).to_be_visible()
    page.get_by_role("link", name="Basal hygien").click()  # worst first
    expect(table.locator("tbody tr").first.locator("td").nth(4)).to_have_text(
        "Försenad – skulle vara klar 2025-08-30"
    )
    expect(page.get_by_role("columnheader", name="Basal hygien")).to_have_attribute("aria-sort", "ascending")
    box = page.locator(".scroll").first
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("tbody th").first.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    page.get_by_label("Enhet").select_option(label=f"Åsele – {TALLEN}")
    page.get_by_role("button", name="Visa").click()
    expect(table.locator("tbody tr")).to_have_count(1)


def test_a_manager_makes_an_api_key_by_keyboard_without_javascript(
    running: tuple[Server, World, Path], no_script: BrowserContext
) -> None:
    server, _, _ = running
    page = no_script.new_page()
    page.goto(f"{server.url}/hantera/logga-in?next=/hantera/nycklar")
    page.get_by_label("Namn").fill("Tore Tallen")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="API-nycklar")).to_be_visible()
    page.get_by_label("Namn på nyckeln").fill("Power Query")
    page.get_by_label("Namn på nyckeln").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("visas bara nu")
    assert page.locator("code.key").inner_text().startswith("omk_")
    page.get_by_role("button", name="Återkalla Power Query").click()
    expect(page.get_by_role("cell", name="Återkallad", exact=False)).to_be_visible()


def sign_in_without_script(context: BrowserContext, url: str, name: str) -> Page:
    page = context.new_page()
    page.goto(f"{url}/hantera/logga-in")
    page.get_by_label("Namn").fill(name)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()
    return page


SignedIn = Callable[[str], tuple[Page, str]]


@pytest.fixture
def signed_in(running: tuple[Server, World, Path], no_script: BrowserContext) -> SignedIn:
    """Sign someone in without JavaScript: her page and the service's address."""
    server, _, _ = running
    return lambda name: (sign_in_without_script(no_script, server.url, name), server.url)


def test_a_report_of_one_row_says_one_row(signed_in: SignedIn) -> None:
    page, url = signed_in("Admin Istratör")
    page.goto(f"{url}/hantera/rapporter/completions?from=2025-01-01&to=2025-12-31&municipality=dorotea")
    expect(page.locator("caption")).to_have_text("Genomförda utbildningar: 1 rad")


def test_the_log_tells_what_was_done_in_swedish(signed_in: SignedIn) -> None:
    page, url = signed_in("Admin Istratör")
    page.goto(f"{url}/hantera/rapporter/completions?from=2025-01-01&to=2025-12-31&municipality=dorotea")
    page.goto(f"{url}/hantera/logg")
    viewed = page.locator("tbody tr", has_text="Visade rapport").first.locator("td").last
    expect(viewed).to_have_text(
        "rapport: Genomförda utbildningar, urval: (från: 2025-01-01, till: 2025-12-31, kommun: dorotea),"
        " format: excel, rader: 1"
    )
    details = " ".join(page.locator("tbody td:last-child").all_inner_texts())
    for english in ("report", "filters", "rows", "complete", "true", "false", '"'):
        assert english not in details


@pytest.mark.parametrize("report", ["matrix", "needs"])
def test_a_report_opened_from_the_list_shows_its_first_choice_without_an_error(
    signed_in: SignedIn, report: str
) -> None:
    page, url = signed_in("Admin Istratör")
    page.goto(f"{url}/hantera/rapporter/")
    page.get_by_role("main").get_by_role("link", name=REPORTS[report].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REPORTS[report].title)
    expect(page.locator(".error")).to_have_count(0)
    expect(page.get_by_role("link", name="för Excel")).to_be_visible()


def test_a_wrong_filter_on_a_report_page_is_named_as_the_form_names_it(signed_in: SignedIn) -> None:
    page, url = signed_in("Admin Istratör")
    page.goto(f"{url}/hantera/rapporter/completions")
    page.get_by_label("Från").fill("2025-06-01")
    page.get_by_label("Till").fill("2025-01-01")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator(".error")).to_have_text(
        "Perioden slutar före den börjar: ”Till” ska vara samma dag som ”Från” eller senare."
    )


def test_a_mistyped_address_under_hantera_gets_a_page_not_json(signed_in: SignedIn) -> None:
    page, url = signed_in("Åsa Åsele")
    answer = page.goto(f"{url}/hantera/rapport")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("main")).to_contain_text("Sidan finns inte")
    page.get_by_role("link", name="Tillbaka").click()
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()
    page.goto(f"{url}/hantera/rapporter")  # without its slash: still found
    expect(page).to_have_url(f"{url}/hantera/rapporter/")


def test_the_overview_says_when_there_are_no_ratings_yet(signed_in: SignedIn) -> None:
    page, _ = signed_in("Admin Istratör")  # the world's ratings are from 2025; the overview shows this year
    card = page.get_by_role("region", name="Fann utbildningen användbar")
    expect(card).to_contain_text("Inga betyg under perioden.")
    expect(card).not_to_contain_text("Andel av 0 betyg")


def test_a_person_just_added_is_said_to_be_added_and_pointed_to_a_code(signed_in: SignedIn) -> None:
    page, url = signed_in("Åsa Åsele")
    page.goto(f"{url}/hantera/personal/ny")
    page.get_by_label("Namn").fill("Nyss Anställd")
    page.get_by_label("Anställningsnummer").fill("NY-1")
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_role("status")).to_have_text(
        "Nyss Anställd är tillagd. Ge hen en personlig kod nedan, så kan hen logga in."
    )
