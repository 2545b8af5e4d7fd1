"""Problems found in a catalogue, reported so that an editor can act on them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "varning: "
        return f"{self.path}:{self.line}: {self.field}: {prefix}{self.message} — {self.hint}"

    def github_annotation(self) -> str:
        """The workflow command that GitHub Actions turns into an inline pull-request comment."""
        text = f"{self.field}: {self.message} — {self.hint}"
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line}::{text}"


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


class ToolError(Exception):
    """Stops an editors' command before it has written anything; the message says what to do."""
