"""What counts as used when Material's stylesheet is cut: every class and element that a page
template or a script module puts on a page, and nothing the cutting code itself names."""

from __future__ import annotations

import re
from pathlib import Path

from catalogue_site.stylesheet import PACKAGE, page_css, source_texts

DOCS = Path(__file__).resolve().parents[2] / "docs"


def named_in_templates_and_modules() -> tuple[set[str], set[str]]:
    """(classes, elements) the page templates and docs/assets' modules give what they make."""
    classes: set[str] = set()
    elements: set[str] = set()
    for template in (PACKAGE / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        classes.update(w for v in re.findall(r'class="([^"{]+)"', text) for w in v.split())
        elements.update(re.findall(r"<([a-z][a-z0-9]*)", text))
    for module in (DOCS / "assets").glob("*.js"):
        text = module.read_text(encoding="utf-8")
        classes.update(w for v in re.findall(r'class(?:Name)?\s*[:=]\s*"([^"]+)"', text) for w in v.split())
        elements.update(re.findall(r"""(?:createElement|\bel)\(\s*["']([a-z][a-z0-9]*)""", text))
    return classes, elements


def kept(css: str) -> set[str]:
    return set(re.findall(r"(?:^|\})([.\w-]+)\{", css))


def test_no_class_or_element_a_template_or_module_makes_is_cut() -> None:
    classes, elements = named_in_templates_and_modules()
    assert {"md-button--primary", "ok-facts", "ok-bar"} <= classes and {"dl", "button"} <= elements
    theme = "".join(f".{name}{{color:red}}" for name in sorted(classes))
    theme += "".join(f"{name}{{color:red}}" for name in sorted(elements))
    css = page_css(theme, "", source_texts(DOCS))
    assert sorted({f".{name}" for name in classes} - kept(css.first_screen + css.rest)) == []
    assert sorted(elements - kept(css.first_screen + css.rest)) == []


def test_what_the_cutting_code_names_does_not_count_as_used() -> None:
    """stylesheet.py names Material's widgets to defer their rules; no page has them."""
    css = page_css(".md-tooltip{color:red}.md-annotation{color:red}", "", source_texts(DOCS))
    assert css.first_screen + css.rest == ""
