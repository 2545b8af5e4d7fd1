"""Serving a built site on loopback, and the headless Chromium that visits it (tests and benchmarks).

The site is served by the progress service's own `site_app` (gzip, long-lived caching of
fingerprinted assets, revalidation of HTML), so what is measured is what visitors get.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from progress_service.static_site import site_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


FINGERPRINT = re.compile(r"\.[0-9a-f]{12}\.min\.js$")


def plain_name(path: str) -> str:
    """A module's path as the sources name it: assets/api.3f2a9c41d0be.min.js -> assets/api.js."""
    return FINGERPRINT.sub(".js", path)


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 on a free port; yields the base URL."""
    config = uvicorn.Config(site_app(directory), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the site server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless; never a downloaded browser."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
