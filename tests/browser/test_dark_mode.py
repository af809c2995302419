"""Dark mode: the help center follows the reader's system setting (prefers-color-scheme) until the
reader picks a scheme with the header's toggle, and our own colours (the try-it card, the sample
key, notices, the feedback box, the search's way on) pass axe's contrast check in both schemes
(the light scheme on every page: test_accessibility.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from content import catalog
from tests.browser.axe import violations
from tests.browser.conftest import DESKTOP, PHONE, OpenPage
from tests.browser.search_box import search_for
from tests.sites import article_names, page_path

PAGES = [page_path(name, language) for language in ("ja", "en") for name in article_names()]
PAGES += ["/404.html", "/en/404.html"]


def scheme(page: Page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


@pytest.fixture(scope="module")
def dark(browser: Browser) -> Page:
    context = browser.new_context(locale="ja-JP", viewport=DESKTOP, color_scheme="dark")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_the_dark_scheme_has_no_axe_violations(dark: Page, server: str, path: str) -> None:
    dark.goto(server + path)
    assert scheme(dark) == "slate"
    if "404" not in path:
        expect(dark.locator("[data-feedback]").or_(dark.locator(".help-hero")).first).to_be_visible()
    assert violations(dark) == []


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_the_dark_search_and_its_way_on_have_no_axe_violations(browser: Browser, server: str, path: str) -> None:
    context = browser.new_context(locale="ja-JP", viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(server + path)
    search_for(page, "キー" if path == "/" else "key")
    page.locator(".md-search-result__item").first.wait_for()
    assert violations(page) == []
    box = page.locator("input.md-search__input")
    box.fill("qqqxzv")
    box.dispatch_event("keyup")
    expect(page.locator("[data-search-empty]")).to_be_visible()
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize(("path", "language"), [("/secret-key.html", "ja"), ("/en/secret-key.html", "en")])
def test_the_system_setting_is_followed_until_the_reader_picks(browser: Browser, server: str, path: str,
                                                              language: str) -> None:
    words = catalog.catalog(language)
    light = browser.new_context(viewport=PHONE, color_scheme="light")
    page = light.new_page()
    page.goto(server + path)
    assert scheme(page) == "default"
    light.close()

    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(server + path)
    assert scheme(page) == "slate"
    page.locator(f'form[data-md-component=palette] label[title="{words["help.palette.to_light"]}"]').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.goto(server + path.replace("secret-key", "turn-off-2fa"))  # the reader's pick is kept
    assert scheme(page) == "default"
    context.close()


def test_the_toggle_is_named_in_the_pages_language(open_page: OpenPage) -> None:
    for path, language in (("/", "ja"), ("/en/", "en")):
        page = open_page(path).page
        toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
        expect(toggle).to_have_attribute("title", str(catalog.catalog(language)["help.palette.to_dark"]))
