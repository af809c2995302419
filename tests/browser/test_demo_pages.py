"""The demo's pages in Chromium on a phone: usable, axe-clean, and nothing blocked by the CSP."""

from __future__ import annotations

import io
import re

import pyotp
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from otp_core import totp
from tests.browser.axe import violations
from tests.browser.conftest import PHONE, OpenPage, Visit


def script_errors(visit: Visit) -> list[str]:
    """Console errors other than the status of a page answered 4xx on purpose (CSP refusals count)."""
    return [error for error in visit.console_errors if "Failed to load resource" not in error]


def fill_and_send(page: Page, fields: dict[str, str], button: str) -> None:
    for label, value in fields.items():
        page.locator("#main").get_by_label(label, exact=True).fill(value)
    page.locator("#main").get_by_role("button", name=button).click()
    page.wait_for_load_state()


def new_account_with_setup(open_page: OpenPage) -> Page:
    """A phone-sized page on the setup step of a fresh demo account, in English."""
    page = open_page("/demo/accounts/new?lang=en", viewport=PHONE).page
    fill_and_send(page, {"Password": "correct horse"}, "Create account")
    page.locator("#main").get_by_role("button", name="Set up two-factor authentication").click()
    page.locator("#main [data-key]").wait_for()
    expect(page.locator("#phones")).to_be_visible()  # the page's script has run: its listeners are there
    return page


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
    assert page.locator("#main").get_by_role("alert").is_visible()
    assert page.evaluate("document.activeElement.id") == "errors"  # the summary is announced first
    assert page.locator("#f-name").input_value() == "Hanako Yamada"
    assert page.locator("#f-phone").input_value() == "12345"
    assert violations(page) == []
    page.reload()
    assert page.locator("#f-phone").input_value() == "12345"  # a reload keeps what was typed


def test_a_real_authenticator_can_scan_the_setup_qr_code(open_page: OpenPage) -> None:
    """Issue 5: the QR decodes (zxing-cpp) to a URI pyotp accepts, whose codes the server takes."""
    page = new_account_with_setup(open_page)
    qr = page.locator("#main .demo-key__qr")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert len(decoded) == 1 and decoded[0].format == zxingcpp.BarcodeFormat.QRCode
    app = pyotp.parse_uri(decoded[0].text)
    assert isinstance(app, pyotp.TOTP) and app.issuer == "Tsubame" and app.name == "hanako@example.com"
    assert app.secret == page.locator("#main [data-key]").inner_text().replace(" ", "")
    page.locator("#main").get_by_label("Code", exact=True).fill(app.at(page.evaluate("Date.now() / 1000")))
    page.locator("#main").get_by_role("button", name="Confirm and finish").click()
    expect(page.locator("[data-recovery-codes] li")).to_have_count(10)


def test_the_phones_work_from_the_keyboard_and_announce_what_happened(open_page: OpenPage) -> None:
    page = new_account_with_setup(open_page)
    page.locator("#dock-toggle").focus()
    page.keyboard.press("Enter")
    page.locator("#tab-new").focus()
    page.keyboard.press("Enter")
    scan = page.locator("#phone-new").get_by_role("button", name="Scan the QR code on screen")
    scan.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="added Tsubame: hanako@example.com")).to_be_visible()
    expect(page.locator("#phone-new [data-code]")).to_have_text(re.compile(rf"^\d{{{totp.DIGITS}}}$"))
    page.locator("#tab-old").click()
    key_field = page.locator("#phone-old").get_by_label("Enter a key by hand")
    key_field.focus()
    page.keyboard.type("JBSW Y3DP EHPK 3PX1")
    page.keyboard.press("Enter")
    expect(page.locator("#phone-old [data-key-error]")).to_have_text(
        "Keys never contain 0, 1 or 8. Did you mean O, I or B?")
    assert key_field.input_value() == "JBSW Y3DP EHPK 3PX1" and key_field.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "key-old"  # focus stays where the reader was
    assert violations(page) == []


def test_the_phones_take_the_step_and_the_digits_from_the_server(open_page: OpenPage,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The scripts hold no figure of their own: were the server's step 60 s and its codes 8 digits,
    a scanned key and a key typed by hand show the codes the server takes, and the clock offsets
    move by whole steps."""
    monkeypatch.setattr(totp, "STEP_SECONDS", 60)
    monkeypatch.setattr(totp, "DIGITS", 8)
    page = new_account_with_setup(open_page)
    key = page.locator("#main [data-key]").inner_text().replace(" ", "")
    page.locator("#dock-toggle").click()
    page.locator("#scan-old").click()
    page.locator("#tab-new").click()
    page.locator("#key-new").fill(key)
    page.locator("#phone-new").get_by_role("button", name="Add").click()
    page.locator("#tab-old").click()
    expect(page.locator("#phone-old [data-code]")).to_have_text(re.compile(r"^\d{8}$"))
    before = page.evaluate("Date.now() / 1000")
    scanned = page.locator("#phone-old [data-code]").inner_text()
    page.locator("#tab-new").click()
    expect(page.locator("#phone-new [data-code]")).to_have_text(re.compile(r"^\d{8}$"))
    typed = page.locator("#phone-new [data-code]").inner_text()
    after = page.evaluate("Date.now() / 1000")
    expected = {totp.code_at(key, int(moment)) for moment in (before - 1, after)}  # a tick may straddle a step
    assert scanned in expected and typed in expected
    offsets = page.locator("#clock-new option").evaluate_all("options => options.map((o) => Number(o.value))")
    assert offsets == [-180, -120, -60, 0, 60, 120, 180]
    page.locator("#dock-toggle").click()  # the open phones cover the form on a phone's screen
    page.locator("#main").get_by_label("Code", exact=True).fill(typed)
    page.locator("#main").get_by_role("button", name="Confirm and finish").click()
    expect(page.locator("[data-recovery-codes] li")).to_have_count(10)


def test_pressing_and_holding_the_qr_code_copies_the_key_and_says_so_beside_it(open_page: OpenPage) -> None:
    page = new_account_with_setup(open_page)
    key = page.locator("#main [data-key]")
    qr = page.locator("#main .demo-key__qr")
    qr.evaluate("qr => qr.scrollIntoView({block: 'center'})")  # in view, clear of the phone's dock
    qr.hover()
    box = qr.bounding_box()
    page.mouse.down()
    page.clock.run_for(800)  # held past the hold time on the page's clock, however busy the machine is
    page.mouse.up()
    status = page.locator("[data-status-for=key]")
    expect(status).to_contain_text(f"Key copied: {key.inner_text()}")
    status_box = status.bounding_box()
    assert status_box and abs(status_box["y"] - box["y"]) < 400  # where the action happened
