"""Our script modules as the site ships them: minified, and named by a fingerprint of their content.

Pages load one module by its plain name, `assets/site.js`, which browsers revalidate on each visit
(a body-less 304); every other module gets a name like `api.3f2a9c41d0be.min.js`, which the site
serves as cached for a year (progress_service/static_site.py). With every module revalidated, a
repeat visit of a training page cost 0.88 KB instead of 0.44 KB (five 304s instead of two).

An update still reaches the next visit: a module's name changes with its content, and since a
module names those it imports, with theirs too, up to site.js, which is always asked for. The
service worker's list of files to keep (docs/sw.js) names modules by their plain names; the build
writes the fingerprinted ones in their place.

Modules name each other only by literal specifiers, "./name.js" (`from "./api.js"`,
`import("./outbox.js")`): those are what the build rewrites, and a specifier naming no module, or
modules importing each other in a circle, stop the build with what to fix.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

import rjsmin

ENTRY = "site.js"
MODULE_FOLDER = "assets/"
MODULE = re.compile(r"^assets/([a-z]+)\.js$")
SPECIFIER = re.compile(r"""(?<=["'])\./([a-z]+\.js)(?=["'])""")
QUOTED_PATH = re.compile(r"""(?<=["'])assets/([a-z]+\.js)(?=["'])""")


class ModuleProblem(ValueError):
    """A module names one that does not exist, or modules import each other in a circle."""


def fingerprinted(sources: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """{plain name: (built name, built text)} for modules given as {plain name: source}, e.g.
    {"api.js": "…"} -> {"api.js": ("api.3f2a9c41d0be.min.js", "…")}; site.js keeps its name."""
    minified = {name: rjsmin.jsmin(source) for name, source in sources.items()}
    built: dict[str, tuple[str, str]] = {}
    for name in _dependencies_first(minified):
        text = SPECIFIER.sub(lambda m: "./" + built[m.group(1)][0], minified[name])
        stem = name.removesuffix(".js")
        fingerprint = hashlib.sha256(text.encode()).hexdigest()[:12]
        built[name] = (name if name == ENTRY else f"{stem}.{fingerprint}.min.js", text)
    return built


def _dependencies_first(modules: Mapping[str, str]) -> list[str]:
    order: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        if name in visiting:
            circle = " -> ".join([*visiting[visiting.index(name) :], name])
            raise ModuleProblem(f"docs/assets: modulerna importerar varandra i en cirkel: {circle}")
        visiting.append(name)
        for imported in SPECIFIER.findall(modules[name]):
            if imported not in modules:
                raise ModuleProblem(f"docs/assets/{name} importerar ./{imported}, som inte finns")
            visit(imported)
        visiting.pop()
        order.append(name)

    for name in sorted(modules):
        visit(name)
    return order


def rename_in(text: str, built: Mapping[str, tuple[str, str]]) -> str:
    """`text` with every quoted "assets/<plain name>" of a module replaced by its built name."""

    def renamed(match: re.Match[str]) -> str:
        name = match.group(1)
        return MODULE_FOLDER + built[name][0] if name in built else match.group(0)

    return QUOTED_PATH.sub(renamed, text)
