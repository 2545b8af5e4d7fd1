"""Pagefind's indexing service, spoken to directly: messages sent at once, replies read as they come.

The `pagefind` package's own client reads one reply per 100 ms (its reader sleeps 0.1 s before
each), and a Pagefind that panics leaves it waiting for ever. Here a thread reads the replies as
they come: a failure, with Pagefind's own reason, reaches whoever waits. A build sends a handful
of messages (the trainings go as one folder, `search_index.Indexing`).

The protocol, as `pagefind --service` (1.5.2) speaks it: a message is the JSON object
`{"message_id": n, "payload": {"type": ...}}`, base64-encoded and followed by a comma; each reply
is the same with the request's `message_id`, and a payload of type "Error" when it failed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import tempfile
import threading
from concurrent.futures import Future
from typing import IO, Any

from pagefind.service import get_executable

Reply = dict[str, Any]
# Pagefind ends within milliseconds of its input closing; this is for one that hangs.
FINISH_SECONDS = 60


class PagefindFailed(Exception):
    """Pagefind refused a page or could not write the index; the message says which and why."""


class PagefindService:
    """One `pagefind --service` process and one index in it."""

    def __init__(self, config: dict[str, Any]) -> None:
        executable = get_executable()
        if executable is None:
            raise PagefindFailed("programmet pagefind saknas; installera om projektet med `make run`")
        # What Pagefind says when it fails (a panic's reason) goes into the error, not over the log.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (as long as the service: closed when collected)
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
        )
        self._replies: dict[int, Future[Reply]] = {}
        self._sent = 0
        self._ended = ""  # why the process ended, once it has
        self._lock = threading.Lock()
        threading.Thread(target=self._read, args=(self._process.stdout,), daemon=True).start()
        self._index_id = self._send({"type": "NewIndex", "config": config}).result()["index_id"]
        self._added: list[Future[Reply]] = []

    def add_page(self, path: str, html: str) -> None:
        """A page at `path` (from the site root, as the crawl would find it) with its HTML."""
        payload = {"type": "AddFile", "index_id": self._index_id, "file_path": path, "file_contents": html}
        self._added.append(self._send(payload))

    def add_folder(self, folder: str) -> None:
        """Every HTML file under `folder`, each at its path from there (Pagefind reads them on
        every core; pages sent one by one it indexes one at a time)."""
        self._added.append(self._send({"type": "AddDir", "index_id": self._index_id, "path": folder}))

    def write(self, output_path: str) -> None:
        """Once every page is indexed, the index written to `output_path`; PagefindFailed if not."""
        for added in self._added:
            added.result()
        self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": output_path}).result()
        self._finish()

    def _finish(self) -> None:
        """Pagefind ends on its own once its input is closed. Its reply to WriteFiles can come
        before its last file is on disk (Tokio hands each write to a thread, and Pagefind does not
        flush): a kill right after it left pagefind-entry.json empty, 1 build in a few hundred."""
        stdin = self._process.stdin
        assert stdin is not None  # opened as a pipe
        with self._lock:
            self._ended = self._ended or "sökindexet är redan skrivet"
            with contextlib.suppress(OSError):
                stdin.close()
        try:
            self._process.wait(FINISH_SECONDS)
        except subprocess.TimeoutExpired:
            self.stop()
            late = f"Pagefind avslutades inte inom {FINISH_SECONDS} s efter att ha skrivit sökindexet"
            raise PagefindFailed(late) from None

    def stop(self) -> None:
        """The process ends, whatever it was doing (a failed build writes no index)."""
        with self._lock:
            self._ended = self._ended or "Pagefind stoppades innan sökindexet var skrivet"
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()

    def _send(self, payload: dict[str, Any]) -> Future[Reply]:
        """The payload sent; its reply (or PagefindFailed) comes in the future."""
        reply: Future[Reply] = Future()
        stdin = self._process.stdin
        assert stdin is not None  # opened as a pipe above
        with self._lock:
            if self._ended:
                reply.set_exception(PagefindFailed(self._ended))
                return reply
            self._sent += 1
            self._replies[self._sent] = reply
            message = {"message_id": self._sent, "payload": payload}
            # A closed pipe means Pagefind has ended: the reader then fails every reply still
            # waiting, this one too, with Pagefind's reason.
            with contextlib.suppress(OSError):
                stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
                stdin.flush()
        return reply

    def _read(self, stdout: IO[bytes] | None) -> None:
        assert stdout is not None  # opened as a pipe above
        pending = b""
        for chunk in iter(lambda: stdout.read1(1 << 16), b""):  # type: ignore[attr-defined]
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                self._answer(json.loads(base64.b64decode(message)))
        self._fail_all(self._ending())

    def _ending(self) -> str:
        self._process.wait()
        self._stderr.seek(0)
        said = [line.strip() for line in self._stderr.read().decode(errors="replace").splitlines()]
        reasons = [line for line in said if line and not line.startswith(("thread ", "stack ", "note:"))]
        return "Pagefind avslutades oväntat" + (f": {reasons[0]}" if reasons else "")

    def _answer(self, reply: Reply) -> None:
        payload = reply.get("payload") or {}
        future = self._replies.pop(reply.get("message_id") or 0, None)
        if payload.get("type") == "Error":
            if future is None:  # a message Pagefind could not read has no id: nothing can wait on
                self._fail_all(f"Pagefind: {payload.get('message')}")
            else:
                future.set_exception(PagefindFailed(f"Pagefind: {payload.get('message')}"))
        elif future is not None:
            future.set_result(payload)

    def _fail_all(self, message: str) -> None:
        with self._lock:
            self._ended = self._ended or message
            waiting, self._replies = list(self._replies.values()), {}
        for future in waiting:
            if not future.done():
                future.set_exception(PagefindFailed(message))
