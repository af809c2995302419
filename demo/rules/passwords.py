"""Password and recovery-code hashing with argon2id.

Passwords use the OWASP Password Storage Cheat Sheet's argon2id minimum (19 MiB,
2 passes, 1 lane). Recovery codes carry at least 50 random bits, under the 112
for which NIST SP 800-63B section 5.1.2.2 would accept a plain hash, so they are
salted and hashed with a key derivation function too, a much lighter one:
guessing 2^50 codes at even 4 ms each takes longer than the sandbox lives many
times over. The ten codes of one set share a salt, so checking a typed code
against all of them costs one hash, not ten (SECURITY.md "Cheap checks first").
"""

from __future__ import annotations

import base64
import functools
import hmac
import secrets
import threading
import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from content import limits

PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, type=Type.ID)
CODE_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID)

HASHING = threading.BoundedSemaphore(limits.usable_cores())
"""At most one argon2 computation per core: 40 server threads each holding 19 MiB grew the
server to 470 MiB under load (BENCHMARKS.md); beyond one per core they only queue anyway."""

MIN_PASSWORD = limits.MIN_PASSWORD
MAX_PASSWORD = limits.MAX_PASSWORD


def normalise_password(text: str) -> str:
    """NFKC, as NIST SP 800-63B section 5.1.1.2 advises, so a full-width password still matches."""
    return unicodedata.normalize("NFKC", text[: MAX_PASSWORD * 4])


def hash_password(password: str) -> str:
    with HASHING:
        return PASSWORD_HASHER.hash(normalise_password(password))


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches; ``stored=None`` (no such account) costs the same and fails."""
    try:
        with HASHING:
            return PASSWORD_HASHER.verify(stored or _dummy_hash(), normalise_password(password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def new_code_salt() -> bytes:
    """The salt one set of recovery codes shares (128 bits, argon2's recommended length)."""
    return secrets.token_bytes(16)


def hash_code(code: str, salt: bytes) -> str:
    """The code's argon2id hash in PHC form; the same code and salt give the same text."""
    with HASHING:
        return CODE_HASHER.hash(code, salt=salt)


def code_salt(stored: str) -> bytes | None:
    """The salt inside a stored hash (``$argon2id$v=19$m=...$SALT$HASH``), or None if malformed."""
    parts = stored.split("$")
    if len(parts) != 6:
        return None
    try:
        return base64.b64decode(parts[4] + "=" * (-len(parts[4]) % 4), validate=True)
    except ValueError:
        return None


def same_hash(stored: str, computed: str) -> bool:
    return hmac.compare_digest(stored.encode(), computed.encode())


@functools.cache
def _dummy_hash() -> str:
    return PASSWORD_HASHER.hash(secrets.token_urlsafe(16))
