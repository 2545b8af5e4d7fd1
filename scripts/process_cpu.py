"""CPU time that processes have used, read from /proc (user + system, in seconds): on a machine
shared with other work, benchmarks compare CPU seconds, which hold steadier than wall-clock ones."""

from __future__ import annotations

import os
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """The process's own time so far; 0.0 once it has ended (its time is then in its parent's)."""
    fields = _fields(pid)
    return 0.0 if fields is None else _seconds(fields[11:13])


def server_cpu_seconds(pid: int) -> float:
    """A server's time with its children's: those running now (PostgreSQL's backends) and those
    that have ended and been waited for, which the kernel adds to the parent's figures."""
    fields = _fields(pid)
    if fields is None:
        return 0.0
    return _seconds(fields[11:15]) + sum(cpu_seconds(child) for child in _children(pid))


def _fields(pid: int) -> list[str] | None:
    """The fields after the command name (which may hold spaces): field n of proc(5) is at n - 3."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except (FileNotFoundError, ProcessLookupError):
        return None


def _children(pid: int) -> list[int]:
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return []
    return [int(child) for child in listed.split()]


def _seconds(ticks: list[str]) -> float:
    return sum(int(value) for value in ticks) / os.sysconf("SC_CLK_TCK")
