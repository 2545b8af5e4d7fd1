"""Personal codes and session tokens: how they are made, typed and stored.

A personal code is 11 characters from a 31-letter alphabet without 0/O, 1/I/l (54 bits of
entropy), printed in groups as ABCD-EFGH-JKM so it is easy to type from a paper slip.

Codes and session tokens are stored only as HMAC-SHA256 under the server's secret key. A slow
password hash (argon2) protects low-entropy human passwords against guessing; these secrets are
random with >= 54 bits, so guessing is hopeless without the key anyway, and a keyed hash can be
looked up by an index — a salted slow hash would force checking every row at sign-in.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 11
GROUPS = (4, 4, 3)
PREFIX_LENGTH = 4


def new_code() -> str:
    """A fresh random code, grouped for printing."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return group(raw)


def group(raw: str) -> str:
    parts, start = [], 0
    for size in GROUPS:
        parts.append(raw[start : start + size])
        start += size
    return "-".join(parts)


def normalise(typed: str) -> str | None:
    """The code as stored from what a person typed (any case, spaces, dashes); None if impossible."""
    raw = "".join(c for c in typed.upper() if c not in " -\t")
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return raw


def keyed_hash(secret_key: bytes, value: str) -> str:
    """HMAC-SHA256 of `value`, from a copy of the state keyed once: every signed-in request hashes its
    session token, and `hmac.digest(key, value, "sha256")` spends most of its ~10 µs keying again."""
    hashed = _keyed(secret_key).copy()
    hashed.update(value.encode())
    return hashed.hexdigest()


@functools.lru_cache(maxsize=4)
def _keyed(secret_key: bytes) -> hmac.HMAC:
    return hmac.new(secret_key, digestmod=hashlib.sha256)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)
