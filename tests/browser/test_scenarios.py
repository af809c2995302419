"""Every guided scenario, in both languages, from the article's link to signed in, with the
simulated phones in Chromium and the server's real clock (issue 5)."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from demo.catalog import catalog
from tests.browser.conftest import PHONE, OpenPage
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


class Reader:
    """A reader on a phone-sized screen, doing what the guide says."""

    def __init__(self, page: Page, language: str) -> None:
        self.page = page
        self.t = catalog(language)

    def settle(self) -> None:
        """The shell marks the page busy while it fetches the next one."""
        self.page.wait_for_selector("#page:not([aria-busy])")

    def press(self, name: str) -> None:
        self.page.locator("#page").get_by_role("button", name=name, exact=True).click()
        self.settle()

    def follow(self, name: str) -> None:
        self.page.locator("#page").get_by_role("link", name=name, exact=True).first.click()
        self.settle()

    def fill(self, label: str, value: str) -> None:
        self.page.locator("#page").get_by_label(label, exact=True).fill(value)

    def phone(self, which: str) -> object:
        return self.page.locator(f'[data-phone="{which}"]')

    def code(self, which: str) -> str:
        code = self.page.locator(f'[data-phone="{which}"] [data-code]').last
        expect(code).to_have_text(re.compile(r"^\d{6}$"))
        return code.inner_text()

    def next_code(self, which: str) -> str:
        """Wait for the phone's next code, as the guide asks (the last one is spent)."""
        spent = self.code(which)
        time.sleep(30 - time.time() % 30)
        code = self.page.locator(f'[data-phone="{which}"] [data-code]').last
        expect(code).not_to_have_text(spent, timeout=5000)
        return self.code(which)

    def scan(self, which: str) -> None:
        self.phone(which).get_by_role("button", name=self.t["js.scan"]).click()

    def lose_old_phone(self, reason: str) -> None:
        self.phone("old").get_by_label(self.t["js.what_happens"]).select_option(reason)
        self.phone("old").get_by_role("button", name=self.t["js.lose"]).click()
        expect(self.phone("old")).to_contain_text(self.t[f"js.gone.{reason}"])

    def step(self) -> str:
        return self.page.locator("[data-guide-where]").get_attribute("data-guide-where") or ""

    def create_account(self) -> None:
        self.follow(self.t["scenario_start"])
        self.fill(self.t["field.email"], "hanako@example.com")
        self.fill(self.t["field.password"], "correct horse")
        self.press(self.t["create_button"])

    def set_up(self, which: str, *, write_key: bool = False, write_codes: bool = False) -> None:
        self.press(self.t["setup_button"])
        self.scan(which)
        if write_key:
            self.page.get_by_role("button", name=self.t["js.write_key"]).click()
        self.fill(self.t["field.code"], self.code(which))
        self.press(self.t["confirm_button"])
        expect(self.page.locator("[data-recovery-codes] li")).to_have_count(10)
        if write_codes:
            self.page.get_by_role("button", name=self.t["js.write_codes"]).click()
        self.follow(self.t["codes_done"])

    def sign_out_and_in(self) -> None:
        self.press(self.t["sign_out"])
        self.follow(self.t["sign_in"])
        self.fill(self.t["field.email"], "hanako@example.com")
        self.fill(self.t["field.password"], "correct horse")
        self.press(self.t["next"])

    def enter_code(self, code: str) -> None:
        self.fill(self.t["field.code"], code)
        self.press(self.t["sign_in"])

    def signed_in(self) -> None:
        expect(self.page.locator("main[data-page=account]")).to_be_visible()
        expect(self.page.locator("[data-guide-where]")).to_have_attribute("data-guide-where", "done")


def start(open_page: OpenPage, built_site: Path, article: str, language: str) -> Reader:
    """Open the article and follow its demo link, as a reader does."""
    path = f"/{article}.html" if language == "ja" else f"/en/{article}.html"
    page = open_page(path, viewport=PHONE, locale="ja-JP" if language == "ja" else "en-US").page
    page.locator('a[href^="/demo/scenarios/"]').first.click()
    page.wait_for_load_state()
    expect(page.locator("#guide")).to_be_visible()
    return Reader(page, language)


LANGUAGES = ["ja", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_prepare(open_page: OpenPage, built_site: Path, language: str) -> None:
    reader = start(open_page, built_site, "get-secret-key", language)
    reader.create_account()
    reader.set_up("old", write_key=True, write_codes=True)
    reader.signed_in()
    assert reader.page.locator("[data-paper] li").count() == 11  # the key and ten codes
    assert violations(reader.page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_route_a_new_device_with_the_saved_key(open_page: OpenPage, built_site: Path, language: str) -> None:
    reader = start(open_page, built_site, "new-device-with-key", language)
    reader.create_account()
    reader.set_up("old", write_key=True)
    reader.lose_old_phone("drowned")
    key = reader.page.locator("[data-paper] li").first.get_attribute("data-value") or ""
    new = reader.phone("new")
    new.get_by_label(reader.t["js.key_field"]).fill(key.lower())  # typed as read, in lower case
    new.get_by_role("button", name=reader.t["js.add"]).click()
    reader.sign_out_and_in()
    reader.enter_code(reader.next_code("new"))
    reader.signed_in()


@pytest.mark.parametrize("language", LANGUAGES)
def test_route_b_old_phone_turns_off_then_new_phone_sets_up(open_page: OpenPage, built_site: Path, language: str) -> None:
    reader = start(open_page, built_site, "turn-off-2fa", language)
    reader.create_account()
    reader.set_up("old")
    reader.page.locator("#f-disable_code").fill(reader.next_code("old"))
    reader.press(reader.t["disable_button"])
    expect(reader.page.locator("main[data-two-factor=off]")).to_be_visible()
    reader.set_up("new")
    reader.sign_out_and_in()
    reader.enter_code(reader.next_code("new"))
    reader.signed_in()


@pytest.mark.parametrize("language", LANGUAGES)
def test_route_c_support_resets_after_an_id_selfie(open_page: OpenPage, built_site: Path, language: str,
                                                   tmp_path: Path) -> None:
    reader = start(open_page, built_site, "cannot-reset-2fa", language)
    t = reader.t
    reader.create_account()
    reader.set_up("old")
    reader.lose_old_phone("lost")
    reader.press(t["sign_out"])
    reader.follow(t["nav_support"])
    for field, value in (("name", "山田 花子"), ("address", "東京都千代田区1-1"), ("birth_date", "1990-04-01"),
                         ("phone", "090-1234-5678"), ("email", "hanako@example.com")):
        reader.fill(t[f"field.{field}"], value)
    reader.page.locator("#page").get_by_label(t["no"], exact=True).check()
    reader.press(t["support_button"])
    expect(reader.page.locator("main[data-status=selfie_requested]")).to_be_visible()
    reader.follow(t["nav_inbox"])
    reader.follow(t["open_ticket"])
    photo = tmp_path / "me.png"
    Image.new("RGB", (80, 60), "teal").save(photo)
    reader.page.locator("#page").get_by_label(t["field.photo"], exact=True).set_input_files(str(photo))
    reader.press(t["selfie_button"])
    expect(reader.page.locator("main[data-status=selfie_received]")).to_be_visible()
    reader.follow(t["nav_staff"])
    reader.press(t["staff_sign_in"])
    reader.page.locator("#page .tickets a").first.click()
    reader.settle()
    reader.press(t["reset_button"])
    expect(reader.page.locator("main[data-status=resolved]")).to_be_visible()
    reader.follow(t["nav_account"])
    reader.fill(t["field.email"], "hanako@example.com")
    reader.fill(t["field.password"], "correct horse")
    reader.press(t["next"])
    expect(reader.page.locator("main[data-setup-required]")).to_be_visible()
    reader.set_up("new")
    reader.signed_in()


def sign_in_with_a_recovery_code(reader: Reader) -> None:
    reader.sign_out_and_in()
    code = reader.page.locator("[data-paper] li").nth(0).get_attribute("data-value") or ""
    reader.page.locator("#page details summary").click()
    reader.fill(reader.t["field.recovery_code"], code)
    reader.page.locator("#page details").get_by_role("button", name=reader.t["sign_in"]).click()
    reader.settle()
    expect(reader.page.locator("main[data-method=recovery]")).to_be_visible()


def move_to_the_new_phone(reader: Reader) -> None:
    """Account page: the password again, then the new phone scans the new key and confirms."""
    move = reader.page.get_by_role("form", name=reader.t["replace_title"])
    move.get_by_label(reader.t["field.replace_password"]).fill("correct horse")
    move.get_by_role("button", name=reader.t["replace_button"]).click()
    reader.settle()
    reader.scan("new")
    reader.fill(reader.t["field.code"], reader.code("new"))
    reader.press(reader.t["confirm_button"])
    expect(reader.page.locator("main[data-done=replaced]")).to_be_visible()


def run_ahead(reader: Reader, which: str) -> None:
    """Set a phone's clock 30 s fast: its code is the next step's, inside the window, so the
    reader need not wait for a fresh code after the one that confirmed the setup."""
    reader.phone(which).get_by_label(reader.t["js.clock"]).select_option("30")


@pytest.mark.parametrize("language", LANGUAGES)
def test_trade_in_without_preparing_uses_a_recovery_code_then_the_new_phone(
    open_page: OpenPage, built_site: Path, language: str
) -> None:
    reader = start(open_page, built_site, "change-phone", language)
    reader.create_account()
    reader.set_up("old", write_codes=True)
    reader.lose_old_phone("traded_in")
    sign_in_with_a_recovery_code(reader)
    move_to_the_new_phone(reader)
    run_ahead(reader, "new")
    reader.sign_out_and_in()
    reader.enter_code(reader.code("new"))
    reader.signed_in()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_stolen_phone_s_codes_are_refused_once_the_new_phone_is_set_up(
    open_page: OpenPage, built_site: Path, language: str
) -> None:
    reader = start(open_page, built_site, "recovery-codes", language)
    reader.create_account()
    reader.set_up("old", write_codes=True)
    reader.lose_old_phone("stolen")
    expect(reader.phone("old").locator("[data-code]")).to_have_text(re.compile(r"^\d{6}$"))  # the thief's view
    sign_in_with_a_recovery_code(reader)
    move_to_the_new_phone(reader)
    reader.sign_out_and_in()
    reader.enter_code(reader.code("old"))
    expect(reader.page.locator("main[data-refused]")).to_be_visible()
    time.sleep(1.05)  # the one-second wait after a refused code
    run_ahead(reader, "new")
    reader.enter_code(reader.code("new"))
    reader.signed_in()
    assert violations(reader.page) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_clock_drift_shows_which_step_was_accepted(open_page: OpenPage, built_site: Path, language: str) -> None:
    reader = start(open_page, built_site, "code-rejected", language)
    reader.create_account()
    reader.set_up("old")
    reader.sign_out_and_in()
    clock = reader.phone("old").get_by_label(reader.t["js.clock"])
    clock.select_option("-60")
    reader.enter_code(reader.code("old"))
    expect(reader.page.locator("main[data-refused]")).to_be_visible()
    time.sleep(1.1)  # the back-off after one refused code
    clock.select_option("30")
    reader.enter_code(reader.code("old"))
    expect(reader.page.locator("main[data-step='1']")).to_be_visible()
    expect(reader.page.locator("#page")).to_contain_text(reader.t["accepted.1"])
    reader.signed_in()
