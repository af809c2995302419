"""axe-core finds no violation on any page, in either language, in each state a reader meets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.axe import violations
from tests.browser.conftest import DESKTOP, PHONE, OpenPage
from tests.browser.search_box import search_for
from tests.sites import article_names, page_path

PAGES = [page_path(name, language) for language in ("ja", "en") for name in article_names()]
PAGES += ["/404.html", "/en/404.html"]


@pytest.fixture(scope="module")
def reading(browser: Browser, server: str) -> Iterator[Page]:
    """One tab for the module's pages, as a reader goes from page to page (its cache warm)."""
    context = browser.new_context(locale="ja-JP", viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_no_axe_violations(reading: Page, server: str, path: str) -> None:
    reading.goto(server + path)
    assert violations(reading) == []


@pytest.mark.parametrize("path", ["/get-secret-key.html", "/en/get-secret-key.html"])
def test_the_language_offer_has_no_axe_violations(open_page: OpenPage, path: str) -> None:
    page = open_page(path, locale="en-US" if path.startswith("/get") else "ja-JP").page
    page.locator("[data-offer-language]:not([hidden])").wait_for()
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_open_search_with_results_has_no_axe_violations(open_page: OpenPage, path: str) -> None:
    page = open_page(path, viewport=PHONE).page
    search_for(page, "キー" if path == "/" else "key")
    page.locator(".md-search-result__item").first.wait_for()
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/change-phone.html", "/en/change-phone.html"])
def test_the_phone_menu_has_no_axe_violations(open_page: OpenPage, path: str) -> None:
    page = open_page(path, viewport=PHONE).page
    page.locator(".md-header label[for=__drawer]").click()
    page.locator(".md-nav--primary").first.wait_for()
    assert violations(page) == []
