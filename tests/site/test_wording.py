"""One term per thing in what staff and managers read: "enhet" is the workplace unit, never the
phone, tablet or computer (that is "telefonen eller surfplattan")."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
READ_BY_PEOPLE = [
    *ROOT.glob("docs/*.md"),
    *ROOT.glob("docs/assets/*.js"),
    ROOT / "docs" / "sw.js",
    *ROOT.glob("catalogue_site/templates/*.html"),
    *ROOT.glob("progress_service/templates/hantera/*.html"),
]
DEVICE = re.compile(r"\b(gemensam|delad|denna|den här|mobil|bärbar)\s+enhet(en)?\b", re.IGNORECASE)


def test_enhet_never_names_the_device() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in READ_BY_PEOPLE
        for match in DEVICE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
