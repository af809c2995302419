"""The secret keys the service issues, the shortest it accepts, and how a person sees one."""

from __future__ import annotations

import base64
import math
import secrets

KEY_BYTES = 20
"""160-bit keys: RFC 4226 section 4 (R6) recommends 160 bits and requires 128."""

KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
"""Base32 (RFC 4648 section 6), the alphabet of every key an authenticator app takes."""

KEY_GROUP = 4
"""Characters per group when a key is shown to a person."""

KEY_MIN_BITS = 128
"""The least a key typed by hand must carry (RFC 4226 section 4, R6)."""

KEY_MIN_LENGTH = math.ceil(KEY_MIN_BITS / 5)
"""26 Base32 characters: 26 * 5 = 130 bits, whereas 25 carry only 125."""


def key_from_bytes(raw: bytes) -> str:
    """``raw`` as a key is written: Base32 in upper case, without ``=`` padding."""
    return base64.b32encode(raw).decode("ascii").rstrip("=")


KEY_LENGTH = len(key_from_bytes(bytes(KEY_BYTES)))
"""Base32 characters a reader sees (32 for 20 bytes)."""


def new_secret() -> str:
    """Return a fresh key of ``KEY_BYTES`` random bytes."""
    return key_from_bytes(secrets.token_bytes(KEY_BYTES))


def format_key(secret: str) -> str:
    """Split a Base32 key into groups of four so a person can copy it by hand."""
    return " ".join(secret[i : i + KEY_GROUP] for i in range(0, len(secret), KEY_GROUP))
