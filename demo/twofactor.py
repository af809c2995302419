"""Turning two-factor authentication on and off, and every check of a code.

All checks pass through one gate (SECURITY.md "replay" and "brute force"):

- one failure counter per account, whatever the session or address. A code sent
  while the account waits is refused unread and still counts, so the counter is
  the number of attempts the account has refused in a row; after the n-th the
  account waits 2^(n-1) s (OWASP MFA Cheat Sheet, throttling), after the 100th
  codes are refused until support resets 2FA (NIST SP 800-63B section 5.2.2);
- a code is accepted only for a time step later than the last accepted one, by a
  conditional ``UPDATE`` in a ``BEGIN IMMEDIATE`` transaction, so the same code
  sent twice at once is accepted once (RFC 6238 section 5.2: a verifier must not
  accept the second attempt of the same OTP);
- the window is T-1, T, T+1 on the server's clock (``otp.matching_step``).
"""

from __future__ import annotations

import enum
import math
import sqlite3
from dataclasses import dataclass

from demo import inbox, otp
from demo.events import log_event
from demo.normalise import new_recovery_code
from demo.passwords import hash_code, verify_code
from demo.store import Store
from demo.vault import Vault

PENDING_SECONDS = 10 * 60
"""An unconfirmed key is forgotten after ten minutes (SECURITY.md "pending setup")."""
LOCK_AFTER = 100
RECOVERY_CODE_COUNT = 10


class Verdict(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    REPLAYED = "replayed"
    WAIT = "wait"
    LOCKED = "locked"
    NOT_SET_UP = "not_set_up"


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    wait_seconds: int = 0
    recovery_codes: tuple[str, ...] = ()
    offset: int = 0
    """Which step an accepted code came from, against the server's: -1 (T-1), 0 (T) or +1 (T+1)."""

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.ACCEPTED


def start_setup(store: Store, vault: Vault, account_id: str, now: float) -> str:
    """A new key for the account, kept server-side until a code confirms it.

    Starting again replaces the pending key; 2FA stays as it was until confirmed.
    """
    secret = otp.new_secret()
    with store.write() as db:
        version = _account(db, account_id)["key_version"] + 1
        sealed = vault.seal(secret.encode(), account_id=account_id, version=version)
        db.execute(
            "INSERT OR REPLACE INTO pending_setups (account_id, sealed_key, key_version, started_at) "
            "VALUES (?, ?, ?, ?)",
            (account_id, sealed, version, now),
        )
    log_event("setup_started", now, account=account_id)
    return secret


def pending_secret(store: Store, vault: Vault, account_id: str, now: float) -> str | None:
    """The key being set up, while the setup is pending and fresh; never the confirmed key."""
    with store.read() as db:
        row = db.execute(
            "SELECT sealed_key, key_version, started_at FROM pending_setups WHERE account_id = ?",
            (account_id,),
        ).fetchone()
    if row is None or now - row["started_at"] > PENDING_SECONDS:
        return None
    return vault.unseal(row["sealed_key"], account_id=account_id, version=row["key_version"]).decode()


def confirm_setup(store: Store, vault: Vault, account_id: str, code: str, now: float) -> Outcome:
    """Turn 2FA on if ``code`` comes from the pending key; the outcome carries the recovery codes."""
    codes = tuple(new_recovery_code() for _ in range(RECOVERY_CODE_COUNT))
    hashes = [hash_code(code) for code in codes]  # before the write lock: hashing takes time
    with store.write() as db:
        account = _account(db, account_id)
        if blocked := _blocked(db, account, now):
            return blocked
        pending = db.execute(
            "SELECT sealed_key, key_version, started_at FROM pending_setups WHERE account_id = ?",
            (account_id,),
        ).fetchone()
        if pending is None or now - pending["started_at"] > PENDING_SECONDS or account["sealed_key"]:
            return Outcome(Verdict.NOT_SET_UP)
        secret = vault.unseal(pending["sealed_key"], account_id=account_id, version=pending["key_version"])
        step = otp.matching_step(secret.decode(), code, now)
        if step is None:
            return _refuse(db, account, now, Verdict.WRONG)
        db.execute(
            "UPDATE accounts SET sealed_key = ?, key_version = ?, last_step = ?, failures = 0, "
            "next_try_at = 0, setup_required = 0 WHERE id = ?",
            (pending["sealed_key"], pending["key_version"], step, account_id),
        )
        db.execute("DELETE FROM pending_setups WHERE account_id = ?", (account_id,))
        _replace_recovery_codes(db, account_id, hashes)
        inbox.send(db, sandbox_id=account["sandbox_id"], email=account["email"], kind="2fa_on", now=now)
    log_event("setup_confirmed", now, account=account_id, step=step)
    return Outcome(Verdict.ACCEPTED, recovery_codes=codes, offset=step - otp.step_at(now))


def check_code(store: Store, vault: Vault, account_id: str, code: str, now: float) -> Outcome:
    """Sign-in's second step: is ``code`` the account's current code, not used before?"""
    with store.write() as db:
        return _check(db, vault, _account(db, account_id), code, now)


def disable(store: Store, vault: Vault, account_id: str, code: str, now: float) -> Outcome:
    """Turn 2FA off with a current code (route B); the key and recovery codes are deleted."""
    with store.write() as db:
        account = _account(db, account_id)
        outcome = _check(db, vault, account, code, now)
        if outcome.accepted:
            _remove_two_factor(db, account_id)
            inbox.send(db, sandbox_id=account["sandbox_id"], email=account["email"], kind="2fa_off", now=now)
    if outcome.accepted:
        log_event("disabled", now, account=account_id)
    return outcome


def renew_recovery_codes(store: Store, vault: Vault, account_id: str, code: str, now: float) -> Outcome:
    """Ten new recovery codes for a current code; the old ones stop working."""
    codes = tuple(new_recovery_code() for _ in range(RECOVERY_CODE_COUNT))
    hashes = [hash_code(code) for code in codes]
    with store.write() as db:
        account = _account(db, account_id)
        outcome = _check(db, vault, account, code, now)
        if not outcome.accepted:
            return outcome
        _replace_recovery_codes(db, account_id, hashes)
        inbox.send(
            db, sandbox_id=account["sandbox_id"], email=account["email"], kind="recovery_codes_renewed", now=now
        )
    log_event("recovery_codes_renewed", now, account=account_id)
    return Outcome(Verdict.ACCEPTED, recovery_codes=codes)


def check_recovery_code(store: Store, account_id: str, code: str, now: float) -> Outcome:
    """Sign in with a recovery code instead of a code: each works once.

    The ten hashes are compared outside the write lock (they take milliseconds
    each); the wait and lock are checked again before the result counts, and the
    code is spent by a conditional ``UPDATE``, so two requests with the same code
    cannot both succeed and parallel guesses do not skip the wait.
    """
    with store.write() as db:
        account = _account(db, account_id)
        if blocked := _blocked(db, account, now):
            return blocked
        if account["sealed_key"] is None:
            return Outcome(Verdict.NOT_SET_UP)
        unused = db.execute(
            "SELECT id, code_hash FROM recovery_codes WHERE account_id = ? AND used_at IS NULL",
            (account_id,),
        ).fetchall()
    match = next((row["id"] for row in unused if verify_code(row["code_hash"], code)), None)
    with store.write() as db:
        account = _account(db, account_id)
        if blocked := _blocked(db, account, now):  # another attempt failed while this one was compared
            return blocked
        if match is None:
            return _refuse(db, account, now, Verdict.WRONG)
        spent = db.execute(
            "UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL", (now, match)
        ).rowcount
        if spent != 1:
            return _refuse(db, account, now, Verdict.REPLAYED)
        db.execute("UPDATE accounts SET failures = 0, next_try_at = 0 WHERE id = ?", (account_id,))
        left = db.execute(
            "SELECT count(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL", (account_id,)
        ).fetchone()[0]
        inbox.send(
            db, sandbox_id=account["sandbox_id"], email=account["email"], kind="recovery_code_used",
            now=now, left=left,
        )
    log_event("recovery_code_used", now, account=account_id, count=left)
    return Outcome(Verdict.ACCEPTED)


def reset_by_support(db: sqlite3.Connection, account_id: str) -> None:
    """Support's reset (route C): 2FA off, counters cleared, set-up asked at the next sign-in."""
    _remove_two_factor(db, account_id)
    db.execute(
        "UPDATE accounts SET failures = 0, next_try_at = 0, locked = 0, setup_required = 1 WHERE id = ?",
        (account_id,),
    )


def _check(db: sqlite3.Connection, vault: Vault, account: sqlite3.Row, code: str, now: float) -> Outcome:
    if blocked := _blocked(db, account, now):
        return blocked
    if account["sealed_key"] is None:
        return Outcome(Verdict.NOT_SET_UP)
    secret = vault.unseal(account["sealed_key"], account_id=account["id"], version=account["key_version"])
    step = otp.matching_step(secret.decode(), code, now)
    if step is None:
        return _refuse(db, account, now, Verdict.WRONG)
    taken = db.execute(
        "UPDATE accounts SET last_step = ?, failures = 0, next_try_at = 0 WHERE id = ? AND last_step < ?",
        (step, account["id"], step),
    ).rowcount
    if taken != 1:
        return _refuse(db, account, now, Verdict.REPLAYED)
    return Outcome(Verdict.ACCEPTED, offset=step - otp.step_at(now))


def _blocked(db: sqlite3.Connection, account: sqlite3.Row, now: float) -> Outcome | None:
    """Locked, or still waiting: the code is not looked at, and the attempt counts."""
    if account["locked"]:
        return Outcome(Verdict.LOCKED)
    if now < account["next_try_at"]:
        return _refuse(db, account, now, Verdict.WAIT)
    return None


def _refuse(db: sqlite3.Connection, account: sqlite3.Row, now: float, verdict: Verdict) -> Outcome:
    """Count one refused attempt (atomically) and set the wait before the next one."""
    failures = db.execute(
        "UPDATE accounts SET failures = failures + 1 WHERE id = ? RETURNING failures", (account["id"],)
    ).fetchone()[0]
    where = {"sandbox_id": account["sandbox_id"], "email": account["email"], "now": now}
    if verdict is Verdict.REPLAYED:
        inbox.send(db, kind="replay", **where)
        log_event("replay", now, account=account["id"])
    if failures >= LOCK_AFTER:
        db.execute("UPDATE accounts SET locked = 1 WHERE id = ?", (account["id"],))
        inbox.send(db, kind="lockout", **where)
        log_event("lockout", now, account=account["id"], failures=failures)
        return Outcome(Verdict.LOCKED)
    wait = 2 ** (failures - 1)
    db.execute("UPDATE accounts SET next_try_at = ? WHERE id = ?", (float(now) + wait, account["id"]))
    log_event("throttled" if verdict is Verdict.WAIT else "code_failed", now,
              account=account["id"], failures=failures, wait=wait)
    return Outcome(verdict, wait_seconds=math.ceil(wait))


def _remove_two_factor(db: sqlite3.Connection, account_id: str) -> None:
    db.execute("UPDATE accounts SET sealed_key = NULL, last_step = -1 WHERE id = ?", (account_id,))
    db.execute("DELETE FROM recovery_codes WHERE account_id = ?", (account_id,))
    db.execute("DELETE FROM pending_setups WHERE account_id = ?", (account_id,))


def _replace_recovery_codes(db: sqlite3.Connection, account_id: str, hashes: list[str]) -> None:
    db.execute("DELETE FROM recovery_codes WHERE account_id = ?", (account_id,))
    db.executemany(
        "INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)",
        [(account_id, code_hash) for code_hash in hashes],
    )


def _account(db: sqlite3.Connection, account_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = db.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
    if row is None:
        raise LookupError("no such account")
    return row
