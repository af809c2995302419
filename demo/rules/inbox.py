"""The sandbox's simulated mailbox: what a real service would email, shown in the demo.

A message is stored as a kind and a few parameters and worded when read, in the
reader's language. No email leaves the server.

The recipient's address is stored in the clear, as a mailer must hold it to send:
it is an account's sign-in address (kept in the clear in ``accounts.email``) or,
for support's replies, the registered email of the request, which staff match
against the accounts. Parameters are counts and ticket numbers, never identity
details (the rest of a support request is sealed in ``tickets.fields``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

WARNINGS = (
    "2fa_on", "2fa_off", "move_started", "new_phone", "phone_reported", "replay", "lockout", "recovery_code_used",
    "recovery_codes_renewed", "password_changed", "signed_out_everywhere", "password_failures", "password_locked",
)
"""Messages about the account's security: each says what happened and when, what to do if it
was not you, and how to reach support (NIST SP 800-63B-4 section 4.6)."""
KINDS = (*WARNINGS, "support_received", "selfie_requested", "selfie_received", "support_reset")


@dataclass(frozen=True)
class Message:
    id: int
    email: str
    kind: str
    params: dict[str, str | int]
    created_at: float


def send(
    db: sqlite3.Connection, *, sandbox_id: str, email: str, kind: str, now: float, **params: str | int
) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown message {kind!r}")
    db.execute(
        "INSERT INTO messages (sandbox_id, email, kind, params, created_at) VALUES (?, ?, ?, ?, ?)",
        (sandbox_id, email, kind, json.dumps(params), now),
    )


def list_messages(db: sqlite3.Connection, sandbox_id: str) -> list[Message]:
    """Newest first, as a mail client shows them."""
    rows = db.execute(
        "SELECT id, email, kind, params, created_at FROM messages WHERE sandbox_id = ? ORDER BY id DESC",
        (sandbox_id,),
    )
    return [Message(row[0], row[1], row[2], json.loads(row[3]), row[4]) for row in rows]
