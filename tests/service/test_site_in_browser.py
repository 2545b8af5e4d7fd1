"""The real site, built and served by the service, in Chromium: nothing breaks under the
Content-Security-Policy (Material's inline scripts, Pagefind's WebAssembly) and nothing loads from
another host."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from catalogue.layout import CONTENT_DIR
from tests.support.service_server import ROOT, Server, start

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e =>
    window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""
PAGEFIND_SEARCH = """async query => {
    const pagefind = await import("/pagefind/pagefind.js");
    await pagefind.options({noWorker: true});
    return (await pagefind.search(query)).results.length;
}"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet", "-d", str(tmp_path / "site")]
    subprocess.run(mkdocs, cwd=ROOT, env=env, check=True, capture_output=True)
    running = start(tmp_path / "site.db", CONTENT_DIR)  # serves tmp_path / "site"
    yield running
    running.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    yield context.new_page()
    context.close()


def test_the_site_runs_under_the_content_security_policy(server: Server, page: Page) -> None:
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((server.url, "data:")) else elsewhere.append(r.url))
    for path in ("/", "/hitta-utbildning/", "/sok/"):
        response = page.goto(server.url + path)
        assert response is not None and response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path
    assert page.evaluate(PAGEFIND_SEARCH, "hygien") > 0  # WebAssembly allowed by 'wasm-unsafe-eval'
    assert page.evaluate("window.__violations") == []
    assert elsewhere == []


def test_a_manager_finds_hantera_from_the_start_page(server: Server, page: Page) -> None:
    page.goto(server.url + "/")
    page.get_by_role("link", name="Hantera").click()
    page.wait_for_url(f"{server.url}/hantera/logga-in?next=%2Fhantera%2F")
    assert page.get_by_role("heading", name="Logga in för att hantera").is_visible()
    assert page.evaluate("window.__violations") == []
