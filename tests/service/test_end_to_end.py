"""A real uvicorn on loopback against a real store: retries from many clients at once store one record,
every acknowledged write survives kill -9, and sign-in limits hold for guesses all in flight at once.

On PostgreSQL the retries and kill -9 are tested over two instances on one database
(tests/service/test_shared_store.py), which a single instance adds nothing to; the sign-in limits,
kept in the database there, are tested on both stores here."""

from __future__ import annotations

import asyncio
import datetime
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from progress_service.codes import new_code
from tests.support.service_app import SQLITE_ONLY, TINY_CATALOGUE, direct
from tests.support.service_server import ROOT, Server, service_env, start

STAFF = 16
EARLY = datetime.date(2000, 1, 1)


@pytest.fixture
def codes(tmp_path: Path, store: Path | str) -> list[str]:
    """Personal codes of STAFF people who started in 2000, imported with the CLI."""
    staff = tmp_path / "staff.csv"
    lines = ["anställningsnummer;namn;kommun;enhet;roll;startdatum"]
    lines += [f"{n};Person {n};Åsele;Hemtjänst;Undersköterska;{EARLY}" for n in range(STAFF)]
    staff.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "codes.csv"
    command = [sys.executable, "-m", "progress_service", "import-staff", str(staff), "--codes-out", str(out)]
    subprocess.run(command, cwd=ROOT, env=service_env(store, TINY_CATALOGUE), check=True)
    return [line.split(";")[-1] for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]


@pytest.fixture
def server(store: Path | str, codes: list[str]) -> Iterator[Server]:
    running = start(store, TINY_CATALOGUE)
    yield running
    running.stop()


async def signed_in(url: str, code: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url, timeout=30)
    response = await client.post("/api/session", json={"code": code})
    response.raise_for_status()
    return client


def stored(db: Path | str, sql: str, *params: object) -> list[tuple[object, ...]]:
    with direct(db) as connection:
        return connection.execute(sql, params).fetchall()


@SQLITE_ONLY
def test_fifty_concurrent_retries_of_one_completion_store_one_record(
    server: Server, codes: list[str], store: Path
) -> None:
    body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": "2024-05-02"}

    async def retry_everywhere() -> list[httpx.Response]:
        first = await signed_in(server.url, codes[0])
        # Fifty clients, each on its own connection, carrying the same session (one phone's retries
        # and its other tabs, all at once).
        clients = [
            httpx.AsyncClient(base_url=server.url, cookies=first.cookies, timeout=30) for _ in range(50)
        ]
        try:
            return await asyncio.gather(*(c.post("/api/completions", json=body) for c in clients))
        finally:
            for client in [first, *clients]:
                await client.aclose()

    responses = asyncio.run(retry_everywhere())
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 49 + [201]
    assert len({r.content for r in responses}) == 1
    assert stored(store, "SELECT id FROM completions") == [(body["id"],)]
    assert server.logged("path=/api/completions status=201")
    assert not any(codes[0] in line or body["id"] in line for line in server.stderr + server.stdout)


@SQLITE_ONLY
def test_every_acknowledged_write_survives_kill_9(server: Server, codes: list[str], store: Path) -> None:
    acknowledged: list[str] = []

    async def worker(client: httpx.AsyncClient, day: datetime.date, stop: asyncio.Event) -> None:
        while not stop.is_set():
            body = {"id": str(uuid.uuid4()), "training": "hygien", "completed_on": day.isoformat()}
            try:
                response = await client.post("/api/completions", json=body)
            except httpx.TransportError:
                return  # the server died under this request: it was never acknowledged
            if response.status_code == 201:
                acknowledged.append(str(body["id"]))
            day += datetime.timedelta(days=1)

    async def load_then_kill() -> None:
        clients = [await signed_in(server.url, code) for code in codes]
        stop = asyncio.Event()
        tasks = [asyncio.create_task(worker(c, EARLY, stop)) for c in clients]
        while len(acknowledged) < 1500:
            await asyncio.sleep(0.05)
        server.kill_9()  # mid-load, with requests in flight
        stop.set()
        await asyncio.gather(*tasks)
        for client in clients:
            await client.aclose()

    asyncio.run(load_then_kill())
    assert server.process.returncode == -9
    restarted = start(store, TINY_CATALOGUE)
    try:
        response = httpx.post(f"{restarted.url}/api/session", json={"code": codes[0]})
        assert response.status_code == 200
    finally:
        restarted.stop()
    present = {row[0] for row in stored(store, "SELECT id FROM completions")}
    missing = [i for i in acknowledged if i not in present]
    assert len(acknowledged) >= 1500 and missing == []


@SQLITE_ONLY  # the proxy headers are read before any store is asked
@pytest.mark.parametrize(
    ("trusted", "cookie_start"),
    [("127.0.0.1", "__Host-omsorg_session="), ("10.9.9.9", "omsorg_session=")],
)
def test_https_is_believed_only_from_a_trusted_proxy(
    store: Path, codes: list[str], trusted: str, cookie_start: str
) -> None:
    running = start(store, TINY_CATALOGUE, OMSORG_TRUSTED_PROXIES=trusted)
    try:
        headers = {"X-Forwarded-Proto": "https"}
        response = httpx.post(f"{running.url}/api/session", json={"code": codes[0]}, headers=headers)
    finally:
        running.stop()
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(cookie_start)
    assert ("Secure" in cookie) == cookie_start.startswith("__Host-")


def test_concurrent_wrong_codes_get_no_more_tries_than_the_limits(store: Path | str) -> None:
    running = start(store, TINY_CATALOGUE)

    async def guess_all_at_once(codes: list[str]) -> list[int]:
        # One connection per guess, all in flight together: the limit must hold while the
        # first guesses still wait for the database.
        clients = [httpx.AsyncClient(base_url=running.url, timeout=30) for _ in codes]
        try:
            posts = (
                c.post("/api/session", json={"code": code}) for c, code in zip(clients, codes, strict=True)
            )
            return sorted(r.status_code for r in await asyncio.gather(*posts))
        finally:
            for client in clients:
                await client.aclose()

    try:
        one_prefix = [f"ABCD-{new_code()[5:]}" for _ in range(30)]
        assert asyncio.run(guess_all_at_once(one_prefix)) == [401] * 5 + [429] * 25
        # The same client has used 5 of its 20 tries; 15 more are left across all prefixes.
        many_prefixes = [new_code() for _ in range(30)]
        assert asyncio.run(guess_all_at_once(many_prefixes)) == [401] * 15 + [429] * 15
    finally:
        running.stop()
