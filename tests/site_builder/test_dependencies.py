"""The dependency rule, read from the imports: the catalogue knows nothing of the site or the service,
the site builder nothing of the service, and only its plugin module knows MkDocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imports(package: str) -> dict[str, set[str]]:
    """Module path -> the top-level packages it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_the_catalogue_knows_neither_mkdocs_nor_the_site_nor_the_service() -> None:
    forbidden = {"mkdocs", "material", "catalogue_site", "progress_service"}
    assert {
        module: names & forbidden for module, names in imports("catalogue").items() if names & forbidden
    } == {}


def test_the_site_builder_never_uses_the_service_and_only_its_plugin_knows_mkdocs() -> None:
    found = imports("catalogue_site")
    assert [module for module, names in found.items() if "progress_service" in names] == []
    assert [module for module, names in found.items() if "mkdocs" in names] == ["catalogue_site/plugin.py"]


def test_the_site_build_does_without_openpyxl() -> None:
    # It writes CSV only; openpyxl's import took 0.1 s of every build's start, before the catalogue
    # loads (catalogue/workbook.py).
    check = "import sys, catalogue_site.plugin; print(sorted(m for m in sys.modules if 'openpyxl' in m))"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
