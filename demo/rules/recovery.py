"""Recovery codes: the self-service way back when the phone is gone.

Ten single-use codes are issued when 2FA is turned on, stored as argon2id hashes
that share one salt per set (``demo.rules.passwords``), so a typed code costs one hash
however many codes are left. Signing in with one passes the same gate as a code
(``demo.rules.gate``): the hash is computed before the write lock, and the match is
decided and the code spent inside it, so parallel guesses are looked at one per
wait and the same code never works twice (SECURITY.md "Recovery codes"). Once a
code is used, the set is replaced by a new one (NIST SP 800-63B-4 section 4.2.1.1).
"""

from __future__ import annotations

import sqlite3

from demo.rules import inbox
from demo.rules.events import log_event
from demo.rules.gate import (
    Outcome,
    Verdict,
    account_row,
    blocked,
    check_totp,
    clear_failures,
    read_proof,
    read_recovery_code,
    refuse,
)
from demo.rules.passwords import code_salt, hash_code, new_code_salt, same_hash
from demo.rules.sessions import end_account_sessions
from demo.storage.store import Store
from demo.storage.vault import Vault
from otp_core import recovery_codes, totp

Digests = dict[bytes, str]
"""A typed code's hash under each salt of the account's codes (one per set)."""


def new_set() -> tuple[tuple[str, ...], list[str]]:
    """Fresh codes to show once, and their hashes to store."""
    salt = new_code_salt()
    codes = tuple(recovery_codes.new_recovery_code() for _ in range(recovery_codes.RECOVERY_CODE_COUNT))
    return codes, [hash_code(code, salt) for code in codes]


def replace_set(db: sqlite3.Connection, account_id: str, hashes: list[str], now: float) -> None:
    """The old set stops working in the same transaction as the new one starts. Its hashes stay,
    retired, until the next replacement, so a code from it is told apart from a mistyped one."""
    db.execute("DELETE FROM recovery_codes WHERE account_id = ? AND retired_at IS NOT NULL", (account_id,))
    db.execute("UPDATE recovery_codes SET retired_at = ? WHERE account_id = ?", (now, account_id))
    db.executemany(
        "INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)",
        [(account_id, code_hash) for code_hash in hashes],
    )


def keep_shown(db: sqlite3.Connection, vault: Vault, account_id: str, codes: tuple[str, ...], now: float) -> None:
    """Keep a new set, sealed, until the reader says they saved it: a reload or a step back shows
    the same codes instead of losing them (SECURITY.md "Recovery codes")."""
    sealed = vault.seal_for(" ".join(codes).encode(), purpose="recovery-codes", owner=account_id)
    db.execute("INSERT OR REPLACE INTO shown_codes (account_id, sealed, created_at) VALUES (?, ?, ?)",
               (account_id, sealed, now))


def shown(store: Store, vault: Vault, account_id: str) -> tuple[str, ...]:
    """The set waiting to be saved, or nothing once the reader confirmed it."""
    with store.read() as db:
        row = db.execute("SELECT sealed FROM shown_codes WHERE account_id = ?", (account_id,)).fetchone()
    if row is None:
        return ()
    return tuple(vault.unseal_for(row["sealed"], purpose="recovery-codes", owner=account_id).decode().split())


def shown_since(store: Store, account_id: str) -> float | None:
    """When the set waiting to be saved was made: printed, copied and downloaded with it."""
    with store.read() as db:
        row = db.execute("SELECT created_at FROM shown_codes WHERE account_id = ?", (account_id,)).fetchone()
    return None if row is None else float(row["created_at"])


def forget_shown(store: Store, account_id: str) -> bool:
    """The reader saved the codes: they are never shown again. False if there was nothing to forget."""
    with store.write() as db:
        return db.execute("DELETE FROM shown_codes WHERE account_id = ?", (account_id,)).rowcount == 1


def count_left(db: sqlite3.Connection, account_id: str) -> int:
    row = db.execute(
        "SELECT count(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL AND retired_at IS NULL",
        (account_id,)
    ).fetchone()
    return int(row[0])


def codes_left(store: Store, account_id: str) -> int:
    with store.read() as db:
        return count_left(db, account_id)


def sign_in(store: Store, vault: Vault, account_id: str, typed: str, now: float, *, keep: str) -> Outcome:
    """Sign in with a recovery code instead of a code from the app: a recovery, not a sign-in.

    NIST SP 800-63B-4 section 4.2.1.1: the used code is invalidated and a new set is issued
    (the whole set, so the reader keeps one list), shown until saved; the old set stops
    working. Every other session of the account ends (``keep`` is the session signing in) and
    the owner is mailed.
    """
    code = read_recovery_code(typed)
    if isinstance(code, Outcome):
        return code
    return _proved_then_renewed(store, vault, account_id, now, keep=keep, recovery_code=code,
                                mail="recovery_code_used", event="recovery_code_used")


def renew(store: Store, vault: Vault, account_id: str, typed: str, *, now: float, keep: str, device: str) -> Outcome:
    """Ten new codes, for a current code from the app or an unused recovery code (the session has
    proved the password). The old codes stop working and every other session of the account ends."""
    proof = read_proof(typed)
    if isinstance(proof, Outcome):
        return proof
    return _proved_then_renewed(store, vault, account_id, now, keep=keep, code=proof.code,
                                recovery_code=proof.recovery_code, device=device, mail="recovery_codes_renewed",
                                event="recovery_codes_renewed")


def digests(store: Store, account_id: str, code: str, now: float) -> Digests | Outcome:
    """The cheap checks (lock, wait, 2FA on), then the one expensive hash, outside the write lock."""
    with store.read() as db:
        account = account_row(db, account_id)
        if stop := blocked(account, now):
            return stop
        if account["sealed_key"] is None:
            return Outcome(Verdict.NOT_SET_UP)
        rows = db.execute("SELECT code_hash FROM recovery_codes WHERE account_id = ?", (account_id,)).fetchall()
    salts = {salt for row in rows if (salt := code_salt(row["code_hash"])) is not None}
    return {salt: hash_code(code, salt) for salt in salts}


def check_proof(db: sqlite3.Connection, vault: Vault, account: sqlite3.Row, *, code: str, recovery_code: str,
                typed_digests: Digests, now: float, device: str) -> Outcome:
    """Inside the caller's write transaction: a second factor, either a current code from the app
    or an unused recovery code (spent here), through the one gate."""
    if recovery_code:
        return spend(db, account, typed_digests, recovery_code, now)
    return check_totp(db, vault, account, code, now, device=device)


def _proved_then_renewed(store: Store, vault: Vault, account_id: str, now: float, *, keep: str, mail: str,
                         event: str, code: str = "", recovery_code: str = "", device: str = "") -> Outcome:
    typed: Digests = {}
    if recovery_code:
        found = digests(store, account_id, recovery_code, now)
        if isinstance(found, Outcome):
            return found
        typed = found
        plausible = _matches_unused(store, account_id, typed)
    else:
        with store.read() as db:
            account = account_row(db, account_id)
            if stop := blocked(account, now):
                return stop
            plausible = account["sealed_key"] is not None and not account["key_suspended"] and totp.matching_step(
                vault.unseal(account["sealed_key"], account_id=account_id, version=account["key_version"]).decode(),
                code, now) is not None
    # the ten new hashes only once the proof looks right (SECURITY.md "Cheap checks first")
    codes, hashes = new_set() if plausible else ((), [])
    with store.write() as db:
        account = account_row(db, account_id)
        outcome = check_proof(db, vault, account, code=code, recovery_code=recovery_code, typed_digests=typed,
                              now=now, device=device)
        if not outcome.accepted:
            return outcome
        if not hashes:  # the proof became right after the cheap look (a step boundary)
            codes, hashes = new_set()
        replace_set(db, account_id, hashes, now)
        keep_shown(db, vault, account_id, codes, now)
        end_account_sessions(db, account_id, keep=keep)
        inbox.send(db, sandbox_id=account["sandbox_id"], email=account["email"], kind=mail, now=now)
    log_event(event, now, account=account_id)
    return Outcome(Verdict.ACCEPTED)


def _matches_unused(store: Store, account_id: str, typed_digests: Digests) -> bool:
    with store.read() as db:
        rows = db.execute(
            "SELECT code_hash FROM recovery_codes WHERE account_id = ? AND used_at IS NULL AND retired_at IS NULL",
            (account_id,)
        ).fetchall()
    return any(
        (salt := code_salt(row["code_hash"])) in typed_digests and same_hash(row["code_hash"], typed_digests[salt])
        for row in rows
    )


def spend(db: sqlite3.Connection, account: sqlite3.Row, typed_digests: Digests, code: str, now: float) -> Outcome:
    """Inside the write lock: the gate again (another try may have failed meanwhile), then the
    match, then the code is spent by a conditional ``UPDATE``."""
    if stop := blocked(account, now):
        return stop
    if account["sealed_key"] is None:
        return Outcome(Verdict.NOT_SET_UP)
    rows = db.execute(
        "SELECT id, code_hash, used_at, retired_at FROM recovery_codes WHERE account_id = ?", (account["id"],)
    ).fetchall()
    match = None
    for row in rows:
        salt = code_salt(row["code_hash"])
        if salt is None:
            continue
        if salt not in typed_digests:  # the set was renewed after the hash was computed
            typed_digests[salt] = hash_code(code, salt)
        if same_hash(row["code_hash"], typed_digests[salt]) and match is None:
            match = row
    if match is None:
        return refuse(db, account, now, Verdict.WRONG)
    spent = db.execute(
        "UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND retired_at IS NULL",
        (now, match["id"]),
    ).rowcount
    if spent != 1:
        return refuse(db, account, now, Verdict.SPENT)
    clear_failures(db, account["id"])
    return Outcome(Verdict.ACCEPTED)
