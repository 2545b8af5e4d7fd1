"""Running it in a municipality, in Debian's Chromium at 360 px: a manager registers attendance and
gives a code by keyboard alone, axe finds nothing on the new /hantera/ pages, eight slips print
on one A4 page, and each slip's QR code, read by zbar from what Chromium draws, opens the sign-in
page with that slip's code."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Locator, Page, expect
from pypdf import PdfReader

from tests.support.browser import PHONE, axe_violations
from tests.support.service_app import direct
from tests.support.service_hantera import sign_in_by_keyboard
from tests.support.service_server import Server
from tests.support.service_world import NORR, SODER, World

pytestmark = pytest.mark.browser

MAX_TABS = 80
A4_POINTS = (595.3, 841.9)  # 210 × 297 mm in PDF points; Chromium rounds its own way
UPLOADED = "anställningsnummer;namn;kommun;enhet\nB1;Bläddra Bsson;Åsele;Hemtjänst Norr\n"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # Twice the pixels: a QR code drawn at 7rem then has several pixels per module for zbar.
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    yield context.new_page()
    context.close()


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches `selector` (as a keyboard user would)."""
    for _ in range(MAX_TABS):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose_by_arrows(page: Page, label: str) -> None:
    """Move through the focused select's options with the arrow key until `label` is chosen."""
    for _ in range(MAX_TABS):
        if page.evaluate("() => document.activeElement.selectedOptions[0].label") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label}")


def test_a_manager_registers_attendance_by_keyboard_alone(
    running: tuple[Server, World, Path], page: Page
) -> None:
    server, _, db = running
    sign_in_by_keyboard(page, server.url, "Åsa Åsele")
    tab_to(page, 'a[href="/hantera/narvaro"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Registrera närvaro")).to_be_visible()
    tab_to(page, "#utbildning")
    page.keyboard.press("ArrowDown")  # the first training
    tab_to(page, "#enhet")
    choose_by_arrows(page, f"Åsele – {SODER}")
    tab_to(page, "form.filters button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name=f"Deltagare från Åsele – {SODER}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tab_to(page, "#other_date")
    page.keyboard.type("01152026")  # Chromium's date field takes the digits in its locale's order
    for number in ("S3", "S4"):
        tab_to(page, f'input[name="person"][value="{number}"]')
        page.keyboard.press("Space")
    tab_to(page, "#numbers")
    page.keyboard.type("S2")
    tab_to(page, "form.stack button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("3 registrerade.")
    expect(page.get_by_text("Söder Person 3 (S3): redan registrerad 2026-01-15")).to_be_visible()
    with direct(db) as connection:
        recorded = connection.execute(
            "SELECT s.employee_number FROM completions c JOIN staff s ON s.id = c.staff_id"
            " WHERE c.completed_on = '2026-01-15' AND c.recorded_by = 'attendance' ORDER BY 1"
        ).fetchall()
    assert recorded == [("S2",), ("S3",), ("S4",)]


def test_a_manager_gives_a_code_by_keyboard_and_its_qr_opens_the_sign_in_page(
    running: tuple[Server, World, Path], page: Page
) -> None:
    server, world, _ = running
    sign_in_by_keyboard(page, server.url, "Åsa Åsele")
    tab_to(page, 'a[href="/hantera/personal"]')
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Personal")).to_be_visible()
    tab_to(page, "#sok")
    page.keyboard.type("Norr Person 2")
    page.keyboard.press("Enter")
    expect(page.get_by_role("table")).to_have_accessible_name("1 person")
    tab_to(page, f'input[name="staff"][value="{world.staff["N2"]}"]')
    page.keyboard.press("Space")
    tab_to(page, "form[action='/hantera/personal/koder'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Lappar med personliga koder")).to_be_visible()
    slips = page.locator(".slip")
    expect(slips).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    assert decoded(page) == [f"{server.url}/logga-in/#kod={code_on(slips.first)}"]


def code_on(slip: Locator) -> str:
    return slip.locator(".slip-code").inner_text().split()[-1]  # after the hidden "Personlig kod:"


def decoded(page: Page) -> list[str]:
    """What zbar reads from each slip's QR code as Chromium draws it."""
    found = []
    for figure in page.locator(".slip-qr").all():
        image = figure.screenshot(type="png")
        read = subprocess.run(
            ["zbarimg", "--raw", "-q", "-"], input=image, capture_output=True, timeout=30, check=False
        )
        assert read.returncode == 0, read.stderr
        found.append(read.stdout.decode().strip())
    return found


def test_eight_slips_print_on_one_a4_page_and_every_qr_code_reads_back(
    running: tuple[Server, World, Path], page: Page
) -> None:
    server, _, _ = running
    sign_in_by_keyboard(page, server.url, "Admin Istratör")
    page.goto(f"{server.url}/hantera/personal?sok=Person")
    boxes = page.locator('input[name="staff"]')
    for index in range(8):
        boxes.nth(index).check()
    page.get_by_role("button", name="Ge de valda nya koder").click()
    slips = page.locator(".slip")
    expect(slips).to_have_count(8)
    codes = [code_on(slip) for slip in slips.all()]
    assert decoded(page) == [f"{server.url}/logga-in/#kod={code}" for code in codes]
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert abs(float(box.width) - A4_POINTS[0]) < 2 and abs(float(box.height) - A4_POINTS[1]) < 2
    text = pdf.pages[0].extract_text()
    assert all(code in text for code in codes) and "Hantera" not in text  # the bar is not printed

    page.goto(f"{server.url}/hantera/personal?sok=Person")
    for index in range(9):
        page.locator('input[name="staff"]').nth(index).check()
    page.get_by_role("button", name="Ge de valda nya koder").click()
    expect(page.locator(".slip")).to_have_count(9)
    assert len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages) == 2


def test_every_new_page_passes_axe_at_360_px(running: tuple[Server, World, Path], page: Page) -> None:
    server, world, db = running
    sign_in_by_keyboard(page, server.url, "Admin Istratör")
    person = world.staff["A2"]
    with direct(db) as connection:
        account = connection.execute("SELECT id FROM accounts WHERE name = 'Tore Tallen'").fetchone()[0]
    paths = (
        "/hantera/personal",
        "/hantera/personal?slutat=1&sok=a",
        "/hantera/personal/ny",
        f"/hantera/personal/{person}",
        f"/hantera/personal/{person}/radera",
        "/hantera/personal/lista",
        "/hantera/narvaro",
        f"/hantera/narvaro?utbildning=hygien&enhet={world.units[NORR]}",
        "/hantera/narvaro?utbildning=hygien",
        "/hantera/konton",
        f"/hantera/konton/{account}",
        "/hantera/mal",
        "/hantera/byt-losenord",
    )
    for path in paths:
        page.goto(server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert axe_violations(page) == [], path
    page.goto(server.url + "/hantera/personal/lista")
    page.get_by_label("Fil (.xlsx eller .csv)").set_input_files(
        files=FilePayload(name="lista.csv", mimeType="text/csv", buffer=UPLOADED.encode())
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("1 nya, 0 ändrade och 0 oförändrade personer.")).to_be_visible()
    assert axe_violations(page) == []
