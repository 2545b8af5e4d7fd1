"""Benchmark of the managers' exports against their budgets; prints figures, asserts nothing.

    .venv/bin/python -m scripts.bench_export [--rows 100000 1000000] [--repeats 3]
                                             [--injected-names N] [--work DIR] [--store postgresql]

For each size: migrates a fresh SQLite file by starting the real service on it once, fills it
with plain sqlite3 (50 completions per person, in the order of their days as a service records
them, ~100 people per unit over the catalogue's municipalities, the real catalogue's trainings, a
third of the completions rated) and an administrator, then starts the service again (uvicorn on
loopback) and, signed in as the administrator:

1. downloads GET /api/reports/completions.csv with every row (format=excel, as it is and gzipped
   as a browser asks for it, and format=csv), each round alternating with `sqlite3 -csv` of the
   report's own SELECT to /dev/null, so load from others on the machine falls on all alike; the
   fastest of --repeats rounds is the cost, the spread is printed next to it, with the CPU time
   of the server (ours) and of sqlite3 for the same run: under others' load the CPU ratio moves
   less than the wall-clock one;
2. reads the server's RSS around its first full export: VmHWM before and after, and VmRSS
   sampled every 10 ms during it;
3. times the training matrix of the introduction path as CSV (the 100,000-row database has 2,000
   people), and as the /hantera/ page when that route exists.

With --store postgresql the SQLite database is moved (`move-to`) into a fresh database on a
PostgreSQL 15 server started for the run, the service serves from there, and the baseline is psql
copying the same SELECT to standard output as CSV instead of `sqlite3 -csv`. The server's CPU for
the query is then added on both sides (psql itself does next to nothing).

Budgets (issue 7, issue 13): the export at most 4 × the baseline; memory flat as rows grow; the
matrix for 2,000 people × 13 steps under 1 s. Both sizes take about six minutes on two quiet cores
(nine with other engineers' tests running).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import random
import re
import resource
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from catalogue import Catalogue, load_catalogue
from catalogue.dates import swedish_today
from catalogue.layout import CONTENT_DIR
from progress_service.accounts import hash_password, insert_account
from progress_service.move import move_to
from progress_service.reports import completions
from progress_service.reports.filters import Filters
from progress_service.scope import Scope
from scripts.bench_service import start_server
from scripts.process_cpu import cpu_seconds, server_cpu_seconds
from tests.support.postgres_server import BIN, PostgresServer, start_postgres

ADMIN = "Bench Administratör"
# A fresh password per run: the databases are temporary and nobody needs to sign in again.
PASSWORD = secrets.token_urlsafe(18)
PATH = "introduktion-nyanstallda"
PER_PERSON = 50
PEOPLE_PER_UNIT = 100
FIRST_DAY = datetime.date(2016, 1, 1)
SQLITE_ROWS_BUDGET = 4.0
MATRIX_BUDGET_S = 1.0
MATRIX_PEOPLE = 2000
FLAT_MB = 10.0
FIRST_NAMES = (
    "Anna", "Maria", "Karin", "Eva", "Lena", "Kerstin", "Sara", "Emma", "Ingrid", "Malin", "Åsa", "Elin",
    "Lars", "Johan", "Erik", "Anders", "Per", "Mikael", "Nils", "Jonas", "Ali", "Fatima", "Amina", "Yusuf",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Lindberg", "Öberg", "Åström", "Sjöberg", "Hassan", "Mohammed",
)  # fmt: skip
# With --injected-names: people whose names try formula injection, as in the reports' tests.
INJECTED_NAME = '=HYPERLINK("http://angripare.example";"Klicka")'
UNIT_KINDS = ("Hemtjänst", "Säbo", "Korttidsboende", "Gruppbostad", "Personlig assistans")


# -- The databases ------------------------------------------------------------------------------


def service_env(db: Path | str, work: Path) -> dict[str, str]:
    store = {"OMSORG_DB": str(db)} if isinstance(db, Path) else {"OMSORG_DATABASE_URL": db}
    return {
        **os.environ,
        **store,
        "OMSORG_SECRET_KEY": "bench-export-secret-" + "x" * 32,
        "CATALOGUE_DIR": str(CONTENT_DIR),
        "OMSORG_SITE_DIR": str(work / "no-site"),
    }


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    url: str

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def serve(db: Path | str, work: Path) -> Running:
    name = db.stem if isinstance(db, Path) else db.rsplit("/", 1)[-1]
    process, port = start_server(service_env(db, work), work / f"{name}-server.log")
    return Running(process, f"http://127.0.0.1:{port}")


def build_database(db: Path, work: Path, rows: int, catalogue: Catalogue, injected: int = 0) -> int:
    """A migrated database with `rows` completions; the number of people in it."""
    serve(db, work).stop()  # the service runs its migrations and first start on the empty file
    people = max(1, rows // PER_PERSON)
    rng = random.Random(rows)
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -200000")
        # Exactly the generated people: the demo person would be one more in the matrix.
        connection.execute("DELETE FROM staff")
        connection.execute("DELETE FROM units")
        units = add_units(connection, people)
        connection.executemany(
            "INSERT INTO staff VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)",
            staff(people, units, rng, injected),
        )
        starts = dict(connection.execute("SELECT id, start_date FROM staff").fetchall())
        insert_completions(connection, completion_rows(starts, catalogue, rng))
        connection.execute(RATINGS)
        insert_account(connection, ADMIN, "administrator", hash_password(PASSWORD))
    return people


COMPLETION_COLUMNS = (
    "id, staff_id, training, training_title, hours, renewal_months, completed_on, recorded_at, recorded_by"
)


def insert_completions(connection: sqlite3.Connection, rows: Iterator[tuple[object, ...]]) -> None:
    """In the order of the day they were done, as a service fills its table over the years.

    Generated person by person, they would lie scattered over the file, and reading them by day
    would cost the report (and sqlite3 -csv alike) random reads that a real database does not have.
    """
    connection.execute(f"CREATE TEMP TABLE generated ({COMPLETION_COLUMNS})")
    connection.executemany(f"INSERT INTO generated VALUES ({', '.join('?' * 9)})", rows)
    connection.execute(
        f"INSERT INTO completions ({COMPLETION_COLUMNS}) SELECT {COMPLETION_COLUMNS} FROM generated"
        " ORDER BY completed_on, recorded_by"
    )
    connection.execute("DROP TABLE generated")


# A third of the completions rated, nine in ten of those useful (4-5) as in the seed project.
RATINGS = """
INSERT INTO ratings (completion_id, usefulness, comment, rated_at)
SELECT id, CASE WHEN rowid % 30 = 0 THEN 2 WHEN rowid % 2 = 0 THEN 4 ELSE 5 END,
       CASE WHEN rowid % 9 = 0 THEN 'Bra, konkret; tog med mig mycket' END, recorded_at
FROM completions WHERE rowid % 3 = 0
"""


def add_units(connection: sqlite3.Connection, people: int) -> list[tuple[int, str]]:
    """About PEOPLE_PER_UNIT people per unit, the units spread over the municipalities."""
    municipalities = [row[0] for row in connection.execute("SELECT id FROM municipalities ORDER BY id")]
    count = max(1, people // PEOPLE_PER_UNIT)
    units = []
    for n in range(count):
        municipality = municipalities[n % len(municipalities)]
        name = f"{UNIT_KINDS[n % len(UNIT_KINDS)]} {n // len(municipalities) + 1}"
        cursor = connection.execute(
            "INSERT INTO units (municipality_id, name) VALUES (?, ?)", (municipality, name)
        )
        assert cursor.lastrowid is not None
        units.append((cursor.lastrowid, municipality))
    return units


def staff(
    people: int, units: list[tuple[int, str]], rng: random.Random, injected: int
) -> Iterator[tuple[object, ...]]:
    roles = ("underskoterska", "underskoterska", "vardbitrade", "personlig-assistent", "stodassistent")
    last_start = days_after_first(swedish_today()) - 10
    for n in range(people):
        unit, municipality = units[n % len(units)]
        hostile = injected and n % max(1, people // injected) == 0
        name = INJECTED_NAME if hostile else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        start = FIRST_DAY + datetime.timedelta(days=rng.randrange(last_start))
        yield (n + 1, municipality, unit, f"E{n + 1:06d}", name, roles[n % len(roles)], start.isoformat())


def days_after_first(day: datetime.date) -> int:
    return (day - FIRST_DAY).days


def completion_rows(
    starts: dict[int, str], catalogue: Catalogue, rng: random.Random
) -> Iterator[tuple[object, ...]]:
    """PER_PERSON completions per person after their start, the introduction's steps thrice as often."""
    trainings = list(catalogue.trainings.values())
    steps = {step.training for step in catalogue.paths[PATH].steps}
    weights = [3 if t.id in steps else 1 for t in trainings]
    days = [
        (FIRST_DAY + datetime.timedelta(days=d)).isoformat()
        for d in range(days_after_first(swedish_today()) + 1)
    ]
    for staff_id, start in starts.items():
        first = days_after_first(datetime.date.fromisoformat(start))
        seen: set[tuple[str, str]] = set()
        while len(seen) < PER_PERSON:
            training, day = rng.choices(trainings, weights)[0], days[rng.randrange(first, len(days))]
            if (training.id, day) in seen:
                continue
            seen.add((training.id, day))
            by = "self" if rng.random() < 0.8 else rng.choice(("attendance", "import"))
            completion_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            yield (
                completion_id, staff_id, training.id, training.title, training.duration_hours,
                training.renewal_months, day, f"{day}T12:00:00+00:00", by,
            )  # fmt: skip


# -- Measuring ----------------------------------------------------------------------------------


@dataclass
class Download:
    seconds: float
    wire_bytes: int
    body_bytes: int
    rows: int
    status: int
    start: bytes


def sign_in(client: httpx.Client) -> None:
    response = client.post("/api/manager/session", json={"name": ADMIN, "password": PASSWORD})
    if response.status_code != 200:
        raise SystemExit(f"sign-in failed: {response.status_code} {response.text}")


def download(client: httpx.Client, path: str, params: dict[str, str], gzip: bool = False) -> Download:
    """The whole body, streamed and counted (lines after the header); wall-clock from request to end."""
    headers = {"Accept-Encoding": "gzip" if gzip else "identity"}
    started = time.perf_counter()
    with client.stream("GET", path, params=params, headers=headers) as response:
        body = lines = 0
        start = b""
        for chunk in response.iter_bytes():
            start = start or chunk[:300]
            body += len(chunk)
            lines += chunk.count(b"\n")
        wire = response.num_bytes_downloaded
    return Download(time.perf_counter() - started, wire, body, lines - 1, response.status_code, start)


def vm_kb(pid: int, name: str) -> int:
    """A /proc/PID/status figure in kB: VmHWM is the peak resident set, VmRSS the current one."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(rf"{name}:\s+(\d+) kB", status)
    assert found is not None, status
    return int(found.group(1))


def peak_rss_during(pid: int, action: Callable[[], Download]) -> tuple[Download, int]:
    """`action`'s result and the highest VmRSS (kB) of `pid` seen while it ran."""
    peak = [vm_kb(pid, "VmRSS")]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.01):
            peak[0] = max(peak[0], vm_kb(pid, "VmRSS"))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        return action(), peak[0]
    finally:
        done.set()
        sampler.join()


def report_sql(catalogue: Catalogue, period: dict[str, str]) -> str:
    """The completions report's own query for an administrator, its parameters written in."""
    filters = Filters(
        period_from=datetime.date.fromisoformat(period["from"]),
        period_to=datetime.date.fromisoformat(period["to"]),
        on=swedish_today(),
    )
    table = completions.build(filters, Scope(everything=True), catalogue)
    values = iter(table.params)
    sql = re.sub(r"\?", lambda _: "'" + str(next(values)).replace("'", "''") + "'", table.sql)
    return " ".join(sql.split())


def sqlite_cli(db: Path, sql: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `sqlite3 -csv` writing the query's rows to /dev/null."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(["sqlite3", "-readonly", "-csv", str(db), sql], stdout=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def psql_cli(url: str, sql: str) -> tuple[float, float]:
    """The same for PostgreSQL's `psql` and `\\copy (…) TO STDOUT CSV` (what a DBA would run)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [str(BIN / "psql"), "-X", "-q", "-d", url, "-c", f"\\copy ({sql}) TO STDOUT CSV"]
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def ensure_sqlite_cli() -> None:
    if shutil.which("sqlite3"):
        return
    print(
        "sqlite3 (the command-line shell) is missing: installing Debian's sqlite3 with apt-get …", flush=True
    )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "sqlite3"]):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            raise SystemExit("Could not install sqlite3: run `apt-get install sqlite3` as root, then again.")


# -- One size -----------------------------------------------------------------------------------


@dataclass
class Timings:
    runs: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, seconds: float, cpu: float | None = None) -> None:
        self.runs.setdefault(name, []).append(seconds)
        if cpu is not None:
            self.cpu.setdefault(name, []).append(cpu)

    def best(self, name: str) -> float:
        return min(self.runs[name])

    def line(self, name: str, label: str) -> str:
        runs = self.runs.get(name)
        if not runs:
            return f"{label:<34} {self.notes.get(name, 'not measured')}"
        cpu = f"  CPU {min(self.cpu[name]):.2f} s" if name in self.cpu else ""
        spread = f"(runs {min(runs):.2f}–{max(runs):.2f})"
        return f"{label:<34} {min(runs):8.3f} s  {spread:<18}{cpu}{self.notes.get(name, '')}"


@dataclass
class Size:
    rows: int
    people: int
    timings: Timings
    baseline: str = "sqlite3 -csv"
    # The store's own CPU so far, added to both sides: PostgreSQL's server does the query's work
    # for psql and for the service alike (SQLite's runs inside them, already counted).
    store_cpu: Callable[[], float] = lambda: 0.0
    # VmHWM (the kernel's exact high-water mark) before and after the first full export, and
    # VmRSS sampled every 10 ms during it: a start-up peak above the export's would hide the
    # export's own growth from VmHWM alone.
    hwm_before_mb: float = 0.0
    hwm_after_mb: float = 0.0
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    hwm_all_mb: float = 0.0


def bench(
    rows: int, work: Path, repeats: int, catalogue: Catalogue, injected: int, postgres: PostgresServer | None
) -> Size:
    db = work / f"export-{rows}.db"
    started = time.perf_counter()
    people = build_database(db, work, rows, catalogue, injected)
    print(
        f"  {rows:,} completions, {people:,} people: database built in {time.perf_counter() - started:.0f} s"
    )
    # Every row: the data start in FIRST_DAY, and a report's period may be at most 20 years.
    period = {"from": FIRST_DAY.isoformat(), "to": swedish_today().isoformat()}
    sql = report_sql(catalogue, period)
    store: Path | str = db
    baseline = functools.partial(sqlite_cli, db, sql)
    size = Size(rows, people, Timings())
    if postgres is not None:
        store = postgres.url(f"export_{rows}")
        postgres.execute(f"CREATE DATABASE export_{rows} TEMPLATE template0")
        started = time.perf_counter()
        move_to(db, store)
        print(f"  moved to PostgreSQL (move-to) in {time.perf_counter() - started:.0f} s")
        baseline = functools.partial(psql_cli, store, sql)
        size.baseline = "psql \\copy CSV"
        size.store_cpu = functools.partial(server_cpu_seconds, postgres.process.pid)
    server = serve(store, work)
    try:
        with httpx.Client(base_url=server.url, timeout=300) as client:
            sign_in(client)
            measure_memory(client, server, period, size)
            measure_exports(client, server, baseline, period, repeats, size)
            measure_matrix(client, server, repeats, size)
    finally:
        server.stop()
        for path in work.glob(f"{db.name}*"):
            path.unlink()
    return size


def measure_memory(client: httpx.Client, server: Running, period: dict[str, str], size: Size) -> None:
    """Peak RSS of a fresh server before and after its first full export."""
    pid = server.process.pid
    day = {"from": period["to"], "to": period["to"]}  # a small export first: modules, caches, threads
    download(client, "/api/reports/completions.csv", day)
    size.hwm_before_mb, size.rss_before_mb = vm_kb(pid, "VmHWM") / 1024, vm_kb(pid, "VmRSS") / 1024
    first, peak_kb = peak_rss_during(pid, lambda: download(client, "/api/reports/completions.csv", period))
    size.hwm_after_mb, size.rss_peak_mb = vm_kb(pid, "VmHWM") / 1024, peak_kb / 1024
    print(f"  first export: {first.rows:,} rows, {first.body_bytes / 1e6:.1f} MB in {first.seconds:.2f} s")
    if first.status != 200 or first.rows != size.rows:
        raise SystemExit(
            f"the export answered {first.status} with {first.rows} rows, not {size.rows}: {first.start!r}"
        )


def measure_exports(
    client: httpx.Client,
    server: Running,
    baseline: Callable[[], tuple[float, float]],
    period: dict[str, str],
    repeats: int,
    size: Size,
) -> None:
    """Ours and the store's own CSV tool alternating, so others' load on the machine falls on both alike."""
    runs: dict[str, Callable[[], Download]] = {
        "excel": lambda: download(client, "/api/reports/completions.csv", period),
        "excel_gzip": lambda: download(client, "/api/reports/completions.csv", period, gzip=True),
        "csv": lambda: download(client, "/api/reports/completions.csv", period | {"format": "csv"}),
    }
    pid = server.process.pid
    for _ in range(repeats):
        store_cpu = size.store_cpu()
        seconds, cpu = baseline()
        size.timings.add("baseline", seconds, cpu + size.store_cpu() - store_cpu)
        for name, run in runs.items():
            cpu, store_cpu = cpu_seconds(pid), size.store_cpu()
            result = run()
            size.timings.add(name, result.seconds, cpu_seconds(pid) - cpu + size.store_cpu() - store_cpu)
            if result.rows != size.rows:
                raise SystemExit(f"{name}: {result.rows} rows, not {size.rows}")
            note = f"  {result.body_bytes / 1e6:.0f} MB" + (
                f", {result.wire_bytes / 1e6:.0f} MB on the wire"
                if result.wire_bytes != result.body_bytes
                else ""
            )
            size.timings.notes[name] = note
    size.hwm_all_mb = vm_kb(pid, "VmHWM") / 1024


def measure_matrix(client: httpx.Client, server: Running, repeats: int, size: Size) -> None:
    pid = server.process.pid
    # The budgeted size gets the repeats; a larger matrix is only shown for what it costs.
    for _ in range(max(repeats, 3) if size.people == MATRIX_PEOPLE else 1):
        cpu = cpu_seconds(pid)
        result = download(client, "/api/reports/matrix.csv", {"path": PATH})
        size.timings.add("matrix", result.seconds, cpu_seconds(pid) - cpu)
        size.timings.notes["matrix"] = f"  {result.rows:,} people"
        page = time_page(client, f"/hantera/rapporter/matrix?path={PATH}")
        if isinstance(page, str):
            size.timings.notes["matrix_page"] = page
        else:
            size.timings.add("matrix_page", page)


def time_page(client: httpx.Client, path: str) -> float | str:
    """Seconds to the whole page, or why it was skipped."""
    started = time.perf_counter()
    response = client.get(path, follow_redirects=False)
    seconds = time.perf_counter() - started
    if response.status_code == 404:
        return "skipped: the route answers 404 (not written yet)"
    if response.status_code != 200:
        return f"skipped: the route answers {response.status_code}"
    return seconds


# -- Report -------------------------------------------------------------------------------------


def report(sizes: list[Size]) -> None:
    for size in sizes:
        report_size(size)
    if len(sizes) >= 2:
        ordered = sorted(sizes, key=lambda s: s.rows)
        report_growth(ordered[0], ordered[-1])
    matrix = next((s for s in sizes if s.people == MATRIX_PEOPLE), None)
    if matrix:
        for name, label in (("matrix", "matrix.csv"), ("matrix_page", "matrix page")):
            if name in matrix.timings.runs:
                best = matrix.timings.best(name)
                verdict = "within" if best < MATRIX_BUDGET_S else "OVER"
                print(
                    f"{label} {MATRIX_PEOPLE:,} people × {PATH}: {best:.3f} s"
                    f" ({verdict} budget < {MATRIX_BUDGET_S:.0f} s)"
                )


def report_size(size: Size) -> None:
    t = size.timings
    print(f"\n== {size.rows:,} completions, {size.people:,} people ==")
    store = " and PostgreSQL's" if size.baseline != "sqlite3 -csv" else ""
    print(
        f"(best run first; CPU is the server's{store} for ours, {size.baseline}'s{store} for {size.baseline})"
    )
    print(t.line("baseline", f"{size.baseline} to /dev/null"))
    for name, label in (
        ("excel", "completions.csv format=excel"),
        ("excel_gzip", "  … gzip (as a browser asks)"),
        ("csv", "completions.csv format=csv"),
    ):
        print(t.line(name, label))
        ratio = t.best(name) / t.best("baseline")
        cpu_ratio = min(t.cpu[name]) / min(t.cpu["baseline"])
        verdict = "within" if ratio <= SQLITE_ROWS_BUDGET else "OVER"
        print(
            f"{'':<4}÷ {size.baseline} {ratio:6.2f}   ({verdict} budget <= {SQLITE_ROWS_BUDGET:.0f});"
            f" CPU ÷ CPU {cpu_ratio:.2f}"
        )
    print(
        f"{'server RSS, first export':<34} {size.rss_before_mb:.1f} MB before, {size.rss_peak_mb:.1f} MB"
        f" at most during it (+{size.rss_peak_mb - size.rss_before_mb:.1f}, sampled every 10 ms)"
    )
    print(
        f"{'server VmHWM (peak RSS)':<34} {size.hwm_before_mb:.1f} MB before, {size.hwm_after_mb:.1f} MB"
        f" after the first export, {size.hwm_all_mb:.1f} MB after all runs"
    )
    print(t.line("matrix", f"matrix.csv {PATH}"))
    print(t.line("matrix_page", "matrix page /hantera/rapporter/…"))


def report_growth(small: Size, large: Size) -> None:
    print()
    for label, small_mb, large_mb in (
        ("VmRSS during export", small.rss_peak_mb, large.rss_peak_mb),
        ("VmHWM after export", small.hwm_after_mb, large.hwm_after_mb),
    ):
        growth = large_mb - small_mb
        verdict = "flat" if growth <= FLAT_MB else "GROWS"
        print(
            f"{label} {small.rows:,} -> {large.rows:,} rows: {small_mb:.1f} -> {large_mb:.1f} MB,"
            f" {growth:+.1f} MB ({verdict}: budget <= +{FLAT_MB:.0f} MB)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--injected-names",
        type=int,
        default=0,
        help="people (in all) whose name is a formula-injection payload with quotes and ';'",
    )
    parser.add_argument("--work", type=Path, help="put the databases here (default: a temporary folder)")
    parser.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    arguments = parser.parse_args(argv)
    ensure_sqlite_cli()
    catalogue = load_catalogue(CONTENT_DIR)
    steps = len(catalogue.paths[PATH].steps)
    print(f"sqlite3 CLI {sqlite_version()}, Python's sqlite3 {sqlite3.sqlite_version}; {PATH}: {steps} steps")
    postgres = start_postgres(settings=()) if arguments.store == "postgresql" else None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-export-", dir=arguments.work) as temporary:
            sizes = []
            for rows in arguments.rows:
                print(f"benchmarking {rows:,} completions on {arguments.store} …", flush=True)
                work = Path(temporary)
                sizes.append(
                    bench(rows, work, arguments.repeats, catalogue, arguments.injected_names, postgres)
                )
            report(sizes)
    finally:
        if postgres is not None:
            postgres.stop()
    return 0


def sqlite_version() -> str:
    return subprocess.run(
        ["sqlite3", "--version"], capture_output=True, text=True, check=True
    ).stdout.split()[0]


if __name__ == "__main__":
    sys.exit(main())
