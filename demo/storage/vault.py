"""Secret keys encrypted at rest with AES-256-GCM, under a data key kept outside the database.

SECURITY.md "at rest": a fresh 96-bit nonce for every write (NIST SP 800-38D 8.2.2
random construction), associated data binding the ciphertext to its account and
key version (a sealed key copied onto another account or enrolment fails to
open), and a data key file created 0600 on first run that the server refuses to
start without.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12
CHECK_PURPOSE = "key-check"


class VaultError(RuntimeError):
    """The data key cannot be used; the message says what to do."""


class Vault:
    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_BYTES:
            raise VaultError(f"the data key must be {KEY_BYTES} bytes, not {len(data_key)}")
        self._aead = AESGCM(data_key)

    @classmethod
    def open(cls, path: Path, *, create: bool) -> Vault:
        """The vault of the key in ``path``; a new key only when ``create`` (no data exists yet).

        Without its key, stored keys cannot be read, so a missing key file next to
        existing data is an error to report, never a reason to make a new key.
        """
        if create and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_private(path, secrets.token_bytes(KEY_BYTES))
        try:
            data_key = path.read_bytes()
        except FileNotFoundError:
            raise VaultError(
                f"data key file {path} is missing but the demo already has data; "
                "restore the file or remove the data folder to start afresh"
            ) from None
        except OSError as error:
            raise VaultError(f"data key file {path} cannot be read ({error.strerror})") from None
        if len(data_key) != KEY_BYTES:
            raise VaultError(f"data key file {path} holds {len(data_key)} bytes, not {KEY_BYTES}")
        return cls(data_key)

    def check(self, check_file: Path) -> None:
        """Prove this is the key the data folder was written with, before anything is written.

        The check file holds a value sealed under the data key when the folder was first
        used. A key of the right length but the wrong bytes fails to open it, and the
        server stops with a message instead of answering every code check with a 500.
        A folder without a check file (a new one, or one older than the check) gets one.
        """
        try:
            sealed = check_file.read_bytes()
        except FileNotFoundError:
            _write_private(check_file, self.seal_for(b"", purpose=CHECK_PURPOSE, owner="data folder"))
            return
        try:
            self.unseal_for(sealed, purpose=CHECK_PURPOSE, owner="data folder")
        except ValueError:
            raise VaultError(
                f"the data key file does not open the data in {check_file.parent} (it was written with "
                "another key); restore the key file that belongs to this folder, or remove the folder "
                "to start afresh"
            ) from None

    def seal(self, plaintext: bytes, *, account_id: str, version: int) -> bytes:
        """A TOTP key, bound to its account and key version."""
        return self.seal_for(plaintext, purpose="totp-key", owner=f"{account_id}\n{version}")

    def unseal(self, sealed: bytes, *, account_id: str, version: int) -> bytes:
        """The plaintext, or ValueError if the ciphertext was altered or belongs elsewhere."""
        return self.unseal_for(sealed, purpose="totp-key", owner=f"{account_id}\n{version}")

    def seal_for(self, plaintext: bytes, *, purpose: str, owner: str) -> bytes:
        """Any other secret at rest, bound to what it is for and whose it is (associated data)."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, f"{purpose}\n{owner}".encode())

    def unseal_for(self, sealed: bytes, *, purpose: str, owner: str) -> bytes:
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], f"{purpose}\n{owner}".encode())
        except InvalidTag:
            raise ValueError(f"sealed {purpose} does not match its owner") from None


def _write_private(path: Path, data: bytes) -> None:
    """A new file readable by this user only (0600 from the start, never another mode)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
