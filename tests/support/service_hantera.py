"""/hantera/ as a browser uses it against a real service: a signed-in manager, the forms' tokens,
forms posted as a browser posts them, and the keyboard sign-in in Chromium."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx
from playwright.sync_api import Page, expect

from tests.support.service_server import Server
from tests.support.service_world import PASSWORD

FORM_TOKEN = re.compile(r'name="form_token" value="([0-9a-f]+)"')
SLIP_CODE = re.compile(
    r'<p class="slip-code"><span class="visually-hidden">Personlig kod: </span>([A-Z0-9-]+)</p>'
)


def browser_like(server: Server) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=30, headers={"Origin": server.url})


def signed_in(server: Server, name: str) -> httpx.Client:
    client = browser_like(server)
    response = client.post(
        "/hantera/logga-in", data={"name": name, "password": PASSWORD, "next": "/hantera/"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/hantera/"
    return client


def form_token(client: httpx.Client, path: str) -> str:
    found = FORM_TOKEN.search(client.get(path).text)
    assert found, path
    return found.group(1)


def post(client: httpx.Client, path: str, page: str, data: dict[str, object]) -> httpx.Response:
    return client.post(path, data={"form_token": form_token(client, page), **data})


def post_pairs(client: httpx.Client, path: str, page: str, pairs: list[tuple[str, str]]) -> httpx.Response:
    """A form with repeated fields (ticked boxes), as a browser sends it."""
    body = urlencode([("form_token", form_token(client, page)), *pairs])
    return client.post(path, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})


def sign_in_by_keyboard(page: Page, url: str, name: str) -> None:
    page.goto(f"{url}/hantera/")
    expect(page).to_have_url(f"{url}/hantera/logga-in?next=%2Fhantera%2F")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the catalogue's name in the header
    for _ in range(6):
        if page.evaluate("document.activeElement.id") == "name":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()
