"""Support that a reader on a phone can find (issue 23): every demo page's tab in sight at 390 px,
the ticket page's link to the support desk, and the articles' links to the contact form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from content import catalog
from tests.browser.conftest import PHONE, OpenPage
from tests.browser.tickets import file_request, photo

LANGUAGES = ["ja", "en"]
TABS = ["nav_home", "nav_account", "nav_inbox", "nav_support", "nav_staff"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_demo_tab_is_whole_and_in_sight_on_a_phone(open_page: OpenPage, language: str) -> None:
    t = catalog.catalog(language)
    page = open_page(f"/demo/support?lang={language}", viewport=PHONE).page
    nav = page.locator(".demo-tabs")
    assert nav.evaluate("nav => nav.scrollWidth <= nav.clientWidth"), "the tabs do not scroll sideways"
    for key in TABS:
        tab = nav.get_by_role("link", name=str(t[key]), exact=True)
        box = tab.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{t[key]} at {box}"
        assert box["height"] >= 44, f"{t[key]} is {box['height']} px tall"
        assert tab.evaluate("a => a.scrollWidth <= a.clientWidth"), f"{t[key]} is cut"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ticket_page_links_the_support_desk_it_names(open_page: OpenPage, language: str) -> None:
    t = catalog.catalog(language)
    page = open_page(f"/demo/support?lang={language}", viewport=PHONE).page
    file_request(page, language)
    page.locator("#main").get_by_label(str(t["field.photo"]), exact=True).set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": photo()}])
    page.locator("#main").get_by_role("button", name=str(t["selfie_button"])).click()
    expect(page.locator("#main[data-status=selfie_received]")).to_contain_text(str(t["next.selfie_received"]))

    page.locator("#main").get_by_role("link", name=str(t["nav_staff"]), exact=True).click()

    expect(page.locator("#main h1")).to_have_text(str(t["staff_title"]))


@pytest.mark.parametrize(("article", "language"), [
    ("/cannot-reset-2fa.html", "ja"), ("/en/cannot-reset-2fa.html", "en"),
    ("/support-email-not-arriving.html", "ja"), ("/en/support-email-not-arriving.html", "en"),
])
def test_an_article_that_names_the_contact_form_links_it(open_page: OpenPage, article: str, language: str) -> None:
    """The contact form is a setting (data/site.toml); by default the demo's form, in the article's language."""
    t = catalog.catalog(language)
    page = open_page(article, locale="ja-JP" if language == "en" else "en-US", viewport=PHONE).page
    label = "「{}」" if language == "ja" else "{}"
    links = page.locator("article").get_by_role("link", name=label.format(t["nav_support"]), exact=True)
    expect(links.first).to_be_visible()

    links.first.click()

    expect(page.locator("#main h1")).to_have_text(str(t["support_title"]))
    assert page.locator("html").get_attribute("lang") == language
