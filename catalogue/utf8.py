"""Reading text that editors and HR systems saved, which should be UTF-8 and sometimes is not.

A file saved as Windows-1252 (Excel's and Notepad's old default in Sweden) is UTF-8 up to its
first å, ä or ö. Saying on which line that is, and which letter, lets an editor see what happened.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotUtf8(Exception):
    line: int  # of the first byte that is not UTF-8, counted from 1
    character: str  # that byte read as Windows-1252, the likeliest encoding it was saved in


def decode(data: bytes) -> str:
    """`data` as text (a byte-order mark, if any, kept); NotUtf8 saying where it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        character = data[error.start : error.start + 1].decode("cp1252", errors="replace")
        raise NotUtf8(data.count(b"\n", 0, error.start) + 1, character) from None
