"""Benchmark of the progress service: completion POSTs against a trivial endpoint, and memory.

    python -m scripts.bench_service [--seconds 10] [--memory-seconds 60] [--connections 16]

Starts the real service (`python -m progress_service serve`) in a subprocess on a fresh SQLite
file with a generated 1,000-course catalogue, signs in one person per connection, then drives
keep-alive HTTP/1.1 connections from this process with a minimal asyncio client (so the load
generator costs little CPU next to the server on the same cores):

1. GET /healthz, the trivial endpoint of the same app (same middleware and logging), and
   POST /api/completions, every request a new completion fsynced before the answer, in
   alternating one-second slices for --seconds each (so noise from other work on the machine
   falls on both alike);
2. POST /api/completions for --memory-seconds, sampling the server's RSS every 5 s.

Budget: completion POST throughput at least half the trivial endpoint's; RSS flat over the run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from catalogue import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
RUNNING = re.compile(rb"listening on http://127\.0\.0\.1:(\d+)")
START = datetime.date(1990, 1, 1)
DAYS = (datetime.date.today() - START).days


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def line(self, name: str) -> str:
        ordered = sorted(self.latencies)
        p99 = ordered[int(len(ordered) * 0.99)] * 1000
        p50 = statistics.median(ordered) * 1000
        rate = self.rate()
        return f"{name:<28} {len(ordered):>8} {rate:>9.0f}/s {p50:>7.2f} ms {p99:>7.2f} ms  {self.statuses}"


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
        return int(headers[9:12]), headers, await self.reader.readexactly(length)


async def connect(port: int, code: str | None) -> Connection:
    connection = Connection(*await asyncio.open_connection("127.0.0.1", port))
    if code:
        status, headers, body = await connection.request(
            "POST", "/api/session", json.dumps({"code": code}).encode()
        )
        assert status == 200, body
        connection.cookie = re.search(rb"(?i)set-cookie: ([^;]+);", headers).group(1).decode()  # type: ignore[union-attr]
    return connection


def completion_bodies(courses: list[str], connection: int) -> Callable[[], bytes]:
    """A new (course, day) pair and a new id per call, so every POST records a new completion.

    Cheap on purpose (no JSON encoder, no random source): the load generator shares the cores.
    """
    days = [(START + datetime.timedelta(days=n)).isoformat() for n in range(DAYS)]
    counter = iter(range(10**9))

    def next_body() -> bytes:
        n = next(counter)
        completion_id = uuid.UUID(int=(connection << 64) | n)
        course = courses[(n // DAYS) % len(courses)]
        return f'{{"id":"{completion_id}","course":"{course}","completed_on":"{days[n % DAYS]}"}}'.encode()

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


def prepare(work: Path, people: int) -> tuple[dict[str, str], list[str], list[str]]:
    """Catalogue, staff and codes; the service's environment, the course ids, the codes."""
    catalogue = work / "catalogue"
    run(
        [sys.executable, "-m", "scripts.generate_catalogue", "--courses", "1000", "--out", str(catalogue)], {}
    )
    env = {
        **os.environ,
        "OMSORG_DB": str(work / "bench.db"),
        "OMSORG_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        "CATALOGUE_DIR": str(catalogue),
        "OMSORG_SITE_DIR": str(work / "site"),
    }
    staff = work / "staff.csv"
    rows = [f"b{n};Person {n};Åsele;Hemtjänst;;{START}" for n in range(people)]
    staff.write_text(
        "anställningsnummer;namn;kommun;enhet;roll;startdatum\n" + "\n".join(rows), encoding="utf-8"
    )
    run(
        [
            sys.executable,
            "-m",
            "progress_service",
            "import-staff",
            str(staff),
            "--codes-out",
            str(work / "codes.csv"),
        ],
        env,
    )
    codes = [
        line.split(";")[-1] for line in (work / "codes.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    ]
    courses = [t.id for t in load_catalogue(catalogue).active_trainings()]
    return env, courses, codes


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


async def interleaved(
    trivial: list[Connection], writers: list[Connection], seconds: float, completion: Request
) -> tuple[Result, Result]:
    """Both endpoints in alternating one-second slices, so load from others on the machine hits both alike."""
    fast, slow = Result(), Result()
    for _ in range(max(1, round(seconds))):
        await drive(trivial, 1, healthz, fast)
        await drive(writers, 1, completion, slow)
    return fast, slow


def healthz(_: int) -> tuple[str, str, bytes | None]:
    return "GET", "/healthz", None


async def bench(port: int, pid: int, codes: list[str], courses: list[str], args: argparse.Namespace) -> None:
    trivial = [await connect(port, None) for _ in range(args.connections)]
    writers = [await connect(port, code) for code in codes]
    bodies = [completion_bodies(courses, i) for i in range(len(codes))]

    def completion(index: int) -> tuple[str, str, bytes | None]:
        return "POST", "/api/completions", bodies[index]()

    await interleaved(trivial, writers, 2, completion)  # warm-up
    print(f"{'endpoint':<28} {'requests':>8} {'throughput':>11} {'p50':>10} {'p99':>10}  statuses")
    fast, slow = await interleaved(trivial, writers, args.seconds, completion)
    print(fast.line("GET /healthz"))
    print(slow.line("POST /api/completions"))
    ratio = slow.rate() / fast.rate()
    verdict = "within" if ratio >= 0.5 else "OVER"
    print(f"completion POST / trivial throughput: {ratio:.2f} ({verdict} budget: >= 0.50)")
    samples: list[tuple[float, float]] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, 5, samples, stop))
    long = await drive(writers, args.memory_seconds, completion, Result())
    stop.set()
    await sampler
    print(long.line(f"POST /api/completions {args.memory_seconds:.0f}s"))
    print("server RSS (MB) every 5 s: " + " ".join(f"{mb:.1f}" for _, mb in samples))
    settled = [mb for t, mb in samples if t >= 10] or [samples[-1][1]]
    growth = settled[-1] - settled[0]
    print(f"RSS after warm-up: min {min(settled):.1f} MB, max {max(settled):.1f} MB, growth {growth:+.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--memory-seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-service-") as temporary:
        work = Path(temporary)
        env, courses, codes = prepare(work, args.connections)
        server, port = start_server(env, work / "server.log")
        try:
            print(f"service pid {server.pid}, {len(courses)} active courses, {args.connections} connections")
            asyncio.run(bench(port, server.pid, codes, courses, args))
        finally:
            server.terminate()
            server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
