"""Reading YAML files while keeping the line of every value, for error messages.

Files are parsed fast with libyaml; only a file that has a problem is parsed a second time
into nodes, so that each problem can point at its line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
