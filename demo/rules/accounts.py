"""Demo accounts: an email and a password, inside one visitor's sandbox."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from demo.rules import inbox
from demo.rules.events import log_event
from demo.rules.passwords import hash_password
from demo.rules.sessions import end_account_sessions
from demo.storage.store import Store


class EmailTaken(ValueError):
    """The sandbox already has an account with this email."""


@dataclass(frozen=True)
class Account:
    id: str
    sandbox_id: str
    email: str
    two_factor: bool
    setup_required: bool
    locked: bool
    key_suspended: bool = False
    """The phone was reported lost or stolen: its codes are refused until 2FA moves or goes off."""


def create_account(store: Store, *, sandbox_id: str, email: str, password: str, now: float) -> Account:
    password_hash = hash_password(password)
    account_id = secrets.token_hex(16)
    try:
        with store.write() as db:
            db.execute(
                "INSERT INTO accounts (id, sandbox_id, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (account_id, sandbox_id, email, password_hash, now),
            )
    except sqlite3.IntegrityError:
        raise EmailTaken(email) from None
    log_event("account_created", now, account=account_id)
    return Account(account_id, sandbox_id, email, two_factor=False, setup_required=False, locked=False)


def change_password(store: Store, account_id: str, *, new: str, now: float, keep: str | None) -> None:
    """A new password (the route has checked the current one at the password gate). Every
    other session of the account ends, a signed-in stolen phone's included; ``keep`` is the
    token of the session making the change."""
    new_hash = hash_password(new)
    with store.write() as db:
        db.execute("UPDATE accounts SET password_hash = ? WHERE id = ?", (new_hash, account_id))
        end_account_sessions(db, account_id, keep=keep)
        _mail(db, account_id, "password_changed", now)
    log_event("password_changed", now, account=account_id)


def sign_out_everywhere(store: Store, account_id: str, now: float) -> int:
    """End every session of the account, this one included; returns how many ended."""
    with store.write() as db:
        ended = end_account_sessions(db, account_id)
        _mail(db, account_id, "signed_out_everywhere", now)
    log_event("signed_out_everywhere", now, account=account_id, count=ended)
    return ended


def find_account(store: Store, account_id: str) -> Account | None:
    with store.read() as db:
        row = db.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
    return _account(row) if row else None


def find_by_email(store: Store, *, sandbox_id: str, email: str) -> Account | None:
    with store.read() as db:
        row = db.execute(
            "SELECT * FROM accounts WHERE sandbox_id = ? AND email = ?", (sandbox_id, email)
        ).fetchone()
    return _account(row) if row else None


def list_accounts(store: Store, sandbox_id: str) -> list[Account]:
    with store.read() as db:
        rows = db.execute("SELECT * FROM accounts WHERE sandbox_id = ? ORDER BY created_at", (sandbox_id,))
        return [_account(row) for row in rows]


def _mail(db: sqlite3.Connection, account_id: str, kind: str, now: float) -> None:
    row = db.execute("SELECT sandbox_id, email FROM accounts WHERE id = ?", (account_id,)).fetchone()
    inbox.send(db, sandbox_id=row["sandbox_id"], email=row["email"], kind=kind, now=now)


def _account(row: sqlite3.Row) -> Account:
    return Account(
        id=row["id"], sandbox_id=row["sandbox_id"], email=row["email"],
        two_factor=row["sealed_key"] is not None, setup_required=bool(row["setup_required"]),
        locked=bool(row["locked"]), key_suspended=bool(row["key_suspended"]),
    )
