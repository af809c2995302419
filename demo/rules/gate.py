"""The one gate every code and recovery code passes: lock, wait, failure counter.

SECURITY.md "brute force": one failure counter per account, whatever the session
or address. After the n-th refused code in a row the account waits 2^(n-1) s
before another code is looked at (OWASP MFA Cheat Sheet, throttling); after the
100th, codes are refused until support resets 2FA (NIST SP 800-63B section
5.2.2). A try that arrives during a wait is refused unread: it is not counted
and does not lengthen the wait (as django-otp's throttling does), so a reader who
retries a second too early is told how long is left instead of being punished.
Everything here runs inside the caller's ``BEGIN IMMEDIATE`` transaction, so
concurrent tries see each other's counts and at most one code is evaluated per
wait.
"""

from __future__ import annotations

import enum
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from content import limits
from demo.rules import inbox
from demo.rules.events import log_event
from demo.rules.normalise import InvalidInput, normalise_code, normalise_recovery_code
from demo.storage.vault import Vault
from otp_core import totp


class Verdict(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    EXPIRED = "expired"
    """A code of a step before the window: an old code, or the phone's clock is slow."""
    EARLY = "early"
    """A code of a step after the window: the phone's clock is fast."""
    REPLAYED = "replayed"
    """An authenticator code of a step already used: the next step brings a fresh one."""
    SPENT = "spent"
    """A recovery code used before, or from a set since replaced: no next one comes, a code of
    the newest set works."""
    WAIT = "wait"
    LOCKED = "locked"
    NOT_SET_UP = "not_set_up"
    SUSPENDED = "suspended"
    """The phone was reported lost or stolen: its codes are refused unread (NIST SP 800-63B-4
    section 4.3), until 2FA moves to a new phone or is turned off."""
    UNREADABLE = "unreadable"
    """What was typed is no code at all (empty, a letter, the wrong length): nothing is counted."""


MESSAGES = {
    Verdict.WRONG: "error.verdict.wrong", Verdict.EXPIRED: "error.verdict.expired",
    Verdict.EARLY: "error.verdict.early", Verdict.REPLAYED: "error.verdict.replayed",
    Verdict.SPENT: "error.verdict.spent", Verdict.WAIT: "error.verdict.wait", Verdict.LOCKED: "error.verdict.locked",
    Verdict.NOT_SET_UP: "error.verdict.not_set_up", Verdict.SUSPENDED: "error.verdict.suspended",
}
"""The catalog key that tells the reader why, for each refusal."""

HELP = {
    Verdict.EXPIRED: ("code-rejected", "time_help"), Verdict.EARLY: ("code-rejected", "time_help"),
    Verdict.SPENT: ("recovery-codes", "new_codes_help"),
}
"""The article that helps after a refusal, and the catalog key of the link to it."""


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    wait_seconds: int = 0
    """For WAIT and WRONG: whole seconds before the next code will be looked at."""
    offset: int = 0
    """Which step an accepted code came from, against the server's: -1 (T-1), 0 (T) or +1 (T+1)."""
    reason: str = ""
    """For UNREADABLE: the catalog key of what was wrong with the typed text."""

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.ACCEPTED

    @property
    def message(self) -> str:
        """The whole catalog key of why a code was refused ("" when it was accepted)."""
        return self.reason or MESSAGES.get(self.verdict, "")

    @property
    def help(self) -> tuple[str, str] | None:
        """The article (its name) that helps with this refusal, and its link's catalog key."""
        return HELP.get(self.verdict)


@dataclass(frozen=True)
class Proof:
    """A second factor as typed: a code from the app, or else a recovery code."""

    code: str = ""
    recovery_code: str = ""


def read_code(typed: str) -> str | Outcome:
    """Six ASCII digits from what the reader typed, or why not (an empty field is named)."""
    return _read(typed, normalise_code)


def read_recovery_code(typed: str) -> str | Outcome:
    return _read(typed, normalise_recovery_code)


def read_proof(typed: str) -> Proof | Outcome:
    """A code or a recovery code from one field (turning 2FA off, new recovery codes)."""
    code, recovery_code = read_code(typed), read_recovery_code(typed)
    if isinstance(code, str):
        return Proof(code=code)
    if isinstance(recovery_code, str):
        return Proof(recovery_code=recovery_code)
    return Outcome(Verdict.UNREADABLE, reason="error.proof.format" if typed.strip() else "error.text.required")


def _read(typed: str, normaliser: Callable[[str], str]) -> str | Outcome:
    if not typed.strip():
        return Outcome(Verdict.UNREADABLE, reason="error.text.required")
    try:
        return normaliser(typed)
    except InvalidInput as error:
        return Outcome(Verdict.UNREADABLE, reason=error.reason)


def account_row(db: sqlite3.Connection, account_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = db.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
    if row is None:
        raise LookupError("no such account")
    return row


def blocked(account: sqlite3.Row, now: float) -> Outcome | None:
    """Locked, or still waiting: the code is not looked at and nothing is counted."""
    if account["locked"]:
        return Outcome(Verdict.LOCKED)
    if now < account["next_try_at"]:
        left = math.ceil(account["next_try_at"] - now)
        log_event("throttled", now, account=account["id"], wait=left)
        return Outcome(Verdict.WAIT, wait_seconds=left)
    return None


def refuse(db: sqlite3.Connection, account: sqlite3.Row, now: float, verdict: Verdict, *,
           alarm: bool = True) -> Outcome:
    """Count one evaluated, refused code (atomically) and set the wait before the next one. A
    used code is an alarm (mailed), unless ``alarm`` is off: the client that used it typed it again."""
    failures = db.execute(
        "UPDATE accounts SET failures = failures + 1 WHERE id = ? RETURNING failures", (account["id"],)
    ).fetchone()[0]
    where = {"sandbox_id": account["sandbox_id"], "email": account["email"], "now": now}
    if verdict in (Verdict.REPLAYED, Verdict.SPENT) and alarm:
        inbox.send(db, kind="replay", **where)
        log_event("replay", now, account=account["id"])
    if failures >= limits.LOCK_AFTER:
        db.execute("UPDATE accounts SET locked = 1 WHERE id = ?", (account["id"],))
        inbox.send(db, kind="lockout", **where)
        log_event("lockout", now, account=account["id"], failures=failures)
        return Outcome(Verdict.LOCKED)
    wait = limits.code_wait_seconds(failures)
    db.execute("UPDATE accounts SET next_try_at = ? WHERE id = ?", (float(now) + wait, account["id"]))
    log_event("code_failed", now, account=account["id"], failures=failures, wait=wait)
    return Outcome(verdict, wait_seconds=wait)


def check_totp(db: sqlite3.Connection, vault: Vault, account: sqlite3.Row, code: str, now: float, *,
               device: str) -> Outcome:
    """The gate, the window and the replay guard for a code from the authenticator app, inside the
    caller's write transaction. ``device`` names the client (a hash of its device cookie): a code
    used again by the client that used it is a reader who was quick, not an alarm."""
    if stop := blocked(account, now):
        return stop
    if account["sealed_key"] is None:
        return Outcome(Verdict.NOT_SET_UP)
    if account["key_suspended"]:
        return Outcome(Verdict.SUSPENDED)
    secret = vault.unseal(account["sealed_key"], account_id=account["id"], version=account["key_version"])
    step = totp.matching_step(secret.decode(), code, now)
    if step is None:
        return refuse(db, account, now, verdict_for_miss(secret.decode(), code, now))
    taken = db.execute(
        "UPDATE accounts SET last_step = ?, last_step_device = ? WHERE id = ? AND last_step < ?",
        (step, device, account["id"], step),
    ).rowcount
    if taken != 1:
        same_client = bool(device) and device == account["last_step_device"]
        return refuse(db, account, now, Verdict.REPLAYED, alarm=not same_client)
    clear_failures(db, account["id"])
    return Outcome(Verdict.ACCEPTED, offset=step - totp.step_at(now))


def verdict_for_miss(secret: str, code: str, now: float) -> Verdict:
    """Why a code outside the window was refused, so the reader is told what to do about it."""
    offset = totp.offset_outside_window(secret, code, now)
    if offset is None:
        return Verdict.WRONG
    return Verdict.EXPIRED if offset < 0 else Verdict.EARLY


def is_open(account: sqlite3.Row, now: float) -> bool:
    """Whether a code would be looked at now (a cheap check before any expensive work)."""
    return not account["locked"] and now >= account["next_try_at"]


def clear_failures(db: sqlite3.Connection, account_id: str) -> None:
    """A code was accepted: the counter and the wait start again from nothing."""
    db.execute("UPDATE accounts SET failures = 0, next_try_at = 0 WHERE id = ?", (account_id,))
