"""The site built once per session from the real catalogue, and served on loopback.

The catalogue is copied and given one learning path and one self-assessment of its own, so the
path and assessment pages are tested whatever the real catalogue holds today.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from catalogue import Catalogue, load_catalogue
from catalogue.layout import CONTENT_DIR
from scripts.site_server import serving

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).parent / "mkdocs"
TEST_PATH = "testvag-introduktion"
TEST_ASSESSMENT = "testskattning"


def build(catalogue_dir: Path, out: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CATALOGUE_DIR": str(catalogue_dir), "NO_MKDOCS_2_WARNING": "1", **settings}
    command = [str(MKDOCS), "build", "--quiet", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def add_path_and_assessment(directory: Path) -> None:
    real = load_catalogue(directory)
    trainings = list(real.trainings.values())[:3]
    roles = trainings[0].roles[:2]
    path = {
        "id": TEST_PATH,
        "title": "Testväg för nyanställda",
        "summary": "En väg som testerna lägger till.",
        # A link that would run script must lose its target; an ordinary one keeps it.
        "description": "Stegen i **ordning**. [Läs mer](https://www.socialstyrelsen.se/) [Klicka](javascript:alert(1))",
        "roles": roles,
        "complete_within_days": 30,
        # Mandatory for the first role throughout; for the second, only the last step is.
        "steps": [
            {"training": t.id, "mandatory_for": roles[:1], "recommended_for": roles[1:]} for t in trainings[:-1]
        ]
        + [{"training": trainings[-1].id, "mandatory_for": roles}],
    }
    topic = trainings[0].topics[0]
    assessment = {
        "id": TEST_ASSESSMENT,
        "title": "Testskattning",
        "summary": "En självskattning som testerna lägger till.",
        "description": "Svara ärligt.",
        "source": "Testerna",
        "scale": [{"value": v, "label": f"Nivå {v}", "description": f"Beskrivning {v}"} for v in range(1, 5)],
        "areas": [
            {
                "id": "omrade",
                "title": "Ett område",
                "topics": [topic],
                "statements": [{"id": "pastaende", "text": "Jag kan det här."}],
            }
        ],
    }
    for folder, entry in (("paths", path), ("assessments", assessment)):
        (directory / folder).mkdir(exist_ok=True)
        text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
        (directory / folder / f"{entry['id']}.yml").write_text(text, encoding="utf-8")


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


AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE: ViewportSize = {"width": 360, "height": 780}


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG21_AA)
    return [{"id": v["id"], "nodes": [n["html"] for n in v["nodes"]][:3]} for v in result["violations"]]
