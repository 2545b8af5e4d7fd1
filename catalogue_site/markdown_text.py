"""Catalogue Markdown (descriptions) as HTML that shows text and never runs it.

Python-Markdown passes raw HTML through; here raw HTML and script links are switched off, which
makes this the one place where HTML made in Python enters a page template (as `Markup`).
"""

from __future__ import annotations

import functools
import re
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

# Web addresses, e-mail and links within the site; `javascript:` and `data:` links would run
# code on our origin, where the API and the visitor's session live.
_SAFE_LINK = re.compile(r"(?:https?:|mailto:|[^:]*$)", re.IGNORECASE)


class _SafeLinks(Treeprocessor):  # type: ignore[misc]  # Python-Markdown ships no type hints
    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not _SAFE_LINK.match(value):
                    del element.attrib[attribute]


def _plain_markdown() -> markdown.Markdown:
    """Python-Markdown without raw HTML or script links: catalogue text is shown, never run."""
    converter = markdown.Markdown(extensions=["sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(_SafeLinks(converter), "safe_links", 0)
    return converter


_MARKDOWN = _plain_markdown()


# Text with none of these is plain paragraphs in Markdown too; most descriptions are.
_MARKUP = re.compile(r"[*_`\[\]<>&\\#|~=]|^\s*(?:[-+]|\d+[.)])\s|^ {4}|\t| {2,}$", re.MULTILINE)


# A training's page and its search record both show its description: a build converts each once.
@functools.lru_cache(maxsize=1 << 15)
def markdown_html(text: str) -> Markup:
    """Catalogue Markdown (descriptions) as HTML; plain paragraphs skip the Markdown parser."""
    if _MARKUP.search(text):
        return Markup(_MARKDOWN.reset().convert(text))  # noqa: S704 (raw HTML switched off above)
    parts = re.split(r"\n\s*\n", text.strip())
    paragraphs = ("\n".join(line.strip() for line in part.splitlines()) for part in parts)
    # No markup characters, so nothing to escape.
    return Markup(  # noqa: S704
        "\n".join(f"<p>{part}</p>" for part in paragraphs if part)
    )
