"""The site's CSS: the part of Material's stylesheet our pages use, and ours, split at the first screen.

Material's main.css is 137 KB (22.6 KB gzipped) and blocked the first paint: on Slow 4G (400
kbit/s, 150 ms round trip) a cold training page painted after 1.38 s. Most of it styles what we
never render (search, tabs, code annotations, palettes, consent, feedback). Like PurgeCSS, a rule
is kept when every class and id its selectors name occurs in what makes our pages — the content
pages rendered in their shell, the page templates and the modules that fill them, our scripts —
and every element it names is one they make; custom properties that no kept rule reads go too.

What the first screen can need (about 6.5 KB gzipped with ours) is inlined in each page's <head>,
so the first paint waits for no other request and a training page's HTML stays within one TCP
round trip (14.6 KB); the rest (footer, tables, code, admonitions) is one fingerprinted file
loaded without blocking and then cached for a year.

Over-keeping is safe; under-keeping would drop a style, which tests/site/test_styles.py checks by
comparing every element's computed style with the one the full stylesheets give.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pygments.token import STANDARD_TYPES

# Elements Python-Markdown and its extensions make from content pages, and what the browser adds.
MARKDOWN_ELEMENTS = frozenset(
    [
        "html",
        "body",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "a",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "hr",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "dl",
        "dt",
        "dd",
        "div",
        "span",
        "caption",
        "br",
    ]
)
# Classes Python-Markdown's extensions (admonition, highlight, toc) give what they make, among
# them Pygments' short token classes in highlighted code (.k, .s, .nt …).
MARKDOWN_CLASSES = frozenset(
    ["admonition", "admonition-title", "highlight", "headerlink", "toc", *STANDARD_TYPES.values()]
)

PACKAGE = Path(__file__).parent


def source_texts(docs_dir: Path) -> list[str]:
    """What makes our pages besides the content pages themselves: the page templates and the
    modules that fill them, and our scripts (docs/assets), which add elements and classes. Not this
    module: it names Material's widgets to defer their rules, which would keep them all (6 KB)."""
    modules = [path for path in PACKAGE.glob("*.py") if path.name != Path(__file__).name]
    paths = [*docs_dir.rglob("*.js"), *(PACKAGE / "templates").glob("*.html"), *modules]
    return [path.read_text(encoding="utf-8") for path in paths]


_WORD = re.compile(r"[A-Za-z0-9_-]+")
_ELEMENT = re.compile(r"<([a-z][a-z0-9]*)")
_CREATED = re.compile(r"""(?:createElement|\bel)\(\s*["']([a-z][a-z0-9]*)""")


@dataclass(frozen=True)
class Vocabulary:
    """The class and id names, and the elements, that the site's sources can put on a page."""

    names: frozenset[str]
    elements: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        names: set[str] = set(MARKDOWN_CLASSES)
        elements: set[str] = set(MARKDOWN_ELEMENTS)
        for text in texts:
            names.update(_WORD.findall(text))
            elements.update(_ELEMENT.findall(text) + _CREATED.findall(text))
        return cls(frozenset(names), frozenset(elements))


def minified(css: str) -> str:
    """Our own stylesheet without comments and layout whitespace (Material's comes minified)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};,>])\s*", r"\1", css).replace(";}", "}").strip()


# --- Parsing just enough CSS: blocks, selectors, declarations -----------------------------------


def _blocks(text: str) -> Iterator[tuple[str, str | None]]:
    """Top-level (prelude, body) pairs; body is None for a statement such as @charset."""
    i, size = 0, len(text)
    while i < size:
        depth, quote, opened, j = 0, "", -1, i
        while j < size:
            char = text[j]
            if quote:
                j += 2 if char == "\\" else 1
                quote = "" if char == quote else quote
                continue
            if char in "\"'":
                quote = char
            elif char == "{":
                opened = j if depth == 0 else opened
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    break
            elif char == ";" and depth == 0:
                break
            j += 1
        if opened < 0:
            yield text[i : j + 1], None
        else:
            yield text[i:opened], text[opened + 1 : j]
        i = j + 1


def _split(text: str, separator: str) -> list[str]:
    """`text` split at `separator` outside brackets, parentheses and quotes."""
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part for part in parts if part.strip()]


_GROUPING = ("@media", "@supports", "@layer", "@container")
_ATTRIBUTE = re.compile(r"\[([\w-]+)(?:[~|^$*]?=\"?([\w-]+)\"?)?[^\]]*\]")
_PSEUDO = re.compile(r"::?[\w-]+(\((?:[^()]|\([^()]*\))*\))?")
_NAMES = re.compile(r"[.#](-?[A-Za-z_][\w-]*)|(?<![\w.#-])([a-z][a-z0-9]*)")


def _kept_rules(css: str, vocabulary: Vocabulary) -> str:
    out = []
    for prelude, body in _blocks(css):
        head = prelude.strip()
        if body is None:
            out.append(head)
        elif head.startswith(_GROUPING):
            inner = _kept_rules(body, vocabulary)
            out.append(f"{head}{{{inner}}}" if inner else "")
        elif head.startswith("@"):
            out.append(f"{head}{{{body}}}")
        else:
            selectors = [s for s in _split(head, ",") if _matchable(s, vocabulary)]
            out.append(f"{','.join(selectors)}{{{body}}}" if selectors else "")
    return "".join(out)


def _matchable(selector: str, vocabulary: Vocabulary) -> bool:
    """Whether every class, id and element `selector` names (outside :not()) can be on a page."""
    for name, value in _ATTRIBUTE.findall(selector):
        if (name == "dir" and value == "rtl") or (value and value not in vocabulary.names):
            return False
    bare = _PSEUDO.sub(" ", _ATTRIBUTE.sub(" ", selector))
    for name, element in _NAMES.findall(bare):
        if (name and name not in vocabulary.names) or (element and element not in vocabulary.elements):
            return False
    return True


_READ = re.compile(r"var\((--[\w-]+)")
_DEFINED = re.compile(r"(--[\w-]+):")


def _without_unread_properties(css: str, read_elsewhere: set[str] | None = None) -> str:
    """Drop custom properties (--x) that no declaration reads, until none is left to drop."""
    while True:
        read = set(_READ.findall(css)) | (read_elsewhere or set())
        slimmer = _filter_declarations(css, read)
        if slimmer == css:
            return css
        css = slimmer


def _filter_declarations(css: str, read: set[str]) -> str:
    out = []
    for prelude, body in _blocks(css):
        head = prelude.strip()
        if body is None or (head.startswith("@") and not head.startswith(_GROUPING)):
            out.append(head if body is None else f"{head}{{{body}}}")
        elif head.startswith(_GROUPING):
            inner = _filter_declarations(body, read)
            out.append(f"{head}{{{inner}}}" if inner else "")
        else:
            kept = [d for d in _split(body, ";") if not _unread_property(d, read)]
            out.append(f"{head}{{{';'.join(kept)}}}" if kept else "")
    return "".join(out)


def _unread_property(declaration: str, read: set[str]) -> bool:
    name = declaration.split(":", 1)[0].strip()
    return name.startswith("--") and name not in read


# What no first screen shows: the footer, the table of contents' sidebar, code, tables, admonitions
# and details, and Material's widgets. Their rules load after the first paint.
_LATER = re.compile(
    r"md-footer|md-copyright|md-social|md-source|md-top|md-tag|md-status|md-progress|md-dialog"
    r"|md-annotation|md-tooltip|md-clipboard|md-sidebar--secondary|md-nav--secondary|task-list|tabbed"
    r"|footnote|admonition|highlight|linenos|md-typeset__(?:table|scrollwrap)"
    r"|(?<![\w.#-])(?:details|summary|table|thead|tbody|tr|th|td|caption|pre|code|kbd)\b"
)


@dataclass(frozen=True)
class PageCss:
    """The CSS of the first screen, inlined in every page, and the rest, loaded without blocking."""

    first_screen: str
    rest: str


def page_css(theme_css: str, own_css: str, sources: Iterable[str]) -> PageCss:
    """Material's stylesheet cut to what `sources` use, and ours, split at the first screen."""
    used = _kept_rules(theme_css, Vocabulary.of(sources)) + minified(own_css)
    first, later = _split_at_first_screen(used)
    later = _without_unread_properties(later)
    # What the rest reads but does not define (such as the code font, set on body) stays inline.
    borrowed = set(_READ.findall(later)) - set(_DEFINED.findall(later))
    return PageCss(_without_unread_properties(first, borrowed), later)


def _split_at_first_screen(css: str) -> tuple[str, str]:
    """(rules the first screen may need, rules it cannot); custom properties go to both."""
    first, later = [], []
    for prelude, body in _blocks(css):
        head = prelude.strip()
        if body is None or (head.startswith("@") and not head.startswith(_GROUPING)):
            first.append(head if body is None else f"{head}{{{body}}}")
        elif head.startswith(_GROUPING):
            inner = _split_at_first_screen(body)
            first.append(f"{head}{{{inner[0]}}}" if inner[0] else "")
            later.append(f"{head}{{{inner[1]}}}" if inner[1] else "")
        elif all(d.strip().startswith("--") for d in _split(body, ";")):
            first.append(f"{head}{{{body}}}")
            later.append(f"{head}{{{body}}}")
        else:
            deferred = all(_LATER.search(selector) for selector in _split(head, ","))
            (later if deferred else first).append(f"{head}{{{body}}}")
    return "".join(first), "".join(later)
