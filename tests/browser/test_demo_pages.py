"""The demo's pages in Chromium on a phone: usable, axe-clean, and nothing blocked by the CSP."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from demo import otp
from tests.browser.conftest import PHONE, OpenPage, Visit
from tests.browser.test_accessibility import violations


def script_errors(visit: Visit) -> list[str]:
    """Console errors other than the status of a page answered 4xx on purpose (CSP refusals count)."""
    return [error for error in visit.console_errors if "Failed to load resource" not in error]


def fill_and_send(page: Page, fields: dict[str, str], button: str) -> None:
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


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
    fill_and_send(page, {texts["email"]: "hanako@example.com", texts["password"]: "correct horse"}, texts["create"])
    page.get_by_role("button", name=texts["setup"]).click()
    page.wait_for_load_state()
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
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#f-name").input_value() == "Hanako Yamada"
    assert page.locator("#f-phone").input_value() == "12345"
    assert violations(page) == []
