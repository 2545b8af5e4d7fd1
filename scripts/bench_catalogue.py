"""Benchmark: `python -m catalogue check` on generated catalogues. Budget: 10,000 trainings in < 10 s.

    python -m scripts.bench_catalogue [--courses 1000 10000] [--runs 3]

Runs the real command in a fresh process each time (start-up included, as an editor or CI sees it)
and prints the best and worst wall time per size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 10.0
BUDGET_COURSES = 10_000


def time_check(directory: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "catalogue", "check", str(directory)], check=True, capture_output=True
    )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--courses", type=int, nargs="+", default=[1000, BUDGET_COURSES])
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        for courses in arguments.courses:
            directory = Path(scratch) / str(courses)
            generator = [sys.executable, "scripts/generate_catalogue.py", "--courses", str(courses)]
            subprocess.run([*generator, "--out", str(directory)], check=True, capture_output=True)
            times = sorted(time_check(directory) for _ in range(arguments.runs))
            verdict = ""
            if courses == BUDGET_COURSES:
                verdict = "  inom budget" if times[-1] < BUDGET_SECONDS else "  ÖVER BUDGET"
            print(f"check {courses:>6} utbildningar: bäst {times[0]:.2f} s, sämst {times[-1]:.2f} s{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
