"""Browser / iOS / Android tabs: the reader's choice follows them across articles."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage


@pytest.mark.parametrize(
    ("first", "second", "label"),
    [("/get-secret-key.html", "/turn-off-2fa.html", "Androidアプリ"),
     ("/en/get-secret-key.html", "/en/set-up-2fa.html", "iOS app")],
)
def test_a_chosen_tab_stays_chosen_on_the_next_article(
    open_page: OpenPage, server: str, first: str, second: str, label: str
) -> None:
    page = open_page(first).page
    page.locator(".tabbed-labels label", has_text=label).first.click()

    page.goto(server + second)

    checked = page.locator(".tabbed-set input:checked").first
    tab_id = checked.get_attribute("id")
    expect(page.locator(f'.tabbed-labels label[for="{tab_id}"]')).to_have_text(label)


def test_tabs_switch_with_the_keyboard(open_page: OpenPage) -> None:
    page = open_page("/en/get-secret-key.html").page
    tabs = page.locator(".tabbed-set").first
    radios = tabs.locator(":scope > input")
    for _ in range(60):  # Tab through the page as a keyboard user does
        page.keyboard.press("Tab")
        if radios.nth(0).evaluate("radio => radio === document.activeElement"):
            break
    else:
        pytest.fail("the first tab cannot be reached with Tab")
    outline = tabs.locator(".tabbed-labels > label").nth(0).evaluate("label => getComputedStyle(label).outlineStyle")
    assert outline != "none", "the focused tab shows no focus ring"

    page.keyboard.press("ArrowRight")

    expect(radios.nth(1)).to_be_focused()
    expect(tabs.locator(".tabbed-block").nth(1)).to_be_visible()
    expect(tabs.locator(".tabbed-block").nth(0)).to_be_hidden()
