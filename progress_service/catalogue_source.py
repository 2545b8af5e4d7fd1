"""The catalogue the service serves, picked up again when its files change.

A background task looks at the files' modification times every few seconds and reloads when they
changed. A catalogue that fails validation is logged and ignored: the last good one stays in use,
so a broken edit never takes the service down or makes recorded completions unreadable.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from catalogue import Catalogue, CatalogueInvalid, load_catalogue
from catalogue.layout import content_files

log = logging.getLogger("progress_service.catalogue")

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path) -> Fingerprint:
    """Every file's path, size and modification time: changes when any file is edited or added."""
    stats = ((str(path), path.stat()) for path in content_files(root))
    return tuple((name, stat.st_size, stat.st_mtime_ns) for name, stat in stats)


class CatalogueSource:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._fingerprint = fingerprint(root)
        self.current: Catalogue = load_catalogue(root)
        # Counts reloads: what was built from one catalogue is told apart from the next cheaply.
        self.version = 0

    def refresh(self) -> bool:
        """Reload when the files changed; True when a new catalogue is now in use."""
        seen = fingerprint(self.root)
        if seen == self._fingerprint:
            return False
        self._fingerprint = seen
        try:
            catalogue = load_catalogue(self.root)
        except CatalogueInvalid as invalid:
            errors = [p for p in invalid.problems if p.severity == "error"]
            log.warning("catalogue not reloaded: %d errors; keeping the last good one", len(errors))
            # Where, not what: a message may quote the file's values, and logs hold nothing personal.
            for problem in errors:
                log.warning("catalogue error at %s:%d: %s", problem.path, problem.line, problem.field)
            return False
        self.current = catalogue
        self.version += 1
        log.info("catalogue reloaded: %d trainings", len(catalogue.trainings))
        return True

    async def watch(self, every_seconds: float) -> None:
        while True:
            await asyncio.sleep(every_seconds)
            try:
                await asyncio.to_thread(self.refresh)
            except OSError as error:  # e.g. a file removed while it was being read
                log.warning("catalogue check failed: %s", error)
