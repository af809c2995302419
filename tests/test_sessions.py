"""demo/rules/sessions.py: how long a sign-in lasts, what the database keeps of it, how it ends.

SECURITY.md "Sessions, CSRF, headers" and the OWASP Session Management Cheat Sheet
("Session ID Entropy", "Session Expiration", "Renew the Session ID After Any
Privilege Level Change").
"""

from __future__ import annotations

import base64
import hashlib
import secrets

import pytest

from demo.rules.sandboxes import new_sandbox
from demo.rules.sessions import (
    ABSOLUTE_SECONDS,
    IDLE_SECONDS,
    Session,
    end_session,
    find_session,
    new_session,
)
from demo.storage.store import Store

NOW = 1_800_000_000.0
MINUTE = 60.0


@pytest.fixture
def sandbox_id(store: Store) -> str:
    return new_sandbox(store, NOW)[1].id


def user_session(
    store: Store, sandbox_id: str, *, now: float = NOW, account_id: str | None = None
) -> Session:
    return new_session(
        store, sandbox_id=sandbox_id, account_id=account_id, role="user", stage="full", now=now
    )


def session_count(store: Store) -> int:
    with store.read() as db:
        count: int = db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    return count


def every_stored_value(store: Store) -> list[object]:
    with store.read() as db:
        tables = [
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return [
            value
            for table in tables
            for row in db.execute(f'SELECT * FROM "{table}"')
            for value in row
        ]


def test_token_carries_256_random_bits(store: Store, sandbox_id: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers": a 256-bit random token.

    OWASP Session Management Cheat Sheet, "Session ID Entropy": at least 64 bits.
    """
    tokens = {user_session(store, sandbox_id).token for _ in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        assert len(token) == 43
        assert len(base64.urlsafe_b64decode(token + "=")) * 8 >= 256


def test_database_keeps_only_the_sha256_of_the_token(store: Store, sandbox_id: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers" and "Logging" (hash session tokens).

    Whoever reads the database file cannot sign in with what it holds.
    """
    token = user_session(store, sandbox_id).token
    with store.read() as db:
        stored = [row[0] for row in db.execute("SELECT token_hash FROM sessions")]
    assert stored == [hashlib.sha256(token.encode()).digest()]
    for value in every_stored_value(store):
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        assert token not in text
    for file in store.path.parent.glob("demo.sqlite3*"):
        assert token.encode() not in file.read_bytes()


def test_session_is_found_with_its_own_role_only(store: Store, sandbox_id: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers": a user's session never opens the staff desk.

    OWASP Session Management Cheat Sheet: a session carries its privilege level.
    """
    user = user_session(store, sandbox_id)
    staff = new_session(
        store, sandbox_id=sandbox_id, account_id=None, role="staff", stage="full", now=NOW
    )
    assert find_session(store, user.token, role="user", now=NOW + MINUTE) == user
    assert find_session(store, user.token, role="staff", now=NOW + MINUTE) is None
    assert find_session(store, staff.token, role="staff", now=NOW + MINUTE) == staff
    assert find_session(store, staff.token, role="user", now=NOW + MINUTE) is None


def test_unknown_token_finds_nothing(store: Store, sandbox_id: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers": only a token the server issued opens a session."""
    user_session(store, sandbox_id)
    assert find_session(store, secrets.token_urlsafe(32), role="user", now=NOW) is None


def test_session_idle_over_30_minutes_ends_and_its_row_is_deleted(
    store: Store, sandbox_id: str
) -> None:
    """SECURITY.md "Sessions, CSRF, headers": idle 30 min (OWASP "Idle Timeout")."""
    token = user_session(store, sandbox_id).token
    assert find_session(store, token, role="user", now=NOW + IDLE_SECONDS) is not None
    assert find_session(store, token, role="user", now=NOW + 2 * IDLE_SECONDS + 1) is None
    assert session_count(store) == 0
    assert find_session(store, token, role="user", now=NOW + 2 * IDLE_SECONDS + 2) is None


def test_use_within_30_minutes_keeps_the_session_alive(store: Store, sandbox_id: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers": idle time counts from the last use."""
    token = user_session(store, sandbox_id).token
    for minutes in (20, 40, 60, 80):
        assert find_session(store, token, role="user", now=NOW + minutes * MINUTE) is not None


def test_session_ends_after_12_hours_even_when_used_every_10_minutes(
    store: Store, sandbox_id: str
) -> None:
    """SECURITY.md "Sessions, CSRF, headers": absolute 12 h (OWASP "Absolute Timeout")."""
    assert ABSOLUTE_SECONDS == 12 * 60 * MINUTE
    token = user_session(store, sandbox_id).token
    now = NOW
    while now + 10 * MINUTE <= NOW + ABSOLUTE_SECONDS:
        now += 10 * MINUTE
        assert find_session(store, token, role="user", now=now) is not None, now - NOW
    assert find_session(store, token, role="user", now=now + 10 * MINUTE) is None
    assert session_count(store) == 0


def test_replacing_ends_the_old_token_as_the_new_one_starts(store: Store, sandbox_id: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers": a new token at login and at every 2FA change.

    OWASP Session Management Cheat Sheet, "Renew the Session ID After Any Privilege Level Change".
    """
    old = new_session(
        store, sandbox_id=sandbox_id, account_id=None, role="user", stage="code", now=NOW
    )
    new = new_session(
        store,
        sandbox_id=sandbox_id,
        account_id=None,
        role="user",
        stage="full",
        now=NOW + 5,
        replacing=old.token,
    )
    assert new.token != old.token
    assert find_session(store, old.token, role="user", now=NOW + 10) is None
    assert find_session(store, new.token, role="user", now=NOW + 10) == new
    assert session_count(store) == 1


def test_end_session_deletes_the_server_row(store: Store, sandbox_id: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers": logout deletes the server row."""
    ending = user_session(store, sandbox_id)
    other = user_session(store, sandbox_id)
    end_session(store, ending.token)
    assert find_session(store, ending.token, role="user", now=NOW + 1) is None
    assert find_session(store, other.token, role="user", now=NOW + 1) == other
    assert session_count(store) == 1
