"""Swedish alphabetical order for what people read in lists: titles, labels, places and names.

Python compares code points, which puts "BPSD-registret" before "Barn som anhöriga" and "Älvdalen"
before "Åre". Swedish puts case aside and ends its alphabet with å, ä, ö; an accented letter sorts
as the letter it carries (é as e, ç as c, ł as l, ș as s), ü as y, and æ and ø (in Danish and
Norwegian names) as ä and ö. That holds for the Latin letters up to U+024F; other scripts keep
their code point order.

The key is one character for each character, so the progress service's databases can make the
same key (`LETTERS`, migration 0009): its people lists and reports are in the same order as the
catalogue's lists, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

# Characters just after "z" in code point order, in the order Swedish gives the three letters.
_OWN_PLACE = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"}
# Letters of Latin alphabets that carry no accent Unicode can take off, but sort as these.
_BASE_LETTER = {"đ": "d", "ð": "d", "ł": "l", "ı": "i", "ŀ": "l", "ħ": "h", "ŧ": "t", "ŋ": "n"}
# The Latin letters of European names: Latin-1 and Latin Extended-A and -B (ß and œ stay as they are).
_LATIN = range(0xC0, 0x250)


def _key_of(letter: str) -> str | None:
    """The key character of a letter that sorts as another one, or None."""
    small = letter.lower() if len(letter.lower()) == 1 else letter
    if small in _OWN_PLACE or small in _BASE_LETTER:
        return _OWN_PLACE.get(small) or _BASE_LETTER[small]
    base = unicodedata.normalize("NFD", small)[0].lower()
    return base if base != small and base in string.ascii_lowercase else None


# Each non-ASCII letter that sorts as another, with the character that stands for it in the key.
LETTERS: dict[str, str] = {
    letter: key for letter in map(chr, _LATIN) if letter.isalpha() and (key := _key_of(letter)) is not None
}
# ASCII capitals as small letters (as SQL's lower() makes them in both databases), then LETTERS.
_KEY = str.maketrans({**dict(zip(string.ascii_uppercase, string.ascii_lowercase, strict=True)), **LETTERS})


def swedish_order(text: str) -> str:
    """The key that sorts `text` as a Swedish dictionary would: sorted(names, key=swedish_order)."""
    return text.translate(_KEY)


def alphabetic_key(text: str) -> tuple[str, str]:
    """swedish_order, and the text itself for texts with the same key ("Eva", "eva", "Éva"): the
    order the progress service's SQL gives names (sql_text.alphabetically), so both agree."""
    return swedish_order(text), text


def alphabetical(choices: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Choices such as (id, label) rows, as tuples in Swedish order of their label (the second item)."""
    return sorted((tuple(choice) for choice in choices), key=lambda choice: alphabetic_key(choice[1]))
