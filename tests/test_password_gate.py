"""demo/rules/password_gate.py: one counter per sign-in name for every password check (NIST SP 800-63B-4
section 3.2.2), the wait schedule and its cap, and a crowd counted once per wait."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from content import limits
from demo.rules import accounts, inbox, sandboxes
from demo.rules.password_gate import PasswordVerdict, check_password, wait_after
from demo.storage.store import Store

NOW = 1_800_000_000.0


@pytest.fixture
def named(tmp_path: Path) -> tuple[Store, str, str]:
    store = Store(tmp_path / "demo.sqlite3")
    _, sandbox = sandboxes.new_sandbox(store, NOW)
    account = accounts.create_account(store, sandbox_id=sandbox.id, email="hanako@example.jp",
                                      password="correct horse", now=NOW)
    return store, sandbox.id, account.id


@pytest.mark.parametrize(("failures", "wait"), [(1, 1), (2, 2), (9, 256), (10, limits.PASSWORD_WAIT_MAX),
                                                (99, limits.PASSWORD_WAIT_MAX),
                                                (100, limits.PASSWORD_LOCK_SECONDS),
                                                (150, limits.PASSWORD_LOCK_SECONDS)])
def test_the_wait_doubles_then_levels_then_the_cap_waits_half_a_day(failures: int, wait: int) -> None:
    assert wait_after(failures) == wait


def test_every_purpose_shares_the_one_counter(named: tuple[Store, str, str]) -> None:
    store, sandbox_id, account_id = named
    first = check_password(store, password="no", now=NOW, purpose="sign_in", sandbox_id=sandbox_id,
                           email="hanako@example.jp")
    assert first.verdict is PasswordVerdict.WRONG and first.wait_seconds == 1
    during = check_password(store, password="correct horse", now=NOW + 0.5, purpose="step_up", account_id=account_id)
    assert during.verdict is PasswordVerdict.WAIT  # not read: even the right one waits
    second = check_password(store, password="no", now=NOW + 1, purpose="report", account_id=account_id)
    assert second.wait_seconds == 2
    right = check_password(store, password="correct horse", now=NOW + 3, purpose="step_up", account_id=account_id)
    assert right.accepted and right.account_id == account_id
    again = check_password(store, password="no", now=NOW + 3, purpose="sign_in", sandbox_id=sandbox_id,
                           email="hanako@example.jp")
    assert again.wait_seconds == 1  # the right password cleared the count


def test_an_unknown_email_waits_like_a_known_one_and_mails_nobody(named: tuple[Store, str, str]) -> None:
    """Unknown user and wrong password answer alike (SECURITY.md "Sessions, CSRF, headers")."""
    store, sandbox_id, _ = named
    for now in (NOW, NOW + 1):
        known = check_password(store, password="no", now=now, purpose="sign_in", sandbox_id=sandbox_id,
                               email="hanako@example.jp")
        unknown = check_password(store, password="no", now=now, purpose="sign_in", sandbox_id=sandbox_id,
                                 email="taro@example.jp")
        assert (known.verdict, known.wait_seconds) == (unknown.verdict, unknown.wait_seconds)
        assert unknown.account_id is None


def test_the_owner_is_mailed_after_a_few_failures_and_at_the_cap(named: tuple[Store, str, str]) -> None:
    store, sandbox_id, account_id = named
    now = NOW
    for _ in range(limits.LOCK_AFTER):
        outcome = check_password(store, password="no", now=now, purpose="step_up", account_id=account_id)
        now += outcome.wait_seconds
    with store.read() as db:
        kinds = [message.kind for message in inbox.list_messages(db, sandbox_id)]
    assert kinds == ["password_locked", "password_failures"]
    assert check_password(store, password="correct horse", now=now - 1, purpose="sign_in",
                          account_id=account_id).verdict is PasswordVerdict.WAIT
    assert check_password(store, password="correct horse", now=now, purpose="sign_in", account_id=account_id).accepted


def test_a_crowd_of_wrong_passwords_is_counted_once_per_wait(named: tuple[Store, str, str]) -> None:
    store, _, account_id = named
    barrier = threading.Barrier(12)

    def attempt() -> PasswordVerdict:
        barrier.wait(5)
        return check_password(store, password="no", now=NOW, purpose="step_up", account_id=account_id).verdict

    with ThreadPoolExecutor(max_workers=12) as pool:
        verdicts = Counter(future.result(20) for future in [pool.submit(attempt) for _ in range(12)])
    assert verdicts == Counter({PasswordVerdict.WRONG: 1, PasswordVerdict.WAIT: 11})
