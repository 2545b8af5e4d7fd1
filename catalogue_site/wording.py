"""Small HTML and Swedish wording helpers shared by the page and macro modules.

Generated pages are written as raw HTML inside Markdown: Python-Markdown passes HTML blocks
through untouched, which keeps the build cheap at 10,000 pages. Everything from the catalogue is
escaped here, in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

# Site sections: URL folder of each kind of generated page.
TRAINING = "utbildning"
TOPIC = "amne"
ROLE = "roll"
PROVIDER = "anordnare"
MUNICIPALITY = "kommun"
PATH = "vag"
ASSESSMENT = "sjalvskattning"
FINDER = "hitta-utbildning"
SIGN_IN = "logga-in"


def e(text: object) -> str:
    return escape(str(text), quote=True)


def href(section: str, entry_id: str = "", depth: int = 2) -> str:
    """The relative URL of a generated page, from a page `depth` folders below the site root."""
    target = f"{section}/{entry_id}/" if entry_id else f"{section}/"
    return "../" * depth + target


def link(url: str, text: str) -> str:
    return f'<a href="{e(url)}">{e(text)}</a>'


def joined(parts: Iterable[str]) -> str:
    return ", ".join(parts)


def item_list(items: Iterable[str], css: str = "") -> str:
    rows = "".join(f"<li>{item}</li>" for item in items)
    attribute = f' class="{css}"' if css else ""
    return f"<ul{attribute}>{rows}</ul>" if rows else "<p>Inga ännu.</p>"


def table(header: Iterable[str], rows: Iterable[Iterable[str]], caption: str = "") -> str:
    """An HTML table; cells are HTML already (escape text with `e`)."""
    head = "".join(f'<th scope="col">{cell}</th>' for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    title = f"<caption>{e(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def hours(value: float) -> str:
    """1 -> '1 timme', 1.5 -> '1,5 timmar', 0.5 -> '30 minuter', 1/60 -> '1 minut'."""
    if value < 1:
        minutes = round(value * 60)
        return f"{minutes} minut" if minutes == 1 else f"{minutes} minuter"
    number = f"{value:.1f}".removesuffix(".0").replace(".", ",")
    return f"{number} timme" if value == 1 else f"{number} timmar"


def cost(sek: int | None) -> str:
    """The price as a list shows it; an unknown or varying price is said plainly, never as free."""
    if sek is None:
        return "Kostnad varierar"
    return "Gratis" if sek == 0 else f"{sek:,}".replace(",", "\u00a0") + "\u00a0kr"


def yes_no(value: bool) -> str:
    return "Ja" if value else "Nej"


def count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


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


def markdown_html(text: str) -> str:
    """Catalogue Markdown (descriptions) as HTML; plain paragraphs skip the Markdown parser."""
    if _MARKUP.search(text):
        return str(_MARKDOWN.reset().convert(text))
    parts = re.split(r"\n\s*\n", text.strip())
    paragraphs = ("\n".join(line.strip() for line in part.splitlines()) for part in parts)
    return "\n".join(f"<p>{part}</p>" for part in paragraphs if part)
