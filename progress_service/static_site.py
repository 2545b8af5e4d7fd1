"""Serving the built site: compressed, cached for a year when fingerprinted, revalidated otherwise.

Fingerprinted files (Material's assets/…/name.<hash>.min.js|css, Pagefind's hashed index and
fragment files) never change under their name, so browsers may keep them for a year without
asking. Everything else — HTML above all — is `no-cache`: the browser revalidates with the ETag
or Last-Modified that StaticFiles sends and usually gets a body-less 304.
"""

from __future__ import annotations

import re
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
FINGERPRINTED = re.compile(
    r"^/(assets/.+\.[0-9a-f]{8,}\.min\.(js|css)"
    r"|pagefind/(fragment|index|filter)/[^/]+\.pf_(fragment|index|filter)"
    r"|pagefind/pagefind\.[^/]+\.pf_meta)$"
)
GZIP_MINIMUM_BYTES = 500


def cache_control(path: str, status: int) -> str:
    """The Cache-Control for a site path (relative to the site root, starting with /)."""
    return IMMUTABLE if status in (200, 304) and FINGERPRINTED.match(path) else REVALIDATE


class _CacheHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "")
        path = scope["path"][len(root) :] if scope["path"].startswith(root) else scope["path"]

        async def send_with_cache_control(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Cache-Control"] = cache_control(path, message["status"])
            await send(message)

        await self.app(scope, receive, send_with_cache_control)


def site_app(directory: Path) -> ASGIApp:
    """An ASGI app serving the built site in `directory` (index.html for folders, the site's 404.html)."""
    files = StaticFiles(directory=directory, html=True, check_dir=False)
    return GZipMiddleware(_CacheHeaders(files), minimum_size=GZIP_MINIMUM_BYTES)
