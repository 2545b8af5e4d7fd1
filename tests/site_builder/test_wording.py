"""Swedish wording of facts on training pages."""

import importlib.util
from pathlib import Path
from types import ModuleType


def site_html() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "docs" / "hooks" / "site_html.py"
    spec = importlib.util.spec_from_file_location("site_html", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lengths_read_in_good_swedish() -> None:
    hours = site_html().hours
    assert [hours(v) for v in (1 / 60, 0.5, 1, 1.5, 8)] == [
        "1 minut",
        "30 minuter",
        "1 timme",
        "1,5 timmar",
        "8 timmar",
    ]
