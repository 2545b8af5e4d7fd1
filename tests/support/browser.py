"""The phone-sized viewport the browser tests use, and axe-core's WCAG 2.1 AA check of a page."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from playwright.sync_api import Page, ViewportSize

AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE: ViewportSize = {"width": 360, "height": 780}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG21_AA)
    return [{"id": v["id"], "nodes": [n["html"] for n in v["nodes"]][:3]} for v in result["violations"]]
