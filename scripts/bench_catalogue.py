"""Benchmark: `python -m catalogue check` on generated catalogues, against a bare YAML load.

    python -m scripts.bench_catalogue [--courses 1000 10000] [--runs 3]

Budgets for 10,000 trainings: under 10 s, and at most 2 × a bare `yaml.load(CSafeLoader)` of the
same files (issue 9). Both run in a fresh process each time (start-up included, as an editor or
CI sees it), alternating so that others' load on the machine falls on both alike. Printed per size:
the best and worst wall time, and the ratio of the best CPU times (user + system of the child):
on a machine that others share, CPU time moves far less with their load than wall time does.

Also printed per size: `load_catalogue` alone, timed inside a fresh process as the site build
calls it (forked workers parse, `parallel=True`) and as the service calls it (one process): wall
time, and the CPU time of the process and of its workers (issue 12).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 10.0
BUDGET_RATIO = 2.0
BUDGET_COURSES = 10_000
# The floor: libyaml reading every file the check reads, and nothing else.
BARE_LOAD = """
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""

# load_catalogue timed in-process, so that start-up and imports are not counted.
LOAD = """
import json, resource, sys, time
from pathlib import Path
from catalogue import load_catalogue
started, cpu = time.perf_counter(), time.process_time()
load_catalogue(Path(sys.argv[1]), parallel=sys.argv[2] == "parallel")
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([time.perf_counter() - started, time.process_time() - cpu,
                  children.ru_utime + children.ru_stime]))
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of `command`."""
    before = _children_cpu()
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
            check = [sys.executable, "-m", "catalogue", "check", str(directory)]
            bare = [sys.executable, "-c", BARE_LOAD, str(directory)]
            pairs = [(timed(check), timed(bare)) for _ in range(arguments.runs)]
            print(_line(courses, [c for c, _ in pairs], [b for _, b in pairs]))
            for mode in ("parallel", "single"):
                loads = [_load(directory, mode) for _ in range(arguments.runs)]
                print(_load_line(courses, mode, loads))
    return 0


def _load(directory: Path, mode: str) -> tuple[float, float, float]:
    """Wall, own CPU and workers' CPU seconds of one `load_catalogue` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(directory), mode], check=True, capture_output=True, text=True
    )
    wall, own, workers = json.loads(done.stdout)
    return wall, own, workers


def _load_line(courses: int, mode: str, loads: list[tuple[float, float, float]]) -> str:
    walls = sorted(wall for wall, _, _ in loads)
    own, workers = min(own for _, own, _ in loads), min(workers for _, _, workers in loads)
    how = "med arbetsprocesser" if mode == "parallel" else "i en process"
    return (
        f"load_catalogue {courses:>6} utbildningar {how}: bäst {walls[0]:.2f} s, sämst {walls[-1]:.2f} s;"
        f" CPU bäst {own:.2f} s i processen + {workers:.2f} s i arbetsprocesserna"
    )


def _line(courses: int, check: list[tuple[float, float]], bare: list[tuple[float, float]]) -> str:
    walls = sorted(wall for wall, _ in check)
    ratio = min(cpu for _, cpu in check) / min(cpu for _, cpu in bare)
    line = (
        f"check {courses:>6} utbildningar: bäst {walls[0]:.2f} s, sämst {walls[-1]:.2f} s; "
        f"bara yaml.load(CSafeLoader) bäst {min(wall for wall, _ in bare):.2f} s; "
        f"kvot (CPU-tid) {ratio:.2f}"
    )
    if courses != BUDGET_COURSES:
        return line
    within = walls[-1] < BUDGET_SECONDS and ratio <= BUDGET_RATIO
    return line + ("  inom budget" if within else "  ÖVER BUDGET")


if __name__ == "__main__":
    sys.exit(main())
