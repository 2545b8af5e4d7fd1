"""Work spread over every core, for the few jobs big enough to gain from it.

Forked workers start in milliseconds and inherit what the parent has loaded; a job of fewer
tasks than its own threshold stays in one process, where a pool would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.pool import Pool
from typing import Any


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_pool(
    tasks: int,
    threshold: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Pool | None:
    """A pool with a forked worker per core, or None: fewer than `threshold` tasks, one core, or
    no fork on this system. With fork, `initargs` reach the workers as they are, not pickled."""
    workers = usable_cores()
    if tasks < threshold or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork").Pool(workers, initializer, initargs)
