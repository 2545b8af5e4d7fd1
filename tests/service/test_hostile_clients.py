"""Clients that are slow on purpose, or too many, against a real uvicorn on loopback: they are cut
off, the server keeps answering /healthz, and its log does not grow with the attack."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.service_app import TINY_CATALOGUE
from tests.support.service_server import Server, start

TIMEOUT = 2
MAX_FILES = 400  # the service may then hold about 200 connections
ATTACKERS = 500


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = start(
        tmp_path / "hostile.db",
        TINY_CATALOGUE,
        max_files=MAX_FILES,
        OMSORG_CLIENT_TIMEOUT_SECONDS=str(TIMEOUT),
    )
    yield running
    running.stop()


def address(server: Server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def slow_headers(server: Server) -> socket.socket:
    """A connection that starts a request and never finishes its headers."""
    connection = socket.create_connection(address(server), timeout=10)
    connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    return connection


def closed_by_server(connection: socket.socket) -> bool:
    try:
        connection.settimeout(0.5)
        data = connection.recv(4096)
        while data:
            if not (more := connection.recv(4096)):
                return True
            data = more
        return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_slow_headers_from_more_clients_than_the_server_has_files_for(server: Server) -> None:
    attackers = []
    for _ in range(ATTACKERS):
        try:
            attackers.append(slow_headers(server))
        except OSError:
            break
    log_before = sum(len(line) for line in server.stderr)
    try:
        started = time.monotonic()
        health = httpx.get(f"{server.url}/healthz", timeout=5)
        assert health.status_code == 200 and time.monotonic() - started < 1
        time.sleep(TIMEOUT + 0.5)
        assert all(closed_by_server(c) for c in attackers)
        assert server.process.poll() is None
        assert sum(len(line) for line in server.stderr) - log_before < 2_000
    finally:
        for connection in attackers:
            connection.close()


def test_a_body_that_does_not_arrive_in_time_is_answered_408(server: Server) -> None:
    with socket.create_connection(address(server), timeout=10) as connection:
        connection.sendall(
            b"POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"code": '
        )
        started = time.monotonic()
        answer = connection.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert TIMEOUT - 0.5 < time.monotonic() - started < TIMEOUT + 2
        assert b"connection: close" in answer.lower()
    assert not any("Traceback" in line for line in server.stderr)


def test_a_client_that_leaves_mid_body_is_no_server_error(server: Server) -> None:
    with socket.create_connection(address(server), timeout=10) as connection:
        connection.sendall(
            b"POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"code": '
        )
        time.sleep(0.2)
    assert server.logged("path=/api/session")
    lines = [line for line in server.stderr if "path=/api/session" in line]
    assert lines and "status=499" in lines[-1]
    assert not any("Traceback" in line or "status=500" in line for line in server.stderr)
