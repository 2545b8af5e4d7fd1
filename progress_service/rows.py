"""Rows from PostgreSQL shaped like sqlite3.Row, so a job reads a row the same way from either
store: by index and by column name."""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=512)
def row_class(names: tuple[str, ...]) -> type[tuple[Any, ...]]:
    """A tuple that also answers by column name, like sqlite3.Row (the first column of a name wins)."""
    index: dict[str, int] = {}
    for number, name in enumerate(names):
        index.setdefault(name, number)

    class Row(tuple[Any, ...]):
        __slots__ = ()

        def __getitem__(self, key: Any) -> Any:
            if isinstance(key, str):
                return tuple.__getitem__(self, index[key])
            return tuple.__getitem__(self, key)

        def keys(self) -> list[str]:
            return list(names)

    return Row
