"""Issue 10 in Chromium on a phone: a reader with recovery codes and a real authenticator app
(pyotp on the key the page shows) signs in with a recovery code, moves 2FA to a new phone, and
sees the old key refused and the new one accepted, in both languages."""

from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from demo import otp
from demo.catalog import catalog
from tests.browser.conftest import PHONE, OpenPage
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


class App:
    """An authenticator app: the key typed from the screen, codes from the real clock."""

    def __init__(self, page: Page) -> None:
        self.key = page.locator("#page [data-key]").inner_text().replace(" ", "")
        assert len(self.key) == otp.KEY_LENGTH

    def code(self, *, ahead: int = 0) -> str:
        """``ahead=1``: the next step's code, a phone clock 30 s fast (inside the window)."""
        return pyotp.TOTP(self.key).at(time.time() + ahead * otp.STEP_SECONDS)


class Reader:
    def __init__(self, page: Page, language: str) -> None:
        self.page, self.t = page, catalog(language)

    def settle(self) -> None:
        self.page.wait_for_selector("#page:not([aria-busy])")

    def fill(self, label: str, value: str, *, within: str = "#page") -> None:
        self.page.locator(within).get_by_label(label, exact=True).fill(value)

    def press(self, name: str, *, within: str = "#page") -> None:
        self.page.locator(within).get_by_role("button", name=name, exact=True).click()
        self.settle()

    def sign_in(self) -> None:
        self.page.locator("#page").get_by_role("link", name=self.t["sign_in"], exact=True).first.click()
        self.settle()
        self.fill(self.t["field.email"], "hanako@example.com")
        self.fill(self.t["field.password"], "correct horse")
        self.press(self.t["next"])
        expect(self.page.locator("main[data-page=sign-in-code]")).to_be_visible()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_recovery_code_then_a_new_phone_refuses_the_old_key(open_page: OpenPage, language: str) -> None:
    path = "/recovery-codes.html" if language == "ja" else "/en/recovery-codes.html"
    page = open_page(path, viewport=PHONE, locale="ja-JP" if language == "ja" else "en-US").page
    page.locator('a[href^="/demo/scenarios/recovery-code"]').first.click()
    page.wait_for_load_state()
    reader, t = Reader(page, language), catalog(language)
    expect(page.locator("#guide")).to_contain_text(t["scenario.recovery-code.title"])

    page.locator("#page").get_by_role("link", name=t["scenario_start"]).click()
    reader.settle()
    reader.fill(t["field.email"], "hanako@example.com")
    reader.fill(t["field.password"], "correct horse")
    reader.press(t["create_button"])
    reader.press(t["setup_button"])
    old_phone = App(page)
    reader.fill(t["field.code"], old_phone.code())
    reader.press(t["confirm_button"])
    codes = [code.inner_text() for code in page.locator("#page [data-recovery-codes] code").all()]
    assert len(codes) == otp.RECOVERY_CODE_COUNT

    page.locator("#page").get_by_role("link", name=t["codes_done"]).click()
    reader.settle()

    # The old phone is gone: sign in with a recovery code.
    reader.press(t["sign_out"])
    reader.sign_in()
    page.locator("#page details summary").click()
    reader.fill(t["field.recovery_code"], codes[0])
    reader.press(t["sign_in"], within="#page details")
    expect(page.locator("main[data-page=account][data-method=recovery]")).to_be_visible()
    expect(page.locator("#page")).to_contain_text(t["signed_in_recovery"])
    expect(page.locator("[data-codes-left]")).to_have_attribute("data-codes-left", str(otp.RECOVERY_CODE_COUNT - 1))
    assert violations(page) == []

    # Move 2FA to the new phone: the password again, then a code from the new key.
    move = page.get_by_role("form", name=t["replace_title"])
    move.get_by_role("button", name=t["replace_button"]).click()
    reader.settle()
    expect(page.locator("#f-replace_password")).to_have_attribute("aria-invalid", "true")  # empty, named
    move.get_by_label(t["field.replace_password"]).fill("correct horse")
    move.get_by_role("button", name=t["replace_button"]).click()
    reader.settle()
    expect(page.locator("main[data-page=setup][data-replacing]")).to_be_visible()
    expect(page.locator("#page h1")).to_have_text(t["replace_setup_title"])
    new_phone = App(page)
    assert new_phone.key != old_phone.key
    assert violations(page) == []
    reader.fill(t["field.code"], new_phone.code())
    reader.press(t["confirm_button"])
    expect(page.locator("main[data-page=account][data-done=replaced]")).to_contain_text(t["done.replaced"])

    # The old key is refused; the new one is accepted.
    reader.press(t["sign_out"])
    reader.sign_in()
    reader.fill(t["field.code"], old_phone.code(ahead=1))
    reader.press(t["sign_in"])
    expect(page.locator("main[data-refused='verdict.wrong']")).to_be_visible()
    expect(page.locator("#page .error").first).to_contain_text(t["error.verdict.wrong"])
    time.sleep(1.05)  # the one-second wait after a refused code
    reader.fill(t["field.code"], new_phone.code(ahead=1))
    reader.press(t["sign_in"])
    expect(page.locator("main[data-page=account]")).to_be_visible()

    page.locator("#page").get_by_role("link", name=t["nav_inbox"]).click()
    reader.settle()
    for kind in ("recovery_code_used", "new_phone"):
        expect(page.locator(f"[data-kind={kind}]")).to_contain_text(t[f"mail.{kind}.not_you"])
    assert violations(page) == []
