"""The service's log: one format, and warnings that repeat held back.

A fault that repeats (accept() failing for want of file descriptors, a client sending garbage in a
loop) logged itself 40 MB in 20 s and could fill the disk the database is on. A warning or error
whose template was logged less than REPEAT_SECONDS ago is counted instead, and the count is added
to the next one let through. Request lines (INFO) are never held back.
"""

from __future__ import annotations

import logging
import sys
import time

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REPEAT_SECONDS = 10.0
MAX_TEMPLATES = 1000


class RepeatFilter(logging.Filter):
    def __init__(self, every: float = REPEAT_SECONDS) -> None:
        super().__init__()
        self.every = every
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = (record.name, str(record.msg))
        now = time.monotonic()
        last, held = self._seen.get(key, (-self.every, 0))
        if now - last < self.every:
            self._seen[key] = (last, held + 1)
            return False
        if len(self._seen) >= MAX_TEMPLATES:
            self._seen.clear()
        self._seen[key] = (now, 0)
        if held:
            record.msg = f"{record.getMessage()} (and {held} more like it since the last one logged)"
            record.args = None
        return True


def configure() -> None:
    """Log to stderr with repeats held back, unless logging was set up already (as under pytest)."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RepeatFilter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
