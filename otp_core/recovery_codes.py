"""Recovery codes: how many are issued, how long each is, and the symbols they use.

A recovery code is a saved look-up secret (NIST SP 800-63B-4 section 4.2.1.1: at
least 64 bits from an approved random bit generator, stored hashed, throttled,
and replaced by a new one once used). The codes are read from paper and typed by
hand, so they use an alphabet without look-alikes and come in groups of five.
"""

from __future__ import annotations

import math
import secrets

RECOVERY_CODE_COUNT = 10
"""Recovery codes issued at setup and at each renewal."""

RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
"""30 symbols without 0 O 1 I L U, so a code read aloud or copied from paper cannot be misread."""

RECOVERY_CODE_BITS = 64
"""NIST SP 800-63B-4 section 4.2.1.1: at least 64 bits of entropy."""

RECOVERY_GROUP = 5
"""Symbols between two hyphens: short enough to read aloud and keep in mind while typing."""

RECOVERY_CODE_LENGTH = RECOVERY_GROUP * math.ceil(
    math.ceil(RECOVERY_CODE_BITS / math.log2(len(RECOVERY_ALPHABET))) / RECOVERY_GROUP)
"""15 symbols in three groups (about 73 bits): 14 is the least that carries 64, and a whole last
group is easier to read than a short one."""


def new_recovery_code() -> str:
    """Return a fresh recovery code of ``RECOVERY_CODE_LENGTH`` symbols from ``secrets``."""
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def format_recovery_code(code: str) -> str:
    """The code in groups of ``RECOVERY_GROUP`` joined by hyphens, as it is shown and printed."""
    return "-".join(code[start:start + RECOVERY_GROUP] for start in range(0, len(code), RECOVERY_GROUP))


EXAMPLE = format_recovery_code("".join(RECOVERY_ALPHABET[(10 + 7 * n) % len(RECOVERY_ALPHABET)]
                                       for n in range(RECOVERY_CODE_LENGTH)))
"""A made-up code of the right shape, for hints and error messages."""
