"""Every guided scenario in Chromium (issue 11), from the article's link to the guide's Done, in
both languages, on a 390x844 phone and a 1280x800 desktop: with the simulated phones, and with a
real authenticator app (pyotp on the key the page shows). On the phone runs each state of a page
reloads and goes Back and Forward, once in each language; each state is checked with axe once per
language and screen (``Checked``); clocks are moved, never waited for."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from content import catalog, scenarios
from otp_core import recovery_codes, totp
from tests.browser.conftest import DESKTOP, PHONE, OpenPage
from tests.browser.reader import Checked, Phones, Reader, RealApp
from tests.demo_client import ShiftedClock

App = Phones | RealApp


OpenScenario = Callable[[str, str, dict[str, int]], Reader]


@pytest.fixture(scope="module")
def checked() -> Checked:
    """What this module's runs have checked so far: a page state is not checked twice."""
    return Checked()


@pytest.fixture
def open_scenario(open_page: OpenPage, server_clock: ShiftedClock, checked: Checked) -> OpenScenario:
    """Open a scenario's article and follow its "try it" link, as a reader does:
    ``open_scenario("route-a", "ja", PHONE)``."""

    def open_(scenario: str, language: str, viewport: dict[str, int]) -> Reader:
        article = scenarios.scenarios()[scenario].article
        page = open_page(f"{catalog.home(language)}{article}.html", viewport=viewport,
                         locale="ja-JP" if language == "ja" else "en-US").page
        page.locator(f'a[href^="/demo/scenarios/{scenario}"]').first.click()
        reader = Reader(page, language, server_clock, checked=checked)
        reader.ready()
        return reader

    return open_


def enrolled(reader: Reader, app: App, *, keep_key: bool = False) -> tuple[str, list[str]]:
    """Account made, 2FA set up on the old phone, recovery codes saved; the email and the codes."""
    email = reader.create_account()
    reader.start_setup()
    app.scan("old")
    if keep_key:
        app.keep_key()
    reader.confirm_setup(app.code("old"))
    codes = app.keep_codes()
    reader.save_codes()
    return email, codes


def prepare(reader: Reader, app: App) -> None:
    enrolled(reader, app, keep_key=True)


def route_a(reader: Reader, app: App) -> None:
    email, _ = enrolled(reader, app, keep_key=True)
    app.lose("drowned")
    app.type_key("new", app.key)
    reader.sign_out()
    reader.skip_step()
    reader.sign_in(email)
    reader.enter_code(app.code("new"), str(reader.t["sign_in"]))


def route_b(reader: Reader, app: App) -> None:
    email, _ = enrolled(reader, app)
    reader.skip_step()
    reader.enter_code(app.code("old", "#f-disable_proof"), str(reader.t["disable_button"]), field="#f-disable_proof")
    expect(reader.page.locator("#main[data-two-factor=off]")).to_be_visible()
    reader.start_setup()
    app.scan("new")
    reader.confirm_setup(app.code("new"))
    reader.save_codes()
    reader.sign_out()
    reader.skip_step()
    reader.sign_in(email)
    reader.enter_code(app.code("new"), str(reader.t["sign_in"]))


def route_c(reader: Reader, app: App) -> None:
    email, _ = enrolled(reader, app)
    app.lose("lost")
    reader.sign_out()
    t = reader.t
    reader.tab("nav_support")
    for name, value in (("name", "山田 花子"), ("address", "東京都千代田区1-1"), ("birth_date", "1990-04-01"),
                        ("phone", "090-1234-5678"), ("email", email)):
        reader.fill(str(t[f"field.{name}"]), value)
    reader.page.locator("#main").get_by_label(str(t["no"]), exact=True).check()
    reader.press(str(t["support_button"]))
    expect(reader.page.locator("#main[data-status=selfie_requested]")).to_be_visible()
    reader.tab("nav_inbox")
    reader.follow(str(t["open_ticket"]))
    picture = io.BytesIO()
    Image.new("RGB", (80, 60), "teal").save(picture, "PNG")
    reader.page.locator("#main").get_by_label(str(t["field.photo"]), exact=True).set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": picture.getvalue()}])
    reader.press(str(t["selfie_button"]))
    expect(reader.page.locator("#main[data-status=selfie_received]")).to_be_visible()
    reader.tab("nav_staff")
    reader.press(str(t["staff_sign_in"]))
    reader.page.locator("#main .demo-tickets a").first.click()
    reader.ready()
    reader.press(str(t["reset_button"]))
    expect(reader.page.locator("#main[data-status=resolved]")).to_be_visible()
    reader.sign_in(email)
    expect(reader.page.locator("#main[data-setup-required]")).to_be_visible()
    reader.press(str(t["setup_button"]))
    app.scan("new")
    reader.confirm_setup(app.code("new"))
    reader.save_codes()


def recovered_and_moved(reader: Reader, app: App, code: str) -> None:
    """Sign in with a recovery code, save the new set it shows, move 2FA to the new phone."""
    reader.sign_in_with_recovery_code(code)
    app.keep_codes()
    reader.save_codes()
    expect(reader.page.locator("#main")).to_contain_text(str(reader.t["next_replace"]))
    reader.move_to_new_phone()
    app.scan("new")
    reader.confirm_setup(app.code("new"))
    expect(reader.page.locator("#main[data-done=replaced]")).to_be_visible()


def moved_to_a_new_phone(reader: Reader, app: App, reason: str) -> str:
    email, codes = enrolled(reader, app)
    app.lose(reason)
    reader.sign_out()
    reader.sign_in(email)
    recovered_and_moved(reader, app, codes[0])
    reader.sign_out()
    reader.skip_step()
    reader.sign_in(email)
    return email


def trade_in(reader: Reader, app: App) -> None:
    moved_to_a_new_phone(reader, app, "traded_in")
    reader.enter_code(app.code("new"), str(reader.t["sign_in"]))


def recovery_code(reader: Reader, app: App) -> None:
    moved_to_a_new_phone(reader, app, "broken")
    reader.enter_code(app.code("new"), str(reader.t["sign_in"]))


NEW_PASSWORD = "battery staple"


def stolen_phone(reader: Reader, app: App) -> None:
    """The stolen-phone article's order: report the phone with the password from any browser,
    sign in with a recovery code and save the new set, move 2FA, change the password, sign out
    everywhere; then the thief's code is refused and the new phone's works."""
    email, codes = enrolled(reader, app)
    app.lose("stolen")
    reader.sign_out()
    reader.report_phone(email)
    reader.sign_in(email)
    expect(reader.page.locator("#main[data-suspended]")).to_be_visible()
    recovered_and_moved(reader, app, codes[0])
    reader.change_password(NEW_PASSWORD)
    reader.sign_out_everywhere()
    reader.skip_step()
    reader.sign_in(email, NEW_PASSWORD)
    reader.enter_code(app.code("old"), str(reader.t["sign_in"]))  # the thief's code
    expect(reader.page.locator("#main[data-refused='error.verdict.wrong']")).to_be_visible()
    reader.shot()
    reader.skip_step(1)  # the one-second wait after a refused code
    reader.enter_code(app.code("new"), str(reader.t["sign_in"]))


def clock_drift(reader: Reader, app: App) -> None:
    email, _ = enrolled(reader, app)
    reader.sign_out()
    reader.skip_step()
    reader.sign_in(email)
    app.set_clock("old", -3 * totp.STEP_SECONDS)
    reader.enter_code(app.code("old"), str(reader.t["sign_in"]))
    refused = reader.page.locator("#main[data-refused='error.verdict.expired']")
    expect(refused).to_be_visible()
    reader.shot()
    expect(refused.get_by_role("link", name=str(reader.t["time_help"]))).to_have_attribute(
        "href", f"{catalog.home(reader.language)}code-rejected.html")
    reader.skip_step(1)
    app.set_clock("old", totp.STEP_SECONDS)
    reader.enter_code(app.code("old"), str(reader.t["sign_in"]))
    expect(reader.page.locator("#main[data-step='accepted.later']")).to_contain_text(
        str(reader.t["accepted.later"]).format(seconds=totp.STEP_SECONDS))


SCENARIOS: dict[str, Callable[[Reader, App], None]] = {
    "prepare": prepare, "route-a": route_a, "route-b": route_b, "route-c": route_c,
    "trade-in": trade_in, "recovery-code": recovery_code, "stolen-phone": stolen_phone, "clock-drift": clock_drift,
}


def test_every_scenario_has_a_browser_test() -> None:
    assert set(SCENARIOS) == set(scenarios.ids())


# Each scenario in both languages and on both screens: Japanese on the phone for half of them,
# English on the phone for the others, the other language on the desktop.
SIMULATED = [
    pytest.param(scenario, language, viewport, id=f"{scenario}-{language}-{name}")
    for index, scenario in enumerate(SCENARIOS)
    for language, viewport, name in (
        (("ja", PHONE, "phone"), ("en", DESKTOP, "desktop")) if index % 2 == 0
        else (("en", PHONE, "phone"), ("ja", DESKTOP, "desktop")))
    if not (scenario == "stolen-phone" and viewport == PHONE)  # the article's own test runs it on phones
]


@pytest.mark.parametrize(("scenario", "language", "viewport"), SIMULATED)
def test_a_scenario_with_the_simulated_phones(open_scenario: OpenScenario, scenario: str, language: str,
                                              viewport: dict[str, int]) -> None:
    reader = open_scenario(scenario, language, viewport)
    reader.reload_each_state = reader.pictures = viewport == PHONE
    reader.start(scenario)
    SCENARIOS[scenario](reader, Phones(reader))
    reader.done(scenario)


@pytest.mark.parametrize("scenario", [id_ for id_ in SCENARIOS if id_ != "stolen-phone"])  # both languages below
def test_a_scenario_with_a_real_authenticator_app(open_scenario: OpenScenario, scenario: str) -> None:
    """The guide follows the server's record, so a reader who never touches the simulated phones
    still sees every step done."""
    language = "ja" if scenario in ("route-a", "route-c", "recovery-code", "clock-drift") else "en"
    reader = open_scenario(scenario, language, PHONE)
    reader.start(scenario)
    SCENARIOS[scenario](reader, RealApp(reader))
    reader.done(scenario)


STOLEN_PHONE_MAIL = ("phone_reported", "recovery_code_used", "move_started", "new_phone", "password_changed",
                     "signed_out_everywhere")
"""What the owner is told, in order, along the stolen-phone article (NIST SP 800-63B-4 section 4.6)."""


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_stolen_phone_article_on_a_phone(open_scenario: OpenScenario, language: str) -> None:
    """Issue 21: from the article's link, with a real authenticator app on a 390x844 phone: report
    the phone with the password, sign in with a recovery code, move 2FA, and see the stolen
    phone's codes refused; each step's mail arrives, saying what to do if it was not you."""
    reader = open_scenario("stolen-phone", language, PHONE)
    reader.reload_each_state = reader.pictures = True  # each state survives reload, Back and Forward
    reader.start("stolen-phone")
    stolen_phone(reader, RealApp(reader))
    reader.done("stolen-phone")
    reader.tab("nav_inbox")
    messages = reader.page.locator("#main .demo-message")
    kinds = messages.evaluate_all("items => items.map(item => item.dataset.kind)")
    assert [kind for kind in reversed(kinds) if kind in STOLEN_PHONE_MAIL] == list(STOLEN_PHONE_MAIL)
    for kind in STOLEN_PHONE_MAIL:
        message = reader.page.locator(f"#main .demo-message[data-kind={kind}]").first
        expect(message).to_contain_text(str(reader.t[f"mail.{kind}.not_you"]))
        expect(message.get_by_role("link", name=str(reader.t["support_link"]))).to_be_visible()


def test_a_second_scenario_in_the_same_tab_starts_with_fresh_phones(open_scenario: OpenScenario) -> None:
    reader = open_scenario("prepare", "en", PHONE)
    reader.start("prepare")
    phones = Phones(reader)
    prepare(reader, phones)
    phones.lose("lost")
    reader.done("prepare")
    next_title = str(reader.t["scenario.route-a.title"])
    next_link = str(reader.t["js.next_scenario"]).format(title=next_title)
    reader.page.locator("#guide").get_by_role("link", name=next_link).click()
    reader.ready()
    reader.page.once("dialog", lambda dialog: dialog.accept())  # "reset the phones and notes?"
    reader.start("route-a")
    assert reader.page.locator("#phone-old").count() == 0 or "is-gone" not in (
        reader.page.locator("#phone-old").get_attribute("class") or "")
    route_a(reader, Phones(reader))
    reader.done("route-a")


def test_the_reset_control_asks_first_and_empties_the_phones_and_notes(open_scenario: OpenScenario) -> None:
    reader = open_scenario("prepare", "ja", DESKTOP)
    reader.start("prepare")
    phones = Phones(reader)
    enrolled(reader, phones, keep_key=True)
    notes = 1 + recovery_codes.RECOVERY_CODE_COUNT  # the key and the recovery codes
    assert reader.page.locator("[data-paper] li").count() == notes
    reader.page.once("dialog", lambda dialog: dialog.dismiss())
    reader.page.locator("#reset-phones").click()
    assert reader.page.locator("[data-paper] li").count() == notes  # said no: nothing lost
    reader.page.once("dialog", lambda dialog: dialog.accept())
    reader.page.locator("#reset-phones").click()
    expect(reader.page.locator("[data-paper] li")).to_have_count(0)
    expect(reader.page.locator("#phone-old [data-code]")).to_have_count(0)
    reader.page.reload()
    reader.ready()
    expect(reader.page.locator("[data-paper] li")).to_have_count(0)


def test_switching_language_redraws_the_phones_and_notes(open_scenario: OpenScenario,
                                                          server_clock: ShiftedClock) -> None:
    reader = open_scenario("route-a", "ja", DESKTOP)
    reader.start("route-a")
    phones = Phones(reader)
    enrolled(reader, phones, keep_key=True)
    phones.type_key("new", phones.key)
    reader.page.locator(".demo-header__language").click()
    english = Reader(reader.page, "en", server_clock, checked=reader.checked)
    english.ready()
    side = reader.page.locator("#side")
    expect(side).to_contain_text(str(english.t["js.manual_label"]))
    expect(side).to_contain_text(str(english.t["js.paper_key"]).split("{")[0])
    expect(side).not_to_contain_text(str(reader.t["js.manual_label"]))
    expect(reader.page.locator("#guide")).to_contain_text(str(english.t["scenario.route-a.title"]))


def test_a_second_tab_that_restarts_setup_is_explained_in_the_first(open_scenario: OpenScenario) -> None:
    reader = open_scenario("prepare", "en", DESKTOP)
    reader.start("prepare")
    reader.create_account()
    reader.start_setup()
    first_key = reader.page.locator("#main [data-key]").inner_text()
    second = reader.page.context.new_page()  # a second tab, on the account page
    second.goto(reader.page.url.replace("/2fa/setup", "/account"))
    expect(reader.page.locator("[data-other-tab]")).to_be_hidden()
    second.locator("#main").get_by_role("button", name=str(reader.t["setup_button"])).click()
    second.wait_for_load_state()
    assert second.locator("#main [data-key]").inner_text() != first_key
    expect(reader.page.locator("[data-other-tab]")).to_be_visible()
    reader.enter_code("123456", str(reader.t["confirm_button"]))
    expect(reader.page.locator("#main")).to_contain_text(str(reader.t["error.setup.restarted"]))
    assert reader.page.locator("#main [data-key]").inner_text() != first_key


def test_the_recovery_codes_can_be_copied_downloaded_and_printed(open_scenario: OpenScenario,
                                                                 tmp_path: Path) -> None:
    reader = open_scenario("prepare", "en", PHONE)
    reader.start("prepare")
    reader.create_account()
    reader.start_setup()
    app = RealApp(reader)
    app.scan("old")
    reader.confirm_setup(app.code("old"))
    codes = reader.page.locator("#main [data-recovery-codes] code").all_inner_texts()
    reader.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    reader.press(str(reader.t["copy_button"]))
    assert reader.page.evaluate("navigator.clipboard.readText()").split("\n")[-len(codes):] == codes  # under a heading
    expect(reader.page.locator("[data-status-for=codes]")).to_have_text(str(reader.t["js.copied_codes"]))
    with reader.page.expect_download() as download:
        reader.page.locator("#main").get_by_role("link", name=str(reader.t["download_button"])).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert all(code in saved.read_text(encoding="utf-8") for code in codes)
    reader.page.evaluate("window.print = () => { document.body.dataset.printed = 'yes' }")
    reader.page.locator("#main").get_by_role("button", name=str(reader.t["print_button"])).click()
    expect(reader.page.locator("body")).to_have_attribute("data-printed", "yes")
