"""A visitor's sandbox: their demo accounts, mailbox, tickets and support desk, for 24 hours.

The sandbox is held by a random token in a cookie (stored hashed, like a session)
and carries the CSRF token of its forms. Everything in it is purged after a day
(SECURITY.md "Support requests and the ID selfie").
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from content import limits
from demo.rules.events import log_event
from demo.storage.photo_store import PhotoStore
from demo.storage.store import Store

LIFETIME_SECONDS = limits.SANDBOX_SECONDS


@dataclass(frozen=True)
class Sandbox:
    id: str
    csrf: str
    created_at: float


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def new_sandbox(store: Store, now: float) -> tuple[str, Sandbox]:
    """A new sandbox and the cookie token that opens it."""
    token = secrets.token_urlsafe(32)
    sandbox = Sandbox(id=secrets.token_hex(16), csrf=secrets.token_urlsafe(32), created_at=now)
    with store.write() as db:
        db.execute(
            "INSERT INTO sandboxes (id, token_hash, csrf, created_at) VALUES (?, ?, ?, ?)",
            (sandbox.id, token_hash(token), sandbox.csrf, now),
        )
    return token, sandbox


def renew_token(store: Store, sandbox_id: str) -> str:
    """A new cookie token for the sandbox; the old one opens nothing from now on.

    Called when a visitor's identity details go into the sandbox (a support request):
    a token planted in their browser by someone else (cookies ignore ports, so any page
    on the same host can set one) stops working at that moment, and the details stay
    with this browser alone (SECURITY.md "Sandboxes stay with their visitor").
    """
    token = secrets.token_urlsafe(32)
    with store.write() as db:
        db.execute("UPDATE sandboxes SET token_hash = ? WHERE id = ?", (token_hash(token), sandbox_id))
    return token


def find_sandbox(store: Store, token: str, now: float) -> Sandbox | None:
    with store.read() as db:
        row = db.execute(
            "SELECT id, csrf, created_at FROM sandboxes WHERE token_hash = ?", (token_hash(token),)
        ).fetchone()
    if row is None or now - row["created_at"] >= LIFETIME_SECONDS:
        return None
    return Sandbox(row["id"], row["csrf"], row["created_at"])


def purge_expired(store: Store, photos: PhotoStore, now: float) -> int:
    """Delete every sandbox older than a day with all it holds; the number deleted."""
    with store.write() as db:
        old = [row[0] for row in db.execute(
            "SELECT id FROM sandboxes WHERE created_at <= ?", (now - LIFETIME_SECONDS,)
        )]
        files = [row[0] for row in db.execute(
            "SELECT file_name FROM selfies JOIN tickets ON tickets.number = selfies.ticket_number "
            "JOIN sandboxes ON sandboxes.id = tickets.sandbox_id WHERE sandboxes.created_at <= ?",
            (now - LIFETIME_SECONDS,),
        )]
        db.executemany("DELETE FROM sandboxes WHERE id = ?", [(sandbox_id,) for sandbox_id in old])
    for name in files:
        photos.delete(name)
    with store.read() as db:
        named = {row[0] for row in db.execute("SELECT file_name FROM selfies")}
    photos.delete_unnamed(keep=named, older_than=now - LIFETIME_SECONDS)
    if old:
        log_event("purge", now, count=len(old))
    return len(old)
