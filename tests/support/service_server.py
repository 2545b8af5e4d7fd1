"""A real service in a subprocess (`python -m progress_service serve --port 0`) for end-to-end tests."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.service_app import SECRET

ROOT = Path(__file__).parent.parent.parent
RUNNING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


def service_env(db: Path | str, catalogue: Path) -> dict[str, str]:
    """The service's environment for a store: a SQLite file, or a PostgreSQL URL (its var/ folder,
    for the first start's file, then in a folder of its own, never the checkout's var/)."""
    folder = db.parent if isinstance(db, Path) else Path(tempfile.mkdtemp(prefix="omsorg-var-"))
    store = {"OMSORG_DB": str(db)}
    if isinstance(db, str):
        store = {"OMSORG_DATABASE_URL": db, "OMSORG_DB": str(folder / "omsorg.db")}
    return {
        **os.environ,
        **store,
        "OMSORG_SECRET_KEY": SECRET.decode(),
        "CATALOGUE_DIR": str(catalogue),
        "OMSORG_SITE_DIR": str(folder / "site"),
    }


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str = ""
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    def kill_9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def logged(self, text: str, within: float = 10) -> bool:
        """Whether a line of the service's log contains `text`, waiting for it up to `within` seconds:
        the access line is written after the answer has gone, and read from the pipe by a thread."""
        deadline = time.monotonic() + within
        while not any(text in line for line in list(self.stderr)):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def _drain(stream: object, lines: list[str]) -> None:
    # Keep reading so a full pipe never blocks the server's logging under load.
    for line in stream:  # type: ignore[attr-defined]
        lines.append(line)


def start(
    db: Path | str,
    catalogue: Path,
    timeout: float = 20,
    port: int = 0,
    max_files: int | None = None,
    **env: str,
) -> Server:
    """The service on loopback: a free port, or `port` to come back where a stopped one was;
    `max_files` limits its open files (soft and hard)."""

    def limit_files() -> None:
        if max_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max_files, max_files))

    process = subprocess.Popen(
        [sys.executable, "-m", "progress_service", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**service_env(db, catalogue), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit_files,
    )
    server = Server(process)
    for stream, lines in ((process.stdout, server.stdout), (process.stderr, server.stderr)):
        threading.Thread(target=_drain, args=(stream, lines), daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        found = next((m for line in list(server.stderr) if (m := RUNNING.search(line))), None)
        if found:
            server.url = found.group(1)
            return server
        time.sleep(0.05)
    server.stop()
    raise RuntimeError("the service did not start:\n" + "".join(server.stderr))
