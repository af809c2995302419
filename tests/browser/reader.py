"""A reader working through the demo in Chromium, with the simulated phones or a real authenticator
app (pyotp on the key the page shows), checking on the way what issue 11 promises: no error page
and nothing lost on reload, Back and Forward; the code beside its field; every page axe-clean."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from content import catalog, scenarios
from otp_core import recovery_codes, totp
from tests.browser.axe import small_targets, violations
from tests.browser.journey import Journey
from tests.demo_client import ShiftedClock

SIX_DIGITS = re.compile(r"^\d{6}$")
PASSWORD = "correct horse"
RECORD_IDS = ["setup", "account", "ticket", "step", "scenario"]
"""The #main data attributes that name a record or a moment, not a state of the page."""
PageState = tuple[str, ...]


@dataclass
class Checked:
    """Each state of a page is checked with axe once per language and screen (its words and
    layout differ), and survives a reload, Back and Forward once in either language (what the page
    keeps is the same in both): the same state again in another run adds nothing."""

    axe: set[tuple[PageState, str, bool]] = field(default_factory=set)
    reload: set[PageState] = field(default_factory=set)


@dataclass
class Reader:
    page: Page
    language: str
    clock: ShiftedClock
    checked: Checked = field(default_factory=Checked)
    """What has been checked on the way; the runs of a module share it."""
    reload_each_state: bool = False
    """Whether each state of a page this run reaches, not yet reloaded in its language, is reloaded and
    taken Back and Forward to."""
    pictures: bool = False
    """Whether this run's key steps become the README's pictures (DEMO_SCREENSHOTS names the folder)."""
    shots: list[bytes] = field(default_factory=list)
    journey: Journey | None = None
    """Set on a phone: this run's taps and distances, step by step (``journey.py``)."""

    def shot(self) -> None:
        if self.pictures and os.environ.get("DEMO_SCREENSHOTS"):
            self.shots.append(self.page.screenshot())

    def save_shots(self, name: str) -> None:
        """The key steps side by side, in the README's folder: ``DEMO_SCREENSHOTS=readme/demo``."""
        folder = os.environ.get("DEMO_SCREENSHOTS")
        if not folder or not self.shots:
            return
        kept = self.shots[:4] + self.shots[-1:] if len(self.shots) > 5 else self.shots
        frames = [Image.open(io.BytesIO(data)).convert("RGB") for data in kept]
        scale = 0.6
        width, height = int(frames[0].width * scale), int(frames[0].height * scale)
        sheet = Image.new("RGB", (len(frames) * (width + 12) - 12, height), "white")
        for index, frame in enumerate(frames):
            sheet.paste(frame.resize((width, height), Image.LANCZOS), (index * (width + 12), 0))
        Path(folder).mkdir(parents=True, exist_ok=True)
        sheet.quantize(colors=128).save(Path(folder) / f"{name}.png", optimize=True)  # a third the size

    @property
    def t(self) -> dict[str, catalog.Entry]:
        return catalog.catalog(self.language)

    @property
    def phone_sized(self) -> bool:
        return (self.page.viewport_size or {"width": 0})["width"] < 960

    # What the reader does --------------------------------------------------------------------

    def tap(self, target: Locator, *, measure: bool = True) -> Locator:
        """One tap of the reader's, counted for the guide's current step; a button (``measure``) is
        also measured against the guide's instruction."""
        if self.journey is not None:
            self.journey.tap(self.page, target, measure=measure)
        return target

    def ready(self) -> None:
        """The page is loaded, its script has drawn the phones, and its state is checked (``Checked``)."""
        self.page.wait_for_load_state("load")
        expect(self.page.locator("#phones")).to_be_visible()
        state = self.state()
        assert "page=error" not in state, f"an error page: {self.page.locator('#main').inner_text()[:200]}"
        if (state, self.language, self.phone_sized) not in self.checked.axe:
            self.checked.axe.add((state, self.language, self.phone_sized))
            found = violations(self.page)
            assert found == [], f"{state} ({self.language}, {self.page.viewport_size}): {found}"
            if self.phone_sized:
                assert small_targets(self.page) == [], state
                header = self.page.locator(".demo-header").bounding_box()
                assert header and header["height"] <= 56, "the header fits one line on a phone"
            else:
                side = self.page.locator("#side").bounding_box()
                height = (self.page.viewport_size or {"height": 0})["height"]
                assert side and side["height"] <= height, f"the guide and phones fit the window ({side})"
        if self.reload_each_state and state not in self.checked.reload:
            self.checked.reload.add(state)
            self.survives_reload_and_history()

    def kind(self) -> str:
        return self.page.locator("#main").get_attribute("data-page") or ""

    def state(self) -> PageState:
        """The page's kind and what it says of its record (refused, done, two-factor on, ...), without
        numbers and ids, which differ between runs: ``("page=sign-in-code", "refused=verdict.wrong")``."""
        return tuple(self.page.locator("#main").evaluate(
            "(main, ids) => Object.entries(main.dataset).filter(([name]) => !ids.includes(name))"
            ".map(([name, value]) => `${name}=${value}`).sort()", RECORD_IDS))

    def press(self, name: str, *, within: Locator | None = None) -> None:
        self.tap((within or self.page.locator("#main")).get_by_role("button", name=name, exact=True)).click()
        self.ready()

    def follow(self, name: str) -> None:
        self.tap(self.page.locator("#main").get_by_role("link", name=name, exact=True).first).click()
        self.ready()

    def tab(self, key: str) -> None:
        self.tap(self.page.locator(".demo-tabs").get_by_role("link", name=str(self.t[key]), exact=True)).click()
        self.ready()

    def fill(self, label: str, value: str, *, within: Locator | None = None) -> None:
        self.tap((within or self.page.locator("#main")).get_by_label(label, exact=True), measure=False).fill(value)

    def form(self, title_key: str) -> Locator:
        return self.page.get_by_role("form", name=str(self.t[title_key]))

    def skip_step(self, seconds: float = totp.STEP_SECONDS) -> None:
        """Move the server's clock and the page's on to a later step instead of waiting for it."""
        self.clock.skip(seconds)
        self.page.clock.fast_forward(int(seconds * 1000))

    # The steps every scenario shares ---------------------------------------------------------

    def start(self, scenario: str) -> None:
        """From the scenario's page: Start opens its first action, the account form."""
        title = str(self.t[f"scenario.{scenario}.title"])
        expect(self.page.locator("#main h1")).to_have_text(title)
        self.follow(str(self.t["scenario_start"]))
        assert self.kind() == "new-account"
        expect(self.page.locator("#guide")).to_contain_text(title)
        expect(self.page.locator("#guide [data-guide-where]")).to_have_attribute("data-guide-where", "1")

    def create_account(self) -> str:
        email = self.page.locator("#f-email").input_value()
        assert email.endswith("@example.com")  # suggested, not yet used in this sandbox
        self.fill(str(self.t["field.password"]), PASSWORD)
        self.press(str(self.t["create_button"]))
        assert self.kind() == "account"
        return email

    def start_setup(self) -> None:
        self.press(str(self.t["setup_button"]))
        expect(self.page.locator("#main [data-key]")).to_be_visible()

    def confirm_setup(self, code: str) -> None:
        self.enter_code(code, str(self.t["confirm_button"]))

    def enter_code(self, code: str, button: str, *, field: str = "#f-code") -> None:
        self.tap(self.page.locator(field), measure=False).fill(code)
        self.tap(self.page.locator(field).locator("xpath=ancestor::form").get_by_role("button", name=button)).click()
        self.ready()

    def save_codes(self) -> list[str]:
        """The recovery codes page survives a reload until the reader ticks that they saved them."""
        assert self.kind() == "recovery-codes"
        codes = self.page.locator("#main [data-recovery-codes] code").all_inner_texts()
        assert len(codes) == recovery_codes.RECOVERY_CODE_COUNT
        if not self.shots or len(self.shots) < 2:
            self.shot()
        self.page.reload()
        self.ready()
        assert self.page.locator("#main [data-recovery-codes] code").all_inner_texts() == codes
        self.press(str(self.t["codes_done"]))  # not ticked: named, and the codes are still there
        expect(self.page.locator("#f-saved")).to_have_attribute("aria-invalid", "true")
        assert self.page.locator("#main [data-recovery-codes] code").all_inner_texts() == codes
        self.tap(self.page.locator("#f-saved"), measure=False).check()
        self.press(str(self.t["codes_done"]))
        assert self.kind() == "account"
        return codes

    def sign_out(self) -> None:
        self.tab("nav_account")
        if self.kind() == "account":
            self.press(str(self.t["sign_out"]), within=self.page.locator("#main form.demo-sign-out"))

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        self.tab("nav_account")
        assert self.kind() == "sign-in"
        self.fill(str(self.t["field.email"]), email)
        self.fill(str(self.t["field.password"]), password)
        self.press(str(self.t["next"]))

    def sign_in_with_recovery_code(self, code: str) -> None:
        """The recovery: the next screen is the new set of codes to save ("Secure your account")."""
        details = self.page.locator("#main details")
        if details.get_attribute("open") is None:  # open already when the phone was reported
            self.tap(details.locator("summary")).click()
        self.fill(str(self.t["field.recovery_code"]), code, within=details)
        self.press(str(self.t["sign_in"]), within=details)
        expect(self.page.locator("#main[data-securing]")).to_be_visible()
        expect(self.page.locator("#main h1")).to_have_text(str(self.t["secure_title"]))

    def move_to_new_phone(self) -> None:
        move = self.form("replace_title")
        self.press(str(self.t["replace_button"]), within=move)
        expect(self.page.locator("#main[data-replacing]")).to_be_visible()

    def report_phone(self, email: str, password: str = PASSWORD) -> None:
        """From the sign-in page, with the password alone (no code): the phone's codes stop."""
        self.tab("nav_account")
        self.follow(str(self.t["report_link"]))
        assert self.kind() == "report-phone"
        self.fill(str(self.t["field.email"]), email)
        self.fill(str(self.t["field.report_password"]), password)
        self.press(str(self.t["report_button"]))
        assert self.kind() == "sign-in"
        expect(self.page.locator("#main")).to_contain_text(str(self.t["signed_out.reported"]))

    def change_password(self, new: str, current: str = PASSWORD) -> None:
        form = self.form("password_title")
        self.fill(str(self.t["field.current_password"]), current, within=form)
        self.fill(str(self.t["field.new_password"]), new, within=form)
        self.press(str(self.t["password_button"]), within=form)
        expect(self.page.locator("#main[data-done=password]")).to_be_visible()

    def sign_out_everywhere(self) -> None:
        self.press(str(self.t["everywhere_button"]), within=self.form("everywhere_title"))
        assert self.kind() == "sign-in"

    def done(self, scenario: str) -> None:
        guide = self.page.locator("#guide")
        expect(guide.locator("[data-guide-where]")).to_have_attribute("data-guide-where", "done")
        article = f"{catalog.home(self.language)}{_article(scenario)}.html"
        expect(guide.get_by_role("link", name=str(self.t["js.back_to_article"]))).to_have_attribute("href", article)
        next_link = re.compile(re.escape(str(self.t["js.next_scenario"]).split("{")[0]))
        expect(guide.get_by_role("link", name=next_link)).to_be_visible()
        self.page.evaluate("window.scrollTo(0, 0)")
        self.shot()
        self.save_shots(f"{scenario}-{self.language}")

    # What the reader must not lose -----------------------------------------------------------

    def snapshot(self) -> tuple[str, str, str, str, str]:
        """What a reload, Back or Forward must give back: the page, its values, the guide, the phones."""
        main = self.page.locator("#main")
        values = "|".join(main.locator("input:not([type=hidden]):not([type=password])").evaluate_all(
            "inputs => inputs.map(input => input.type === 'checkbox' ? String(input.checked) : input.value)"))
        phones = self.page.evaluate("sessionStorage.getItem('demo-state')") or ""
        return (self.kind(), main.locator("h1").inner_text(), values,
                self.page.locator("#guide").get_attribute("data-guide-where") or "", phones)

    def survives_reload_and_history(self) -> None:
        self.reload_each_state = False  # the checks below load pages themselves
        try:
            before = self.snapshot()
            self.page.reload()
            self.ready()
            assert self.snapshot() == before, "a reload changed or lost something"
            if self.page.evaluate("history.length") > 1:
                self.page.go_back()
                self.ready()
                self.page.go_forward()
                self.ready()
                assert self.snapshot()[:2] == before[:2] and self.snapshot()[4] == before[4]
        finally:
            self.reload_each_state = True


class Phones:
    """The simulated phones on the page."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.page = reader.page
        self.t = reader.t
        self.key = ""

    def open(self) -> None:
        """On a phone-sized screen the phones sit behind the dock; open them."""
        toggle = self.page.locator("#dock-toggle")
        if self.reader.phone_sized and toggle.get_attribute("aria-expanded") == "false":
            self.reader.tap(toggle).click()

    def close(self) -> None:
        toggle = self.page.locator("#dock-toggle")
        if self.reader.phone_sized and toggle.get_attribute("aria-expanded") == "true":
            self.reader.tap(toggle).click()

    def choose(self, which: str) -> None:
        self.open()
        if self.page.locator(f"#tab-{which}").get_attribute("aria-selected") != "true":
            self.reader.tap(self.page.locator(f"#tab-{which}")).click()
        expect(self.page.locator(f"#tab-{which}")).to_have_attribute("aria-selected", "true")

    def chosen(self, which: str) -> bool:
        return self.page.locator(f"#tab-{which}").get_attribute("aria-selected") == "true"

    def scan(self, which: str) -> None:
        """On a phone, the dock's Scan QR when the phone is already the active one."""
        dock_scan = self.page.locator("#dock-scan")
        if self.reader.phone_sized and self.chosen(which) and dock_scan.is_visible():
            self.reader.tap(dock_scan).click()
            expect(self.page.locator(f"#phone-{which} [data-code]").last).to_have_text(SIX_DIGITS)
            return
        self.choose(which)
        self.reader.tap(self.page.locator(f"#scan-{which}")).click()
        expect(self.page.locator(f"#phone-{which} [data-code]").last).to_have_text(SIX_DIGITS)
        self.close()

    def code(self, which: str, field: str = "#f-code") -> str:
        """The code the phone shows, read where the reader sees it: beside the field it goes in."""
        if not self.chosen(which):
            self.choose(which)
        self.close()
        self.page.locator(field).evaluate("field => field.scrollIntoView({block: 'center'})")
        shown = self.page.locator("[data-dock-code]") if self.reader.phone_sized else (
            self.page.locator(f"#phone-{which} [data-code]").last)
        expect(shown).to_have_text(SIX_DIGITS)
        beside(self.page, self.page.locator(field), shown)
        self.reader.shot()
        return shown.inner_text()

    def keep_key(self) -> None:
        self.reader.tap(self.page.locator("#main [data-action=write-key]")).click()
        expect(self.page.locator("[data-status-for=key]")).to_have_text(str(self.t["js.wrote_key"]))
        self.key = self.page.locator("#main [data-key]").inner_text()

    def keep_codes(self) -> list[str]:
        self.reader.tap(self.page.locator("#main [data-action=write-codes]")).click()
        expect(self.page.locator("[data-status-for=codes]")).to_have_text(str(self.t["js.wrote_codes"]))
        return self.page.locator("#main [data-recovery-codes] code").all_inner_texts()

    def lose(self, reason: str) -> None:
        self.choose("old")
        panel = self.page.locator("#phone-old")
        self.reader.tap(panel.get_by_label(str(self.t["js.what_happens"])), measure=False).select_option(reason)
        self.reader.tap(panel.get_by_role("button", name=str(self.t["js.lose"]))).click()
        expect(self.page.locator("[data-status-for=phones]")).to_have_text(str(self.t[f"js.gone.{reason}"]))
        self.choose("old")
        expect(self.page.locator("#phone-old")).to_contain_text(str(self.t[f"js.gone.{reason}"]))
        self.close()

    def type_key(self, which: str, key: str) -> None:
        self.choose(which)
        panel = self.page.locator(f"#phone-{which}")
        self.reader.tap(panel.get_by_label(str(self.t["js.key_field"])), measure=False).fill(key.lower())  # as read
        self.reader.tap(panel.get_by_role("button", name=str(self.t["js.add"]))).click()
        expect(panel.locator("[data-code]").last).to_have_text(SIX_DIGITS)
        self.close()

    def set_clock(self, which: str, seconds: int) -> None:
        self.choose(which)
        self.reader.tap(self.page.locator(f"#clock-{which}"), measure=False).select_option(str(seconds))
        self.close()


class RealApp:
    """A reader's own authenticator app: pyotp on the key read off the screen, the real clock."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.page = reader.page
        self.keys: dict[str, str] = {}
        self.offsets = {"old": 0, "new": 0}
        self.key = ""

    def scan(self, which: str) -> None:
        self.keys[which] = self.page.locator("#main [data-key]").inner_text().replace(" ", "")

    def code(self, which: str, field: str = "#f-code") -> str:
        now = self.reader.clock() + self.offsets[which]
        return pyotp.TOTP(self.keys[which]).at(now)

    def keep_key(self) -> None:
        self.key = self.page.locator("#main [data-key]").inner_text()

    def keep_codes(self) -> list[str]:
        return self.page.locator("#main [data-recovery-codes] code").all_inner_texts()

    def lose(self, reason: str) -> None:
        """A real phone is not lost in a test; a stolen one keeps its key (the thief's copy)."""

    def type_key(self, which: str, key: str) -> None:
        self.keys[which] = key.replace(" ", "")

    def set_clock(self, which: str, seconds: int) -> None:
        self.offsets[which] = seconds


def beside(page: Page, field: Locator, code: Locator) -> None:
    """Issue 11: the code input and the phone's code are on screen together, within one screen height."""
    height = (page.viewport_size or {"height": 0})["height"]
    field_box, code_box = field.bounding_box(), code.bounding_box()
    assert field_box and code_box
    top = min(field_box["y"], code_box["y"])
    bottom = max(field_box["y"] + field_box["height"], code_box["y"] + code_box["height"])
    assert bottom - top <= height, f"field and code {bottom - top:.0f} px apart in a {height} px screen"
    for box in (field_box, code_box):
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, f"off screen: {field_box} {code_box}"


def _article(scenario: str) -> str:
    return scenarios.scenarios()[scenario].article
