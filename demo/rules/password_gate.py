"""The one gate every password passes: sign-in, each step-up, and reporting a lost phone.

NIST SP 800-63B-4 section 3.2.2 (rate limiting): one failure counter per account,
shared by every place a password is checked, whatever the session or address.
The design is the code gate's (``demo.rules.gate``): after the n-th wrong password in a
row the next one is looked at only after 2^(n-1) seconds, at most
``PASSWORD_WAIT_MAX``; a try during the wait is refused unread, is not counted
and does not lengthen the wait. From the ``LOCK_AFTER``-th failure on, each try
waits a day. The owner is mailed after a few failures and again at the cap; the
right password clears the count.

The counter is kept per sign-in name (sandbox and email), whether or not an
account has it, so an unknown email meets the same waits as a known one and the
two still answer alike (SECURITY.md "Sessions, CSRF, headers").

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

from content import limits
from demo.rules import inbox
from demo.rules.events import log_event
from demo.rules.passwords import verify_password
from demo.storage.store import Store

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

    An unknown email costs one hash like a known one, is counted and waits alike.
    """
    with store.read() as db:
        account = _account(db, account_id, sandbox_id, email)
        if account is not None:
            sandbox_id, email = account["sandbox_id"], account["email"]
        if left := _wait_left(db, sandbox_id, email, now):
            return _waiting(account, left, now, purpose)
    matches = verify_password(account["password_hash"] if account else None, password)
    with store.write() as db:
        if left := _wait_left(db, sandbox_id, email, now):  # another try failed while this one was hashed
            return _waiting(account, left, now, purpose)
        current = _account(db, account["id"], "", "") if account else None
        if matches and current is not None and account is not None and (
                current["password_hash"] == account["password_hash"]):
            db.execute("DELETE FROM password_throttle WHERE sandbox_id = ? AND email = ?", (sandbox_id, email))
            return PasswordOutcome(PasswordVerdict.ACCEPTED, account["id"], account["credential_version"])
        return _count_failure(db, current, sandbox_id, email, now, purpose)


def wait_after(failures: int) -> int:
    """Seconds before the next password is looked at, after ``failures`` wrong ones in a row."""
    if failures >= limits.LOCK_AFTER:
        return limits.PASSWORD_LOCK_SECONDS
    return int(min(2 ** min(failures - 1, 30), limits.PASSWORD_WAIT_MAX))


def _count_failure(db: sqlite3.Connection, account: sqlite3.Row | None, sandbox_id: str, email: str, now: float,
                   purpose: Purpose) -> PasswordOutcome:
    failures = db.execute(
        "INSERT INTO password_throttle (sandbox_id, email, failures) VALUES (?, ?, 1) "
        "ON CONFLICT (sandbox_id, email) DO UPDATE SET failures = failures + 1 RETURNING failures",
        (sandbox_id, email),
    ).fetchone()[0]
    wait = wait_after(failures)
    db.execute("UPDATE password_throttle SET next_try_at = ? WHERE sandbox_id = ? AND email = ?",
               (now + wait, sandbox_id, email))
    account_id = account["id"] if account else None
    if account is not None and failures in (limits.PASSWORD_MAIL_AFTER, limits.LOCK_AFTER):
        kind = "password_locked" if failures == limits.LOCK_AFTER else "password_failures"
        inbox.send(db, sandbox_id=sandbox_id, email=email, kind=kind, now=now, failures=failures)
    log_event(EVENTS[purpose], now, account=account_id, failures=failures, wait=wait, route=purpose)
    return PasswordOutcome(PasswordVerdict.WRONG, account_id, wait_seconds=wait)


def _wait_left(db: sqlite3.Connection, sandbox_id: str, email: str, now: float) -> int:
    row = db.execute("SELECT next_try_at FROM password_throttle WHERE sandbox_id = ? AND email = ?",
                     (sandbox_id, email)).fetchone()
    return math.ceil(row[0] - now) if row is not None and now < row[0] else 0


def _waiting(account: sqlite3.Row | None, left: int, now: float, purpose: Purpose) -> PasswordOutcome:
    account_id = account["id"] if account else None
    log_event("throttled", now, account=account_id, wait=left, route=purpose)
    return PasswordOutcome(PasswordVerdict.WAIT, account_id, wait_seconds=left)


def _account(db: sqlite3.Connection, account_id: str | None, sandbox_id: str, email: str) -> sqlite3.Row | None:
    if account_id is not None:
        row: sqlite3.Row | None = db.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
        return row
    found: sqlite3.Row | None = db.execute(
        "SELECT * FROM accounts WHERE sandbox_id = ? AND email = ?", (sandbox_id, email)).fetchone()
    return found
