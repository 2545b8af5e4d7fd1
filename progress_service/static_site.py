"""Serving the built site: compressed, cached for a year when fingerprinted, revalidated otherwise.

Fingerprinted files (our modules and later stylesheet, assets/…/name.<hash>.min.js|css; the
finder's files in assets/finder/<hash>/; Pagefind's hashed index and fragment files) never change
under their name, so browsers may keep them for a year without asking. Everything else — HTML
above all — is `no-cache`: the browser revalidates with the ETag or Last-Modified that StaticFiles
sends and usually gets a body-less 304. A gzipped answer is another representation than the file
itself, so its ETag is weak (W/"…"): a cache or a range request never takes one for the other,
and revalidation, which compares weakly, still gets 304.

A folder asked for without its slash is redirected to the public URL's origin, never to the
request's Host (which a proxy may rewrite and anyone may forge).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
FINGERPRINTED = re.compile(
    r"^/(assets/.+\.[0-9a-f]{8,}\.min\.(js|css)"
    r"|assets/finder/[0-9a-f]{8,}/[^/]+\.json"
    r"|pagefind/(fragment|index|filter)/[^/]+\.pf_(fragment|index|filter)"
    r"|pagefind/pagefind\.[^/]+\.pf_meta)$"
)
GZIP_MINIMUM_BYTES = 500
# zlib level 6 rather than Starlette's 9: on a report CSV it compresses 12.5× instead of 12.7×
# at 56 instead of 38 MB/s, about 5 s less server CPU per million exported rows
# (scripts/bench_export.py, measured on this project's machine).
GZIP_LEVEL = 6


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


class _WeakGzipETag:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_weak_etag(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                etag = headers.get("etag")
                if etag and headers.get("content-encoding") == "gzip" and not etag.startswith("W/"):
                    headers["etag"] = f"W/{etag}"
            await send(message)

        await self.app(scope, receive, send_weak_etag)


class _PublicOrigin:
    """Requests seen as if they came for the public URL, so the redirects StaticFiles builds point there."""

    def __init__(self, app: ASGIApp, public_url: str) -> None:
        self.app = app
        url = urllib.parse.urlsplit(public_url)
        self.scheme, self.host = url.scheme, url.netloc.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(name, value) for name, value in scope["headers"] if name != b"host"]
            scope = {**scope, "scheme": self.scheme, "headers": [*headers, (b"host", self.host)]}
        await self.app(scope, receive, send)


def site_app(directory: Path, public_url: str | None = None) -> ASGIApp:
    """An ASGI app serving the built site in `directory` (index.html for folders, the site's 404.html);
    with `public_url`, redirects go to that origin."""
    files = StaticFiles(directory=directory, html=True, check_dir=False)
    app = _WeakGzipETag(
        GZipMiddleware(_CacheHeaders(files), minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)
    )
    return app if public_url is None else _PublicOrigin(app, public_url)
