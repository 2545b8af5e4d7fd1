"""The PostgreSQL server the tests and benchmarks start leaves nothing behind when stopped."""

import time

import psycopg

from tests.support.postgres_server import TEMPLATE, start_postgres


def test_a_server_stopped_with_a_session_open_stops_at_once_and_frees_its_shared_memory() -> None:
    server = start_postgres()
    session = psycopg.connect(server.url(TEMPLATE))
    session.execute("SELECT 1")
    segments = server.shared_memory()
    assert segments, "the server mapped no shared memory segment to check"
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 10
    assert [segment for segment in segments if segment.exists()] == []
    assert not server.directory.exists()
    session.close()


def test_a_crashed_server_leaves_no_shared_memory_behind() -> None:
    server = start_postgres()
    try:
        segments = server.shared_memory()
        assert segments, "the server mapped no shared memory segment to check"
        server.crash()
        assert [segment for segment in segments if segment.exists()] == []
    finally:
        server.stop()
