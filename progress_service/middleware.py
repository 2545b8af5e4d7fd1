"""Headers every response carries, and one log line per request.

The Content-Security-Policy allows only this site's own origin. Pages load their later stylesheet
with an inline `onload` (catalogue_site/stylesheet.py) and Material's tabbed content keeps a small
inline script, so `script-src` needs 'unsafe-inline'; Pagefind compiles WebAssembly, so it also
needs 'wasm-unsafe-eval'. Nothing may come from another host, and no page may be framed.

The log line names the route's template (/api/completions/{id}), never the concrete path, and no
query string, cookie, code, body or client address: nothing personal.
"""

from __future__ import annotations

import logging
import time

from starlette.datastructures import MutableHeaders
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

access_log = logging.getLogger("progress_service.access")


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    if route is None:
        return "(no route)"
    if isinstance(route, Mount):
        return "(site)"
    return f"{scope.get('root_path', '')}{route.path}"


class SecurityAndLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        private = scope["path"].startswith(("/api/", "/hantera/"))

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers.update(SECURITY_HEADERS)
                if private:  # personal data must not stay in a shared tablet's cache
                    headers["Cache-Control"] = "no-store"
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            access_log.info(
                "method=%s path=%s status=%d ms=%.1f", scope["method"], route_template(scope), status, elapsed
            )
