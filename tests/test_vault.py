"""demo/storage/vault.py: keys sealed with AES-256-GCM under a data key kept in a 0600 file."""

from __future__ import annotations

import os
import re
import secrets
import stat
from pathlib import Path

import pytest

from demo.storage.vault import KEY_BYTES, NONCE_BYTES, Vault, VaultError

KEY = b"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ACCOUNT = "a1" * 16
OTHER = "b2" * 16
TAG_BYTES = 16


@pytest.fixture
def vault() -> Vault:
    return Vault(secrets.token_bytes(KEY_BYTES))


def naming(path: Path) -> str:
    """A ``match`` pattern for an error message that names ``path``."""
    return re.escape(str(path))


def test_a_sealed_key_unseals_to_the_same_bytes_and_is_not_readable(vault: Vault) -> None:
    """SECURITY.md "at rest": keys encrypted with AES-256-GCM; no raw key in what is stored."""
    sealed = vault.seal(KEY, account_id=ACCOUNT, version=1)
    assert KEY not in sealed
    assert len(sealed) == NONCE_BYTES + len(KEY) + TAG_BYTES
    assert vault.unseal(sealed, account_id=ACCOUNT, version=1) == KEY


def test_every_seal_uses_a_fresh_96_bit_nonce(vault: Vault) -> None:
    """SECURITY.md "at rest": fresh 96-bit nonce per write (NIST SP 800-38D 8.2.2)."""
    sealed = [vault.seal(KEY, account_id=ACCOUNT, version=1) for _ in range(20)]
    assert len({s[:NONCE_BYTES] for s in sealed}) == len(set(sealed)) == 20
    assert NONCE_BYTES == 12


@pytest.mark.parametrize(
    ("account_id", "version"), [(OTHER, 1), (ACCOUNT, 2), (ACCOUNT, 0), (OTHER, 2)]
)
def test_a_sealed_key_opens_only_for_its_own_account_and_key_version(
    vault: Vault, account_id: str, version: int
) -> None:
    """SECURITY.md "at rest": associated data = account id + key version."""
    sealed = vault.seal(KEY, account_id=ACCOUNT, version=1)
    with pytest.raises(ValueError, match="does not match its owner"):
        vault.unseal(sealed, account_id=account_id, version=version)


@pytest.mark.parametrize("position", [0, NONCE_BYTES - 1, NONCE_BYTES, NONCE_BYTES + 10, -1])
def test_a_changed_byte_anywhere_is_detected(vault: Vault, position: int) -> None:
    """SECURITY.md "at rest": AES-256-GCM authenticates nonce, ciphertext and tag."""
    sealed = bytearray(vault.seal(KEY, account_id=ACCOUNT, version=1))
    sealed[position] ^= 0x01
    with pytest.raises(ValueError):
        vault.unseal(bytes(sealed), account_id=ACCOUNT, version=1)


def test_another_data_key_cannot_open_a_sealed_key(vault: Vault) -> None:
    """SECURITY.md "at rest": without its data key no stored key can be read."""
    sealed = vault.seal(KEY, account_id=ACCOUNT, version=1)
    with pytest.raises(ValueError):
        Vault(secrets.token_bytes(KEY_BYTES)).unseal(sealed, account_id=ACCOUNT, version=1)


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_a_data_key_that_is_not_256_bits_is_refused(size: int) -> None:
    """SECURITY.md "at rest": AES-256 needs a 32-byte key."""
    with pytest.raises(VaultError, match=f"not {size}"):
        Vault(bytes(size))


def test_the_first_run_creates_a_0600_file_of_32_random_bytes(tmp_path: Path) -> None:
    """SECURITY.md "at rest": the data key file is created 0600 on first run."""
    path = tmp_path / "keys" / "data-key"
    Vault.open(path, create=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_bytes()) == KEY_BYTES
    other = tmp_path / "other-key"
    Vault.open(other, create=True)
    assert other.read_bytes() != path.read_bytes()


@pytest.mark.parametrize("create", [True, False])
def test_opening_again_keeps_the_key_and_opens_earlier_ciphertexts(
    tmp_path: Path, create: bool
) -> None:
    """SECURITY.md "at rest": a restart reads the same data key, never makes a new one."""
    path = tmp_path / "data-key"
    sealed = Vault.open(path, create=True).seal(KEY, account_id=ACCOUNT, version=1)
    data_key = path.read_bytes()
    assert Vault.open(path, create=create).unseal(sealed, account_id=ACCOUNT, version=1) == KEY
    assert path.read_bytes() == data_key


def test_a_missing_key_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    """SECURITY.md "at rest": the app refuses to start without its data key; it makes no new one."""
    path = tmp_path / "data-key"
    with pytest.raises(VaultError, match=naming(path)):
        Vault.open(path, create=False)
    assert not path.exists()


@pytest.mark.parametrize("create", [True, False])
def test_an_unreadable_key_file_is_an_error_naming_the_file(tmp_path: Path, create: bool) -> None:
    """SECURITY.md "at rest": the app refuses to start if the data key is unreadable."""
    path = tmp_path / "data-key"
    if os.geteuid() == 0:  # root reads a file whatever its mode; a directory cannot be read as one
        path.mkdir()
    else:
        path.write_bytes(secrets.token_bytes(KEY_BYTES))
        path.chmod(0)
    with pytest.raises(VaultError, match=naming(path) + ".*cannot be read"):
        Vault.open(path, create=create)


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_a_key_file_of_the_wrong_size_is_an_error_naming_file_and_size(
    tmp_path: Path, size: int
) -> None:
    """SECURITY.md "at rest": the data key is exactly 256 bits; a damaged file is not used."""
    path = tmp_path / "data-key"
    path.write_bytes(secrets.token_bytes(size))
    with pytest.raises(VaultError, match=naming(path) + f" holds {size} bytes"):
        Vault.open(path, create=True)
    assert len(path.read_bytes()) == size


def test_the_check_file_opens_with_the_right_key_and_refuses_another_of_the_same_length(tmp_path: Path) -> None:
    """SECURITY.md "at rest": a wrong data key is found at start, not at the first code check."""
    check = tmp_path / "key-check"
    right = Vault(secrets.token_bytes(KEY_BYTES))
    right.check(check)
    assert check.stat().st_mode & 0o777 == 0o600 and check.stat().st_size > NONCE_BYTES
    right.check(check)  # the same key again: no complaint
    before = check.read_bytes()
    with pytest.raises(VaultError, match="does not open the data"):
        Vault(secrets.token_bytes(KEY_BYTES)).check(check)
    assert check.read_bytes() == before
