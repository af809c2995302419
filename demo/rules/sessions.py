"""Server-side sessions (OWASP Session Management Cheat Sheet; SECURITY.md "Sessions, CSRF, headers").

The cookie holds 256 random bits; the database holds their SHA-256, so the file
alone does not let anyone in. A session ends after 30 idle minutes or 12 hours,
whichever comes first, and sign-in and every 2FA change start a new one.

Every session carries the account's credential version from when it was made.
A password or factor change, and signing out everywhere, bump the version and
end the other sessions in one transaction; a session is only ever made in a
transaction that checks the version, so a sign-in that checked the old password
just before a change cannot leave a session behind it (issue 21).
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from typing import Literal

from demo.rules.sandboxes import token_hash
from demo.storage.store import Store

IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60
SEEN_PRECISION = 60

Role = Literal["user", "staff"]
Stage = Literal["code", "full"]
Method = Literal["password", "code", "recovery"]
"""How a user session got past sign-in (the account page words its advice by it)."""


class SessionGone(Exception):
    """The session a change would replace has ended, or the account's password or factors
    changed after the caller checked them: no session is made."""


@dataclass(frozen=True)
class Session:
    token: str
    sandbox_id: str
    account_id: str | None
    role: Role
    stage: Stage
    method: Method = "password"
    password_at: float = 0.0
    """When this session (or the one it replaced) last proved the password: the step-up clock."""


def new_session(
    store: Store, *, sandbox_id: str, account_id: str | None, role: Role, stage: Stage, now: float,
    replacing: str | None = None, discard: str | None = None, method: Method = "password",
    version: int | None = None, password_at: float | None = None,
) -> Session:
    """A fresh token, in one transaction that checks it may exist.

    ``replacing`` is the token of the session this one follows (the next sign-in step, a
    factor change): it must still exist, it ends here, and its credential version, step-up
    time and pending setup carry over. ``discard`` is an old cookie's token, ended if it is
    still there. ``version`` is the account's credential version the caller saw when it
    checked the password; if it has moved since, the password or a factor changed meanwhile.
    Raises ``SessionGone`` in both cases.
    """
    token = secrets.token_urlsafe(32)
    with store.write() as db:
        if discard and discard != replacing:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(discard),))
        if replacing:
            old = db.execute("DELETE FROM sessions WHERE token_hash = ? RETURNING credential_version, password_at",
                             (token_hash(replacing),)).fetchone()
            if old is None:
                raise SessionGone
            version = old["credential_version"] if version is None else version
            password_at = old["password_at"] if password_at is None else password_at
            db.execute("UPDATE pending_setups SET session_hash = ? WHERE session_hash = ?",
                       (token_hash(token), token_hash(replacing)))
        if account_id is not None:
            current = db.execute("SELECT credential_version FROM accounts WHERE id = ?", (account_id,)).fetchone()
            if current is None or (version is not None and version != current[0]):
                raise SessionGone
            version = current[0]
        db.execute(
            "INSERT INTO sessions (token_hash, sandbox_id, account_id, role, stage, method, created_at, "
            "seen_at, credential_version, password_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (token_hash(token), sandbox_id, account_id, role, stage, method, now, now, version or 0,
             password_at or 0.0),
        )
    return Session(token, sandbox_id, account_id, role, stage, method, password_at or 0.0)


def find_session(store: Store, token: str, *, role: Role, now: float) -> Session | None:
    key = token_hash(token)
    with store.read() as db:
        row = db.execute(
            "SELECT s.sandbox_id, s.account_id, s.role, s.stage, s.method, s.created_at, s.seen_at, "
            "s.password_at, s.credential_version = coalesce(a.credential_version, s.credential_version) AS current "
            "FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.role = ?",
            (key, role),
        ).fetchone()
    if row is None:
        return None
    if not row["current"] or now - row["seen_at"] > IDLE_SECONDS or now - row["created_at"] > ABSOLUTE_SECONDS:
        end_session(store, token)
        return None
    if now - row["seen_at"] > SEEN_PRECISION:  # one write a minute, not one a request
        with store.write() as db:
            db.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now, key))
    return Session(token, row["sandbox_id"], row["account_id"], row["role"], row["stage"], row["method"],
                   row["password_at"])


def end_session(store: Store, token: str) -> None:
    with store.write() as db:
        db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))


def end_account_sessions(db: sqlite3.Connection, account_id: str, *, keep: str | None = None) -> int:
    """Inside the caller's transaction: bump the account's credential version and end every
    session of the account but ``keep`` (the token of the session making the change, which
    moves to the new version), with the setups those sessions had started. Returns how many ended."""
    version = db.execute(
        "UPDATE accounts SET credential_version = credential_version + 1 WHERE id = ? RETURNING credential_version",
        (account_id,),
    ).fetchone()
    kept = token_hash(keep) if keep else b""
    ended = db.execute("DELETE FROM sessions WHERE account_id = ? AND role = 'user' AND token_hash != ?",
                       (account_id, kept)).rowcount
    db.execute("DELETE FROM pending_setups WHERE account_id = ? AND session_hash IS NOT ?",
               (account_id, kept or None))
    if keep and version is not None:
        db.execute("UPDATE sessions SET credential_version = ? WHERE token_hash = ?", (version[0], kept))
    return ended


def mark_stepped_up(store: Store, token: str, now: float) -> None:
    """The session proved the password again (a step-up): its clock starts over."""
    with store.write() as db:
        db.execute("UPDATE sessions SET password_at = ?, step_up_failures = 0 WHERE token_hash = ?",
                   (now, token_hash(token)))


def count_step_up_failure(store: Store, token: str) -> int:
    """One more wrong password at this session's step-up; how many so far (0 if it has ended)."""
    with store.write() as db:
        row = db.execute("UPDATE sessions SET step_up_failures = step_up_failures + 1 WHERE token_hash = ? "
                         "RETURNING step_up_failures", (token_hash(token),)).fetchone()
    return int(row[0]) if row else 0
