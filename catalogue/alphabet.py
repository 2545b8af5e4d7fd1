"""Swedish alphabetical order for what people read in lists: titles, labels, municipalities.

Python compares code points, which puts "BPSD-registret" before "Barn som anhöriga" and "Älvdalen"
before "Åre". Swedish puts case aside and ends its alphabet with å, ä, ö; é is an e, ü a y, and
æ and ø (in Danish and Norwegian names) sort as ä and ö.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

# Characters just after "z" in code point order, in the order Swedish gives the three letters.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "é": "e", "è": "e", "ü": "y"})


def swedish_order(text: str) -> str:
    """The key that sorts `text` as a Swedish dictionary would: sorted(names, key=swedish_order)."""
    return text.casefold().translate(_SWEDISH)


def alphabetical(choices: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Choices such as (id, label) rows, as tuples in Swedish order of their label (the second item)."""
    return sorted((tuple(choice) for choice in choices), key=lambda choice: swedish_order(choice[1]))
