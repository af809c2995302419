"""The one gate every password passes: sign-in, each step-up, and reporting a lost phone.

NIST SP 800-63B-4 section 3.2.2 (rate limiting): one failure counter per account,
shared by every place a password is checked, whatever the session or address.
The design is the code gate's (``demo.gate``): after the n-th wrong password in a
row the next one is looked at only after 2^(n-1) seconds, at most
``PASSWORD_WAIT_MAX``; a try during the wait is refused unread, is not counted
and does not lengthen the wait. From the ``LOCK_AFTER``-th failure on, each try
waits a day. The owner is mailed after a few failures and again at the cap; the
right password clears the count.

The argon2 hash is computed outside the write lock; the count is decided inside
it, after looking at the wait again, so a crowd of wrong passwords sent at once
is counted once per wait.
"""

from __future__ import annotations

import enum
import math
import sqlite3
from dataclasses import dataclass
from typing import Literal

from demo import inbox, limits
from demo.events import log_event
from demo.passwords import verify_password
from demo.store import Store

Purpose = Literal["sign_in", "step_up", "report"]
EVENTS: dict[Purpose, str] = {"sign_in": "login_failed", "step_up": "step_up_failed", "report": "report_failed"}


class PasswordVerdict(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    WAIT = "wait"


@dataclass(frozen=True)
class PasswordOutcome:
    verdict: PasswordVerdict
    account_id: str | None = None
    version: int = 0
    """The account's credential version when the password was read: a session made from this
    check must still find it (``sessions.new_session``)."""
    wait_seconds: int = 0

    @property
    def accepted(self) -> bool:
        return self.verdict is PasswordVerdict.ACCEPTED


def check_password(store: Store, *, password: str, now: float, purpose: Purpose, account_id: str | None = None,
                   sandbox_id: str = "", email: str = "") -> PasswordOutcome:
    """Is ``password`` the account's (by id, or by the sandbox and email a sign-in names)?

    An unknown email costs one hash like a known one and is refused alike, with no count.
    """
    with store.read() as db:
        row = _account(db, account_id, sandbox_id, email)
    if row is not None and now < row["password_next_try_at"]:
        return _waiting(row, now, purpose)
    matches = verify_password(row["password_hash"] if row else None, password)
    if row is None:
        log_event(EVENTS[purpose], now, route=purpose)
        return PasswordOutcome(PasswordVerdict.WRONG)
    with store.write() as db:
        current = _account(db, row["id"], "", "")
        if current is None:
            return PasswordOutcome(PasswordVerdict.WRONG)
        if now < current["password_next_try_at"]:  # another try failed while this one was hashed
            return _waiting(current, now, purpose)
        if matches and current["password_hash"] == row["password_hash"]:
            db.execute("UPDATE accounts SET password_failures = 0, password_next_try_at = 0 WHERE id = ?", (row["id"],))
            return PasswordOutcome(PasswordVerdict.ACCEPTED, row["id"], row["credential_version"])
        return _count_failure(db, current, now, purpose)


def wait_after(failures: int) -> int:
    """Seconds before the next password is looked at, after ``failures`` wrong ones in a row."""
    if failures >= limits.LOCK_AFTER:
        return limits.PASSWORD_LOCK_SECONDS
    return int(min(2 ** min(failures - 1, 30), limits.PASSWORD_WAIT_MAX))


def _count_failure(db: sqlite3.Connection, account: sqlite3.Row, now: float, purpose: Purpose) -> PasswordOutcome:
    failures = db.execute(
        "UPDATE accounts SET password_failures = password_failures + 1 WHERE id = ? RETURNING password_failures",
        (account["id"],),
    ).fetchone()[0]
    wait = wait_after(failures)
    db.execute("UPDATE accounts SET password_next_try_at = ? WHERE id = ?", (now + wait, account["id"]))
    mail = {"sandbox_id": account["sandbox_id"], "email": account["email"], "now": now}
    if failures == limits.PASSWORD_MAIL_AFTER:
        inbox.send(db, kind="password_failures", failures=failures, **mail)
    elif failures == limits.LOCK_AFTER:
        inbox.send(db, kind="password_locked", failures=failures, **mail)
    log_event(EVENTS[purpose], now, account=account["id"], failures=failures, wait=wait, route=purpose)
    return PasswordOutcome(PasswordVerdict.WRONG, account["id"], wait_seconds=wait)


def _waiting(account: sqlite3.Row, now: float, purpose: Purpose) -> PasswordOutcome:
    left = math.ceil(account["password_next_try_at"] - now)
    log_event("throttled", now, account=account["id"], wait=left, route=purpose)
    return PasswordOutcome(PasswordVerdict.WAIT, account["id"], wait_seconds=left)


def _account(db: sqlite3.Connection, account_id: str | None, sandbox_id: str, email: str) -> sqlite3.Row | None:
    if account_id is not None:
        row: sqlite3.Row | None = db.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
        return row
    found: sqlite3.Row | None = db.execute(
        "SELECT * FROM accounts WHERE sandbox_id = ? AND email = ?", (sandbox_id, email)).fetchone()
    return found
