"""demo/web/flashes.py: what a refused form leaves for its page, sealed, and never a secret."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from demo.rules import sandboxes
from demo.storage.store import Store
from demo.storage.vault import Vault
from demo.web import flashes
from demo.web.flashes import Flash

NOW = 1_800_000_000.0


@pytest.fixture
def place(tmp_path: Path) -> tuple[Store, Vault, str]:
    store = Store(tmp_path / "demo.sqlite3")
    _, sandbox = sandboxes.new_sandbox(store, NOW)
    return store, Vault(secrets.token_bytes(32)), sandbox.id


def test_a_flash_comes_back_for_its_own_sandbox_until_it_is_stale(place: tuple[Store, Vault, str]) -> None:
    store, vault, sandbox_id = place
    flash = Flash("support", {"name": "山田 花子"}, {"phone": "error.phone.invalid"})
    flash_id = flashes.keep(store, vault, sandbox_id=sandbox_id, flash=flash, now=NOW)
    assert flashes.find(store, vault, sandbox_id=sandbox_id, flash_id=flash_id, now=NOW + 60) == flash
    assert flashes.find(store, vault, sandbox_id="another", flash_id=flash_id, now=NOW + 60) is None
    stale = NOW + flashes.LIFETIME_SECONDS + 1
    assert flashes.find(store, vault, sandbox_id=sandbox_id, flash_id=flash_id, now=stale) is None


@pytest.mark.parametrize("field", sorted(flashes.SECRET_FIELDS))
def test_a_flash_never_keeps_a_password_a_code_or_a_recovery_code(place: tuple[Store, Vault, str],
                                                                   field: str) -> None:
    """Issue 21: a secret written back into a page lives there for 30 minutes, even once used."""
    store, vault, sandbox_id = place
    with pytest.raises(ValueError, match=field):
        flashes.keep(store, vault, sandbox_id=sandbox_id, flash=Flash("form", {field: "123456"}), now=NOW)
