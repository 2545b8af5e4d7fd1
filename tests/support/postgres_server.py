"""Debian's PostgreSQL 15 for the tests: one server per test session, in a data directory of its
own on a free loopback port, and a fresh database per test copied from a migrated template.

PostgreSQL refuses to run as root, and CI runs as root: there the server runs as the `postgres`
user (made by Debian's package) through `setpriv`, with its data directory owned by that user.
Durability is off (fsync, synchronous_commit): a test never outlives its server, and it makes a
fresh database per test cost a few milliseconds. The benchmarks start theirs with the defaults.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from progress_service.postgres import connect, migrate

BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER = "postgres"
TEMPLATE = "omsorg_template"
INITDB = ("--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
LISTEN = ("-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200")
FAST = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_owner(owner: pwd.struct_passwd | None) -> list[str]:
    if owner is None:
        return []
    return ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups", "--"]


@dataclass
class PostgresServer:
    directory: Path
    port: int
    process: subprocess.Popen[bytes]
    _numbers: itertools.count[int] = field(default_factory=itertools.count)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(sql.encode())

    @contextlib.contextmanager
    def fresh_database(self, template: str = TEMPLATE) -> Iterator[str]:
        """A new database, a copy of `template`, for as long as the block lasts; its URL."""
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        try:
            yield self.url(name)
        finally:
            self.execute(f"DROP DATABASE {name} WITH (FORCE)")

    def empty_database(self) -> contextlib.AbstractContextManager[str]:
        """A database without the service's tables (for the move from SQLite)."""
        return self.fresh_database("template0")

    def crash(self) -> None:
        """As a power cut or an OOM kill would: every process of the server at once. Killing the
        postmaster alone leaves its backends serving their open connections for a while. Its shared
        memory, which a restart would have cleared, is removed here: the server is not restarted."""
        segments = self.shared_memory()
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        for segment in segments:
            segment.unlink(missing_ok=True)

    def shared_memory(self) -> set[Path]:
        """The server's POSIX shared memory segments: those its postmaster and backends map."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        found: set[Path] = set()
        for process in [str(pid), *children]:
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                maps = Path(f"/proc/{process}/maps").read_text()
                found.update(Path(name) for name in re.findall(r"(/dev/shm/PostgreSQL\.\d+)", maps))
        return found

    def stop(self) -> None:
        # A fast shutdown (SIGINT) ends the sessions still open; the default smart one (SIGTERM)
        # waited for them, so a test that kept a connection cost 20 s and then a SIGKILL, which
        # left the server's shared memory in /dev/shm (80 files, 41 MB, after a day of runs).
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.directory, ignore_errors=True)


def start_postgres(settings: Sequence[str] = FAST, timeout: float = 30) -> PostgresServer:
    """A new PostgreSQL server on loopback with an empty template database (C collation, as SQLite
    compares text byte by byte); stop it with `stop()`."""
    owner = pwd.getpwnam(SUPERUSER) if os.geteuid() == 0 else None
    # Not under pytest's tmp_path: root's is closed to the postgres user.
    directory = Path(tempfile.mkdtemp(prefix="omsorg-pg-"))
    data = directory / "data"
    if owner is not None:
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    subprocess.run(
        [*_as_owner(owner), str(BIN / "initdb"), "-D", str(data), "-U", SUPERUSER, *INITDB],
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = (directory / "server.log").open("wb")
    process = subprocess.Popen(
        [
            *_as_owner(owner),
            str(BIN / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(directory),
            *LISTEN,
            *settings,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, backends included: see `crash`
    )
    server = PostgresServer(directory, port, process)
    _wait_until_ready(server, timeout)
    server.execute(f"CREATE DATABASE {TEMPLATE}")
    # Migrated once here, so a test's fresh copy starts with every table.
    connection = connect(server.url(TEMPLATE))
    try:
        migrate(connection)
    finally:
        connection.close()
    return server


def _wait_until_ready(server: PostgresServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.execute("SELECT 1")
            return
        except psycopg.OperationalError:
            if server.process.poll() is not None or time.monotonic() > deadline:
                log = (server.directory / "server.log").read_text(errors="replace")
                server.stop()
                raise RuntimeError(f"PostgreSQL did not start:\n{log}") from None
            time.sleep(0.1)
