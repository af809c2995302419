"""Every target on every help-center page is at least 44x44 px, on a phone and a desktop, in both
languages (WCAG 2.5.5; a link inside a sentence is exempt, as 2.5.8 has it: touch_targets.py).
A failure names each target under 44 px with its page, its text and its size."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.touch_targets import small_targets
from tests.sites import article_names, page_path

PAGES = [page_path(name, language) for language in ("ja", "en") for name in article_names()]
PAGES += ["/404.html", "/en/404.html"]
SCREENS = {"phone": PHONE, "desktop": DESKTOP}

Tab = Callable[[str, str], Page]


def other_language(path: str) -> str:
    """A browser that prefers the other language, so each page shows its language offer too."""
    return "ja-JP" if path.startswith("/en/") else "en-US"


@pytest.fixture(scope="module")
def tabs(browser: Browser) -> Iterator[Tab]:
    """One tab per screen and browser language, kept for the module's pages (its cache warm)."""
    opened: dict[tuple[str, str], Page] = {}

    def tab(screen: str, locale: str) -> Page:
        if (screen, locale) not in opened:
            context = browser.new_context(locale=locale, viewport=SCREENS[screen])
            opened[screen, locale] = context.new_page()
        return opened[screen, locale]

    yield tab
    for page in opened.values():
        page.context.close()


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", PAGES)
def test_every_target_on_the_page_is_44_px(tabs: Tab, server: str, path: str, screen: str) -> None:
    page = tabs(screen, other_language(path))
    page.goto(server + path)
    expect(page.locator("[data-offer-language]:not([hidden])")).to_be_visible()  # measured with the rest
    if "404" not in path:
        expect(page.locator("[data-feedback]").or_(page.locator(".help-hero")).first).to_be_visible()
    small = small_targets(page)
    assert not small, f"{path} on a {screen}, targets under 44x44 px:\n" + "\n".join(small)


SEARCHES = {"/": ("キー", "ぬぬぬぬぬ"), "/en/": ("recovery", "qqqxzv")}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("home", SEARCHES)
def test_targets_that_appear_on_use_are_44_px(tabs: Tab, server: str, home: str, screen: str) -> None:
    """The search's results, clear button and "found nothing" panel, the language menu, the phone's
    menu, the feedback box's reasons and "Back to top", each once it shows."""
    article = f"{home}change-phone.html"
    page = tabs(screen, "ja-JP" if home == "/" else "en-US")
    page.goto(server + article)
    found: list[str] = []

    box = page.locator("input.md-search__input")
    if screen == "phone":
        page.locator(".md-header__button[for=__search]").click()
    found_something, found_nothing = SEARCHES[home]
    box.click()
    box.fill(found_something)
    box.dispatch_event("keyup")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    found += [f"search results: {target}" for target in small_targets(page, ".md-search")]
    box.fill(found_nothing)
    box.dispatch_event("keyup")
    expect(page.locator("[data-search-empty]")).to_be_visible()
    found += [f"nothing found: {target}" for target in small_targets(page, ".md-search")]
    page.keyboard.press("Escape")

    page.goto(server + article)
    page.locator(".md-header .md-select").hover()
    expect(page.locator(".md-select__link").first).to_be_visible()
    found += [f"language menu: {target}" for target in small_targets(page, ".md-header .md-select")]

    if screen == "phone":
        page.locator(".md-header label[for=__drawer]").click()
        expect(page.locator(".md-nav--primary").first).to_be_visible()
        found += [f"menu: {target}" for target in small_targets(page, ".md-sidebar--primary")]
        page.goto(server + article)

    feedback = page.locator("[data-feedback]")
    feedback.locator("[data-helpful=no]").click()
    expect(feedback.locator("textarea")).to_be_visible()
    found += [f"feedback: {target}" for target in small_targets(page, "[data-feedback]")]

    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -300)
    expect(page.locator(".md-top")).to_be_visible()
    found += [f"back to top: {target}" for target in small_targets(page, ".md-top")]

    assert not found, f"{article} on a {screen}, targets under 44x44 px:\n" + "\n".join(found)
