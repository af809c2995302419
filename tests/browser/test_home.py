"""The home page: a search box that opens Material's search, and the way out for a lost phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, OpenPage


@pytest.mark.parametrize(("path", "query", "expected"),
                         [("/", "水没", "/change-phone.html"), ("/en/", "selfie", "/en/id-selfie.html")])
def test_the_home_search_box_shows_results_in_materials_search(
    open_page: OpenPage, server: str, path: str, query: str, expected: str
) -> None:
    page = open_page(path, viewport=PHONE).page
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill(query)
    box.press("Enter")

    results = page.locator(".md-search-result__item > .md-search-result__link")
    expect(results.first).to_be_visible()
    assert (results.first.get_attribute("href") or "").split("?")[0] == server + expected


@pytest.mark.parametrize(("path", "link", "target"), [
    ("/", "スマートフォンを紛失した・替えるときの手順", "/change-phone.html"),
    ("/en/", "Lost your phone, or getting a new one? Choose your steps", "/en/change-phone.html"),
])
def test_a_reader_who_lost_their_phone_is_one_tap_from_the_decision_guide(
    open_page: OpenPage, server: str, path: str, link: str, target: str
) -> None:
    page = open_page(path, viewport=PHONE).page
    page.get_by_role("link", name=link).click()
    expect(page).to_have_url(server + target)
