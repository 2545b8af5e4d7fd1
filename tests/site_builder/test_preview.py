"""`mkdocs serve` while the catalogue has an error: the preview shows the problems in Swedish, and
the site again once the editor saves a fix."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.site_build import MKDOCS, ROOT

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny_catalogue"
GOOD = "provider: socialstyrelsen"
BROKEN = "provider: socialstyrelse"
# A build of the tiny catalogue takes a few seconds; a loaded machine may need many times that.
WAIT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback URL)
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def fetch_until(url: str, wanted: str) -> tuple[int, str]:
    """The page at `url` once it says `wanted` (the preview rebuilds after a save)."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            status, text = fetch(url)
        except OSError:  # not listening yet
            status, text = 0, ""
        if wanted in text or time.monotonic() > deadline:
            return status, text
        time.sleep(0.3)


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    root = Path(shutil.copytree(FIXTURE, tmp_path / "katalog"))
    set_provider(root, GOOD, BROKEN)
    return root


def set_provider(root: Path, old: str, new: str) -> None:
    path = root / "trainings" / "hygien.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(catalogue: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`make serve` on a free loopback port, for a catalogue that has an error from the start."""
    port = free_port()
    env = {**os.environ, "CATALOGUE_DIR": str(catalogue), "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    command = [str(MKDOCS), "serve", "-f", str(ROOT / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_preview_lists_the_problems_in_swedish_and_recovers_on_the_next_save(
    preview: tuple[str, Path], catalogue: Path
) -> None:
    base, log = preview
    problem = "trainings/hygien.yml:6</code>: <strong>provider</strong>: okänd anordnare"

    status, start = fetch_until(base, problem)
    assert status == 200, log.read_text()
    assert "Katalogen har 1 fel" in start and "socialstyrelse" in start
    status, training = fetch(f"{base}utbildning/hygien/")
    assert status == 404 and problem in training

    set_provider(catalogue, BROKEN, GOOD)
    status, training = fetch_until(f"{base}utbildning/hygien/", "<h1>Basal hygien</h1>")
    assert status == 200 and "<h1>Basal hygien</h1>" in training, log.read_text()

    set_provider(catalogue, GOOD, BROKEN)
    status, start = fetch_until(base, problem)
    assert status == 200 and problem in start, log.read_text()
    assert "Aborted" not in log.read_text()
