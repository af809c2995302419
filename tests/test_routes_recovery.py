"""Issue 10 end to end over HTTP: signing in with a recovery code, moving 2FA to a new phone,
new recovery codes, signing out everywhere, and the mail each change sends."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from content.catalog import catalog
from demo.rules import inbox as inbox_module
from otp_core import totp
from tests.demo_client import Visitor, key_on, refused


def enrolled_and_signed_out(visitor: Visitor) -> None:
    visitor.sign_up()
    visitor.set_up_two_factor()
    visitor.post("/demo/sign-out")


def in_with_a_recovery_code(visitor: Visitor) -> httpx.Response:
    """Password and a recovery code, then the new set saved: the account page, next step the move."""
    visitor.sign_in()
    secure = visitor.post("/demo/sign-in/recovery", {"recovery_code": visitor.recovery_codes[0]})
    assert secure.url.path == "/demo/2fa/recovery-codes" and "data-securing" in secure.text
    visitor.recovery_codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", secure.text)
    return visitor.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})


def test_after_a_recovery_code_the_reader_moves_2fa_to_a_new_phone(visitor: Visitor) -> None:
    enrolled_and_signed_out(visitor)
    old_key, old_codes = visitor.key, list(visitor.recovery_codes)
    account = in_with_a_recovery_code(visitor)
    assert account.url.path == "/demo/account" and 'data-method="recovery"' in account.text
    assert account.url.query.decode().endswith("next=replace") and catalog("ja")["next_replace"] in account.text
    assert 'action="/demo/2fa/replace"' in account.text and 'data-codes-left="10"' in account.text
    assert not set(visitor.recovery_codes) & set(old_codes)

    setup = visitor.post("/demo/2fa/replace")
    assert setup.url.path == "/demo/2fa/setup" and "data-replacing" in setup.text
    new_key = key_on(setup)
    assert new_key != old_key

    done = visitor.post("/demo/2fa/confirm", {"code": visitor.code(key=new_key)})
    assert done.url.path == "/demo/account" and 'data-done="replaced"' in done.text
    assert "data-recovery-codes" not in done.text and 'data-codes-left="10"' in done.text
    visitor.clock.advance(totp.STEP_SECONDS)
    visitor.post("/demo/sign-out")

    visitor.sign_in()
    page = visitor.post("/demo/sign-in/code", {"code": visitor.code(key=old_key)})
    assert refused(page) and 'data-refused="error.verdict.wrong"' in page.text
    visitor.clock.advance(1)
    accepted = visitor.post("/demo/sign-in/code", {"code": visitor.code(key=new_key)})
    assert accepted.url.path == "/demo/account"
    visitor.clock.advance(totp.STEP_SECONDS)
    visitor.post("/demo/sign-out")
    visitor.sign_in()
    assert visitor.post("/demo/sign-in/recovery", {"recovery_code": visitor.recovery_codes[1]}).url.path == (
        "/demo/2fa/recovery-codes"
    )  # the recovery codes left after the move still work (and lead to a new set)


def test_turning_2fa_off_takes_a_code_or_a_recovery_code(visitor: Visitor) -> None:
    """Issue 21: the step-up (the password) plus a second factor; without the phone, a recovery
    code is that factor."""
    enrolled_and_signed_out(visitor)
    in_with_a_recovery_code(visitor)
    empty = visitor.post("/demo/2fa/disable", {"proof": ""})
    assert refused(empty) and 'data-two-factor="on"' in empty.text
    page = visitor.post("/demo/2fa/disable", {"proof": visitor.recovery_codes[1]})
    assert page.url.path == "/demo/account" and 'data-two-factor="off"' in page.text


def test_new_recovery_codes_need_a_code_or_a_recovery_code(visitor: Visitor) -> None:
    visitor.get("/demo/?lang=en")
    enrolled_and_signed_out(visitor)
    in_with_a_recovery_code(visitor)
    t = catalog("en")
    empty = visitor.post("/demo/2fa/recovery-codes", {"proof": ""})
    assert refused(empty)
    assert f'{t["field.renew_proof"]}</a>: {t["error.text.required"]}' in empty.text
    renewed = visitor.post("/demo/2fa/recovery-codes", {"proof": visitor.recovery_codes[1]})
    assert renewed.url.path == "/demo/2fa/recovery-codes"
    codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", renewed.text)
    assert len(set(codes)) == 10 and not set(codes) & set(visitor.recovery_codes)


def disable(visitor: Visitor) -> None:
    page = visitor.post("/demo/2fa/disable", {"proof": visitor.code()})
    assert page.url.path == "/demo/account" and 'data-two-factor="off"' in page.text


def replace(visitor: Visitor) -> None:
    visitor.key = key_on(visitor.post("/demo/2fa/replace"))
    assert visitor.post("/demo/2fa/confirm", {"code": visitor.code()}).url.path == "/demo/account"


def renew(visitor: Visitor) -> None:
    page = visitor.post("/demo/2fa/recovery-codes", {"proof": visitor.code()})
    assert "data-recovery-codes" in page.text
    visitor.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})


def change_password(visitor: Visitor) -> None:
    page = visitor.post("/demo/password", {"current_password": "correct horse", "new_password": "battery staple"})
    assert page.url.path == "/demo/account" and 'data-done="password"' in page.text


CHANGES: dict[str, Callable[[Visitor], None]] = {
    "turn off": disable, "move to a new phone": replace, "new recovery codes": renew,
    "change the password": change_password,
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_factor_change_signs_out_the_other_browser_and_keeps_this_one(visitor: Visitor, change: str) -> None:
    """SECURITY.md "Factor changes end other sessions": a stolen phone still signed in is out."""
    visitor.sign_up()
    visitor.set_up_two_factor()
    phone = visitor.another_browser()
    assert phone.sign_in_with_code(key=visitor.key).url.path == "/demo/account"
    assert phone.get("/demo/account").url.path == "/demo/account"
    CHANGES[change](visitor)
    assert phone.get("/demo/account").url.path == "/demo/sign-in"
    assert visitor.get("/demo/account").url.path == "/demo/account"


def test_sign_out_everywhere_ends_this_session_and_the_others(visitor: Visitor) -> None:
    visitor.sign_up()
    phone = visitor.another_browser()
    phone.sign_in()
    page = visitor.post("/demo/sign-out-everywhere")
    assert page.url.path == "/demo/sign-in" and catalog("ja")["signed_out.everywhere"] in page.text
    assert phone.get("/demo/account").url.path == "/demo/sign-in"
    assert visitor.get("/demo/account").url.path == "/demo/sign-in"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_change_mails_the_inbox_with_not_you_advice(visitor: Visitor, language: str) -> None:
    visitor.get(f"/demo/?lang={language}")
    enrolled_and_signed_out(visitor)
    in_with_a_recovery_code(visitor)
    replace(visitor)
    visitor.clock.advance(totp.STEP_SECONDS)
    renew(visitor)
    visitor.clock.advance(totp.STEP_SECONDS)
    disable(visitor)
    visitor.clock.advance(totp.STEP_SECONDS)
    change_password(visitor)
    visitor.post("/demo/step-up", {"password": "battery staple"})
    visitor.post("/demo/sign-out-everywhere")
    visitor.post("/demo/report-phone", {"email": "hanako@example.com", "password": "battery staple"})
    inbox = visitor.get("/demo/inbox").text
    t = catalog(language)
    for kind in inbox_module.WARNINGS[:-2]:  # the password's own warnings have a test of their own
        assert f'data-kind="{kind}"' in inbox or kind in ("lockout", "replay"), kind
    messages = re.findall(r'<li class="demo-message" data-kind="(\w+)">(.*?)</li>', inbox, re.S)
    for kind, text in messages:
        assert t[f"mail.{kind}.not_you"] in text, kind  # what to do if it was not you
        assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', text), kind  # when, machine-readable
        assert "support@tsubame.example" in text and 'href="/demo/support"' in text, kind  # whom to ask


@pytest.mark.parametrize(("language", "one", "many"), [
    ("en", "That code is wrong. Try again in 1 second.", "The last code was wrong, so the next one is "
     "checked after a short wait. Try again in 2 seconds."),
    ("ja", "コードが違います。あと1秒待ってから入力してください。",
     "直前のコードが違ったため、次のコードは少し待ってから確認します。あと2秒待ってから入力してください。"),
])
def test_the_wait_is_told_as_the_time_left_in_the_reader_language(visitor: Visitor, language: str, one: str,
                                                                   many: str) -> None:
    """Issue 10: one second is singular, sentences join without stray spaces, and a try during the
    wait is told what is left (it does not lengthen the wait)."""
    visitor.get(f"/demo/?lang={language}")
    enrolled_and_signed_out(visitor)
    visitor.sign_in()
    wrong = "000000" if visitor.code() != "000000" else "111111"
    assert one in visitor.post("/demo/sign-in/code", {"code": wrong}).text
    visitor.clock.advance(1)
    visitor.post("/demo/sign-in/code", {"code": wrong})  # second refusal: a 2-second wait
    early = visitor.post("/demo/sign-in/code", {"code": visitor.code()})
    assert refused(early) and many in early.text
    visitor.clock.advance(2)
    assert visitor.post("/demo/sign-in/code", {"code": visitor.code()}).url.path == "/demo/account"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_empty_sign_in_fields_are_named_not_called_a_wrong_password(visitor: Visitor, language: str) -> None:
    visitor.get(f"/demo/?lang={language}")
    t = catalog(language)
    page = visitor.post("/demo/sign-in", {"email": "", "password": ""})
    assert refused(page) and t["error.sign_in.failed"] not in page.text
    for field in ("email", "password"):
        assert f'{t[f"field.{field}"]}</a>: {t["error.text.required"]}' in page.text


@pytest.mark.parametrize(("language", "next_code"), [("ja", "次のコード"), ("en", "next one")])
def test_a_spent_recovery_code_is_told_so_and_pointed_to_another_one(visitor: Visitor, language: str,
                                                                     next_code: str) -> None:
    """Issue 27: no next recovery code comes, so the reader is sent to another code of the list and
    to the article on making new ones, never told to wait for the next code."""
    visitor.get(f"/demo/?lang={language}")
    t = catalog(language)
    enrolled_and_signed_out(visitor)
    spent = visitor.recovery_codes[0]
    in_with_a_recovery_code(visitor)
    visitor.post("/demo/sign-out")
    visitor.sign_in()
    page = visitor.post("/demo/sign-in/recovery", {"recovery_code": spent})
    assert refused(page) and 'data-refused="error.verdict.spent"' in page.text
    error = re.search(r'<p class="demo-error" id="f-recovery_code-error">(.*?)</p>', page.text, re.S)
    assert error and t["error.verdict.spent"] in error.group(1)
    assert next_code not in error.group(1) and t["error.verdict.replayed"] not in page.text
    help_page = "recovery-codes.html" if language == "ja" else "en/recovery-codes.html"
    assert f'<a href="/{help_page}">{t["new_codes_help"]}</a>' in error.group(1)
