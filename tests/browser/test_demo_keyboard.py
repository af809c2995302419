"""The demo from the keyboard alone (issue 23): focus stays where the action happened, and the phone
tabs follow the ARIA tabs pattern (arrow keys, Home and End, one tab in the tab order)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from content import catalog
from tests.browser.conftest import DESKTOP, PHONE, OpenPage

PASSWORD = "correct horse"


def setup_page(open_page: OpenPage, language: str, viewport: dict[str, int]) -> Page:
    """The setup step of a new account, reached from the keyboard."""
    t = catalog.catalog(language)
    page = open_page(f"/demo/accounts/new?lang={language}", viewport=viewport).page
    page.locator("#main").get_by_label(str(t["field.password"]), exact=True).focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.locator("#main").get_by_role("button", name=str(t["setup_button"])).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#phones")).to_be_visible()
    return page


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id"))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_on_a_desktop_focus_stays_on_scan_after_scanning(open_page: OpenPage, language: str) -> None:
    t = catalog.catalog(language)
    page = setup_page(open_page, language, DESKTOP)
    scan = page.locator("#phone-old").get_by_role("button", name=str(t["js.scan"]))
    scan.focus()

    page.keyboard.press("Enter")

    expect(page.locator("#phone-old [data-code]")).to_have_count(1)
    assert focused(page) == "scan-old"
    assert page.evaluate("window.scrollY") > 0 or page.locator("#scan-old").is_visible()


def test_on_a_phone_focus_goes_from_the_docks_scan_to_the_dock(open_page: OpenPage) -> None:
    page = setup_page(open_page, "en", PHONE)
    page.locator("#dock-scan").focus()

    page.keyboard.press("Enter")

    expect(page.locator("#dock-scan")).to_have_count(0)  # the phone has the account now
    assert focused(page) == "dock-toggle"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_phone_tabs_follow_the_aria_tabs_pattern(open_page: OpenPage, viewport: dict[str, int]) -> None:
    page = setup_page(open_page, "ja", viewport)
    if viewport is PHONE:
        page.locator("#dock-toggle").focus()
        page.keyboard.press("Enter")
    old, new = page.locator("#tab-old"), page.locator("#tab-new")
    expect(page.get_by_role("tablist")).to_be_visible()
    assert old.get_attribute("tabindex") is None and new.get_attribute("tabindex") == "-1"
    old.focus()

    page.keyboard.press("ArrowRight")
    expect(new).to_be_focused()
    expect(new).to_have_attribute("aria-selected", "true")
    expect(old).to_have_attribute("aria-selected", "false")
    expect(page.get_by_role("tabpanel")).to_have_attribute("aria-labelledby", "tab-new")
    assert new.get_attribute("tabindex") is None and old.get_attribute("tabindex") == "-1"

    page.keyboard.press("ArrowRight")  # round to the first
    expect(old).to_be_focused()
    page.keyboard.press("End")
    expect(new).to_be_focused()
    page.keyboard.press("Home")
    expect(old).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(new).to_be_focused()
    expect(page.get_by_role("tabpanel")).to_have_attribute("aria-labelledby", "tab-new")

    page.keyboard.press("Tab")  # from the chosen tab to its panel, never to the other tab
    expect(page.get_by_role("tabpanel")).to_be_focused()
