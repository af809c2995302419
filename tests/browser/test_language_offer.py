"""The "Show in English?" offer (language-offer.js), in both directions."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, OpenPage

OFFERS = [
    pytest.param("/get-secret-key.html", "en-US", "Show in English?", ("Yes", "No", "Never"),
                 "/en/get-secret-key.html", id="ja-page-to-en"),
    pytest.param("/en/get-secret-key.html", "ja-JP", "日本語で表示しますか？", ("はい", "いいえ", "今後表示しない"),
                 "/get-secret-key.html", id="en-page-to-ja"),
]


@pytest.mark.parametrize(("path", "locale", "question", "labels", "target"), OFFERS)
def test_yes_opens_the_same_page_in_the_preferred_language(
    open_page: OpenPage, server: str, path: str, locale: str, question: str, labels: tuple[str, ...], target: str
) -> None:
    page = open_page(path, locale=locale).page
    offer = page.get_by_role("complementary").filter(has_text=question)
    expect(offer).to_be_visible()
    for label in labels:
        expect(offer.get_by_role("link", name=label).or_(offer.get_by_role("button", name=label))).to_be_visible()

    offer.get_by_role("link", name=labels[0]).click()

    expect(page).to_have_url(server + target)
    expect(page.get_by_text(question)).to_be_hidden()


@pytest.mark.parametrize(("path", "locale", "question", "labels", "target"), OFFERS)
def test_no_hides_the_offer_for_the_rest_of_the_visit(
    open_page: OpenPage, server: str, path: str, locale: str, question: str, labels: tuple[str, ...], target: str
) -> None:
    visit = open_page(path, locale=locale)
    page = visit.page
    page.get_by_role("button", name=labels[1], exact=True).click()
    expect(page.get_by_text(question)).to_be_hidden()
    expect(page).to_have_url(server + path)

    page.goto(server + path.replace("get-secret-key", "turn-off-2fa"))
    expect(page.get_by_text(question)).to_be_hidden()

    later_visit = open_page(path, locale=locale).page
    expect(later_visit.get_by_text(question)).to_be_visible()


@pytest.mark.parametrize(("path", "locale", "question", "labels", "target"), OFFERS)
def test_never_is_remembered_on_later_visits(
    open_page: OpenPage, server: str, path: str, locale: str, question: str, labels: tuple[str, ...], target: str
) -> None:
    page = open_page(path, locale=locale).page
    page.get_by_role("button", name=labels[2]).click()
    expect(page.get_by_text(question)).to_be_hidden()

    new_tab = page.context.new_page()
    new_tab.goto(server + path)
    expect(new_tab.locator("h1").first).to_be_visible()
    expect(new_tab.get_by_text(question)).to_be_hidden()


@pytest.mark.parametrize(("path", "locale"), [("/secret-key.html", "ja-JP"), ("/en/secret-key.html", "en-GB")])
def test_no_offer_when_the_page_is_already_in_the_preferred_language(
    open_page: OpenPage, path: str, locale: str
) -> None:
    page = open_page(path, locale=locale).page
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("[data-offer-language]")).to_be_hidden()


def test_the_offer_works_from_the_keyboard(open_page: OpenPage) -> None:
    page = open_page("/secret-key.html", locale="en-US").page
    no = page.get_by_role("button", name="No", exact=True)
    for _ in range(10):
        page.keyboard.press("Tab")
        if no.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("the No button cannot be reached with Tab")

    page.keyboard.press("Enter")

    expect(page.get_by_text("Show in English?")).to_be_hidden()
    expect(page.locator("article h1")).to_be_focused()


LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0
    new PerformanceObserver(list => {
        for (const shift of list.getEntries()) if (!shift.hadRecentInput) total += shift.value
    }).observe({ type: "layout-shift", buffered: true })
    setTimeout(() => resolve(total), 500)
})"""


@pytest.mark.parametrize(("path", "locale", "question", "labels", "target"), OFFERS)
def test_on_a_phone_the_offer_moves_nothing_and_is_in_reach(
    open_page: OpenPage, path: str, locale: str, question: str, labels: tuple[str, ...], target: str
) -> None:
    page = open_page(path, locale=locale, viewport=PHONE).page
    offer = page.get_by_role("complementary").filter(has_text=question)
    expect(offer).to_be_in_viewport()
    title = page.locator("article h1")
    top_before = title.bounding_box()["y"]

    assert page.evaluate(LAYOUT_SHIFT) == 0

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer, banner = page.locator(".md-footer").bounding_box(), offer.bounding_box()
    assert footer["y"] + footer["height"] <= banner["y"] + 1, "the end of the page can be read above the offer"
    page.evaluate("window.scrollTo(0, 0)")

    page.get_by_role("button", name=labels[1], exact=True).click()
    expect(offer).to_be_hidden()
    assert title.bounding_box()["y"] == top_before, "closing the offer moved the article"
