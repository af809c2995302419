"""demo/rules/twofactor.py, gate.py and recovery.py: setup, moving to a new phone, the window, replay,
throttling, recovery codes, turning 2FA off, and the sessions each factor change ends.

Domain level: a real Store in tmp_path, a real Vault and explicit server times.
"""

from __future__ import annotations

import base64
import dataclasses
import math
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from demo.rules import accounts, inbox, recovery, sandboxes, sessions, twofactor
from demo.rules.gate import Outcome, Verdict
from demo.storage.store import Store
from demo.storage.vault import Vault
from otp_core import recovery_codes, totp

BASE = 1_800_000_000  # a step boundary: every account enrols here
LATER = BASE + 300 + 7  # ten steps on, inside a step: T-1, T, T+1 all after the enrolment's
WRONG_RECOVERY = "2" * recovery_codes.RECOVERY_CODE_LENGTH
Attempt = Callable[["User", str, float], Outcome]


@dataclasses.dataclass(frozen=True)
class User:
    """One account in its own store, and shortcuts to what the tests call and read."""

    store: Store
    vault: Vault
    id: str
    sandbox_id: str
    session: str = ""
    """The token of the session the tests act through (the owner's browser)."""
    key: str = ""
    recovery_codes: tuple[str, ...] = ()
    device: str = "owner's phone browser"

    def code(self, now: float, steps: int = 0, key: str = "") -> str:
        return totp.code_at(key or self.key, int(now) + steps * totp.STEP_SECONDS)

    def window(self, now: float) -> set[str]:
        return {self.code(now, steps) for steps in (-1, 0, 1)}

    def wrong(self, now: float) -> str:
        """Six digits that are the code of no step in the window around ``now``."""
        return next(c for c in map("{:06d}".format, range(4)) if c not in self.window(now))

    def start(self, now: float, purpose: twofactor.Purpose = "enrol") -> str:
        key = twofactor.start_setup(self.store, self.vault, self.id, now, session=self.session, purpose=purpose)
        assert key is not None, f"a {purpose} setup could not start"
        return key

    def pending(self, now: float, session: str = "") -> str | None:
        pending = twofactor.pending_setup(self.store, self.vault, self.id, now, session=session or self.session)
        return pending.secret if pending else None

    def confirm(self, code: str, now: float, session: str = "") -> Outcome:
        return twofactor.confirm_setup(self.store, self.vault, self.id, code, now, session=session or self.session,
                                       device=self.device)

    def check(self, code: str, now: float, device: str = "") -> Outcome:
        return twofactor.check_code(self.store, self.vault, self.id, code, now, device=device or self.device)

    def disable(self, typed: str, now: float) -> Outcome:
        """A code or a recovery code, as typed."""
        return twofactor.disable(self.store, self.vault, self.id, typed, now=now, keep=self.session, device=self.device)

    def renew(self, typed: str, now: float) -> Outcome:
        """A code or a recovery code, as typed."""
        return recovery.renew(self.store, self.vault, self.id, typed, now=now, keep=self.session, device=self.device)

    def recover(self, code: str, now: float) -> Outcome:
        return recovery.sign_in(self.store, self.vault, self.id, code, now, keep=self.session)

    def sign_in_elsewhere(self, now: float) -> str:
        """A session of this account in another browser; its token."""
        return sessions.new_session(self.store, sandbox_id=self.sandbox_id, account_id=self.id, role="user",
                                    stage="full", now=now).token

    def sessions(self) -> int:
        return int(self.value("SELECT count(*) FROM sessions WHERE account_id = :id"))

    def value(self, query: str) -> Any:
        """The one value ``query`` selects, with ``:id`` bound to the account's id."""
        with self.store.read() as db:
            return db.execute(query, {"id": self.id}).fetchone()[0]

    def column(self, name: str) -> Any:
        return self.value(f"SELECT {name} FROM accounts WHERE id = :id")

    def mail(self) -> list[str]:
        with self.store.read() as db:
            return [message.kind for message in inbox.list_messages(db, self.sandbox_id)]

    def shown(self) -> tuple[str, ...]:
        """The recovery codes on the page right now (a new set, until the reader saves it)."""
        return recovery.shown(self.store, self.vault, self.id)

    def two_factor(self) -> bool:
        account = accounts.find_account(self.store, self.id)
        return account is not None and account.two_factor


@pytest.fixture
def user(tmp_path: Path) -> User:
    store = Store(tmp_path / "demo.sqlite3")
    _, sandbox = sandboxes.new_sandbox(store, BASE)
    account = accounts.create_account(
        store, sandbox_id=sandbox.id, email="hanako@example.jp", password="correct horse", now=BASE
    )
    session = sessions.new_session(store, sandbox_id=sandbox.id, account_id=account.id, role="user", stage="full",
                                   now=BASE, password_at=BASE)
    return User(store, Vault(secrets.token_bytes(32)), account.id, sandbox.id, session.token)


@pytest.fixture
def enrolled(user: User) -> User:
    key = user.start(BASE)
    outcome = user.confirm(user.code(BASE, key=key), BASE)
    assert outcome.accepted
    return dataclasses.replace(user, key=key, recovery_codes=user.shown())


def at_once(count: int, attempt: Callable[[], Outcome]) -> Counter[Verdict]:
    """The verdicts of ``attempt`` run by ``count`` threads released together by a barrier."""
    barrier = threading.Barrier(count)
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(lambda: (barrier.wait(5), attempt())[1]) for _ in range(count)]
        return Counter(future.result(timeout=10).verdict for future in futures)


def test_setup_keeps_a_160_bit_key_pending_10_minutes_replacing_the_last(user: User) -> None:
    """SECURITY.md "key" (RFC 4226 section 4, R6) and "pending setup" (expires after 10 minutes,
    a second start replaces the first, 2FA stays off until a code confirms it)."""
    first, second = user.start(BASE), user.start(BASE + 10)
    assert len(second) == 32 and len(base64.b32decode(second)) == 20 and second != first
    assert user.pending(BASE + 10 + 599) == second and user.pending(BASE + 10 + 601) is None
    assert user.confirm(user.code(BASE + 10, key=first), BASE + 10).verdict is Verdict.WRONG
    late = user.confirm(user.code(BASE + 611, key=second), BASE + 611)
    assert late.verdict is Verdict.NOT_SET_UP and not user.two_factor()


def test_2fa_is_off_until_confirmed_then_key_and_confirming_code_are_spent(user: User) -> None:
    """SECURITY.md "pending setup", "after setup" (key never retrievable), "recovery codes" (10
    codes, 50 bits each), "replay" (enrol-confirm and login share last_step; RFC 6238 5.2)."""
    key = user.start(BASE)
    assert not user.two_factor()
    outcome = user.confirm(user.code(BASE, key=key), BASE)
    assert outcome.accepted and user.two_factor() and user.pending(BASE) is None
    assert len(set(user.shown())) == 10
    assert all(len(c) == recovery_codes.RECOVERY_CODE_LENGTH and set(c) <= set(recovery_codes.RECOVERY_ALPHABET)
               for c in user.shown())
    assert user.check(user.code(BASE, key=key), BASE + 5, device="another browser").verdict is Verdict.REPLAYED
    assert user.mail() == ["replay", "2fa_on"]


@pytest.mark.parametrize("steps", [-2, -1, 0, 1, 2])
def test_codes_one_step_either_side_pass_two_away_fail(enrolled: User, steps: int) -> None:
    """SECURITY.md "window": T-1, T, T+1 accepted, T-2, T+2 rejected (RFC 6238 section 5.2)."""
    ok = abs(steps) < 2
    times = range(LATER, LATER + 3000, 30)  # skip a time when T+2's code is by chance also T+1's
    now = next(t for t in times if ok or enrolled.code(t, steps) not in enrolled.window(t))
    verdict = enrolled.check(enrolled.code(now, steps), now).verdict
    assert verdict is {-2: Verdict.EXPIRED, 2: Verdict.EARLY}.get(steps, Verdict.ACCEPTED)


@pytest.mark.parametrize(("steps", "verdict"), [(-20, Verdict.EXPIRED), (-3, Verdict.EXPIRED), (3, Verdict.EARLY),
                                                (21, Verdict.EARLY), (22, Verdict.WRONG), (-22, Verdict.WRONG)])
def test_a_code_outside_the_window_is_told_apart_from_a_wrong_one(enrolled: User, steps: int,
                                                                   verdict: Verdict) -> None:
    """Issue 11: an expired code or a drifted clock is named as such (up to 10 minutes away); the
    refusal still counts like any other."""
    times = range(LATER, LATER + 3000, 30)  # a time when the code is no other nearby step's
    others = lambda t: {enrolled.code(t, n) for n in range(-22, 23) if n != steps}  # noqa: E731
    now = next(t for t in times if enrolled.code(t, steps) not in others(t))
    assert enrolled.check(enrolled.code(now, steps), now).verdict is verdict
    assert enrolled.column("failures") == 1


@pytest.mark.parametrize(("first", "second"), [(0, 0), (1, 1), (1, 0), (0, -1), (1, -1)])
def test_a_code_of_a_step_not_after_the_last_accepted_is_refused_and_reported(
    enrolled: User, first: int, second: int
) -> None:
    """SECURITY.md "replay": accepted only if its step is greater than last_step (RFC 6238 5.2); a
    code used by one browser and typed in another is an alarm (mailed)."""
    assert enrolled.check(enrolled.code(LATER, first), LATER).accepted
    assert enrolled.check(enrolled.code(LATER, second), LATER + 1, device="thief").verdict is Verdict.REPLAYED
    assert enrolled.column("failures") == 1 and enrolled.mail()[0] == "replay"


def test_a_code_typed_again_by_the_browser_that_used_it_is_refused_without_an_alarm(user: User) -> None:
    """Issue 21: confirming the new phone, then signing in with it in the same 30 seconds, is told
    to wait for the next code; nobody else saw it, so nothing is mailed."""
    key = user.start(BASE)
    assert user.confirm(user.code(BASE, key=key), BASE).accepted
    again = user.check(user.code(BASE, key=key), BASE + 5)
    assert again.verdict is Verdict.REPLAYED and "replay" not in user.mail()
    assert user.check(user.code(BASE + 30, key=key), BASE + 31).accepted


@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_after_n_refusals_the_account_waits_2_to_the_n_minus_1_s(enrolled: User, n: int) -> None:
    """SECURITY.md "brute force": after the n-th refused code in a row, wait 2^(n-1) s."""
    now = float(LATER)
    for i in range(1, n + 1):
        outcome = enrolled.check(enrolled.wrong(now), now)
        assert (outcome.verdict, outcome.wait_seconds) == (Verdict.WRONG, 2 ** (i - 1))
        now += 2 ** (i - 1)
    assert enrolled.check(enrolled.code(now), now).accepted
    assert (enrolled.column("failures"), enrolled.column("next_try_at")) == (0, 0)


@pytest.mark.parametrize("early", [0.1, 0.5, 1.0, 2.5])
def test_a_try_during_the_wait_is_not_read_not_counted_and_does_not_lengthen_it(enrolled: User,
                                                                               early: float) -> None:
    """Issue 10: a reader who retries a second too early is told what is left, not punished
    (django-otp's throttling does the same). Three refusals make a 4-second wait."""
    now = float(LATER)
    for wait in (1, 2, 4):
        assert enrolled.check(enrolled.wrong(now), now).wait_seconds == wait
        if wait < 4:
            now += wait
    ends = enrolled.column("next_try_at")
    retry = now + early
    waiting = enrolled.check(enrolled.code(retry), retry)
    assert (waiting.verdict, waiting.wait_seconds) == (Verdict.WAIT, math.ceil(4 - early))
    assert (enrolled.column("failures"), enrolled.column("next_try_at")) == (3, ends)
    assert enrolled.recover(enrolled.recovery_codes[0], retry).verdict is Verdict.WAIT
    assert (enrolled.column("failures"), enrolled.column("next_try_at")) == (3, ends)
    assert enrolled.check(enrolled.code(ends), ends).accepted


@pytest.mark.parametrize("now", [LATER + 0.25, LATER], ids=["float clock", "whole-second clock"])
def test_the_100th_refusal_in_a_row_locks_out_every_code(enrolled: User, now: float) -> None:
    """SECURITY.md "brute force" (NIST SP 800-63B 5.2.2): 100 failures in a row lock; user told.
    Waiting out 2^98 s is skipped by clearing the wait between refusals; the 64th refusal's 2^63 s
    wait must be stored with an int and a float clock alike (PEP 484: float admits int)."""
    for failures in (63, 98, 99):
        with enrolled.store.write() as db:
            db.execute("UPDATE accounts SET failures = ?, next_try_at = 0 WHERE id = ?", (failures - 1, enrolled.id))
        outcome = enrolled.check(enrolled.wrong(now), now)
        if failures != 99:
            assert (outcome.verdict, outcome.wait_seconds) == (Verdict.WRONG, 2 ** (failures - 1))
    with enrolled.store.write() as db:
        db.execute("UPDATE accounts SET next_try_at = 0 WHERE id = ?", (enrolled.id,))
    assert enrolled.check(enrolled.wrong(now), now).verdict is Verdict.LOCKED
    assert (enrolled.column("failures"), enrolled.column("locked")) == (100, 1)
    later = LATER + 10**6
    assert enrolled.check(enrolled.code(later), later).verdict is Verdict.LOCKED
    assert enrolled.recover(enrolled.recovery_codes[0], later).verdict is Verdict.LOCKED
    assert enrolled.mail().count("lockout") == 1


@pytest.mark.parametrize(
    "attempt", [User.check, User.disable, User.renew, User.recover], ids=lambda f: f.__name__
)
def test_every_code_check_shares_one_failure_counter(enrolled: User, attempt: Attempt) -> None:
    """SECURITY.md "brute force": every endpoint checking a code or recovery code shares it."""
    recovery = attempt is User.recover
    right = enrolled.recovery_codes[0] if recovery else enrolled.code(LATER)
    wrong = WRONG_RECOVERY if recovery else enrolled.wrong(LATER)
    assert attempt(enrolled, wrong, LATER).verdict is Verdict.WRONG
    assert enrolled.check(enrolled.code(LATER), LATER + 0.5).verdict is Verdict.WAIT
    assert enrolled.check(enrolled.wrong(LATER + 1), LATER + 1).verdict is Verdict.WRONG
    assert attempt(enrolled, right, LATER + 2).verdict is Verdict.WAIT
    assert enrolled.column("failures") == 2
    assert attempt(enrolled, right, LATER + 5).accepted
    assert enrolled.column("failures") == 0


def test_a_recovery_code_works_once_and_only_until_the_set_is_renewed(enrolled: User) -> None:
    """SECURITY.md "recovery codes": single use (NIST SP 800-63B 5.1.2.2); regenerating
    invalidates the old set."""
    spent, unused = enrolled.recovery_codes[:2]
    assert enrolled.recover(spent, LATER).accepted
    assert enrolled.mail()[0] == "recovery_code_used"
    assert enrolled.recover(spent, LATER + 1).verdict is Verdict.SPENT
    assert enrolled.column("failures") == 1 and enrolled.mail()[0] == "replay"
    renewed = enrolled.renew(enrolled.code(LATER + 2), LATER + 2)
    assert renewed.accepted and len(set(enrolled.shown())) == 10
    assert not set(enrolled.shown()) & set(enrolled.recovery_codes)
    assert enrolled.recover(unused, LATER + 2).verdict is Verdict.WRONG
    assert enrolled.recover(enrolled.shown()[0], LATER + 3).accepted


def test_recovery_codes_are_stored_only_as_salted_argon2id_hashes(enrolled: User) -> None:
    """SECURITY.md "recovery codes": stored as salted hashes (argon2id; NIST SP 800-63B 5.1.2.2).
    A set shares one salt, so a typed code is hashed once whatever the number of codes left."""
    query = "SELECT group_concat(code_hash, ' ') FROM recovery_codes WHERE account_id = :id"
    hashes = enrolled.value(query).split()
    assert len(set(hashes)) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    assert len({h.split("$")[4] for h in hashes}) == 1
    assert not any(c in h for c in enrolled.recovery_codes for h in hashes)


def test_a_recovery_code_attempt_costs_one_hash_and_none_while_the_account_waits(
    enrolled: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cheap checks first (lock, wait, 2FA on), then one argon2id hash, not one per code left."""
    hashed: list[str] = []
    real = recovery.hash_code
    monkeypatch.setattr(recovery, "hash_code", lambda code, salt: hashed.append(code) or real(code, salt))
    typed = enrolled.recovery_codes[0]
    assert enrolled.recover(WRONG_RECOVERY, LATER).verdict is Verdict.WRONG
    assert hashed == [WRONG_RECOVERY]
    assert enrolled.recover(typed, LATER + 0.5).verdict is Verdict.WAIT
    assert hashed == [WRONG_RECOVERY]
    assert enrolled.recover(typed, LATER + 1).accepted
    assert hashed.count(typed) == 1  # the rest are the new set's ten


def test_a_setup_confirmation_hashes_nothing_until_its_code_matches(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SECURITY.md "Cheap checks first": with nothing pending, a wrong code, a wait or a lock,
    ``POST /2fa/confirm`` answers without computing the ten recovery-code hashes."""
    hashed: list[str] = []
    real = recovery.hash_code
    monkeypatch.setattr(recovery, "hash_code", lambda code, salt: hashed.append(code) or real(code, salt))
    assert user.confirm("123456", BASE).verdict is Verdict.NOT_SET_UP
    pending = dataclasses.replace(user, key=user.start(BASE))
    assert pending.confirm(pending.wrong(BASE), BASE).verdict is Verdict.WRONG
    assert pending.confirm(pending.code(BASE), BASE + 0.5).verdict is Verdict.WAIT
    with pending.store.write() as db:
        db.execute("UPDATE accounts SET locked = 1 WHERE id = ?", (pending.id,))
    assert pending.confirm(pending.code(BASE + 1), BASE + 1).verdict is Verdict.LOCKED
    assert hashed == []
    with pending.store.write() as db:
        db.execute("UPDATE accounts SET locked = 0 WHERE id = ?", (pending.id,))
    assert pending.confirm(pending.code(BASE + 1), BASE + 1).accepted
    assert len(hashed) == recovery_codes.RECOVERY_CODE_COUNT


def test_turning_off_deletes_the_key_and_a_new_setup_issues_another(enrolled: User) -> None:
    """SECURITY.md "re-enrol": turning 2FA off deletes the key (and recovery codes and pending
    setup); a new setup issues a different key; the old key's codes are rejected."""
    enrolled.start(LATER, purpose="replace")
    assert enrolled.disable(enrolled.wrong(LATER), LATER).verdict is Verdict.WRONG
    assert enrolled.two_factor()
    assert enrolled.disable(enrolled.code(LATER + 1), LATER + 1).accepted
    assert enrolled.column("sealed_key") is None and not enrolled.two_factor()
    left = "SELECT (SELECT count(*) FROM recovery_codes WHERE account_id = :id) + "
    left += "(SELECT count(*) FROM pending_setups WHERE account_id = :id)"
    assert enrolled.value(left) == 0 and enrolled.mail()[0] == "2fa_off"
    key = enrolled.start(LATER + 1)
    assert key != enrolled.key
    assert enrolled.confirm(enrolled.code(LATER, 1), LATER + 1).verdict is Verdict.WRONG
    assert enrolled.confirm(enrolled.code(LATER + 2, key=key), LATER + 2).accepted
    later = LATER + 60
    assert enrolled.check(enrolled.code(later), later).verdict is Verdict.WRONG
    assert enrolled.check(enrolled.code(later + 1, key=key), later + 1).accepted


def test_support_reset_turns_two_factor_off_unlocks_and_asks_for_setup(enrolled: User) -> None:
    """SECURITY.md "brute force" (locked until recovery) by support's reset, route C: 2FA off,
    counters cleared, unlocked, setup asked for at the next sign-in."""
    for now in [LATER + 0.25] * 100:
        enrolled.check(enrolled.wrong(now), now)
    with enrolled.store.write() as db:
        twofactor.reset_by_support(db, enrolled.id)
    columns = ("failures", "next_try_at", "locked", "setup_required")
    assert tuple(enrolled.column(name) for name in columns) == (0, 0, 0, 1)
    codes = enrolled.value("SELECT count(*) FROM recovery_codes WHERE account_id = :id")
    assert not enrolled.two_factor() and codes == 0
    key = enrolled.start(LATER)
    assert enrolled.confirm(enrolled.code(LATER, key=key), LATER).accepted
    assert enrolled.column("setup_required") == 0


CROWDS: dict[str, tuple[Callable[[User], Outcome], int]] = {
    "the same code": (lambda user: user.check(user.code(LATER), LATER), 1),
    "wrong codes": (lambda user: user.check(user.wrong(LATER), LATER), 0),
    "the same recovery code": (lambda user: user.recover(user.recovery_codes[0], LATER), 1),
    "wrong recovery codes": (lambda user: user.recover(WRONG_RECOVERY, LATER), 0),
}


@pytest.mark.parametrize("crowd", CROWDS)
def test_50_codes_sent_at_once_are_read_one_per_wait(enrolled: User, crowd: str) -> None:
    """SECURITY.md "replay" (the same code sent twice at once succeeds exactly once) and "brute
    force": of 50 tries at once, one is read and refused (after an accepted one, if any); the
    rest arrive during the wait it starts, are not read and are not counted."""
    attempt, accepted = CROWDS[crowd]
    verdicts = at_once(50, lambda: attempt(enrolled))
    assert verdicts[Verdict.ACCEPTED] == accepted
    assert verdicts[Verdict.WRONG] + verdicts[Verdict.REPLAYED] + verdicts[Verdict.SPENT] == 1
    assert verdicts[Verdict.WAIT] == 50 - accepted - 1
    assert enrolled.column("failures") == 1


def test_moving_to_a_new_phone_swaps_the_key_on_confirmation_and_keeps_recovery_codes(enrolled: User) -> None:
    """Issue 10: after a recovery-code sign-in the reader sets 2FA up on a new phone. Until a code
    from the new key confirms it the old key works; from then on the old key's codes are refused,
    the new key's accepted, and the unused recovery codes (the set issued at the recovery, issue
    21) keep working."""
    assert twofactor.start_setup(enrolled.store, enrolled.vault, enrolled.id, LATER,
                                 session=enrolled.session) is None  # not an enrolment
    recovered = enrolled.recover(enrolled.recovery_codes[0], LATER)
    assert recovered.accepted and len(enrolled.shown()) == 10
    enrolled = dataclasses.replace(enrolled, recovery_codes=enrolled.shown())
    new_key = enrolled.start(LATER, purpose="replace")
    assert new_key != enrolled.key and enrolled.two_factor()
    assert enrolled.check(enrolled.code(LATER), LATER).accepted  # the old key, until confirmed
    assert enrolled.confirm(enrolled.code(LATER + 1, key=enrolled.key), LATER + 1).verdict is Verdict.WRONG
    later = LATER + 30
    assert enrolled.confirm(enrolled.code(later, key=new_key), later).accepted
    assert enrolled.pending(later) is None and enrolled.mail()[0] == "new_phone"
    after = later + 60
    assert enrolled.check(enrolled.code(after), after).verdict is Verdict.WRONG
    assert enrolled.check(enrolled.code(after + 2, key=new_key), after + 2).accepted
    assert recovery.codes_left(enrolled.store, enrolled.id) == 10
    assert enrolled.recover(enrolled.recovery_codes[1], after + 3).accepted


def test_recovery_codes_renew_with_an_unused_recovery_code_which_is_spent(enrolled: User) -> None:
    """Issue 10: renewing takes the password (checked by the route) plus a code or a recovery code."""
    renewed = enrolled.renew(enrolled.recovery_codes[0], LATER)
    assert renewed.accepted and not set(enrolled.shown()) & set(enrolled.recovery_codes)
    assert enrolled.recover(enrolled.recovery_codes[1], LATER + 1).verdict is Verdict.SPENT  # its set was replaced
    assert enrolled.mail()[:2] == ["replay", "recovery_codes_renewed"]


FACTOR_CHANGES: dict[str, Callable[[User, float], object]] = {
    "2FA turned off": lambda user, now: user.disable(user.code(now), now),
    "moved to a new phone": lambda user, now: user.confirm(
        user.code(now, key=user.start(now, purpose="replace")), now),
    "recovery codes renewed with a code": lambda user, now: user.renew(user.code(now), now),
    "recovery codes renewed with a recovery code": lambda user, now: user.renew(
        user.recovery_codes[0], now),
    "support's reset": lambda user, now: _support_reset(user),
    "password changed": lambda user, now: accounts.change_password(
        user.store, user.id, new="battery staple", now=now, keep=user.session),
    "signed out everywhere": lambda user, now: accounts.sign_out_everywhere(user.store, user.id, now),
}


def _support_reset(user: User) -> None:
    with user.store.write() as db:
        twofactor.reset_by_support(db, user.id)


KEEPS_ITS_OWN = {"support's reset": False, "signed out everywhere": False}
"""The changes made in the owner's session keep it (the route then renews its token); support's
reset and signing out everywhere end every session."""


@pytest.mark.parametrize("change", FACTOR_CHANGES)
def test_every_factor_change_ends_every_other_session_of_the_account(enrolled: User, change: str) -> None:
    """Issue 10 / SECURITY.md "Factor changes end other sessions": a phone that was signed in
    (stolen, say) is signed out by each change, and the account's credential version moves on,
    so a session made from a check before the change cannot be made any more (issue 21)."""
    others = [enrolled.sign_in_elsewhere(LATER) for _ in range(3)]
    version = enrolled.column("credential_version")
    assert enrolled.sessions() == 4
    FACTOR_CHANGES[change](enrolled, LATER)
    kept = KEEPS_ITS_OWN.get(change, True)
    assert enrolled.sessions() == int(kept)
    assert all(sessions.find_session(enrolled.store, token, role="user", now=LATER) is None for token in others)
    assert (sessions.find_session(enrolled.store, enrolled.session, role="user", now=LATER) is not None) is kept
    assert enrolled.column("credential_version") > version
    with pytest.raises(sessions.SessionGone):
        sessions.new_session(enrolled.store, sandbox_id=enrolled.sandbox_id, account_id=enrolled.id, role="user",
                             stage="full", now=LATER, version=version)


def test_the_first_setup_ends_other_sessions_too(user: User) -> None:
    other = user.sign_in_elsewhere(BASE)
    key = user.start(BASE)
    assert user.confirm(user.code(BASE, key=key), BASE).accepted
    assert user.sessions() == 1
    assert sessions.find_session(user.store, other, role="user", now=BASE) is None


MAIL: dict[str, tuple[Callable[[User, float], object], str]] = {
    "2FA turned off": (FACTOR_CHANGES["2FA turned off"], "2fa_off"),
    "a recovery code used": (lambda user, now: user.recover(user.recovery_codes[0], now), "recovery_code_used"),
    "a new phone enrolled": (FACTOR_CHANGES["moved to a new phone"], "new_phone"),
    "recovery codes renewed": (FACTOR_CHANGES["recovery codes renewed with a code"], "recovery_codes_renewed"),
    "password changed": (FACTOR_CHANGES["password changed"], "password_changed"),
    "signed out everywhere": (FACTOR_CHANGES["signed out everywhere"], "signed_out_everywhere"),
}


@pytest.mark.parametrize("event", MAIL)
def test_each_security_change_sends_a_mail_with_not_you_advice(enrolled: User, event: str) -> None:
    """Issue 10: the simulated inbox gets a mail for each change, of a kind that carries advice."""
    action, kind = MAIL[event]
    action(enrolled, LATER)
    assert enrolled.mail()[0] == kind and kind in inbox.WARNINGS


def test_a_pending_setup_is_seen_and_confirmed_only_by_the_session_that_started_it(user: User) -> None:
    """Issue 21: a pending setup belongs to its session, not to the account."""
    other = user.sign_in_elsewhere(BASE)
    key = user.start(BASE)
    assert user.pending(BASE, session=other) is None and user.pending(BASE) == key
    assert user.confirm(user.code(BASE, key=key), BASE, session=other).verdict is Verdict.NOT_SET_UP
    assert user.confirm(user.code(BASE, key=key), BASE).accepted


def test_starting_a_move_ends_the_other_sessions_and_their_setups_and_mails(enrolled: User) -> None:
    other = enrolled.sign_in_elsewhere(LATER)
    enrolled.start(LATER, purpose="replace")
    assert sessions.find_session(enrolled.store, other, role="user", now=LATER) is None
    assert enrolled.mail()[0] == "move_started" and enrolled.pending(LATER) is not None


def test_a_reported_phone_is_suspended_until_2fa_moves(enrolled: User) -> None:
    """NIST SP 800-63B-4 section 4.3: the reported phone's codes are refused at once, unread and
    uncounted, every session ends, and the owner is mailed; a recovery code still works, and the
    move to a new phone ends the suspension."""
    twofactor.report_lost_phone(enrolled.store, enrolled.id, LATER)
    assert enrolled.sessions() == 0 and enrolled.mail()[0] == "phone_reported"
    assert enrolled.check(enrolled.code(LATER), LATER).verdict is Verdict.SUSPENDED
    assert enrolled.column("failures") == 0
    owner = dataclasses.replace(enrolled, session=enrolled.sign_in_elsewhere(LATER))
    assert owner.renew(owner.code(LATER), LATER).verdict is Verdict.SUSPENDED
    recovered = owner.recover(owner.recovery_codes[0], LATER)
    assert recovered.accepted
    new_key = owner.start(LATER, purpose="replace")
    assert owner.confirm(owner.code(LATER, key=new_key), LATER).accepted
    assert owner.column("key_suspended") == 0
    assert owner.check(owner.code(LATER + 30, key=new_key), LATER + 30).accepted


def test_turning_off_takes_a_recovery_code_as_the_second_factor(enrolled: User) -> None:
    assert enrolled.disable(WRONG_RECOVERY, LATER).verdict is Verdict.WRONG
    assert enrolled.disable(enrolled.recovery_codes[0], LATER + 1).accepted
    assert not enrolled.two_factor() and enrolled.mail()[0] == "2fa_off"


def test_a_recovery_sign_in_replaces_the_set_and_ends_the_other_sessions(enrolled: User) -> None:
    """NIST SP 800-63B-4 section 4.2.1.1: a used saved code is invalidated and a new one issued,
    with a notification; here the whole set is replaced, so the reader keeps one list."""
    other = enrolled.sign_in_elsewhere(LATER)
    recovered = enrolled.recover(enrolled.recovery_codes[0], LATER)
    new_set = enrolled.shown()
    assert recovered.accepted and len(set(new_set)) == 10
    assert sessions.find_session(enrolled.store, other, role="user", now=LATER) is None
    assert sessions.find_session(enrolled.store, enrolled.session, role="user", now=LATER) is not None
    assert not set(new_set) & set(enrolled.recovery_codes)
    assert enrolled.recover(enrolled.recovery_codes[1], LATER + 1).verdict is Verdict.SPENT
    assert enrolled.recover(new_set[0], LATER + 2).accepted
