"""Modules under fingerprinted names: a browser may keep them for a year, so a change must rename
the module and every module that leads to it, up to site.js, which pages load by its plain name."""

from __future__ import annotations

import re

import pytest

from catalogue_site.modules import ModuleProblem, fingerprinted, rename_in

SOURCES = {
    "site.js": 'import { el } from "./dom.js";\nconst f = () => import("./finder.js"); // a feature\n',
    "finder.js": 'import { el } from "./dom.js";\n'
    + "import { hours } from './format.js';\nexport const x = 1;\n",
    "dom.js": "export function el() {\n  return 1;\n}\n",
    "format.js": "export const hours = 2;\n",
}


def test_every_module_but_site_js_is_named_by_its_content_and_imported_by_that_name() -> None:
    built = fingerprinted(SOURCES)
    assert built["site.js"][0] == "site.js"
    assert re.fullmatch(r"dom\.[0-9a-f]{12}\.min\.js", built["dom.js"][0])
    site = built["site.js"][1]
    assert f'from"./{built["dom.js"][0]}"' in site and f'import("./{built["finder.js"][0]}")' in site
    assert f"'./{built['format.js'][0]}'" in built["finder.js"][1]
    assert "// a feature" not in site  # minified


def test_a_changed_module_renames_each_module_that_imports_it_and_changes_site_js() -> None:
    before = fingerprinted(SOURCES)
    after = fingerprinted({**SOURCES, "format.js": "export const hours = 3;\n"})
    changed = {name for name in SOURCES if before[name] != after[name]}
    assert changed == {"format.js", "finder.js", "site.js"}
    assert before["dom.js"] == after["dom.js"]  # kept by browsers across the update
    assert before["site.js"][0] == after["site.js"][0] and before["site.js"][1] != after["site.js"][1]


def test_a_module_naming_a_missing_one_or_a_circle_of_imports_stops_the_build() -> None:
    with pytest.raises(ModuleProblem, match=r"docs/assets/finder\.js importerar \./gone\.js, som inte finns"):
        fingerprinted({**SOURCES, "finder.js": 'import "./gone.js";'})
    circle = {"site.js": 'import "./a.js";', "a.js": 'import "./b.js";', "b.js": 'import "./a.js";'}
    with pytest.raises(ModuleProblem, match=r"i en cirkel: a\.js -> b\.js -> a\.js"):
        fingerprinted(circle)


def test_the_workers_list_gets_the_built_names_and_keeps_other_files() -> None:
    built = fingerprinted(SOURCES)
    worker = 'var FILES = ["OKLATERCSS", "assets/site.js", "assets/dom.js", "assets/other.js"];'
    assert rename_in(worker, built) == (
        f'var FILES = ["OKLATERCSS", "assets/site.js", "assets/{built["dom.js"][0]}", "assets/other.js"];'
    )
