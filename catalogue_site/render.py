"""The site's own Jinja2 templates (catalogue_site/templates), autoescaped.

Everything from the catalogue is text and is escaped by the template; HTML made in Python
(a description's Markdown, JSON-LD) enters only as `Markup`, in the one function that made it.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

ENVIRONMENT = Environment(
    loader=PackageLoader("catalogue_site", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(name: str, **context: Any) -> str:
    return ENVIRONMENT.get_template(name).render(context)
