"""Turning two-factor authentication on, moving it to a new phone, turning it off, and
checking a code.

Every check passes through ``demo.rules.gate`` (lock, wait, failure counter) and one
replay guard: a code is accepted only for a time step later than the last
accepted one, by a conditional ``UPDATE`` in a ``BEGIN IMMEDIATE`` transaction, so
the same code sent twice at once is accepted once (RFC 6238 section 5.2: a
verifier must not accept the second attempt of the same OTP). The window is T-1,
T, T+1 on the server's clock (``otp_core.totp.matching_step``).

Every change of a factor (2FA on, moved to a new phone, off, new recovery codes,
support's reset) ends all of the account's sessions in the same transaction;
the route then starts a fresh one for the person who made the change
(SECURITY.md "Factor changes end other sessions").
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from typing import Literal

from content import limits
from demo.rules import inbox, recovery
from demo.rules.events import log_event
from demo.rules.gate import (
    Outcome,
    Verdict,
    account_row,
    blocked,
    check_totp,
    is_open,
    read_code,
    read_proof,
    refuse,
    verdict_for_miss,
)
from demo.rules.sandboxes import token_hash
from demo.rules.sessions import end_account_sessions
from demo.storage.store import Store
from demo.storage.vault import Vault
from otp_core import keys, totp

Purpose = Literal["enrol", "replace"]
"""A first setup, or moving 2FA that is on to a new phone (after the password again)."""


@dataclass(frozen=True)
class PendingSetup:
    secret: str
    purpose: Purpose
    id: str
    """Names this setup (not its key): a page shows it, so a confirmation typed in a tab whose
    setup was restarted in another is told so instead of being called wrong."""


def start_setup(store: Store, vault: Vault, account_id: str, now: float, *, session: str,
                purpose: Purpose = "enrol") -> str | None:
    """A new key for the account, kept server-side until a code from it confirms it.

    ``enrol`` needs 2FA off and ``replace`` needs it on (None otherwise). The setup belongs
    to ``session`` (its token): no other session sees its key or confirms it. Starting
    again replaces the pending key; until a code confirms it, 2FA stays as it was and the
    current key keeps working (SECURITY.md "pending setup"). Starting a move ends every other
    session of the account and mails the owner (NIST SP 800-63B-4 section 4.1.2.1).
    """
    secret = keys.new_secret()
    with store.write() as db:
        account = account_row(db, account_id)
        if (account["sealed_key"] is not None) != (purpose == "replace"):
            return None
        if purpose == "replace":
            end_account_sessions(db, account_id, keep=session)
            inbox.send(db, sandbox_id=account["sandbox_id"], email=account["email"], kind="move_started", now=now)
        version = account["key_version"] + 1
        sealed = vault.seal(secret.encode(), account_id=account_id, version=version)
        db.execute(
            "INSERT OR REPLACE INTO pending_setups (account_id, sealed_key, key_version, started_at, purpose, "
            "session_hash) VALUES (?, ?, ?, ?, ?, ?)",
            (account_id, sealed, version, now, purpose, token_hash(session)),
        )
    log_event("setup_started", now, account=account_id, purpose=purpose)
    return secret


def pending_setup(store: Store, vault: Vault, account_id: str, now: float, *, session: str) -> PendingSetup | None:
    """The setup ``session`` started, while it is fresh; never the confirmed key, never another
    session's setup."""
    with store.read() as db:
        row = _pending_row(db, account_id, now, session)
    if row is None:
        return None
    secret = vault.unseal(row["sealed_key"], account_id=account_id, version=row["key_version"]).decode()
    return PendingSetup(secret, row["purpose"], hashlib.sha256(row["sealed_key"]).hexdigest()[:16])


def confirm_setup(store: Store, vault: Vault, account_id: str, typed: str, now: float, *, session: str,
                  device: str) -> Outcome:
    """Finish the pending setup if the code ``typed`` comes from its key.

    A first setup turns 2FA on and keeps the new recovery codes to show (``recovery.shown``); a
    move to a new phone swaps the key at once (the old key's codes are refused
    from here on, a reported phone's suspension ends with it) and keeps the
    recovery codes that are left. The recovery codes are hashed only once the
    cheap checks (lock, wait, pending, the code) pass. Only ``session``, which
    started the setup, can confirm it; every other session of the account ends.
    """
    code = read_code(typed)
    if isinstance(code, Outcome):
        return code
    with store.read() as db:
        account = account_row(db, account_id)
        row = _pending_row(db, account_id, now, session)
        ready = is_open(account, now) and row is not None and row["purpose"] == "enrol" and (
            totp.matching_step(_unseal(vault, account_id, row), code, now) is not None
        )
    new_codes = recovery.new_set() if ready else None
    with store.write() as db:
        account = account_row(db, account_id)
        if stop := blocked(account, now):
            return stop
        row = _pending_row(db, account_id, now, session)
        if row is None or (account["sealed_key"] is not None) != (row["purpose"] == "replace"):
            return Outcome(Verdict.NOT_SET_UP)
        secret = _unseal(vault, account_id, row)
        step = totp.matching_step(secret, code, now)
        if step is None:
            return refuse(db, account, now, verdict_for_miss(secret, code, now))
        db.execute(
            "UPDATE accounts SET sealed_key = ?, key_version = ?, last_step = ?, last_step_device = ?, failures = 0, "
            "next_try_at = 0, setup_required = 0, key_suspended = 0 WHERE id = ?",
            (row["sealed_key"], row["key_version"], step, device, account_id),
        )
        db.execute("DELETE FROM pending_setups WHERE account_id = ?", (account_id,))
        end_account_sessions(db, account_id, keep=session)
        mail = {"sandbox_id": account["sandbox_id"], "email": account["email"], "now": now}
        if row["purpose"] == "replace":
            inbox.send(db, kind="new_phone", left=recovery.count_left(db, account_id), **mail)
        else:
            codes, hashes = new_codes or recovery.new_set()
            recovery.replace_set(db, account_id, hashes, now)
            recovery.keep_shown(db, vault, account_id, codes, now)
            inbox.send(db, kind="2fa_on", **mail)
    log_event("setup_confirmed", now, account=account_id, step=step, purpose=row["purpose"])
    return Outcome(Verdict.ACCEPTED, offset=step - totp.step_at(now))


def check_code(store: Store, vault: Vault, account_id: str, typed: str, now: float, *, device: str) -> Outcome:
    """Sign-in's second step: is the code ``typed`` the account's current code, not used before?"""
    code = read_code(typed)
    if isinstance(code, Outcome):
        return code
    with store.write() as db:
        return check_totp(db, vault, account_row(db, account_id), code, now, device=device)


def disable(store: Store, vault: Vault, account_id: str, typed: str, *, now: float, keep: str, device: str) -> Outcome:
    """Turn 2FA off (route B): the session has proved the password, and a second factor proves
    the rest, a current code from the app or an unused recovery code, so a signed-in stolen
    phone alone cannot do it. The key and recovery codes are deleted, and every other session
    of the account ends.
    """
    proof = read_proof(typed)
    if isinstance(proof, Outcome):
        return proof
    hashed = recovery.digests(store, account_id, proof.recovery_code, now) if proof.recovery_code else {}
    if isinstance(hashed, Outcome):
        return hashed
    with store.write() as db:
        account = account_row(db, account_id)
        outcome = recovery.check_proof(db, vault, account, code=proof.code, recovery_code=proof.recovery_code,
                                       typed_digests=hashed, now=now, device=device)
        if outcome.accepted:
            remove_two_factor(db, account_id)
            end_account_sessions(db, account_id, keep=keep)
            inbox.send(db, sandbox_id=account["sandbox_id"], email=account["email"], kind="2fa_off", now=now)
    if outcome.accepted:
        log_event("disabled", now, account=account_id)
    return outcome


def report_lost_phone(store: Store, account_id: str, now: float) -> None:
    """The owner reports the phone lost or stolen with the password alone, from any browser
    (NIST SP 800-63B-4 section 4.4): its key is suspended at once, so its codes are refused,
    and every session of the account ends, a signed-in stolen phone's included. The owner
    then signs in with a recovery code and moves 2FA, or asks support."""
    with store.write() as db:
        account = account_row(db, account_id)
        if account["sealed_key"] is not None:
            db.execute("UPDATE accounts SET key_suspended = 1 WHERE id = ?", (account_id,))
        end_account_sessions(db, account_id)
        inbox.send(db, sandbox_id=account["sandbox_id"], email=account["email"], kind="phone_reported", now=now)
    log_event("phone_reported", now, account=account_id)


def reset_by_support(db: sqlite3.Connection, account_id: str) -> None:
    """Support's reset (route C): 2FA off, counters cleared, signed out everywhere, set-up asked
    at the next sign-in."""
    remove_two_factor(db, account_id)
    end_account_sessions(db, account_id)
    db.execute(
        "UPDATE accounts SET failures = 0, next_try_at = 0, locked = 0, setup_required = 1 WHERE id = ?",
        (account_id,),
    )
    db.execute("DELETE FROM password_throttle WHERE (sandbox_id, email) = "
               "(SELECT sandbox_id, email FROM accounts WHERE id = ?)", (account_id,))


def remove_two_factor(db: sqlite3.Connection, account_id: str) -> None:
    db.execute("UPDATE accounts SET sealed_key = NULL, last_step = -1, key_suspended = 0 WHERE id = ?",
               (account_id,))
    db.execute("DELETE FROM recovery_codes WHERE account_id = ?", (account_id,))
    db.execute("DELETE FROM pending_setups WHERE account_id = ?", (account_id,))
    db.execute("DELETE FROM shown_codes WHERE account_id = ?", (account_id,))


def _pending_row(db: sqlite3.Connection, account_id: str, now: float, session: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = db.execute(
        "SELECT sealed_key, key_version, started_at, purpose FROM pending_setups "
        "WHERE account_id = ? AND session_hash = ?",
        (account_id, token_hash(session)),
    ).fetchone()
    return row if row is not None and now - row["started_at"] <= limits.PENDING_SECONDS else None


def _unseal(vault: Vault, account_id: str, row: sqlite3.Row) -> str:
    return vault.unseal(row["sealed_key"], account_id=account_id, version=row["key_version"]).decode()
