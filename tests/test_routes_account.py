"""demo/web/routes/account.py and setup.py end to end: enrolment, sign-in by each route, turning off."""

from __future__ import annotations

import re

from content import figures
from content.catalog import catalog
from otp_core import key_uri, totp
from tests.demo_client import Visitor, file_route_c_request, key_on, refused, staff_reset


def test_setup_shows_qr_key_and_window_then_ten_recovery_codes_once(visitor: Visitor) -> None:
    """SECURITY.md "key", "window", "recovery codes"; issue 4 step 1."""
    visitor.sign_up()
    page = visitor.post("/demo/2fa/setup")
    assert page.headers["cache-control"] == "no-store"
    assert re.search(r"<code data-key>([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>", page.text)
    uri = re.search(r'data-otpauth-uri="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    assert uri == key_uri.otpauth_uri(key_on(page), account="hanako@example.com", issuer="Tsubame")
    assert "<svg" in page.text
    window = figures.figures()["window_seconds"]
    assert f"{window}秒分" in page.text and catalog("ja")["window_fact"] in page.text  # the window, stated

    visitor.key = key_on(page)
    sheet = visitor.get("/demo/2fa/setup/sheet")
    assert visitor.key == key_on(sheet) and "data-print" in sheet.text
    stylesheet = visitor.get("/demo/static/demo.css").text
    assert re.search(r"@media print \{[^}]*\.md-header, \.demo-tabs, \.demo-footer, \.demo-side, \.no-print",
                     stylesheet)
    done = visitor.post("/demo/2fa/confirm", {"code": visitor.code()})
    codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", done.text)
    assert done.url.path == "/demo/2fa/recovery-codes" and done.history[0].status_code == 303
    assert len(set(codes)) == 10 and done.headers["cache-control"] == "no-store"

    # Issue 11: until the reader says they saved them, a reload (or the account page) shows them again.
    for path in ("/demo/2fa/recovery-codes", "/demo/account", "/demo/2fa/setup"):
        again = visitor.get(path)
        assert again.url.path == "/demo/2fa/recovery-codes"
        assert re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", again.text) == codes
    download = visitor.get("/demo/2fa/recovery-codes.txt")
    assert download.headers["content-disposition"].startswith("attachment") and codes[0] in download.text
    assert download.headers["cache-control"] == "no-store"
    not_ticked = visitor.post("/demo/2fa/recovery-codes/saved", {})
    assert refused(not_ticked) and codes[0] in not_ticked.text
    visitor.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})

    again = visitor.get("/demo/2fa/setup")
    assert again.url.path == "/demo/account" and visitor.key not in again.text.replace(" ", "")
    assert not any(code in again.text for code in codes)
    assert visitor.get("/demo/2fa/recovery-codes").url.path == "/demo/account"
    assert visitor.get("/demo/2fa/setup/sheet").url.path == "/demo/account"


def test_sign_in_with_password_then_code(visitor: Visitor) -> None:
    visitor.sign_up()
    visitor.set_up_two_factor()
    visitor.post("/demo/sign-out")
    assert visitor.sign_in().url.path == "/demo/sign-in/code"
    assert visitor.get("/demo/account").url.path == "/demo/sign-in/code"  # not yet in
    signed_in = visitor.post("/demo/sign-in/code", {"code": visitor.code()})
    assert signed_in.url.path == "/demo/account" and 'data-two-factor="on"' in signed_in.text


def test_sign_in_with_a_recovery_code_works_once(visitor: Visitor) -> None:
    visitor.sign_up()
    visitor.set_up_two_factor()
    visitor.post("/demo/sign-out")
    visitor.sign_in()
    used = visitor.recovery_codes[0]
    secure = visitor.post("/demo/sign-in/recovery", {"recovery_code": used.lower()})
    assert secure.url.path == "/demo/2fa/recovery-codes" and "data-securing" in secure.text
    visitor.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})
    visitor.post("/demo/sign-out")
    visitor.clock.advance(60)
    visitor.sign_in()
    again = visitor.post("/demo/sign-in/recovery", {"recovery_code": used})
    assert refused(again) and again.url.path == "/demo/sign-in/code"
    assert 'name="recovery_code"' in again.text and used not in again.text  # a code is never written back


def test_route_a_a_new_device_with_the_saved_key_signs_in(visitor: Visitor) -> None:
    """Route A: the server never needs the key again; the new device's codes work."""
    visitor.sign_up()
    visitor.set_up_two_factor()
    saved_key = visitor.key
    visitor.post("/demo/sign-out")
    visitor.key = ""
    visitor.sign_in()
    page = visitor.post("/demo/sign-in/code", {"code": visitor.code(key=saved_key)})
    assert page.url.path == "/demo/account"
    assert saved_key not in page.text.replace(" ", "")


def test_route_b_turn_off_with_a_code_and_set_up_a_new_key(visitor: Visitor) -> None:
    """Route B; SECURITY.md "re-enrol": a new key, and the old key's codes fail."""
    visitor.sign_up()
    visitor.set_up_two_factor()
    old_key = visitor.key
    off = visitor.post("/demo/2fa/disable", {"proof": visitor.code()})
    assert 'data-two-factor="off"' in off.text
    visitor.clock.advance(totp.STEP_SECONDS)
    visitor.set_up_two_factor()
    assert visitor.key != old_key
    visitor.post("/demo/sign-out")
    visitor.sign_in()
    page = visitor.post("/demo/sign-in/code", {"code": visitor.code(key=old_key)})
    assert refused(page) and page.url.path == "/demo/sign-in/code"
    visitor.clock.advance(1)  # the back-off after one wrong code
    assert visitor.post("/demo/sign-in/code", {"code": visitor.code()}).url.path == "/demo/account"
    kinds = re.findall(r'data-kind="(\w+)"', visitor.get("/demo/inbox").text)
    assert kinds.count("2fa_on") == 2 and "2fa_off" in kinds


def test_full_width_code_with_a_space_is_accepted(visitor: Visitor) -> None:
    """SECURITY.md "Input normalisation": １２３ ４５６ is six digits."""
    visitor.sign_up()
    page = visitor.post("/demo/2fa/setup")
    visitor.key = key_on(page)
    code = visitor.code()
    wide = "".join(chr(ord(digit) + 0xFEE0) for digit in code)
    typed = f"{wide[:3]}\u3000{wide[3:]}"
    assert "data-recovery-codes" in visitor.post("/demo/2fa/confirm", {"code": typed}).text


def test_a_wrong_code_names_the_field_in_the_page_language_and_is_not_kept(visitor: Visitor) -> None:
    """Issue 21: a flash never holds a code, so the field comes back empty with its reason."""
    visitor.get("/demo/?lang=en")
    visitor.sign_up()
    visitor.key = key_on(visitor.post("/demo/2fa/setup"))
    page = visitor.post("/demo/2fa/confirm", {"code": "12345"})
    assert refused(page)
    assert "Enter the 6 digits of the code." in page.text and "12345" not in page.text
    visitor.get("/demo/?lang=ja")
    page = visitor.post("/demo/2fa/confirm", {"code": "000000" if visitor.code() != "000000" else "111111"})
    assert "コードが違います。" in page.text and "秒待ってから" in page.text


def test_unknown_email_and_wrong_password_answer_alike(visitor: Visitor) -> None:
    """SECURITY.md "Sessions, CSRF, headers": unknown user and wrong password answer alike."""
    visitor.sign_up()
    visitor.post("/demo/sign-out")
    wrong_password = visitor.sign_in(password="not the one")
    unknown = visitor.sign_in(email="taro@example.com", password="not the one")
    strip = lambda text: re.sub(r'value="[^"]*"|form=[\w-]+', "", text)  # noqa: E731 - email and form id differ
    assert refused(wrong_password) and refused(unknown)
    assert strip(wrong_password.text) == strip(unknown.text)


def test_after_support_reset_password_alone_signs_in_and_asks_for_setup(visitor: Visitor) -> None:
    visitor.sign_up()
    visitor.set_up_two_factor()
    visitor.post("/demo/sign-out")
    ticket = file_route_c_request(visitor)
    staff_reset(visitor, ticket)
    page = visitor.sign_in()
    assert page.url.path == "/demo/2fa/setup"
    assert "もう一度設定してください" in page.text
