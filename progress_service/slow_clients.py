"""Slow and idle clients cannot hold the server: deadlines for a request's headers and body, and a
cap on open connections below the process's file limit.

Uvicorn waits for a request's headers and body for as long as a client likes, and accepts
connections until the process runs out of file descriptors: 1,100 clients sending their headers a
byte at a time then made /healthz fail, and asyncio logged the failing accept() 40 MB in 20 s.
Here a client gets `timeout` seconds for its headers (a 408 and the connection closed after that)
and as long again for its body; at the cap, the connection that has waited longest for its
headers is closed to make room, so a new client (the supervisor's /healthz among them) still gets
in. The reverse proxy has limits of its own in front of this (README, "Drift i en kommun").
"""

from __future__ import annotations

import asyncio
import logging
import resource
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from progress_service.errors import BODY_TIMED_OUT

log = logging.getLogger("progress_service.connections")

# asyncio accepts up to BACKLOG connections in a row before the protocol sees any of them, so
# that many descriptors, and a few for the database, its readers, the catalogue and the log,
# stay free below the cap: accept() never fails for want of one.
BACKLOG = 128
FILE_RESERVE = BACKLOG + 64
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Connection: close\r\nContent-Length: 0\r\n\r\n"
)
FULL_ANSWER = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
)


def connection_cap(wanted: int) -> int:
    """`wanted`, or fewer when the process may not open that many files; raises the soft file limit
    to the hard one first (systemd gives services 1,024 soft, 524,288 hard)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return max(1, min(wanted, soft - FILE_RESERVE))


class GuardedH11Protocol(H11Protocol):
    """Uvicorn's HTTP/1.1 protocol with a deadline for each request's headers and a connection cap."""

    header_timeout: float = 10.0
    max_connections: int = 1000

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._waiting_since: float | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._wait_for_headers()
        if len(self.connections) > self.max_connections:
            self._make_room()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle:  # a request's headers have all arrived
            self._stop_waiting()

    def on_response_complete(self) -> None:
        self._wait_for_headers()  # of the next request on this keep-alive connection
        super().on_response_complete()

    def _wait_for_headers(self) -> None:
        self._stop_waiting()
        self._waiting_since = self.loop.time()
        self._deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _stop_waiting(self) -> None:
        self._waiting_since = None
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _headers_too_slow(self) -> None:
        if self._waiting_since is not None and not self.transport.is_closing():
            self.transport.write(TIMEOUT_ANSWER)
            self.transport.close()

    def _make_room(self) -> None:
        waiting = [
            c
            for c in self.connections
            if isinstance(c, GuardedH11Protocol) and c is not self and c._waiting_since is not None
        ]
        if waiting:
            oldest = min(waiting, key=lambda c: c._waiting_since or 0.0)
            log.warning(
                "connection limit %d reached: closed the one waiting longest for its headers",
                self.max_connections,
            )
            oldest._stop_waiting()
            oldest.transport.close()
            return
        log.warning(
            "connection limit %d reached and every connection busy: refused one", self.max_connections
        )
        self._stop_waiting()
        self.transport.write(FULL_ANSWER)
        self.transport.close()


def guarded_protocol(header_timeout: float, max_connections: int) -> type[asyncio.Protocol]:
    attributes: dict[str, Any] = {"header_timeout": header_timeout, "max_connections": max_connections}
    return type("GuardedH11Protocol", (GuardedH11Protocol,), attributes)


class BodyDeadline:
    """A request's body must arrive within `seconds` of the app starting to read it; a client that
    is slower is answered 408 (progress_service/errors.py) and its connection closed."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        complete = False

        async def receive_in_time() -> Message:
            nonlocal deadline, complete
            if complete:
                return await receive()
            deadline = deadline or loop.time() + self.seconds
            # A timer that cancels this wait, not asyncio.wait_for: that makes a task for every read of
            # a body, which is usually there already (55 µs against 2 µs per read, measured here).
            task, expired = asyncio.current_task(), False

            def expire() -> None:
                nonlocal expired
                expired = True
                if task is not None:
                    task.cancel()

            timer = loop.call_at(deadline, expire)
            try:
                message = await receive()
            except asyncio.CancelledError:
                if not expired or task is None:
                    raise
                task.uncancel()
                scope[BODY_TIMED_OUT] = True
                return {"type": "http.disconnect"}
            finally:
                timer.cancel()
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, receive_in_time, send)
