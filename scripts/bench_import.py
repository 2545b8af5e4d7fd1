"""Benchmark of `import-staff` on both stores; prints figures, asserts nothing.

    .venv/bin/python -m scripts.bench_import [--rows 100000] [--repeats 2] [--store sqlite postgresql]

For each store: a fresh database (a SQLite file, or a database on a PostgreSQL 15 server started
for the run with its default durability), then `python -m progress_service import-staff` of a
staff list with --rows new people over 50 units (every one gets a code), and the same file again
(every one is updated, no code). Each is timed from start to exit, wall-clock and CPU (the command's
own, and PostgreSQL's server processes for that store), the fastest of --repeats rounds kept.
"""

from __future__ import annotations

import argparse
import functools
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scripts.bench_service import staff_csv
from scripts.process_cpu import server_cpu_seconds
from tests.support.postgres_server import PostgresServer, start_postgres
from tests.support.service_app import TINY_CATALOGUE
from tests.support.service_server import ROOT, service_env


def timed(
    command: list[str], env: dict[str, str], server_cpu: Callable[[], float]
) -> tuple[float, float, float]:
    """Wall-clock, the command's CPU and the database server's CPU, in seconds."""
    before, server_before = resource.getrusage(resource.RUSAGE_CHILDREN), server_cpu()
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu, server_cpu() - server_before


def bench_store(
    store: str, rows: int, repeats: int, work: Path, postgres: PostgresServer | None
) -> dict[str, list[tuple[float, float, float]]]:
    staff = staff_csv(work / "staff.csv", "p", rows)
    codes = work / "codes.csv"
    command = [
        sys.executable,
        "-m",
        "progress_service",
        "import-staff",
        str(staff),
        "--codes-out",
        str(codes),
    ]
    runs: dict[str, list[tuple[float, float, float]]] = {"new": [], "again": []}
    for round_ in range(repeats):
        if postgres is None:
            db: Path | str = work / f"import-{round_}.db"
            server_cpu: Callable[[], float] = lambda: 0.0  # noqa: E731 (SQLite runs in the command)
        else:
            name = f"import_{round_}"
            postgres.execute(f"CREATE DATABASE {name} TEMPLATE template0")
            db, server_cpu = postgres.url(name), functools.partial(server_cpu_seconds, postgres.process.pid)
        env = service_env(db, TINY_CATALOGUE)
        # Migrated and first-started before the clock runs: the import is what is measured.
        subprocess.run(
            [sys.executable, "-m", "progress_service", "list-units"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        runs["new"].append(timed(command, env, server_cpu))
        runs["again"].append(timed(command, env, server_cpu))
        got = len(codes.read_text(encoding="utf-8-sig").splitlines()) - 1
        if got != 0:
            raise SystemExit(f"{store}: the second import issued {got} codes, not 0")
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument(
        "--store", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"]
    )
    arguments = parser.parse_args(argv)
    postgres = start_postgres(settings=()) if "postgresql" in arguments.store else None
    results = {}
    try:
        for store in arguments.store:
            print(f"import-staff of {arguments.rows:,} people on {store} …", flush=True)
            with tempfile.TemporaryDirectory(prefix="bench-import-") as temporary:
                own = postgres if store == "postgresql" else None
                results[store] = bench_store(store, arguments.rows, arguments.repeats, Path(temporary), own)
    finally:
        if postgres is not None:
            postgres.stop()
    print(f"\n== import-staff, {arguments.rows:,} people (fastest of {arguments.repeats}) ==")
    for kind, label in (("new", "all new (codes issued)"), ("again", "the same file again (updates)")):
        for store, runs in results.items():
            seconds, cpu, server_cpu = min(runs[kind])
            spread = f"(runs {min(r[0] for r in runs[kind]):.1f}–{max(r[0] for r in runs[kind]):.1f})"
            server_note = f", PostgreSQL's CPU {server_cpu:.1f} s" if store == "postgresql" else ""
            print(f"{label:<32} {store:<10} {seconds:6.1f} s {spread:<16} CPU {cpu:.1f} s{server_note}")
        if len(results) == 2:
            ratio = min(results["postgresql"][kind])[0] / min(results["sqlite"][kind])[0]
            print(f"{'':<32} postgresql ÷ sqlite {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
