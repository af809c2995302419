"""A language the reader chose is remembered: after choosing English (the language menu or the
offer's Yes), no page offers Japanese again, in this tab or a later one; and the reverse."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from content import catalog
from tests.browser.conftest import PHONE, OpenPage

OFFER_JA = str(catalog.catalog("ja")["help.offer.question"])
OFFER_EN = str(catalog.catalog("en")["help.offer.question"])

CHOICES = [
    pytest.param("ja-JP", "/get-secret-key.html", "English", "/en/get-secret-key.html", OFFER_JA,
                 id="a-japanese-browser-chooses-english"),
    pytest.param("en-US", "/en/get-secret-key.html", "日本語", "/get-secret-key.html", OFFER_EN,
                 id="an-english-browser-chooses-japanese"),
]


def choose_in_the_menu(page: Page, language_name: str) -> None:
    page.locator(".md-header .md-select").hover()
    page.locator(".md-select__link", has_text=language_name).click()


@pytest.mark.parametrize(("locale", "start", "language_name", "target", "offer"), CHOICES)
def test_the_chosen_language_is_not_offered_away_again(open_page: OpenPage, server: str, locale: str, start: str,
                                                       language_name: str, target: str, offer: str) -> None:
    page = open_page(start, locale=locale).page
    choose_in_the_menu(page, language_name)
    expect(page).to_have_url(server + target)
    expect(page.locator("article h1")).to_be_visible()
    expect(page.get_by_text(offer)).to_be_hidden()

    other_article = target.replace("get-secret-key", "turn-off-2fa")
    page.goto(server + other_article)
    expect(page.locator("article h1")).to_be_visible()
    page.wait_for_timeout(300)  # the offer's script has run
    expect(page.get_by_text(offer)).to_be_hidden()

    later = page.context.new_page()  # another visit in the same browser
    later.goto(server + target.rsplit("/", 1)[0] + "/")
    expect(later.locator("h1").first).to_be_visible()
    later.wait_for_timeout(300)
    expect(later.get_by_text(offer)).to_be_hidden()


def test_yes_on_the_offer_is_a_choice_too(open_page: OpenPage, server: str) -> None:
    """A Japanese browser on an English page: Yes opens Japanese; the reader then takes the menu
    back to English, and English pages no longer offer Japanese."""
    page = open_page("/en/secret-key.html", locale="ja-JP", viewport=PHONE).page
    offer = page.get_by_role("complementary").filter(has_text=OFFER_JA)
    offer.get_by_role("link", name="はい").click()
    expect(page).to_have_url(server + "/secret-key.html")
    expect(page.get_by_text(OFFER_EN)).to_be_hidden()

    page.goto(server + "/en/secret-key.html")
    expect(page.get_by_text(OFFER_JA)).to_be_visible()  # Japanese was chosen: offered
    choose_in_the_menu(page, "English")
    page.goto(server + "/en/turn-off-2fa.html")
    expect(page.locator("article h1")).to_be_visible()
    page.wait_for_timeout(300)
    expect(page.get_by_text(OFFER_JA)).to_be_hidden()


def test_without_a_choice_the_browsers_language_is_offered(open_page: OpenPage) -> None:
    page = open_page("/en/get-secret-key.html", locale="ja-JP").page
    expect(page.get_by_text(OFFER_JA)).to_be_visible()
