"""Server-side sessions (OWASP Session Management Cheat Sheet; SECURITY.md "Sessions, CSRF, headers").

The cookie holds 256 random bits; the database holds their SHA-256, so the file
alone does not let anyone in. A session ends after 30 idle minutes or 12 hours,
whichever comes first, and sign-in and every 2FA change start a new one.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from typing import Literal

from demo.sandboxes import token_hash
from demo.store import Store

IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60
SEEN_PRECISION = 60

Role = Literal["user", "staff"]
Stage = Literal["code", "full"]
Method = Literal["password", "code", "recovery"]
"""How a user session got past sign-in: a recovery-code session may move 2FA to a new phone,
but not turn it off (SECURITY.md "Recovery codes")."""


@dataclass(frozen=True)
class Session:
    token: str
    sandbox_id: str
    account_id: str | None
    role: Role
    stage: Stage
    method: Method = "password"


def new_session(
    store: Store, *, sandbox_id: str, account_id: str | None, role: Role, stage: Stage, now: float,
    replacing: str | None = None, method: Method = "password",
) -> Session:
    """A fresh token; ``replacing`` (the old token) ends in the same transaction."""
    token = secrets.token_urlsafe(32)
    with store.write() as db:
        if replacing:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(replacing),))
        db.execute(
            "INSERT INTO sessions (token_hash, sandbox_id, account_id, role, stage, method, created_at, "
            "seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (token_hash(token), sandbox_id, account_id, role, stage, method, now, now),
        )
    return Session(token, sandbox_id, account_id, role, stage, method)


def find_session(store: Store, token: str, *, role: Role, now: float) -> Session | None:
    key = token_hash(token)
    with store.read() as db:
        row = db.execute(
            "SELECT sandbox_id, account_id, role, stage, method, created_at, seen_at FROM sessions "
            "WHERE token_hash = ? AND role = ?",
            (key, role),
        ).fetchone()
    if row is None:
        return None
    if now - row["seen_at"] > IDLE_SECONDS or now - row["created_at"] > ABSOLUTE_SECONDS:
        end_session(store, token)
        return None
    if now - row["seen_at"] > SEEN_PRECISION:  # one write a minute, not one a request
        with store.write() as db:
            db.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now, key))
    return Session(token, row["sandbox_id"], row["account_id"], row["role"], row["stage"], row["method"])


def end_session(store: Store, token: str) -> None:
    with store.write() as db:
        db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))


def end_account_sessions(db: sqlite3.Connection, account_id: str) -> int:
    """End every session of an account, inside the caller's transaction (a factor changed, or the
    owner asked to be signed out everywhere). Returns how many ended."""
    return db.execute("DELETE FROM sessions WHERE account_id = ? AND role = 'user'", (account_id,)).rowcount
