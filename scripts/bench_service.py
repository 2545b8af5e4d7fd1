"""Benchmark of the progress service: writes, reads and writes during a bulk import against a
trivial endpoint, and memory.

    python -m scripts.bench_service [--seconds 10] [--memory-seconds 60] [--connections 16]
        [--import-rows 100000] [--wide-connections 64] [--store sqlite|postgresql] [--main-only]

Starts the real service (`python -m progress_service serve`) in a subprocess on a fresh SQLite
file — or, with --store postgresql, a fresh database on a PostgreSQL 15 server of its own, with
PostgreSQL's default durability (fsync, synchronous commit) — with a generated 1,000-course
catalogue, signs in one person per connection, then drives
keep-alive HTTP/1.1 connections from this process with a minimal asyncio client (so the load
generator costs little CPU next to the server on the same cores):

1. GET /healthz, the trivial endpoint of the same app (same middleware and logging; its database
   probe runs at most once a second), POST /api/completions (every request a new completion
   fsynced before the answer), and GET /api/me for people with 10 and with 500 completions, in
   rotating one-second slices for --seconds each (so noise from other work on the machine falls on
   all alike), with the CPU time the service and PostgreSQL's server spent per request (steadier
   than throughput on a shared machine: compare changes by it too);
2. the same reads and writes at --wide-connections connections, for --seconds / 2 each;
3. the mixed scenario: POST /api/completions from every connection while `import-staff` imports
   --import-rows new people (in another process, as an administrator would run it);
4. POST /api/completions for --memory-seconds, sampling the server's RSS every 5 s.

--main-only runs scenario 1 alone.

A person may write DAILY_WRITES times a day, so each writing connection signs in as the next
person of a pool before it reaches the cap (one sign-in per 290 requests, counted with the POSTs).

Budgets (at --connections 16): completion POST and GET /api/me (10 completions) each at least half
the trivial endpoint's throughput, GET /api/me (10) p99 under 100 ms; no error in the mixed
scenario; RSS flat over the run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import itertools
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catalogue import load_catalogue
from progress_service import postgres
from progress_service.write_limits import DAILY_WRITES
from scripts.process_cpu import cpu_seconds, server_cpu_seconds
from tests.support.postgres_server import TEMPLATE, start_postgres

ROOT = Path(__file__).resolve().parent.parent
RUNNING = re.compile(rb"listening on http://127\.0\.0\.1:(\d+)")
START = datetime.date(1990, 1, 1)
DAYS = (datetime.date.today() - START).days
WRITES_PER_SIGN_IN = DAILY_WRITES - 10
WRITER_POOL = 1000
COMPLETIONS = itertools.count()  # one numbering for every scenario: each POST is a new completion


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu: list[float] = field(default_factory=lambda: [0.0, 0.0])  # the service's, the database's

    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 400)

    def p99_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[int(len(ordered) * 0.99)] * 1000

    def line(self, name: str) -> str:
        p50 = statistics.median(self.latencies) * 1000
        count, rate, p99 = len(self.latencies), self.rate(), self.p99_ms()
        return f"{name:<34} {count:>8} {rate:>9.0f}/s {p50:>7.2f} ms {p99:>7.2f} ms  {self.statuses}"

    def cpu_line(self, name: str) -> str:
        service, database = (1000 * seconds / len(self.latencies) for seconds in self.cpu)
        return f"{name:<34} service {service:.3f} ms, database server {database:.3f} ms"


@dataclass
class Processes:
    """The processes a request costs CPU time in: the service, and PostgreSQL's server (its
    postmaster, which adds up the time of backends that have ended, and every live child)."""

    service: int
    database: int | None

    def cpu_seconds(self) -> tuple[float, float]:
        database = 0.0 if self.database is None else server_cpu_seconds(self.database)
        return cpu_seconds(self.service), database


class Connection:
    """One keep-alive HTTP/1.1 connection, one request at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.cookie = ""

    async def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, bytes]:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if self.cookie:
            head += f"Cookie: {self.cookie}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        headers = await self.reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: (\d+)", headers).group(1))  # type: ignore[union-attr]
        if cookie := re.search(rb"(?i)set-cookie: ([^;]+);", headers):
            self.cookie = cookie.group(1).decode()
        return int(headers[9:12]), headers, await self.reader.readexactly(length)


def sign_in_body(code: str) -> bytes:
    return json.dumps({"code": code}).encode()


async def connect(port: int, code: str | None) -> Connection:
    connection = Connection(*await asyncio.open_connection("127.0.0.1", port))
    if code:
        status, _, body = await connection.request("POST", "/api/session", sign_in_body(code))
        assert status == 200, body
    return connection


def completion_bodies(courses: list[str]) -> Callable[[], bytes]:
    """A new (course, day) pair and a new id per call, so every POST records a new completion.

    Cheap on purpose (no JSON encoder, no random source): the load generator shares the cores.
    """
    days = [(START + datetime.timedelta(days=n)).isoformat() for n in range(DAYS)]

    def next_body() -> bytes:
        n = next(COMPLETIONS)
        course = courses[(n // DAYS) % len(courses)]
        day = days[n % DAYS]
        return f'{{"id":"{uuid.UUID(int=n)}","training":"{course}","completed_on":"{day}"}}'.encode()

    return next_body


Request = Callable[[int], tuple[str, str, bytes | None]]


async def drive(connections: list[Connection], seconds: float, request: Request, result: Result) -> Result:
    """Every connection sends requests back to back for `seconds`; adds to `result`."""
    deadline = time.perf_counter() + seconds

    async def loop(index: int) -> None:
        connection = connections[index]
        while time.perf_counter() < deadline:
            method, path, body = request(index)
            started = time.perf_counter()
            status, _, _ = await connection.request(method, path, body)
            result.latencies.append(time.perf_counter() - started)
            result.statuses[status] = result.statuses.get(status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(loop(i) for i in range(len(connections))))
    result.seconds += time.perf_counter() - started
    return result


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


async def sample_rss(pid: int, every: float, samples: list[tuple[float, float]], stop: asyncio.Event) -> None:
    started = time.perf_counter()
    while not stop.is_set():
        samples.append((time.perf_counter() - started, rss_mb(pid)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
    samples.append((time.perf_counter() - started, rss_mb(pid)))


@dataclass
class People:
    writers: Iterator[str]  # an endless pool of codes: a connection signs in as the next person
    with_10: list[str]
    with_500: list[str]


def prepare(
    work: Path, connections: int, database_url: str | None
) -> tuple[dict[str, str], list[str], People]:
    """Catalogue, staff, codes and records; the service's environment, the course ids, the people."""
    catalogue = work / "catalogue"
    run(
        [sys.executable, "-m", "scripts.generate_catalogue", "--courses", "1000", "--out", str(catalogue)], {}
    )
    store = {"OMSORG_DATABASE_URL": database_url} if database_url else {"OMSORG_DB": str(work / "bench.db")}
    env = {
        **os.environ,
        **store,
        "OMSORG_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        "CATALOGUE_DIR": str(catalogue),
        "OMSORG_SITE_DIR": str(work / "site"),
    }
    codes = import_people(work, env, "b", WRITER_POOL + 2 * connections)
    courses = [t.id for t in load_catalogue(catalogue).active_trainings()]
    with_10, with_500 = codes[:connections], codes[connections : 2 * connections]
    fill(database_url or work / "bench.db", courses, {"b0": 10, f"b{connections}": 500}, connections)
    return env, courses, People(itertools.cycle(codes[2 * connections :]), with_10, with_500)


def staff_csv(path: Path, prefix: str, people: int) -> Path:
    rows = [f"{prefix}{n};Person {n};Åsele;Hemtjänst {n % 50};;{START}" for n in range(people)]
    path.write_text(
        "anställningsnummer;namn;kommun;enhet;roll;startdatum\n" + "\n".join(rows), encoding="utf-8"
    )
    return path


def import_command(work: Path, prefix: str, people: int) -> list[str]:
    staff = staff_csv(work / f"{prefix}.csv", prefix, people)
    codes = work / f"{prefix}-codes.csv"
    return [sys.executable, "-m", "progress_service", "import-staff", str(staff), "--codes-out", str(codes)]


def import_people(work: Path, env: dict[str, str], prefix: str, people: int) -> list[str]:
    run(import_command(work, prefix, people), env)
    lines = (work / f"{prefix}-codes.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    return [line.split(";")[-1] for line in lines]


def fill(db: Path | str, courses: list[str], first: dict[str, int], people: int) -> None:
    """Give `people` people from each employee number in `first` that many completions (directly)."""
    with sqlite3.connect(db) if isinstance(db, Path) else postgres.connect(db) as connection:
        for employee, count in first.items():
            start = int(employee[1:])
            for number in range(start, start + people):
                staff_id = connection.execute(
                    "SELECT id FROM staff WHERE employee_number = ?", (f"b{number}",)
                ).fetchone()[0]
                connection.executemany(
                    "INSERT INTO completions (id, staff_id, training, training_title, hours, completed_on,"
                    " recorded_at) VALUES (?, ?, ?, 'Titel', 1.5, ?, '2025-01-01T00:00:00+00:00')",
                    [
                        (
                            str(uuid.uuid4()),
                            staff_id,
                            courses[n],
                            (START + datetime.timedelta(days=n)).isoformat(),
                        )
                        for n in range(count)
                    ],
                )


def run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env=env or None, check=True, stdout=subprocess.DEVNULL)


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    command = [sys.executable, "-m", "progress_service", "serve", "--port", "0"]
    with log.open("wb") as handle:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=handle)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = RUNNING.search(log.read_bytes())
        if found:
            return server, int(found.group(1))
        time.sleep(0.1)
    server.kill()
    raise RuntimeError(log.read_text())


def healthz(_: int) -> tuple[str, str, bytes | None]:
    return "GET", "/healthz", None


def me(_: int) -> tuple[str, str, bytes | None]:
    return "GET", "/api/me", None


def writing(courses: list[str], connections: int, pool: Iterator[str]) -> Request:
    """New completions per connection; every WRITES_PER_SIGN_IN requests, a sign-in as the next person."""
    body = completion_bodies(courses)
    sent = [0] * connections

    def request(index: int) -> tuple[str, str, bytes | None]:
        sent[index] += 1
        if sent[index] % WRITES_PER_SIGN_IN == 0:
            return "POST", "/api/session", sign_in_body(next(pool))
        return "POST", "/api/completions", body()

    return request


async def rotating(
    scenarios: list[tuple[list[Connection], Request]], seconds: float, processes: Processes
) -> list[Result]:
    """Every scenario in turn, one second each, until each had `seconds`: noise hits all alike.
    The CPU time the service and the database server spent on each is added up too: unlike
    throughput, it hardly depends on what else the machine is doing."""
    results = [Result() for _ in scenarios]
    for _ in range(max(1, round(seconds))):
        for (connections, request), result in zip(scenarios, results, strict=True):
            before = processes.cpu_seconds()
            await drive(connections, 1, request, result)
            result.cpu = [
                total + after - first
                for total, first, after in zip(result.cpu, before, processes.cpu_seconds(), strict=True)
            ]
    return results


async def writers(port: int, people: People, count: int) -> list[Connection]:
    return [await connect(port, next(people.writers)) for _ in range(count)]


async def readers(port: int, codes: list[str], count: int) -> list[Connection]:
    return [await connect(port, codes[i % len(codes)]) for i in range(count)]


async def main_run(port: int, courses: list[str], people: People, args: argparse.Namespace) -> None:
    n = args.connections
    trivial = [await connect(port, None) for _ in range(n)]
    posting = await writers(port, people, n)
    write = writing(courses, len(posting), people.writers)
    scenarios = [
        (trivial, healthz),
        (posting, write),
        (await readers(port, people.with_10, n), me),
        (await readers(port, people.with_500, n), me),
    ]
    await rotating(scenarios, 2, args.processes)  # warm-up
    print(f"{'endpoint':<34} {'requests':>8} {'throughput':>11} {'p50':>10} {'p99':>10}  statuses")
    fast, slow, short, long = await rotating(scenarios, args.seconds, args.processes)
    names = [f"GET /healthz ({n})", f"POST /api/completions ({n})", f"GET /api/me, 10 completions ({n})"]
    names.append(f"GET /api/me, 500 completions ({n})")
    for name, result in zip(names, (fast, slow, short, long), strict=True):
        print(result.line(name))
    print("CPU time per request")
    for name, result in zip(names, (fast, slow, short, long), strict=True):
        print(result.cpu_line(name))
    budget("completion POST / trivial throughput", slow.rate() / fast.rate(), ">=", 0.5)
    budget("GET /api/me (10) / trivial throughput", short.rate() / fast.rate(), ">=", 0.5)
    budget("GET /api/me (10) p99 ms", short.p99_ms(), "<", 100)
    if not args.main_only:
        await wide(port, courses, people, args)
        await mixed(port, courses, people, args)


def budget(name: str, value: float, relation: str, limit: float) -> None:
    within = value >= limit if relation == ">=" else value < limit
    print(f"{name}: {value:.2f} ({'within' if within else 'OVER'} budget: {relation} {limit})")


async def wide(port: int, courses: list[str], people: People, args: argparse.Namespace) -> None:
    n = args.wide_connections
    posting = await writers(port, people, n)
    scenarios = [(posting, writing(courses, n, people.writers)), (await readers(port, people.with_10, n), me)]
    slow, short = await rotating(scenarios, args.seconds / 2, args.processes)
    print(slow.line(f"POST /api/completions ({n})"))
    print(short.line(f"GET /api/me, 10 completions ({n})"))
    for connection in [c for group, _ in scenarios for c in group]:
        connection.writer.close()


async def mixed(port: int, courses: list[str], people: People, args: argparse.Namespace) -> None:
    """POSTs, and /healthz beside them, while import-staff adds --import-rows people in another process."""
    work = Path(args.work)
    command = import_command(work, "imp", args.import_rows)
    posting = await writers(port, people, args.connections)
    write = writing(courses, len(posting), people.writers)
    trivial = [await connect(port, None) for _ in range(2)]
    started = time.perf_counter()
    importing = await asyncio.create_subprocess_exec(
        *command, cwd=ROOT, env=args.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    posts, health = Result(), Result()
    while importing.returncode is None:
        await asyncio.gather(drive(posting, 1, write, posts), drive(trivial, 1, healthz, health))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(importing.wait(), 0.001)
    _, errors = await importing.communicate()
    took = time.perf_counter() - started
    print(f"import-staff of {args.import_rows} people: {took:.1f} s, exit {importing.returncode}")
    if importing.returncode:
        print(errors.decode()[-2000:])
    print(posts.line(f"POST during import ({args.connections})"))
    print(health.line("GET /healthz during import (2)"))
    print(f"errors in the mixed scenario: {posts.errors()} (budget: 0)")


async def memory(port: int, pid: int, courses: list[str], people: People, args: argparse.Namespace) -> None:
    posting = await writers(port, people, args.connections)
    samples: list[tuple[float, float]] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, 5, samples, stop))
    long = await drive(posting, args.memory_seconds, writing(courses, len(posting), people.writers), Result())
    stop.set()
    await sampler
    print(long.line(f"POST /api/completions {args.memory_seconds:.0f}s"))
    print("server RSS (MB) every 5 s: " + " ".join(f"{mb:.1f}" for _, mb in samples))
    settled = [mb for t, mb in samples if t >= 10] or [samples[-1][1]]
    growth = settled[-1] - settled[0]
    print(f"RSS after warm-up: min {min(settled):.1f} MB, max {max(settled):.1f} MB, growth {growth:+.1f} MB")


async def bench(port: int, pid: int, courses: list[str], people: People, args: argparse.Namespace) -> None:
    await main_run(port, courses, people, args)
    if not args.main_only:
        await memory(port, pid, courses, people, args)


@contextlib.contextmanager
def store(kind: str) -> Iterator[tuple[str | None, int | None]]:
    """(None, None) for SQLite; else the URL of a database on a PostgreSQL server started for the
    run, and the server's process id."""
    if kind == "sqlite":
        yield None, None
        return
    server = start_postgres(settings=())
    try:
        yield server.url(TEMPLATE), server.process.pid
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--memory-seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wide-connections", type=int, default=64)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--main-only", action="store_true", help="only scenario 1 (to compare changes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-service-") as temporary, store(args.store) as (url, pid):
        work = Path(temporary)
        env, courses, people = prepare(work, args.connections, url)
        args.work, args.env = str(work), env
        server, port = start_server(env, work / "server.log")
        args.processes = Processes(server.pid, pid)
        try:
            print(
                f"service pid {server.pid} on {args.store}, {len(courses)} active courses,"
                f" {args.connections} connections"
            )
            asyncio.run(bench(port, server.pid, courses, people, args))
        finally:
            server.terminate()
            server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
