"""Where the secrets of a first start go: a file only the service's user can read, never stdout.

Under systemd, stdout goes to the journal, which administrators and often a log shipper read and
which keeps it for weeks: the one-time administrator password and the demo code must not be there.
They are written to FIRST_START_FILE beside the database (var/ locally, /var/lib/omsorg in
production), and only the file's path is printed.
"""

from __future__ import annotations

import os
from pathlib import Path

FIRST_START_FILE = "forsta-start.txt"


def keep_secret_lines(lines: list[str], folder: Path) -> list[str]:
    """Write `lines` (from people.first_start) to a 0600 file in `folder`; the lines to print instead."""
    if not lines:
        return []
    folder.mkdir(parents=True, exist_ok=True)  # with PostgreSQL no database file has made it
    path = folder / FIRST_START_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its mode otherwise
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return [
        f"Första start: administratörens lösenord och en personlig demokod finns i {path}, som bara"
        " tjänstens användare kan läsa. Skriv ner dem och radera sedan filen."
    ]
