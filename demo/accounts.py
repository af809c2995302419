"""Demo accounts: an email and a password, inside one visitor's sandbox."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

from demo.events import log_event
from demo.passwords import hash_password, verify_password
from demo.store import Store


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


def check_password(store: Store, *, sandbox_id: str, email: str, password: str) -> Account | None:
    """The account if the password matches; an unknown email costs the same and gives the same None."""
    with store.read() as db:
        row = db.execute(
            "SELECT * FROM accounts WHERE sandbox_id = ? AND email = ?", (sandbox_id, email)
        ).fetchone()
    if not verify_password(row["password_hash"] if row else None, password) or row is None:
        return None
    return _account(row)


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


def _account(row: sqlite3.Row) -> Account:
    return Account(
        id=row["id"], sandbox_id=row["sandbox_id"], email=row["email"],
        two_factor=row["sealed_key"] is not None, setup_required=bool(row["setup_required"]),
        locked=bool(row["locked"]),
    )
