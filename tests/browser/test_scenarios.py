"""Every guided scenario in Chromium (issues 11 and 23), as a reader's journey: from the help
center's home page, through its links to the article, its "try it" card, and the demo to the guide's
Done, in both languages, on a 390x844 phone and a 1280x800 desktop: with the simulated phones, and
with a real authenticator app (pyotp on the key the page shows). The seven journeys of issue 23 are
route-b (a new phone, nothing saved, the old phone in hand), stolen-phone (recovery codes), route-c
(phone in the bath: support and an ID selfie), route-a (a saved key), clock-drift (rejected codes),
trade-in (trading in tomorrow) and prepare (first setup with a real app); recovery-code is an eighth.
Each goes by its script; route-b also by the account page's better route (Move to a new phone). The
others have none: trade-in, stolen-phone and recovery-code already move 2FA that way, and route-a,
route-c, clock-drift and prepare have no shorter route the demo allows.

On the phone each journey counts the taps of every step and measures how far each button the reader
presses is from the guide's instruction, and asserts both are on one screen (``journey.py``); the
figures print in bin/test's "figures" section and feed ``python -m benchmarks.journeys``. On the
phone runs each state of a page reloads and goes Back and Forward, once in each language; each state
is checked with axe once per language and screen (``Checked``); clocks are moved, never waited for."""

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
from tests.browser.journey import Journey
from tests.browser.reader import Checked, Phones, Reader, RealApp
from tests.demo_client import ShiftedClock

App = Phones | RealApp


OpenScenario = Callable[[str, str, dict[str, int]], Reader]
RecordProperty = Callable[[str, object], None]


@pytest.fixture(scope="module")
def checked() -> Checked:
    """What this module's runs have checked so far: a page state is not checked twice."""
    return Checked()


FROM_HOME = {
    "prepare": ["get-secret-key"], "route-a": ["change-phone", "new-device-with-key"],
    "route-b": ["change-phone", "turn-off-2fa"], "route-c": ["change-phone", "cannot-reset-2fa"],
    "trade-in": ["change-phone"], "recovery-code": ["change-phone", "recovery-codes"],
    "stolen-phone": ["change-phone", "stolen-phone"], "clock-drift": ["code-rejected"],
}
"""The links a reader follows from the home page to each scenario's article (change-phone is the
home page's "lost or changing your phone" link)."""


@pytest.fixture
def open_scenario(open_page: OpenPage, server_clock: ShiftedClock, checked: Checked) -> OpenScenario:
    """From the home page, follow its links to the scenario's article and the article's "try it" card
    after its first paragraph, as a reader does: ``open_scenario("route-a", "ja", PHONE)``."""

    def open_(scenario: str, language: str, viewport: dict[str, int]) -> Reader:
        assert FROM_HOME[scenario][-1] == scenarios.scenarios()[scenario].article
        locale = "ja-JP" if language == "ja" else "en-US"
        page = open_page(catalog.home(language), viewport=viewport, locale=locale).page
        for name in FROM_HOME[scenario]:
            page.locator(f':is(.help-hero, .md-content) a:is([href$="{name}.html"], [href*="{name}.html#"]):visible'
                         ).first.click()
            page.wait_for_load_state()
        card = page.locator(".help-demo--top").get_by_role("link")
        box = card.bounding_box()
        assert box and box["height"] >= 44, f"the try-it card's link is a 44 px target ({box})"
        assert box["y"] + box["height"] <= viewport["height"] * 1.5, f"the try-it card is near the top ({box})"
        expect(card).to_have_attribute("href", f"/demo/scenarios/{scenario}?lang={language}")
        card.click()
        reader = Reader(page, language, server_clock, checked=checked)
        if viewport == PHONE:
            reader.journey = Journey(f"{scenario}-{language}")
        reader.ready()
        return reader

    return open_


def measured(reader: Reader, record_property: RecordProperty, route: str = "") -> None:
    """The journey's figures, reported; on a phone, every button was on one screen with the guide's
    instruction (the target of issue 23)."""
    journey = reader.journey
    if journey is None:
        return
    journey.name = f"{journey.name.rsplit('-', 1)[0]}{'-' + route if route else ''}-{reader.language}"
    journey.save()
    record_property("figures", journey.line())
    assert journey.missed() == [], f"instruction and control not on one screen: {journey.line()} {journey.missed()}"


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


def moved_while_both_in_hand(reader: Reader, app: App) -> str:
    """Set up on the old phone, then the account page's Move to a new phone with both in hand."""
    email, _ = enrolled(reader, app)
    reader.move_to_new_phone()
    app.scan("new")
    reader.confirm_setup(app.code("new"))
    expect(reader.page.locator("#main[data-done=replaced]")).to_be_visible()
    return email


def signed_in_with_the_new_phone(reader: Reader, app: App, email: str) -> None:
    reader.sign_out()
    reader.skip_step()
    reader.sign_in(email)
    reader.enter_code(app.code("new"), str(reader.t["sign_in"]))
    expect(reader.page.locator("#main[data-signed-in=code]")).to_be_visible()


def trade_in(reader: Reader, app: App) -> None:
    """Trading in tomorrow: move 2FA while both phones are in hand, check the new phone's code by
    signing in with it, and only then hand the old phone in."""
    email = moved_while_both_in_hand(reader, app)
    signed_in_with_the_new_phone(reader, app, email)
    if isinstance(app, Phones):
        expect(reader.page.locator("#guide")).to_have_attribute("data-guide-where", "5")  # the old phone still here
    app.lose("traded_in")


def route_b_by_move(reader: Reader, app: App) -> None:
    """Route B by the account page's better route: Move to a new phone, 2FA never off. The guide marks
    step 3 (turn it off) done by another route and says so."""
    email = moved_while_both_in_hand(reader, app)
    better = reader.page.locator("#guide [data-guide-better]")
    expect(better).to_have_attribute("data-guide-better", "3")
    expect(better).to_have_text(str(reader.t["js.better_route"]["one" if reader.language == "en" else "other"])
                                .format(reached=4, steps=3))
    expect(reader.page.locator("#guide")).to_have_attribute("data-guide-where", "5")
    signed_in_with_the_new_phone(reader, app, email)


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
    app.set_clock("old", 0)  # back on automatic time: the scenario ends there
    reader.enter_code(app.code("old"), str(reader.t["sign_in"]))
    expect(reader.page.locator("#main[data-step='accepted.now']")).to_be_visible()


SCENARIOS: dict[str, Callable[[Reader, App], None]] = {
    "prepare": prepare, "route-a": route_a, "route-b": route_b, "route-c": route_c,
    "trade-in": trade_in, "recovery-code": recovery_code, "stolen-phone": stolen_phone, "clock-drift": clock_drift,
}


def test_every_scenario_has_a_browser_test() -> None:
    assert set(SCENARIOS) == set(scenarios.ids())


# Each scenario in both languages and on both screens: Japanese on the phone for half of them,
# English on the phone for the others, the other language on the desktop.
BETTER_ROUTES: dict[str, Callable[[Reader, App], None]] = {"route-b": route_b_by_move}
"""The account page's better route, where a scenario's script is not already it."""
ROUTES = [(scenario, "") for scenario in SCENARIOS] + [(scenario, "move") for scenario in BETTER_ROUTES]
SIMULATED = [
    pytest.param(scenario, route, language, viewport, id=f"{scenario}{'-' + route if route else ''}-{language}-{name}")
    for index, (scenario, route) in enumerate(ROUTES)
    for language, viewport, name in (
        (("ja", PHONE, "phone"), ("en", DESKTOP, "desktop")) if index % 2 == 0
        else (("en", PHONE, "phone"), ("ja", DESKTOP, "desktop")))
    if not (scenario == "stolen-phone" and viewport == PHONE)  # the article's own test runs it on phones
]


@pytest.mark.parametrize(("scenario", "route", "language", "viewport"), SIMULATED)
def test_a_scenario_with_the_simulated_phones(open_scenario: OpenScenario, record_property: RecordProperty,
                                              scenario: str, route: str, language: str,
                                              viewport: dict[str, int]) -> None:
    reader = open_scenario(scenario, language, viewport)
    reader.reload_each_state = reader.pictures = viewport == PHONE and not route
    reader.start(scenario)
    (BETTER_ROUTES[scenario] if route else SCENARIOS[scenario])(reader, Phones(reader))
    reader.done(scenario)
    measured(reader, record_property, route)


@pytest.mark.parametrize("scenario", [id_ for id_ in SCENARIOS if id_ != "stolen-phone"])  # both languages below
def test_a_scenario_with_a_real_authenticator_app(open_scenario: OpenScenario, scenario: str,
                                                  record_property: RecordProperty) -> None:
    """The guide follows the server's record, so a reader who never touches the simulated phones
    still sees every step done; route B goes by the better route here (Move to a new phone)."""
    language = "ja" if scenario in ("route-a", "route-c", "recovery-code", "clock-drift") else "en"
    reader = open_scenario(scenario, language, PHONE)
    reader.start(scenario)
    (BETTER_ROUTES.get(scenario, SCENARIOS[scenario]))(reader, RealApp(reader))
    reader.done(scenario)
    measured(reader, record_property, "real-app" + ("-move" if scenario in BETTER_ROUTES else ""))


STOLEN_PHONE_MAIL = ("phone_reported", "recovery_code_used", "move_started", "new_phone", "password_changed",
                     "signed_out_everywhere")
"""What the owner is told, in order, along the stolen-phone article (NIST SP 800-63B-4 section 4.6)."""


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_stolen_phone_article_on_a_phone(open_scenario: OpenScenario, language: str,
                                            record_property: RecordProperty) -> None:
    """Issue 21: from the article's link, with a real authenticator app on a 390x844 phone: report
    the phone with the password, sign in with a recovery code, move 2FA, and see the stolen
    phone's codes refused; each step's mail arrives, saying what to do if it was not you."""
    reader = open_scenario("stolen-phone", language, PHONE)
    reader.reload_each_state = reader.pictures = True  # each state survives reload, Back and Forward
    reader.start("stolen-phone")
    stolen_phone(reader, RealApp(reader))
    reader.done("stolen-phone")
    measured(reader, record_property, "real-app")
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


def test_the_guide_collapses_to_one_line_and_stays_so_in_this_tab(open_scenario: OpenScenario) -> None:
    """On a phone the guide is one line and the current instruction; Hide leaves the one line, and the
    tab remembers it across pages and reloads until Show."""
    reader = open_scenario("prepare", "ja", PHONE)
    reader.start("prepare")
    guide = reader.page.locator("#guide")
    now = guide.locator("[data-guide-now]")
    expect(now).to_have_text(str(reader.t["scenario.prepare.steps"][0]))
    box = guide.bounding_box()
    assert box and box["height"] <= 160, f"the guide is compact ({box})"
    guide.get_by_role("button", name=str(reader.t["js.guide_hide"])).click()
    expect(now).to_be_hidden()
    collapsed = guide.bounding_box()
    assert collapsed and collapsed["height"] <= 56, f"one line ({collapsed})"
    reader.create_account()
    expect(guide.locator("[data-guide-now]")).to_be_hidden()
    show = guide.get_by_role("button", name=str(reader.t["js.guide_show"]))
    expect(show).to_have_attribute("aria-expanded", "false")
    show.click()
    expect(guide.locator("[data-guide-now]")).to_have_text(str(reader.t["scenario.prepare.steps"][1]))
