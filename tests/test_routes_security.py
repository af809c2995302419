"""Issue 21 over HTTP: the thief in our threat model (a signed-in stolen phone), step-up, pending
setups that belong to their session, recovery as a recovery, reporting a lost phone, password
throttling, the race of a password change, and flashes that keep no secret."""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from content import limits
from content.catalog import catalog
from demo.rules.sessions import Session
from demo.storage.store import Store
from demo.storage.vault import Vault
from demo.web import guards
from otp_core import totp
from server.settings import Settings
from tests.demo_client import Clock, Visitor, key_on, refused

PASSWORD = "correct horse"
EMAIL = "hanako@example.com"
STALE = limits.STEP_UP_SECONDS + 60
"""Long enough after a password that a session must confirm it again."""


def mail_kinds(visitor: Visitor) -> list[str]:
    """The inbox's messages, newest first."""
    return re.findall(r'data-kind="(\w+)"', visitor.get("/demo/inbox").text)


def enrolled_with_a_signed_in_phone(visitor: Visitor) -> Visitor:
    """The owner enrols; their phone signs in too (password and code), and then the phone is
    stolen: the thief's session holds the phone's codes but not the password, and the password
    was typed there longer ago than a step-up lasts."""
    visitor.sign_up()
    visitor.set_up_two_factor()
    phone = visitor.another_browser()
    assert phone.sign_in_with_code().url.path == "/demo/account"
    visitor.clock.advance(STALE)
    return phone


def test_a_signed_in_stolen_phone_cannot_turn_2fa_off_or_bind_its_own_app(visitor: Visitor) -> None:
    """The first outside finding: the phone's code alone turned 2FA off, then setting up again
    bound the thief's app. Now every factor change needs the password in this session."""
    thief = enrolled_with_a_signed_in_phone(visitor)
    page = thief.get("/demo/account")
    assert 'data-stepped-up="no"' in page.text and 'action="/demo/2fa/disable"' not in page.text
    off = thief.post("/demo/2fa/disable", {"proof": thief.code()})
    assert refused(off) and 'data-two-factor="on"' in off.text
    assert catalog("ja")["error.step_up.needed"] in off.text
    for path in ("/demo/2fa/replace", "/demo/2fa/recovery-codes", "/demo/sign-out-everywhere", "/demo/2fa/setup"):
        assert thief.post(path, {"proof": thief.code()}).url.path in ("/demo/account", "/demo/2fa/setup"), path
    assert 'data-two-factor="on"' in visitor.get("/demo/account").text  # the owner's 2FA is untouched
    assert visitor.get("/demo/account").url.path == "/demo/account"  # still signed in
    assert "2fa_off" not in mail_kinds(visitor)


def test_the_owner_with_the_password_steps_up_and_the_window_closes_again(visitor: Visitor) -> None:
    visitor.sign_up()
    visitor.set_up_two_factor()
    visitor.clock.advance(STALE)
    assert 'data-stepped-up="no"' in visitor.get("/demo/account").text
    confirmed = visitor.post("/demo/step-up", {"password": PASSWORD})
    assert 'data-stepped-up="yes"' in confirmed.text and catalog("ja")["done.stepped_up"] in confirmed.text
    visitor.clock.advance(limits.STEP_UP_SECONDS + 1)
    assert 'data-stepped-up="no"' in visitor.get("/demo/account").text


def test_wrong_step_up_passwords_end_the_session(visitor: Visitor) -> None:
    """Whoever holds the session and does not know the password is signed out after a few tries."""
    thief = enrolled_with_a_signed_in_phone(visitor)
    for attempt in range(limits.STEP_UP_TRIES):
        thief.clock.advance(limits.PASSWORD_WAIT_MAX)  # past the password gate's wait each time
        page = thief.post("/demo/step-up", {"password": f"guess {attempt}"})
    assert page.url.path == "/demo/sign-in" and "signed_out=step_up" in str(page.url)
    assert thief.get("/demo/account").url.path == "/demo/sign-in"
    assert visitor.get("/demo/account").url.path == "/demo/account"  # the owner's session is another


def test_a_pending_setup_belongs_to_the_session_that_started_it(visitor: Visitor) -> None:
    """The second outside finding: another live session read the pending key, the backup sheet,
    and confirmed the setup. Here the other session knows the password too (it signed in), and
    still sees no key and cannot confirm."""
    visitor.sign_up()
    other = visitor.another_browser()
    assert other.sign_in().url.path == "/demo/account"
    key = key_on(visitor.post("/demo/2fa/setup"))
    page = other.get("/demo/2fa/setup")
    assert "data-key" not in page.text and key not in page.text.replace(" ", "")
    assert key not in other.get("/demo/2fa/setup/sheet").text.replace(" ", "")
    taken = other.post("/demo/2fa/confirm", {"code": totp.code_at(key, int(visitor.clock.now))})
    assert refused(taken) and catalog("ja")["error.verdict.not_set_up"] in taken.text
    assert 'data-two-factor="off"' in other.get("/demo/account").text
    done = visitor.post("/demo/2fa/confirm", {"code": totp.code_at(key, int(visitor.clock.now))})
    assert "data-recovery-codes" in done.text  # the session that started it finishes it


def test_starting_a_move_signs_out_every_other_session_and_mails_the_owner(visitor: Visitor) -> None:
    phone = enrolled_with_a_signed_in_phone(visitor)
    visitor.post("/demo/step-up", {"password": PASSWORD})
    assert "data-replacing" in visitor.post("/demo/2fa/replace").text
    assert phone.get("/demo/2fa/setup").url.path == "/demo/sign-in"
    assert mail_kinds(visitor)[0] == "move_started"


def test_a_recovery_code_sign_in_is_a_recovery(visitor: Visitor) -> None:
    """Every other session ends, the owner is mailed, and the next screen is a new set of codes,
    shown until saved (the old set is refused), then the move to the new phone."""
    phone = enrolled_with_a_signed_in_phone(visitor)
    old = list(visitor.recovery_codes)
    visitor.post("/demo/sign-out")
    visitor.sign_in()
    secure = visitor.post("/demo/sign-in/recovery", {"recovery_code": old[0]})
    assert secure.url.path == "/demo/2fa/recovery-codes" and "data-securing" in secure.text
    assert phone.get("/demo/account").url.path == "/demo/sign-in"
    assert mail_kinds(visitor)[0] == "recovery_code_used"
    new = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", secure.text)
    assert len(set(new)) == 10 and not set(new) & set(old)
    assert visitor.get("/demo/account").url.path == "/demo/2fa/recovery-codes"  # saved first
    saved = visitor.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})
    assert saved.url.path == "/demo/account" and 'action="/demo/2fa/replace"' in saved.text
    visitor.post("/demo/sign-out")
    visitor.sign_in()
    stale = visitor.post("/demo/sign-in/recovery", {"recovery_code": old[1]})
    assert refused(stale) and 'data-refused="error.verdict.spent"' in stale.text


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_lost_phone_is_reported_with_the_password_alone(visitor: Visitor, language: str) -> None:
    """NIST SP 800-63B-4 section 4.3 (loss and theft): from any browser, no code needed; the
    phone's codes are refused at once and every session ends, the thief's included."""
    visitor.get(f"/demo/?lang={language}")
    t = catalog(language)
    thief = enrolled_with_a_signed_in_phone(visitor)
    visitor.post("/demo/sign-out")
    library = visitor.another_browser()  # a borrowed computer: never signed in here
    wrong = library.post("/demo/report-phone", {"email": EMAIL, "password": "not it"})
    assert refused(wrong) and t["error.sign_in.failed"] in wrong.text
    library.clock.advance(1)
    done = library.post("/demo/report-phone", {"email": EMAIL, "password": PASSWORD})
    assert done.url.path == "/demo/sign-in" and t["signed_out.reported"] in done.text
    assert thief.get("/demo/account").url.path == "/demo/sign-in"
    assert mail_kinds(library)[0] == "phone_reported"
    # The thief knows no password; the owner, signing in, is offered the recovery code only.
    page = library.sign_in()
    assert "data-suspended" in page.text and 'action="/demo/sign-in/code"' not in page.text
    refused_code = library.post("/demo/sign-in/code", {"code": library.code()})
    assert refused(refused_code) and 'data-refused="error.verdict.suspended"' in refused_code.text
    library.clock.advance(totp.STEP_SECONDS)
    secure = library.post("/demo/sign-in/recovery", {"recovery_code": visitor.recovery_codes[0]})
    assert "data-securing" in secure.text
    library.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})
    new_key = key_on(library.post("/demo/2fa/replace"))
    assert library.post("/demo/2fa/confirm", {"code": library.code(key=new_key)}).url.path == "/demo/account"
    library.clock.advance(totp.STEP_SECONDS)
    library.post("/demo/sign-out")
    library.sign_in()
    stolen = library.post("/demo/sign-in/code", {"code": library.code(key=visitor.key)})
    assert refused(stolen) and 'data-refused="error.verdict.wrong"' in stolen.text
    library.clock.advance(1)
    assert library.post("/demo/sign-in/code", {"code": library.code(key=new_key)}).url.path == "/demo/account"


def test_a_code_used_again_by_its_own_browser_waits_quietly_and_from_another_raises_the_alarm(
        visitor: Visitor) -> None:
    """Confirming the new phone, then signing in with it in the same 30 seconds: "wait for the
    next code", and no mail saying someone saw the code. The same code from another browser mails."""
    visitor.sign_up()
    key = key_on(visitor.post("/demo/2fa/setup"))
    visitor.key = key
    code = visitor.code()
    visitor.post("/demo/2fa/confirm", {"code": code})
    visitor.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})
    visitor.post("/demo/sign-out")
    visitor.sign_in()
    again = visitor.post("/demo/sign-in/code", {"code": code})
    assert refused(again) and 'data-refused="error.verdict.replayed"' in again.text
    assert "replay" not in mail_kinds(visitor)
    other = visitor.another_browser()
    other.sign_in()
    visitor.clock.advance(2)
    assert refused(other.post("/demo/sign-in/code", {"code": code}))
    assert mail_kinds(visitor)[0] == "replay"


def test_a_refused_form_keeps_no_password_code_or_recovery_code(demo: tuple[TestClient, Clock, Settings]) -> None:
    """The outside finding: a valid recovery code typed during a wait was kept in the flash for 30
    minutes and written back into the page, even after it was used."""
    client, clock, settings = demo
    visitor = Visitor(client, clock)
    visitor.sign_up()
    visitor.set_up_two_factor()
    visitor.post("/demo/sign-out")
    visitor.sign_in()
    visitor.post("/demo/sign-in/code", {"code": "000000" if visitor.code() != "000000" else "111111"})
    during_wait = visitor.post("/demo/sign-in/recovery", {"recovery_code": visitor.recovery_codes[0]})
    assert refused(during_wait) and 'data-refused="error.verdict.wait"' in during_wait.text
    assert visitor.recovery_codes[0] not in during_wait.text
    wrong_password = visitor.post("/demo/password", {"current_password": "not it", "new_password": "x" * 12})
    assert "not it" not in wrong_password.text
    vault = Vault.open(settings.key_file, create=False)
    with Store(settings.data_dir / "demo.sqlite3").read() as db:
        rows = db.execute("SELECT id, sandbox_id, sealed FROM flashes").fetchall()
    kept = [vault.unseal_for(row["sealed"], purpose="flash", owner=f"{row['sandbox_id']}\n{row['id']}").decode()
            for row in rows]
    assert kept and not any(secret in text for text in kept
                            for secret in (visitor.recovery_codes[0], "not it", PASSWORD))


def throttle(settings: Settings) -> tuple[int, float]:
    with Store(settings.data_dir / "demo.sqlite3").read() as db:
        row = db.execute("SELECT failures, next_try_at FROM password_throttle").fetchone()
    return (row["failures"], row["next_try_at"]) if row else (0, 0.0)


@pytest.mark.long
def test_400_wrong_passwords_across_sign_in_and_the_step_ups_meet_waits_and_the_cap(
        demo: tuple[TestClient, Clock, Settings]) -> None:
    """NIST SP 800-63B-4 section 3.2.2: one counter for sign-in, every step-up and the phone report;
    a try during a wait is refused unread; at the cap the owner is mailed and the right password
    waits too; a wrong step-up password is a `step_up_failed` event that names the account."""
    client, clock, settings = demo
    owner = Visitor(client, clock)
    owner.sign_up()
    sessions = [owner.another_browser() for _ in range(4)]
    for session in sessions:
        session.sign_in()
    owner.post("/demo/sign-out")
    wrong = lambda n: f"wrong guess {n}"  # noqa: E731
    sends = [
        lambda n: owner.another_browser().sign_in(password=wrong(n)),
        lambda n: owner.another_browser().post("/demo/report-phone", {"email": EMAIL, "password": wrong(n)}),
        lambda n: sessions[n % len(sessions)].post("/demo/step-up", {"password": wrong(n)}),
        lambda n: sessions[n % len(sessions)].post("/demo/password",
                                                   {"current_password": wrong(n), "new_password": "y" * 12}),
    ]
    answers = {"counted": 0, "waited": 0}
    for n in range(400):
        before = throttle(settings)[0]
        sends[n % 4 if n < 40 else n % 2](n)  # the sessions' step-ups first, while the sessions live
        answers["counted" if throttle(settings)[0] > before else "waited"] += 1
        if n % 2 and throttle(settings)[0] < limits.LOCK_AFTER:  # every other try after its wait
            clock.now = max(clock.now, throttle(settings)[1])
    failures, next_try = throttle(settings)
    assert failures == limits.LOCK_AFTER and answers["counted"] == limits.LOCK_AFTER
    assert answers["waited"] == 400 - limits.LOCK_AFTER
    assert next_try - clock.now > limits.PASSWORD_WAIT_MAX  # the cap's wait, not an ordinary one
    assert mail_kinds(owner)[:2] == ["password_locked", "password_failures"]
    events = [json.loads(line) for line in (settings.data_dir / "events.log").read_text().splitlines()]
    step_ups = [event for event in events if event["event"] == "step_up_failed"]
    assert step_ups and all(event.get("account") for event in step_ups)
    assert all(session.get("/demo/account").url.path == "/demo/sign-in" for session in sessions)
    late = owner.another_browser()
    clock.now = next_try - 1
    waiting = late.sign_in()  # the right password, during the cap's wait
    assert refused(waiting) and catalog("ja")["error.password.wait"] in waiting.text
    clock.now = next_try
    assert late.sign_in().url.path == "/demo/account"


def test_changing_the_password_while_sign_ins_are_in_flight_leaves_none_of_them(
        demo: tuple[TestClient, Clock, Settings], monkeypatch: pytest.MonkeyPatch) -> None:
    """The outside finding: 2 to 8 of 8 sign-ins in flight with the old password kept their
    sessions after the change. The credential version is checked where the session is made.

    A busy server can pause a request anywhere; here each sign-in pauses between its password
    check and the making of its session, which is where the old code let the change slip in."""
    real_new_session = guards.new_session

    def busy(*args: Any, **kwargs: Any) -> Session:
        time.sleep(0.05)
        return real_new_session(*args, **kwargs)

    monkeypatch.setattr(guards, "new_session", busy)
    client, clock, settings = demo
    owner = Visitor(client, clock)
    owner.sign_up()
    for round_ in range(4):
        new_password = f"new password {round_}"
        old_password = PASSWORD if round_ == 0 else f"new password {round_ - 1}"
        browsers = [owner.another_browser() for _ in range(8)]
        start = threading.Barrier(len(browsers) + 1)

        def sign_in(browser: Visitor, password: str, start: threading.Barrier) -> httpx.Response:
            start.wait(10)
            return browser.sign_in(password=password)

        def change(old: str, new: str, start: threading.Barrier) -> httpx.Response:
            start.wait(10)
            return owner.post("/demo/password", {"current_password": old, "new_password": new})

        with ThreadPoolExecutor(max_workers=len(browsers) + 1) as pool:
            signing = [pool.submit(sign_in, browser, old_password, start) for browser in browsers]
            changed = pool.submit(change, old_password, new_password, start)
            assert changed.result(30).url.path == "/demo/account"
            [future.result(30) for future in signing]
        survivors = [b for b in browsers if b.get("/demo/account").url.path == "/demo/account"]
        with Store(settings.data_dir / "demo.sqlite3").read() as db:
            alive = db.execute("SELECT count(*) FROM sessions WHERE role = 'user'").fetchone()[0]
        assert survivors == [] and alive == 1, f"round {round_}: {len(survivors)} sessions survived"
        clock.advance(limits.PASSWORD_WAIT_MAX)  # past any wait a late wrong password started


def test_the_password_throttle_is_told_in_minutes_and_hours(visitor: Visitor) -> None:
    visitor.get("/demo/?lang=en")
    visitor.sign_up()
    visitor.post("/demo/sign-out")
    for _ in range(10):
        visitor.sign_in(password="not it")
        visitor.clock.advance(limits.PASSWORD_WAIT_MAX)
    visitor.sign_in(password="not it")
    page = visitor.sign_in(password="not it")
    assert "Try again in 5 minutes." in page.text



@pytest.mark.parametrize(("password", "taken"), [
    ("seven77", False), ("eight888", True), ("p" * 64, True), ("p" * 128, True), ("p" * 129, False),
    ("パスワードは日本語でも", True),
])
def test_a_password_is_8_to_128_characters_of_any_kind(visitor: Visitor, password: str, taken: bool) -> None:
    """OWASP ASVS 5.0 6.2.1, 6.2.5 and 6.2.9: at least 8, 64 and more accepted, no composition rule."""
    visitor.get("/demo/")
    page = visitor.sign_up(password=password)
    assert (page.url.path == "/demo/account") is taken


def test_a_password_is_checked_whole_and_as_typed(visitor: Visitor) -> None:
    """OWASP ASVS 5.0 6.2.8: no truncation and no change of case."""
    long = "a long passphrase that goes on " * 4
    visitor.sign_up(password=long)
    visitor.post("/demo/sign-out")
    assert refused(visitor.sign_in(password=long[:-1] + "X"))
    visitor.clock.advance(1)
    assert refused(visitor.sign_in(password=long.upper()))
    visitor.clock.advance(2)
    assert visitor.sign_in(password=long).url.path == "/demo/account"


@pytest.mark.parametrize("path", ["/demo/sign-in", "/demo/accounts/new", "/demo/report-phone", "/demo/account"])
def test_password_fields_are_masked_and_left_to_password_managers(visitor: Visitor, path: str) -> None:
    """OWASP ASVS 5.0 6.2.6 and 6.2.7: type=password, an autocomplete hint, and nothing that blocks paste."""
    visitor.sign_up()
    visitor.clock.advance(STALE)  # the account page then shows its step-up box too
    page = visitor.get(path).text
    fields = re.findall(r"<input[^>]*\bautocomplete=\"(?:current|new)-password\"[^>]*>", page)
    assert fields and all('type="password"' in field for field in fields)
    assert "onpaste" not in page.lower()


def test_a_signed_in_phone_cannot_bind_its_app_to_an_account_without_2fa(visitor: Visitor) -> None:
    """The first finding's second half: with 2FA off (turned off, or never on), a session the
    thief holds cannot set it up with their own app: the setup needs the password again."""
    visitor.sign_up()
    phone = visitor.another_browser()
    phone.sign_in()
    visitor.clock.advance(STALE)
    page = phone.post("/demo/2fa/setup")
    assert page.url.path == "/demo/2fa/setup" and "data-key" not in page.text
    assert catalog("ja")["error.step_up.needed"] in page.text
    assert 'data-two-factor="off"' in phone.get("/demo/account").text
