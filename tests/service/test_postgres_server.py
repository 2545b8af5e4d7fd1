"""The PostgreSQL server the tests and benchmarks start leaves nothing behind when stopped."""

import re
import time
from pathlib import Path

import psycopg

from tests.support.postgres_server import TEMPLATE, start_postgres


def _shared_memory_of(pid: int) -> set[Path]:
    """The server's POSIX shared memory segments: mapped by its postmaster (others' are not)."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return {Path(found) for found in re.findall(r"(/dev/shm/PostgreSQL\.\d+)", maps)}


def test_a_server_stopped_with_a_session_open_stops_at_once_and_frees_its_shared_memory() -> None:
    server = start_postgres()
    session = psycopg.connect(server.url(TEMPLATE))
    session.execute("SELECT 1")
    segments = _shared_memory_of(server.process.pid)
    assert segments, "the server mapped no shared memory segment to check"
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 10
    assert [segment for segment in segments if segment.exists()] == []
    assert not server.directory.exists()
    session.close()
