"""Reading YAML files while keeping the line of every value, for error messages.

Files are parsed fast with libyaml; only a file that has a problem is parsed a second time
into nodes, so that each problem can point at its line.

Most files are plain: mappings with text keys, lists and scalars, no anchors, tags or merge
keys. Those are built straight from libyaml's nodes (`_plain_data`); every other file, and every
file that fails, goes the careful way (PyYAML's own constructor), which alone decides what a
file holds when it is not plain and says what is wrong with it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from catalogue.yaml_errors import explain

try:
    from yaml import CSafeLoader as _FastLoader
except ImportError:  # pragma: no cover - libyaml ships in PyYAML's wheels
    from yaml import SafeLoader as _FastLoader  # type: ignore[assignment]


class DuplicateField(yaml.MarkedYAMLError):
    """A field written twice in one mapping; YAML would silently keep only the last."""


class CatalogueLoader(_FastLoader):
    """libyaml's safe loader, mending three YAML surprises that editors meet.

    `end: 12:00` is a base-60 integer (720) in YAML 1.1; here it stays the text "12:00".
    An impossible date such as 2026-11-31 stays text, so validation can say which line holds it
    instead of the parser failing without one. A field written twice is an error, not a silent
    overwrite of the first.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in seen:
                message = f"fältet '{key_node.value}' står två gånger"
                raise DuplicateField(problem=message, problem_mark=key_node.start_mark)
            seen.add(key_node.value if isinstance(key_node, yaml.ScalarNode) else "")
        return super().construct_mapping(node, deep)


def _sexagesimal_as_text(loader: CatalogueLoader, node: yaml.ScalarNode) -> Any:
    if ":" in str(node.value):
        return loader.construct_scalar(node)
    return loader.construct_yaml_int(node)


def _impossible_date_as_text(loader: CatalogueLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


CatalogueLoader.add_constructor("tag:yaml.org,2002:int", _sexagesimal_as_text)
CatalogueLoader.add_constructor("tag:yaml.org,2002:timestamp", _impossible_date_as_text)


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
_DEFAULT_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: _STR,
    yaml.SequenceNode: _SEQ,
    yaml.MappingNode: _MAP,
}
Resolvers = list[tuple[str, re.Pattern[str]]]


# Per distinct plain scalar: its tag and, if not text, its value (an immutable int, float, bool,
# None, date or text). Field names, ids of topics and roles, booleans and dates repeat in every
# file; forgetting everything at a bound keeps unique values (ids, titles) from growing it.
_TAG_OF: dict[str, str] = {}
_SCALAR_OF: dict[tuple[str, str], Any] = {}
_REMEMBERED = 4096
_UNSEEN = object()


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(memo) >= _REMEMBERED:
        memo.clear()
    memo[key] = value
    return value


class _PlainLoader(CatalogueLoader):
    """CatalogueLoader whose tag resolution gives the same tags in fewer steps.

    libyaml's composer asks for the tag of every node it builds: PyYAML's `resolve` concatenates
    two lists, tries their patterns and checks for path resolvers each time (we have none). Here
    a plain scalar's tag is looked up where it was found before; otherwise the implicit
    resolvers are looked up in one table by the value's first character, as PyYAML looks them
    up. The composer also tells the resolver each step into and out of a node, for path
    resolvers only.
    """

    _by_first: ClassVar[dict[str, Resolvers]] = {}
    _wildcard: ClassVar[Resolvers] = []

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str | None:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _TAG_OF.get(value)
            return tag if tag is not None else _remember(_TAG_OF, value, self._implicit_tag(value))
        return _DEFAULT_TAGS.get(kind)

    def _implicit_tag(self, value: str) -> str:
        for tag, pattern in self._by_first.get(value[:1], self._wildcard):
            if pattern.match(value):
                return tag
        return _STR

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def _resolvers_by_first_character() -> dict[str, Resolvers]:
    """PyYAML's implicit resolvers per first character ('' for an empty value), wildcards added."""
    table: dict[str | None, Resolvers] = CatalogueLoader.yaml_implicit_resolvers
    wildcard = table.get(None, [])
    return {first: [*resolvers, *wildcard] for first, resolvers in table.items() if first is not None}


_PlainLoader._by_first = _resolvers_by_first_character()
_PlainLoader._wildcard = CatalogueLoader.yaml_implicit_resolvers.get(None, [])
assert not CatalogueLoader.yaml_path_resolvers, "_PlainLoader.resolve assumes no path resolvers"


class _NotPlain(Exception):
    """The file uses more of YAML than `_plain_data` builds: the careful way reads it."""


# Constructors of the scalars YAML resolves implicitly, as CatalogueLoader registers them.
_SCALARS = {
    tag: CatalogueLoader.yaml_constructors[tag]
    for tag in (f"tag:yaml.org,2002:{kind}" for kind in ("bool", "float", "int", "null", "timestamp"))
}


def _plain_data(loader: _PlainLoader, node: yaml.Node) -> Any:
    """The value PyYAML's constructor builds from `node`, for a tree of plain nodes.

    Mappings must have distinct text keys (a repeated or non-text key is left to the careful
    way, which names it); scalars are built by the loader's own constructors, once per value.
    """
    kind = node.__class__
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        tagged = (node.tag, node.value)
        known = _SCALAR_OF.get(tagged, _UNSEEN)
        return known if known is not _UNSEEN else _remember(_SCALAR_OF, tagged, _scalar(loader, node))
    if kind is yaml.MappingNode and node.tag == _MAP:
        mapping = {}
        for key, value in node.value:
            if key.__class__ is not yaml.ScalarNode or key.tag != _STR:
                raise _NotPlain(key.tag)
            # One object per field name: a worker's results pickle each name once per chunk.
            mapping[sys.intern(key.value)] = _plain_data(loader, value)
        if len(mapping) != len(node.value):
            raise _NotPlain("a repeated key")
        return mapping
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_plain_data(loader, item) for item in node.value]
    raise _NotPlain(node.tag)


def _scalar(loader: _PlainLoader, node: yaml.Node) -> Any:
    construct = _SCALARS.get(node.tag)
    if construct is None:
        raise _NotPlain(node.tag)
    return construct(loader, node)


def _plain_load(text: str) -> Any:
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _plain_data(loader, node)
    finally:
        loader.dispose()


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


@dataclass
class SourceFile:
    """One YAML file: its display path, its text and (lazily) its node tree."""

    path: Path
    display: str
    text: str
    _root: yaml.Node | None = field(default=None, repr=False)

    def parse(self) -> Any:
        """The file's data, exactly as PyYAML's safe loading with CatalogueLoader gives it.

        The plain way first: PyYAML's constructor (a Python generator per mapping and list, a
        duplicate check, a dispatch per node) cost more than libyaml's parse. Per generated
        training file, 2.08 million instructions the careful way, 1.20 million the plain way, 1.02
        million with tags and scalars remembered (callgrind, 300 files); libyaml's composer,
        which both share, is most of what is left.
        A file with an anchor ('&') may share one value in two places, which only the careful way
        keeps; any file the plain way cannot build is read again the careful way, which raises
        the syntax error, if any, with its line.
        """
        if "&" not in self.text:
            try:
                return _plain_load(self.text)
            except (yaml.YAMLError, _NotPlain, ValueError, TypeError, RecursionError):
                pass
        return self.parse_carefully()

    def parse_carefully(self) -> Any:
        """The file's data through PyYAML's own constructor."""
        try:
            return yaml.load(self.text, Loader=CatalogueLoader)  # noqa: S506 - a SafeLoader
        except DuplicateField as error:
            line = error.problem_mark.line + 1 if error.problem_mark else 1
            hint = "ta bort den ena raden eller slå ihop dem"
            raise YamlSyntaxError(line, str(error.problem), hint) from None
        except yaml.YAMLError as error:
            raise YamlSyntaxError(*explain(error, self.text)) from None

    def line_of(self, location: Sequence[str | int]) -> int:
        """The line of the value at `location` (keys and list indexes), or of its nearest parent.

        For a key that is there, the key's own line; for one that is missing, its mapping's line.
        """
        node = self._nodes()
        line = node.start_mark.line + 1 if node is not None else 1
        for step in location:
            child = _child(node, step)
            if child is None:
                break
            node, line = child
        return line

    def _nodes(self) -> yaml.Node | None:
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=CatalogueLoader)
        return self._root


def _child(node: yaml.Node | None, step: str | int) -> tuple[yaml.Node, int] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(step):
                return value, key.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item = node.value[step]
        return item, item.start_mark.line + 1
    return None
