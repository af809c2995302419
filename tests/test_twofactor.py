"""demo/twofactor.py: setup, the window, replay, throttling, recovery codes, turning 2FA off.

Domain level: a real Store in tmp_path, a real Vault and explicit server times.
"""

from __future__ import annotations

import base64
import dataclasses
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from demo import accounts, inbox, otp, sandboxes, twofactor
from demo.normalise import RECOVERY_ALPHABET
from demo.store import Store
from demo.twofactor import Outcome, Verdict
from demo.vault import Vault

BASE = 1_800_000_000  # a step boundary: every account enrols here
LATER = BASE + 300 + 7  # ten steps on, inside a step: T-1, T, T+1 all after the enrolment's
WRONG_RECOVERY = "2" * 11
Attempt = Callable[["User", str, float], Outcome]


@dataclasses.dataclass(frozen=True)
class User:
    """One account in its own store, and shortcuts to what the tests call and read."""

    store: Store
    vault: Vault
    id: str
    sandbox_id: str
    key: str = ""
    recovery_codes: tuple[str, ...] = ()

    def code(self, now: float, steps: int = 0, key: str = "") -> str:
        return otp.code_at(key or self.key, int(now) + steps * otp.STEP_SECONDS)

    def window(self, now: float) -> set[str]:
        return {self.code(now, steps) for steps in (-1, 0, 1)}

    def wrong(self, now: float) -> str:
        """Six digits that are the code of no step in the window around ``now``."""
        return next(c for c in map("{:06d}".format, range(4)) if c not in self.window(now))

    def start(self, now: float) -> str:
        return twofactor.start_setup(self.store, self.vault, self.id, now)

    def pending(self, now: float) -> str | None:
        return twofactor.pending_secret(self.store, self.vault, self.id, now)

    def confirm(self, code: str, now: float) -> Outcome:
        return twofactor.confirm_setup(self.store, self.vault, self.id, code, now)

    def check(self, code: str, now: float) -> Outcome:
        return twofactor.check_code(self.store, self.vault, self.id, code, now)

    def disable(self, code: str, now: float) -> Outcome:
        return twofactor.disable(self.store, self.vault, self.id, code, now)

    def renew(self, code: str, now: float) -> Outcome:
        return twofactor.renew_recovery_codes(self.store, self.vault, self.id, code, now)

    def recover(self, code: str, now: float) -> Outcome:
        return twofactor.check_recovery_code(self.store, self.id, code, now)

    def value(self, query: str) -> Any:
        """The one value ``query`` selects, with ``:id`` bound to the account's id."""
        with self.store.read() as db:
            return db.execute(query, {"id": self.id}).fetchone()[0]

    def column(self, name: str) -> Any:
        return self.value(f"SELECT {name} FROM accounts WHERE id = :id")

    def mail(self) -> list[str]:
        with self.store.read() as db:
            return [message.kind for message in inbox.list_messages(db, self.sandbox_id)]

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
    return User(store, Vault(secrets.token_bytes(32)), account.id, sandbox.id)


@pytest.fixture
def enrolled(user: User) -> User:
    key = user.start(BASE)
    outcome = user.confirm(user.code(BASE, key=key), BASE)
    assert outcome.accepted
    return dataclasses.replace(user, key=key, recovery_codes=outcome.recovery_codes)


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
    assert len(set(outcome.recovery_codes)) == 10
    assert all(len(c) == 11 and set(c) <= set(RECOVERY_ALPHABET) for c in outcome.recovery_codes)
    assert user.check(user.code(BASE, key=key), BASE + 5).verdict is Verdict.REPLAYED
    assert user.mail() == ["replay", "2fa_on"]


@pytest.mark.parametrize("steps", [-2, -1, 0, 1, 2])
def test_codes_one_step_either_side_pass_two_away_fail(enrolled: User, steps: int) -> None:
    """SECURITY.md "window": T-1, T, T+1 accepted, T-2, T+2 rejected (RFC 6238 section 5.2)."""
    ok = abs(steps) < 2
    times = range(LATER, LATER + 3000, 30)  # skip a time when T+2's code is by chance also T+1's
    now = next(t for t in times if ok or enrolled.code(t, steps) not in enrolled.window(t))
    verdict = enrolled.check(enrolled.code(now, steps), now).verdict
    assert verdict is (Verdict.ACCEPTED if ok else Verdict.WRONG)


@pytest.mark.parametrize(("first", "second"), [(0, 0), (1, 1), (1, 0), (0, -1), (1, -1)])
def test_a_code_of_a_step_not_after_the_last_accepted_is_refused_and_reported(
    enrolled: User, first: int, second: int
) -> None:
    """SECURITY.md "replay": accepted only if its step is greater than last_step (RFC 6238 5.2)."""
    assert enrolled.check(enrolled.code(LATER, first), LATER).accepted
    assert enrolled.check(enrolled.code(LATER, second), LATER + 1).verdict is Verdict.REPLAYED
    assert enrolled.column("failures") == 1 and enrolled.mail()[0] == "replay"


@pytest.mark.parametrize("n", [1, 2, 3, 6])
def test_after_n_refusals_the_account_waits_2_to_the_n_minus_1_s(enrolled: User, n: int) -> None:
    """SECURITY.md "brute force": wait 2^(n-1) s; a code sent meanwhile is not read, and counts."""
    now = float(LATER)
    for i in range(1, n + 1):
        outcome = enrolled.check(enrolled.wrong(now), now)
        assert (outcome.verdict, outcome.wait_seconds) == (Verdict.WRONG, 2 ** (i - 1))
        now += 2 ** (i - 1)
    early = now - 0.5
    waiting = enrolled.check(enrolled.code(early), early)
    assert (waiting.verdict, waiting.wait_seconds) == (Verdict.WAIT, 2**n)
    assert enrolled.column("failures") == n + 1
    after = early + 2**n
    assert enrolled.check(enrolled.code(after), after).accepted
    assert (enrolled.column("failures"), enrolled.column("next_try_at")) == (0, 0)


@pytest.mark.parametrize("now", [LATER + 0.25, LATER], ids=["float clock", "whole-second clock"])
def test_the_100th_refusal_in_a_row_locks_out_every_code(enrolled: User, now: float) -> None:
    """SECURITY.md "brute force" (NIST SP 800-63B 5.2.2): 100 failures in a row lock; user told.
    ``now: float`` admits an int (PEP 484): the 64th refusal's 2^63 s wait must work with both."""
    verdicts = [enrolled.check(enrolled.wrong(now), now).verdict for _ in range(100)]
    assert verdicts[0] is Verdict.WRONG and set(verdicts[1:99]) == {Verdict.WAIT}
    assert verdicts[99] is Verdict.LOCKED
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
    assert enrolled.check(enrolled.code(LATER), LATER).verdict is Verdict.WAIT
    assert attempt(enrolled, right, LATER + 1).verdict is Verdict.WAIT
    assert enrolled.column("failures") == 3
    assert attempt(enrolled, right, LATER + 5).accepted
    assert enrolled.column("failures") == 0


def test_a_recovery_code_works_once_and_only_until_the_set_is_renewed(enrolled: User) -> None:
    """SECURITY.md "recovery codes": single use (NIST SP 800-63B 5.1.2.2); regenerating
    invalidates the old set."""
    spent, unused = enrolled.recovery_codes[:2]
    assert enrolled.recover(spent, LATER).accepted
    assert enrolled.recover(spent, LATER + 1).verdict is Verdict.WRONG
    assert enrolled.column("failures") == 1 and enrolled.mail()[0] == "recovery_code_used"
    renewed = enrolled.renew(enrolled.code(LATER + 2), LATER + 2)
    assert renewed.accepted and len(set(renewed.recovery_codes)) == 10
    assert not set(renewed.recovery_codes) & set(enrolled.recovery_codes)
    assert enrolled.recover(unused, LATER + 2).verdict is Verdict.WRONG
    assert enrolled.recover(renewed.recovery_codes[0], LATER + 3).accepted


def test_recovery_codes_are_stored_only_as_salted_argon2id_hashes(enrolled: User) -> None:
    """SECURITY.md "recovery codes": stored as salted hashes (argon2id; NIST SP 800-63B 5.1.2.2)."""
    query = "SELECT group_concat(code_hash, ' ') FROM recovery_codes WHERE account_id = :id"
    hashes = enrolled.value(query).split()
    assert len(set(hashes)) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(c in h for c in enrolled.recovery_codes for h in hashes)


def test_turning_off_deletes_the_key_and_a_new_setup_issues_another(enrolled: User) -> None:
    """SECURITY.md "re-enrol": turning 2FA off deletes the key (and recovery codes and pending
    setup); a new setup issues a different key; the old key's codes are rejected."""
    enrolled.start(LATER)
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


CROWDS: dict[str, tuple[int, Callable[[User], Outcome], int]] = {
    "the same code": (50, lambda user: user.check(user.code(LATER), LATER), 1),
    "wrong codes": (50, lambda user: user.check(user.wrong(LATER), LATER), 0),
    "the same recovery code": (10, lambda user: user.recover(user.recovery_codes[0], LATER), 1),
    "wrong recovery codes": (10, lambda user: user.recover(WRONG_RECOVERY, LATER), 0),
}


@pytest.mark.parametrize("crowd", CROWDS)
def test_codes_sent_at_once_all_count_and_are_read_once(enrolled: User, crowd: str) -> None:
    """SECURITY.md "replay" (the same code sent twice at once succeeds exactly once) and "brute
    force" (no lost increment; while the account waits no code or recovery code is read)."""
    count, attempt, accepted = CROWDS[crowd]
    verdicts = at_once(count, lambda: attempt(enrolled))
    assert verdicts[Verdict.ACCEPTED] == accepted
    assert verdicts[Verdict.WAIT] == count - accepted - 1  # one refusal read, then the wait
    assert enrolled.column("failures") == count - accepted
