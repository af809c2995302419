"""The smaller findings of issue 23 on the demo's pages: times in the reader's time zone, recovery codes
that name their service, account and date, a used code crossed out on the paper notes, the support
form's draft kept across a reload, and a not-found page like the help center's."""

from __future__ import annotations

import datetime

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from content import catalog
from tests.browser.conftest import DESKTOP, PHONE, OpenPage
from tests.browser.tickets import file_request
from tests.demo_client import ShiftedClock

LANGUAGES = ["ja", "en"]
PASSWORD = "correct horse"
DETAILS = "機種変更でスマートフォンを下取りに出しました。"


def with_two_factor(page: Page, language: str) -> tuple[str, pyotp.TOTP]:
    """A new account set up with a real authenticator app (pyotp), on its recovery codes page."""
    t = catalog.catalog(language)
    main = page.locator("#main")
    email = page.locator("#f-email").input_value()
    main.get_by_label(str(t["field.password"]), exact=True).fill(PASSWORD)
    main.get_by_role("button", name=str(t["create_button"])).click()
    main.get_by_role("button", name=str(t["setup_button"])).click()
    app = pyotp.TOTP(main.locator("[data-key]").inner_text().replace(" ", ""))
    main.get_by_label(str(t["field.code"]), exact=True).fill(app.at(page.evaluate("Date.now() / 1000")))
    main.get_by_role("button", name=str(t["confirm_button"])).click()
    expect(main.locator("[data-recovery-codes] li")).to_have_count(10)
    expect(page.locator("#phones")).to_be_visible()  # the page's script has run
    return email, app


def show_phones(page: Page, shown: bool = True) -> None:
    """On a phone-sized screen the phones and notes open from the dock; on a desktop they are in sight."""
    toggle = page.locator("#dock-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != str(shown).lower():
        toggle.click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_inbox_shows_times_in_the_readers_time_zone(browser: Browser, server: str, server_clock: ShiftedClock,
                                                        language: str) -> None:
    context = browser.new_context(locale="en-US", timezone_id="Asia/Tokyo", viewport=PHONE)
    context.clock.install(time=server_clock())
    try:
        page = context.new_page()
        page.goto(f"{server}/demo/support?lang={language}")
        file_request(page, language)
        page.goto(f"{server}/demo/inbox")
        time = page.locator("#main time").first
        moment = datetime.datetime.fromisoformat(time.get_attribute("datetime") or "")
        tokyo = moment + datetime.timedelta(hours=9)
        shown = time.inner_text()
        clock_faces = {f"{hour:02d}:{tokyo.minute:02d}" for hour in (tokyo.hour, tokyo.hour % 12 or 12)}
        assert any(face in shown for face in clock_faces), shown  # a 24- or 12-hour clock, as the language has it
        assert "UTC" not in shown and f"{moment.hour:02d}:{moment.minute:02d}" not in shown
        assert str(tokyo.day) in shown
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_recovery_codes_name_the_service_the_account_and_the_day_on_screen_on_paper_and_in_a_copy(
        open_page: OpenPage, server: str, server_clock: ShiftedClock, language: str) -> None:
    t = catalog.catalog(language)
    page = open_page(f"/demo/accounts/new?lang={language}", viewport=PHONE).page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    email, _ = with_two_factor(page, language)
    title = str(t["codes_file_title"]).format(service="Tsubame", email=email)
    day = datetime.datetime.fromtimestamp(server_clock(), datetime.UTC).date().isoformat()
    made = str(t["codes_made"]).format(date=day)
    heading = page.locator("#main [data-codes-heading]")
    expect(heading).to_contain_text(title)
    expect(heading).to_contain_text(made)
    codes = page.locator("#main [data-recovery-codes] code").all_inner_texts()

    page.locator("#main").get_by_role("button", name=str(t["copy_button"]), exact=True).click()
    copied = str(page.evaluate("navigator.clipboard.readText()")).split("\n")
    assert copied[:2] == [title, made] and copied[-10:] == codes

    with page.expect_download() as download:
        page.locator("#main").get_by_role("link", name=str(t["download_button"]), exact=True).click()
    saved = download.value.path().read_text(encoding="utf-8").split("\n")
    assert saved[:2] == [title, made] and all(code in saved for code in codes)

    page.emulate_media(media="print")
    expect(heading).to_be_visible()
    expect(page.locator("#main [data-recovery-codes]")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_recovery_code_the_server_took_is_crossed_out_on_the_paper_notes(
        open_page: OpenPage, server_clock: ShiftedClock, viewport: dict[str, int]) -> None:
    t = catalog.catalog("en")
    page = open_page("/demo/accounts/new?lang=en", viewport=viewport).page
    main = page.locator("#main")
    email, _ = with_two_factor(page, "en")
    main.get_by_role("button", name=str(t["js.write_codes"]), exact=True).click()
    main.get_by_label(str(t["field.saved"]), exact=True).check()
    main.get_by_role("button", name=str(t["codes_done"]), exact=True).click()
    main.locator("form.demo-sign-out").get_by_role("button", name=str(t["sign_out"])).click()
    page.locator(".demo-tabs").get_by_role("link", name=str(t["nav_account"]), exact=True).click()
    main.get_by_label(str(t["field.email"]), exact=True).fill(email)
    main.get_by_label(str(t["field.password"]), exact=True).fill(PASSWORD)
    main.get_by_role("button", name=str(t["next"]), exact=True).click()
    show_phones(page)
    notes = page.locator("#phones [data-paper] li")
    expect(notes).to_have_count(10)
    first = notes.first.get_attribute("data-value") or ""
    show_phones(page, False)  # on a phone the open notes cover the form
    main.locator("details summary").click()
    form = main.locator("details form")
    wrong = first[:-1] + ("2" if first[-1].upper() != "2" else "3")  # codes are read without regard to case
    form.get_by_label(str(t["field.recovery_code"]), exact=True).fill(wrong)
    form.get_by_role("button", name=str(t["sign_in"])).click()
    expect(main.locator("#errors")).to_be_visible()  # refused: nothing crossed out
    assert page.locator("#phones [data-paper] [data-used]").count() == 0
    server_clock.skip(5)  # past the wait after a refused code
    page.clock.fast_forward(5000)

    main.locator("details form").get_by_label(str(t["field.recovery_code"]), exact=True).fill(first)
    main.locator("details form").get_by_role("button", name=str(t["sign_in"])).click()

    expect(main).to_have_attribute("data-page", "recovery-codes")
    show_phones(page)
    used = page.locator("#phones [data-paper] [data-used]")
    expect(used).to_have_count(1)
    expect(used).to_have_attribute("data-value", first)
    expect(used.locator("del")).to_contain_text(first)
    expect(used).to_contain_text(str(t["js.paper_used"]).strip())


def test_the_support_form_keeps_a_draft_across_a_reload_until_it_is_sent(open_page: OpenPage) -> None:
    t = catalog.catalog("ja")
    page = open_page("/demo/support?lang=ja", viewport=PHONE).page
    main = page.locator("#main")
    expect(page.locator("#phones")).to_be_visible()
    main.get_by_label(str(t["field.name"]), exact=True).fill("山田 花子")
    main.get_by_label(str(t["field.details"]), exact=True).fill(DETAILS)
    main.get_by_label(str(t["yes"]), exact=True).check()

    page.reload()

    expect(main.get_by_label(str(t["field.name"]), exact=True)).to_have_value("山田 花子")
    expect(main.get_by_label(str(t["field.details"]), exact=True)).to_have_value(DETAILS)
    expect(main.get_by_label(str(t["yes"]), exact=True)).to_be_checked()
    main.get_by_label(str(t["no"]), exact=True).check()
    file_request(page, "ja")
    page.goto(page.url.split("/demo/")[0] + "/demo/support")
    expect(main.get_by_label(str(t["field.name"]), exact=True)).to_have_value("")  # sent: the draft is gone
    expect(main.get_by_label(str(t["field.details"]), exact=True)).to_have_value("")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demos_not_found_page_is_the_help_centers_with_a_way_home_and_to_search(
        open_page: OpenPage, language: str) -> None:
    t = catalog.catalog(language)
    page = open_page(f"/demo/no-such-page?lang={language}", viewport=PHONE).page
    expect(page.locator(".md-header")).to_be_visible()
    expect(page.locator("#main h1")).to_have_text(str(t["help.404.title"]))
    home = catalog.home(language)
    expect(page.locator("#main").get_by_role("link", name=str(t["help.404.home"]), exact=True)).to_have_attribute(
        "href", home)
    search = page.locator("#main").get_by_role("search")
    search.get_by_label(str(t["help.home.search.label"]), exact=True).fill("QR")

    search.get_by_role("button", name=str(t["help.home.search.button"])).click()

    page.wait_for_url(f"**{home}**")
    expect(page.locator("input[data-md-component=search-query]")).to_have_value("QR")  # Material's search, open
