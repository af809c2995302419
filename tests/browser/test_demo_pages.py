"""The demo's pages in Chromium on a phone: usable, axe-clean, and nothing blocked by the CSP."""

from __future__ import annotations

import io
import re
import time

import pyotp
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from demo import otp
from tests.browser.conftest import PHONE, OpenPage, Visit
from tests.browser.axe import violations


def script_errors(visit: Visit) -> list[str]:
    """Console errors other than the status of a page answered 4xx on purpose (CSP refusals count)."""
    return [error for error in visit.console_errors if "Failed to load resource" not in error]


def fill_and_send(page: Page, fields: dict[str, str], button: str) -> None:
    for label, value in fields.items():
        page.locator("#page").get_by_label(label, exact=True).fill(value)
    page.locator("#page").get_by_role("button", name=button).click()
    page.wait_for_selector("#page:not([aria-busy])")  # the demo swaps the next page in


@pytest.mark.parametrize(("language", "texts"), [
    ("ja", {"email": "メールアドレス", "password": "パスワード", "create": "アカウントを作る",
            "setup": "2段階認証を設定する", "code": "認証コード", "confirm": "確認して設定を完了する"}),
    ("en", {"email": "Email address", "password": "Password", "create": "Create account",
            "setup": "Set up two-factor authentication", "code": "Code", "confirm": "Confirm and finish"}),
])
def test_a_reader_sets_up_two_factor_on_a_phone(open_page: OpenPage, language: str, texts: dict[str, str]) -> None:
    visit = open_page(f"/demo/scenarios/prepare?lang={language}", viewport=PHONE)
    page = visit.page
    assert violations(page) == []
    page.get_by_role("link", name="始める" if language == "ja" else "Start").click()
    page.wait_for_selector("#page:not([aria-busy]) main[data-page=home]")
    fill_and_send(page, {texts["email"]: "hanako@example.com", texts["password"]: "correct horse"}, texts["create"])
    page.get_by_role("button", name=texts["setup"]).click()
    page.wait_for_selector("#page:not([aria-busy])")
    assert violations(page) == []
    key = page.locator("[data-key]").inner_text().replace(" ", "")
    assert len(key) == otp.KEY_LENGTH
    assert page.locator(".key__qr svg").bounding_box()["width"] >= 150  # scannable on a phone screen

    fill_and_send(page, {texts["code"]: "12"}, texts["confirm"])
    assert page.locator("#f-code").get_attribute("aria-invalid") == "true"
    assert page.locator("#f-code").input_value() == "12"
    assert violations(page) == []

    fill_and_send(page, {texts["code"]: otp.code_at(key, int(time.time()))}, texts["confirm"])
    assert page.locator("[data-recovery-codes] li").count() == 10
    assert violations(page) == []
    assert script_errors(visit) == [] and visit.foreign_requests == []


@pytest.mark.parametrize("path", ["/demo/", "/demo/support", "/demo/inbox", "/demo/staff", "/demo/sign-in",
                                  "/demo/scenarios/route-c?lang=en", "/demo/no-such-page"])
def test_demo_pages_have_no_axe_violations_or_console_errors(open_page: OpenPage, path: str) -> None:
    visit = open_page(path, viewport=PHONE)
    assert violations(visit.page) == []
    assert script_errors(visit) == []


def test_a_rejected_support_request_is_announced_and_axe_clean(open_page: OpenPage) -> None:
    visit = open_page("/demo/support?lang=en", viewport=PHONE)
    page = visit.page
    fill_and_send(page, {"Full name": "Hanako Yamada", "Registered phone number": "12345"}, "Send")
    assert page.locator("#page").get_by_role("alert").is_visible()
    assert page.locator("#f-name").input_value() == "Hanako Yamada"
    assert page.locator("#f-phone").input_value() == "12345"
    assert violations(page) == []


def test_a_real_authenticator_can_scan_the_setup_qr_code(open_page: OpenPage) -> None:
    """Issue 5: the QR decodes (zxing-cpp) to a URI pyotp accepts, whose codes the server takes."""
    page = open_page("/demo/?lang=en", viewport=PHONE).page
    fill_and_send(page, {"Email address": "hanako@example.com", "Password": "correct horse"}, "Create account")
    page.locator("#page").get_by_role("button", name="Set up two-factor authentication").click()
    qr = page.locator("#page .key__qr")
    qr.wait_for()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert len(decoded) == 1 and decoded[0].format == zxingcpp.BarcodeFormat.QRCode
    app = pyotp.parse_uri(decoded[0].text)
    assert isinstance(app, pyotp.TOTP) and app.issuer == "Tsubame" and app.name == "hanako@example.com"
    assert app.secret == page.locator("#page [data-key]").inner_text().replace(" ", "")
    page.locator("#page").get_by_label("Code", exact=True).fill(app.now())
    page.locator("#page").get_by_role("button", name="Confirm and finish").click()
    expect(page.locator("[data-recovery-codes] li")).to_have_count(10)


def test_the_phones_work_from_the_keyboard_and_announce_what_happened(open_page: OpenPage) -> None:
    page = open_page("/demo/?lang=en", viewport=PHONE).page
    fill_and_send(page, {"Email address": "hanako@example.com", "Password": "correct horse"}, "Create account")
    page.locator("#page").get_by_role("button", name="Set up two-factor authentication").click()
    page.locator("#page [data-key]").wait_for()
    scan = page.locator('[data-phone="new"]').get_by_role("button", name="Scan the QR code on screen")
    scan.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Added Tsubame: hanako@example.com")).to_be_visible()
    expect(page.locator('[data-phone="new"] [data-code]')).to_have_text(re.compile(r"^\d{6}$"))
    assert page.evaluate("document.activeElement.id") == "scan-new"  # focus stays where the reader was
    key_field = page.locator('[data-phone="old"]').get_by_label("Enter a key by hand")
    key_field.focus()
    page.keyboard.type("JBSW Y3DP EHPK 3PX1")
    page.keyboard.press("Enter")
    expect(page.locator('[data-phone="old"] [data-key-error]')).to_have_text(
        "Keys never contain 0, 1 or 8. Did you mean O, I or B?")
    assert key_field.input_value() == "JBSW Y3DP EHPK 3PX1" and key_field.get_attribute("aria-invalid") == "true"
    assert violations(page) == []


def test_pressing_and_holding_the_qr_code_copies_the_key(open_page: OpenPage) -> None:
    page = open_page("/demo/?lang=en", viewport=PHONE).page
    fill_and_send(page, {"Email address": "hanako@example.com", "Password": "correct horse"}, "Create account")
    page.locator("#page").get_by_role("button", name="Set up two-factor authentication").click()
    key = page.locator("#page [data-key]")
    key.wait_for()
    box = page.locator("#page .key__qr").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(800)
    page.mouse.up()
    expect(page.get_by_role("status")).to_contain_text(f"Key copied: {key.inner_text()}")
