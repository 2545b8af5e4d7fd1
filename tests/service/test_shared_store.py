"""PostgreSQL as the shared store: the setting, two instances on one database, and the move from
SQLite. (Everything else in tests/service runs on both stores through the `database_url` fixture.)"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime
import random
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from progress_service import Settings, create_app
from progress_service.people import add_staff, set_code
from progress_service.reports import REPORTS as SERVICE_REPORTS
from tests.service.test_completions import new
from tests.service.test_reports import REPORTS
from tests.support.postgres_server import TEMPLATE, PostgresServer, free_port, start_postgres
from tests.support.service_app import SECRET, START, TINY_CATALOGUE, direct, enrol, sign_in
from tests.support.service_server import ROOT, Server, service_env, start
from tests.support.service_world import PASSWORD, World, seed

PERIOD = {"from": "2024-01-01", "to": "2026-12-31", "on": "2026-01-15"}
ACCOUNTS = ("Admin Istratör", "Åsa Åsele", "Tore Tallen", "Dora Chef")


def serve_once(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "progress_service", "serve", "--port", "0"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("mysql://någon@värd/databas", "OMSORG_DATABASE_URL="),
        ("postgresql://omsorg:hemligt@127.0.0.1:{port}/omsorg", "kan inte ansluta till PostgreSQL"),
    ],
)
def test_a_bad_or_unreachable_database_url_stops_the_start_with_one_swedish_line(
    tmp_path: Path, url: str, named: str
) -> None:
    env = service_env(tmp_path / "omsorg.db", TINY_CATALOGUE)
    ended = serve_once({**env, "OMSORG_DATABASE_URL": url.format(port=free_port())})
    assert ended.returncode == 1
    assert ended.stderr.count("\n") == 1 and ended.stderr.startswith("Fel: OMSORG_DATABASE_URL=")
    assert named in ended.stderr and "Traceback" not in ended.stderr
    assert "hemligt" not in ended.stderr  # the password never shows


def test_a_database_that_sorts_text_by_locale_is_refused_at_start(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    icu = "LOCALE_PROVIDER icu ICU_LOCALE 'sv-SE' LOCALE 'C'"
    postgres.execute(f"CREATE DATABASE sorted_by_locale TEMPLATE template0 {icu}")
    try:
        ended = serve_once(service_env(postgres.url("sorted_by_locale"), TINY_CATALOGUE))
    finally:
        postgres.execute("DROP DATABASE sorted_by_locale")
    assert ended.returncode == 1 and "C (som SQLite)" in ended.stderr and "Traceback" not in ended.stderr


def test_a_database_not_in_utf8_is_refused_at_start(postgres: PostgresServer, tmp_path: Path) -> None:
    postgres.execute("CREATE DATABASE in_ascii TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'")
    try:
        ended = serve_once(service_env(postgres.url("in_ascii"), TINY_CATALOGUE))
    finally:
        postgres.execute("DROP DATABASE in_ascii")
    assert ended.returncode == 1 and "Traceback" not in ended.stderr
    assert "har teckenkodningen SQL_ASCII, men tjänsten behöver UTF8" in ended.stderr


@pytest.fixture
def two(postgres: PostgresServer) -> Iterator[tuple[Server, Server, str]]:
    """Two service instances on one PostgreSQL database, and its URL."""
    with postgres.fresh_database() as url:
        first = start(url, TINY_CATALOGUE)
        second = start(url, TINY_CATALOGUE)
        yield first, second, url
        first.stop()
        second.stop()


def _person(url: str, number: str = "1001") -> str:
    with direct(url) as connection:
        staff_id = add_staff(connection, "asele", "Hemtjänst Norr", number, "Test Testsson", None, START)
        return set_code(connection, SECRET, staff_id)


def _session(server: Server, code: str) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=30, headers={"Origin": server.url})
    assert client.post("/api/session", json={"code": code}).status_code == 200
    return client


def test_fifty_clients_retrying_one_completion_over_both_instances_store_exactly_one(
    two: tuple[Server, Server, str],
) -> None:
    first, second, url = two
    cookies = _session(first, _person(url)).cookies
    body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": "2025-09-01"}
    ready = threading.Barrier(50)

    def post(number: int) -> int:
        server = (first, second)[number % 2]
        with httpx.Client(
            base_url=server.url, timeout=30, headers={"Origin": server.url}, cookies=cookies
        ) as c:
            ready.wait()
            return c.post("/api/completions", json=body).status_code

    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(post, range(50)))
    assert sorted(answers) == [200] * 49 + [201]
    with direct(url) as connection:
        assert connection.execute("SELECT count(*) FROM completions").fetchone()[0] == 1


def test_one_training_on_one_day_sent_under_many_ids_over_both_instances_is_stored_once(
    two: tuple[Server, Server, str],
) -> None:
    # Two devices (or a device and a manager's list) record the same training the same day, each
    # with its own id: the person's training that day is one completion, whichever instance wins.
    first, second, url = two
    cookies = _session(first, _person(url)).cookies
    ready = threading.Barrier(20)

    def post(number: int) -> tuple[int, str]:
        server = (first, second)[number % 2]
        body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": "2025-09-01"}
        with httpx.Client(
            base_url=server.url, timeout=30, headers={"Origin": server.url}, cookies=cookies
        ) as c:
            ready.wait()
            answer = c.post("/api/completions", json=body)
            return answer.status_code, answer.json()["id"]

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(post, range(20)))
    assert sorted(status for status, _ in answers) == [200] * 19 + [201]
    with direct(url) as connection:
        stored = [row[0] for row in connection.execute("SELECT id FROM completions")]
    assert len(stored) == 1 and {record for _, record in answers} == set(stored)


def test_sign_in_limits_hold_across_both_instances(two: tuple[Server, Server, str]) -> None:
    first, second, url = two
    code = _person(url)
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")  # the same prefix of PREFIX_LENGTH
    answers = []
    for attempt in range(7):
        server = (first, second)[attempt % 2]
        answers.append(httpx.post(f"{server.url}/api/session", json={"code": wrong}, timeout=30).status_code)
    # Five guesses on one code prefix, wherever they land; the sixth is refused by either instance.
    assert answers == [401] * 5 + [429, 429]


def test_kill_9_of_one_instance_under_load_loses_no_acknowledged_write(
    two: tuple[Server, Server, str],
) -> None:
    first, second, url = two
    cookies = {number: _session(first, _person(url, number)).cookies for number in ("1", "2", "3", "4")}
    acknowledged: list[str] = []
    stop = threading.Event()

    def keep_posting(number: str) -> None:
        for day, server in enumerate([first, second] * 200):
            if stop.is_set():
                return
            completed_on = (START + datetime.timedelta(days=day)).isoformat()
            completion = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": completed_on}
            headers = {"Origin": server.url}
            try:
                response = httpx.post(
                    f"{server.url}/api/completions", json=completion, cookies=cookies[number], headers=headers
                )
            except httpx.HTTPError:
                continue  # the killed instance: not acknowledged
            if response.status_code in (200, 201):
                acknowledged.append(response.json()["id"])

    threads = [threading.Thread(target=keep_posting, args=(n,)) for n in cookies]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 40:
        threading.Event().wait(0.05)
    first.kill_9()
    killed_at = len(acknowledged)
    while len(acknowledged) < killed_at + 40:
        threading.Event().wait(0.05)
    stop.set()
    for thread in threads:
        thread.join(30)
    with direct(url) as connection:
        stored = {row[0] for row in connection.execute("SELECT id FROM completions")}
    assert set(acknowledged) <= stored and len(acknowledged) >= 80


def _reports(server: Server) -> dict[tuple[str, str], bytes]:
    files = {}
    for name in ACCOUNTS:
        client = httpx.Client(base_url=server.url, timeout=60, headers={"Origin": server.url})
        response = client.post("/api/manager/session", json={"name": name, "password": PASSWORD})
        assert response.status_code == 200, response.text
        for report, params in REPORTS.items():
            asked = {k: v for k, v in PERIOD.items() if k in SERVICE_REPORTS[report].parameters}
            answer = client.get(f"/api/reports/{report}.csv", params={**asked, **params, "format": "csv"})
            assert answer.status_code == 200, (name, report, answer.text)
            files[name, report] = answer.content
    return files


def _many(db: Path, world: World, count: int) -> None:
    """`count` completions, each rated, and a self-assessment per person per completion day."""
    people = list(world.staff.values())
    rows, ratings, assessments = [], [], []
    for number in range(count):
        completion = str(uuid.UUID(int=random.Random(number).getrandbits(128)))
        staff, training = people[number % len(people)], (number // len(people)) % 40
        day = (datetime.date(2025, 1, 1) + datetime.timedelta(days=number // (40 * len(people)))).isoformat()
        recorded = day + "T12:00:00+00:00"
        rows.append((completion, staff, f"kurs{training}", f"Kurs {training}", 1.5, None, day, recorded))
        ratings.append((completion, 1 + number % 5, f"kommentar {number}" if number % 3 else None, recorded))
        assessments.append(
            (f"a{number}", staff, "digital", "Digital kompetens", '{"soka": 2}', "[]", recorded)
        )
    with direct(db) as connection:
        connection.executemany(
            "INSERT INTO completions (id, staff_id, training, training_title, hours, renewal_months,"
            " completed_on, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        connection.executemany("INSERT INTO ratings VALUES (?, ?, ?, ?)", ratings)
        connection.executemany("INSERT INTO self_assessments VALUES (?, ?, ?, ?, ?, ?, ?)", assessments)


def test_move_to_postgresql_keeps_every_row_and_every_report_byte_for_byte(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    db = tmp_path / "var" / "omsorg.db"
    on_sqlite = start(db, TINY_CATALOGUE)
    world = seed(db)
    _many(db, world, 100_000)
    before = _reports(on_sqlite)
    with postgres.empty_database() as url:
        env = service_env(db, TINY_CATALOGUE)
        moved = subprocess.run(
            [sys.executable, "-m", "progress_service", "move-to", url],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        on_sqlite.stop()
        assert moved.returncode == 0, moved.stderr
        assert "completions: 100005 rader, kontrollsumman stämmer" in moved.stdout
        assert "ratings: 100004 rader" in moved.stdout and "self_assessments: 100014 rader" in moved.stdout
        on_postgres = start(url, TINY_CATALOGUE)
        try:
            after = _reports(on_postgres)
        finally:
            on_postgres.stop()
        again = subprocess.run(
            [sys.executable, "-m", "progress_service", "move-to", url],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert after == before
    assert any(len(file) > 1_000_000 for file in before.values())  # the 100,000 rows are in the files
    assert again.returncode == 1 and "bara till en tom databas" in again.stderr


# The test's settings, with a PostgreSQL server of its own instead of the session's (it is stopped).
@pytest.mark.parametrize("database_url", [None], ids=["own-server"])
def test_a_postgresql_server_that_goes_away_gets_503_and_healthz_says_so(settings: Settings) -> None:
    server = start_postgres()
    try:
        app = create_app(dataclasses.replace(settings, database_url=server.url(TEMPLATE)))
        with TestClient(app, raise_server_exceptions=False) as client:
            sign_in(client, enrol(client))
            assert client.get("/healthz").status_code == 200
            server.crash()
            started = time.monotonic()
            response = client.post("/api/completions", json=new())
            assert time.monotonic() - started < 5
            assert response.status_code == 503 and response.headers["retry-after"]
            time.sleep(1.1)  # the database is probed at most once a second
            health = client.get("/healthz")
            assert health.status_code == 503 and health.json()["database"] == "unreachable"
    finally:
        server.stop()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_first_completion_after_postgresql_closed_every_connection_is_recorded_once(
    staff: TestClient, settings: Settings
) -> None:
    """As after a restart or a failover of the database server: the service's connections are dead."""
    assert staff.post("/api/completions", json=new()).status_code == 201
    with direct(settings) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    body = new(day=START + datetime.timedelta(days=1))
    response = staff.post("/api/completions", json=body)
    assert response.status_code == 201 and response.json()["id"] == body["id"]
    with direct(settings) as connection:
        assert connection.execute("SELECT count(*) FROM completions").fetchone()[0] == 2


SERVICE_CONNECTIONS = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_retried_completion_keeps_the_services_connections(staff: TestClient, settings: Settings) -> None:
    """A retry's one statement declines with a whole answer from the server: its connection is
    fine, and closing it would cost every retry a new connection (TLS, a server process)."""
    body = new()
    assert staff.post("/api/completions", json=body).status_code == 201
    with direct(settings) as connection:
        before = {row[0] for row in connection.execute(SERVICE_CONNECTIONS)}
    assert staff.post("/api/completions", json=body).status_code == 200
    with direct(settings) as connection:
        after = {row[0] for row in connection.execute(SERVICE_CONNECTIONS)}
    assert before <= after
