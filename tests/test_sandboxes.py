"""demo/sandboxes.py: a visitor's sandbox opens with its token and is gone, with all it holds, after a day.

SECURITY.md "Support requests and the ID selfie": everything a visitor creates in
the demo (accounts, tickets, uploads, sessions) expires after 24 hours and is purged.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

import pytest
from PIL import Image

from demo import support
from demo.accounts import create_account
from demo.sandboxes import LIFETIME_SECONDS, Sandbox, find_sandbox, new_sandbox, purge_expired
from demo.selfies import PhotoStore, clean_photo
from demo.sessions import new_session
from demo.store import Store

NOW = 1_800_000_000.0
HOUR = 3600.0
PER_SANDBOX_TABLES = ("accounts", "sessions", "tickets", "messages")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "demo.sqlite3")


@pytest.fixture
def photos(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path / "selfies")


def photo_bytes(colour: tuple[int, int, int]) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(output, "PNG")
    return output.getvalue()


def fill(
    store: Store, photos: PhotoStore, sandbox: Sandbox, *, colour: tuple[int, int, int], now: float
) -> str:
    """An account with a session and recovery codes, and a ticket with its selfie: what a visit leaves."""
    email = f"{secrets.token_hex(4)}@example.jp"
    account = create_account(
        store, sandbox_id=sandbox.id, email=email, password="password-1", now=now
    )
    new_session(
        store, sandbox_id=sandbox.id, account_id=account.id, role="user", stage="full", now=now
    )
    new_session(store, sandbox_id=sandbox.id, account_id=None, role="staff", stage="full", now=now)
    with store.write() as db:
        db.executemany(
            "INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)",
            [(account.id, f"hash-{index}") for index in range(10)],
        )
    values = {
        "name": "山田 太郎",
        "address": "東京都千代田区1-1",
        "birth_date": "1990-04-01",
        "phone": "+819012345678",
        "phone_changed": "no",
        "email": email,
        "details": "",
    }
    number = support.submit(store, sandbox_id=sandbox.id, values=values, now=now)
    support.add_selfie(
        store,
        photos,
        sandbox_id=sandbox.id,
        number=number,
        photo=clean_photo(photo_bytes(colour)),
        now=now,
    )
    return account.id


def rows_of(store: Store, sandbox_id: str) -> dict[str, int]:
    with store.read() as db:
        counts = {
            table: db.execute(
                f"SELECT count(*) FROM {table} WHERE sandbox_id = ?", (sandbox_id,)
            ).fetchone()[0]
            for table in PER_SANDBOX_TABLES
        }
        counts["recovery_codes"] = db.execute(
            "SELECT count(*) FROM recovery_codes JOIN accounts ON accounts.id = recovery_codes.account_id "
            "WHERE accounts.sandbox_id = ?",
            (sandbox_id,),
        ).fetchone()[0]
        counts["selfies"] = db.execute(
            "SELECT count(*) FROM selfies JOIN tickets ON tickets.number = selfies.ticket_number "
            "WHERE tickets.sandbox_id = ?",
            (sandbox_id,),
        ).fetchone()[0]
    return counts


def table_size(store: Store, table: str) -> int:
    with store.read() as db:
        count: int = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return count


def stored_photos(photos: PhotoStore) -> set[str]:
    return {path.name for path in photos.root.iterdir()}


def test_sandbox_opens_with_its_token(store: Store) -> None:
    """SECURITY.md "Support requests and the ID selfie": the visitor's cookie finds their own sandbox."""
    token, sandbox = new_sandbox(store, NOW)
    _, other = new_sandbox(store, NOW)
    assert find_sandbox(store, token, NOW + HOUR) == sandbox
    assert sandbox.id != other.id and sandbox.csrf != other.csrf
    assert find_sandbox(store, secrets.token_urlsafe(32), NOW) is None


def test_sandbox_is_closed_after_24_hours(store: Store) -> None:
    """SECURITY.md "Support requests and the ID selfie": everything expires after 24 hours."""
    token, sandbox = new_sandbox(store, NOW)
    assert find_sandbox(store, token, NOW + LIFETIME_SECONDS - 1) == sandbox
    assert find_sandbox(store, token, NOW + LIFETIME_SECONDS) is None
    assert find_sandbox(store, token, NOW + 2 * LIFETIME_SECONDS) is None


def test_purge_deletes_old_sandboxes_with_everything_they_hold(
    store: Store, photos: PhotoStore
) -> None:
    """SECURITY.md "Support requests and the ID selfie": accounts, tickets, uploads, sessions are purged."""
    token, old = new_sandbox(store, NOW)
    fill(store, photos, old, colour=(200, 0, 0), now=NOW + 60)
    old_files = stored_photos(photos)
    assert len(old_files) == 1
    assert all(count > 0 for count in rows_of(store, old.id).values())

    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS) == 1

    assert find_sandbox(store, token, NOW + LIFETIME_SECONDS) is None
    assert rows_of(store, old.id) == dict.fromkeys(
        [*PER_SANDBOX_TABLES, "recovery_codes", "selfies"], 0
    )
    for table in ("sandboxes", *PER_SANDBOX_TABLES, "recovery_codes", "selfies", "pending_setups"):
        assert table_size(store, table) == 0, table
    assert stored_photos(photos) == set()


def test_purge_keeps_younger_sandboxes_intact(store: Store, photos: PhotoStore) -> None:
    """SECURITY.md "Support requests and the ID selfie": only what is over 24 hours old goes."""
    _, old = new_sandbox(store, NOW)
    fill(store, photos, old, colour=(200, 0, 0), now=NOW)
    young_token, young = new_sandbox(store, NOW + 2 * HOUR)
    fill(store, photos, young, colour=(0, 200, 0), now=NOW + 2 * HOUR)
    young_rows = rows_of(store, young.id)
    with store.read() as db:
        young_file = db.execute(
            "SELECT file_name FROM selfies JOIN tickets ON tickets.number = selfies.ticket_number "
            "WHERE tickets.sandbox_id = ?",
            (young.id,),
        ).fetchone()[0]

    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS + HOUR) == 1

    assert find_sandbox(store, young_token, NOW + LIFETIME_SECONDS + HOUR) == young
    assert rows_of(store, young.id) == young_rows
    assert stored_photos(photos) == {young_file}
    assert (photos.root / young_file).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_purge_returns_how_many_sandboxes_it_deleted(store: Store, photos: PhotoStore) -> None:
    """SECURITY.md "Support requests and the ID selfie": the purge reports what it removed."""
    for hours in (0, 1, 2):
        new_sandbox(store, NOW + hours * HOUR)
    new_sandbox(store, NOW + 10 * HOUR)
    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS + 2 * HOUR) == 3
    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS + 2 * HOUR) == 0
    assert table_size(store, "sandboxes") == 1
