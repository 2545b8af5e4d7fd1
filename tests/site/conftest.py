"""The site built once per session from a copy of the real catalogue, and served on loopback."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from catalogue import Catalogue, load_catalogue
from catalogue.layout import CONTENT_DIR
from tests.support.browser import PHONE
from tests.support.site_build import add_path_and_assessment, build
from tests.support.site_server import serving


@pytest.fixture(scope="session")
def catalogue_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("catalogue") / "content"
    shutil.copytree(CONTENT_DIR, directory)
    add_path_and_assessment(directory)
    return directory


@pytest.fixture(scope="session")
def catalogue(catalogue_dir: Path) -> Catalogue:
    return load_catalogue(catalogue_dir)


@pytest.fixture(scope="session")
def site(catalogue_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build(catalogue_dir, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    with serving(site) as base:
        yield base


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
