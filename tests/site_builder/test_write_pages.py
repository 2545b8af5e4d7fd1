"""A big catalogue's training pages are written by forked workers: the files must be the same."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import catalogue.parallel
import catalogue_site.plugin
from catalogue import load_catalogue
from catalogue_site.plugin import PageTarget, write_pages
from scripts.generate_catalogue import generate

SHELL = ["<title>", "OKPREBUILTTITLE", "</title>", "OKPREBUILTURL", "<h1>OKPREBUILTCONTENT</h1>", "<p>slut"]


def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel_from: int) -> dict[str, str]:
    monkeypatch.setattr(catalogue_site.plugin, "WRITE_IN_PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(catalogue.parallel, "usable_cores", lambda: 2)
    generate(tmp_path / "katalog", 30, random.Random(3))
    found = load_catalogue(tmp_path / "katalog")
    site = tmp_path / "site"
    targets = {t: PageTarget(site / t / "index.html", f"https://x.se/{t}/") for t in found.trainings}
    write_pages(SHELL, found, targets)
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def test_workers_write_the_pages_one_process_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = written(tmp_path / "alone", monkeypatch, 10**9)
    pooled = written(tmp_path / "pooled", monkeypatch, 1)
    assert len(alone) == 30
    assert pooled == alone
    page = next(iter(alone.values()))
    assert page.startswith("<title>") and page.endswith("<p>slut") and "https://x.se/" in page
