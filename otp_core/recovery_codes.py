"""Recovery codes: how many are issued, how long each is, and the symbols they use.

A recovery code is a look-up secret (NIST SP 800-63B-3 section 5.1.2.1: an approved
random bit generator, at least 20 bits); this project asks for 50 so that one code
outlasts years of throttled guessing.
"""

from __future__ import annotations

import math
import secrets

RECOVERY_CODE_COUNT = 10
"""Recovery codes issued at setup and at each renewal."""

RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
"""30 symbols without 0 O 1 I L U, so a code read aloud or copied from paper cannot be misread."""

RECOVERY_CODE_BITS = 50
RECOVERY_CODE_LENGTH = math.ceil(RECOVERY_CODE_BITS / math.log2(len(RECOVERY_ALPHABET)))
"""11 characters (about 54 bits); 10 would give only 49."""


def new_recovery_code() -> str:
    """Return a fresh recovery code of ``RECOVERY_CODE_LENGTH`` symbols from ``secrets``."""
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def format_recovery_code(code: str) -> str:
    """Split a recovery code into two halves with a hyphen, easier to copy by hand."""
    half = (len(code) + 1) // 2
    return f"{code[:half]}-{code[half:]}"
