"""Time-based one-time passwords (RFC 6238) as the service issues them.

Pure functions: time is an argument and randomness comes from ``secrets``, so the
help center's build hooks and the demo backend show and accept exactly the same
keys and codes.
"""

from __future__ import annotations

import base64
import secrets

KEY_BYTES = 20
"""160-bit keys: RFC 4226 section 4 (R6) recommends 160 bits and requires 128."""

KEY_LENGTH = len(base64.b32encode(bytes(KEY_BYTES)))
"""Base32 characters a reader sees (32 for 20 bytes, no padding)."""

KEY_GROUP = 4
"""Characters per group when a key is shown to a person."""

DIGITS = 6
STEP_SECONDS = 30
"""RFC 6238 section 4.1: X, the time step, 30 seconds by default."""

WINDOW_STEPS = 1
"""Steps accepted either side of the server's current one (T-1, T, T+1)."""

WINDOW_SECONDS = (2 * WINDOW_STEPS + 1) * STEP_SECONDS


def new_secret() -> str:
    """Return a fresh Base32 key of ``KEY_BYTES`` random bytes, without padding."""
    return base64.b32encode(secrets.token_bytes(KEY_BYTES)).decode("ascii").rstrip("=")


def format_key(secret: str) -> str:
    """Split a Base32 key into groups of four so a person can copy it by hand."""
    return " ".join(secret[i : i + KEY_GROUP] for i in range(0, len(secret), KEY_GROUP))
