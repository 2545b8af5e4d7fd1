"""Statements written in SQLite's words (`?` placeholders, LIKE), said in PostgreSQL's.

Only text outside quoted strings changes: a `?` or a `%` inside '…' is data. LIKE becomes ILIKE,
since SQLite's LIKE ignores the case of ASCII letters, as ILIKE does in a database with C
character classes. The placeholders become psycopg's `%s` (`translate`, with a literal `%`
doubled) or libpq's `$1, $2, …` (`numbered`, for statements sent straight through libpq).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

QUOTED = re.compile(r"('(?:[^']|'')*')")
LIKE = re.compile(r"\bLIKE\b", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\?")


@functools.lru_cache(maxsize=4096)
def translate(sql: str, placeholders: bool = True) -> str:
    """For psycopg; `placeholders=False` for a statement sent without parameters (its `%` stays)."""
    if not placeholders:
        return _outside_quotes(sql, _ilike)
    return _outside_quotes(sql, lambda part: _ilike(part).replace("%", "%%").replace("?", "%s"))


@functools.lru_cache(maxsize=256)
def numbered(sql: str) -> bytes:
    """For libpq: the placeholders numbered in order."""
    numbers = itertools.count(1)
    return _outside_quotes(
        sql, lambda part: PLACEHOLDER.sub(lambda _: f"${next(numbers)}", _ilike(part))
    ).encode()


def _ilike(part: str) -> str:
    return LIKE.sub("ILIKE", part)


def _outside_quotes(sql: str, change: Callable[[str], str]) -> str:
    parts = QUOTED.split(sql)
    for index in range(0, len(parts), 2):
        parts[index] = change(parts[index])
    return "".join(parts)


def alphabetically(*columns: str) -> str:
    """An ORDER BY list putting names in Swedish alphabetical order on both stores: each column by
    its key (swedish_order, migration 0009), and names with the same key by their bytes."""
    return ", ".join(f"swedish_order({column}), {column}" for column in columns)
