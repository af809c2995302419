"""Dark mode on the demo (issue 23): Material's slate scheme when the reader's system is dark, or when
the help center's palette toggle stored it, with every page, the phones and the paper notes readable
(axe's contrast checks among the rest) in both schemes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from content import catalog
from tests.browser.axe import violations
from tests.browser.conftest import DESKTOP, PHONE
from tests.demo_client import ShiftedClock

PASSWORD = "correct horse"
PALETTE = "/.__palette"
"""Where Material keeps the reader's choice: its scope (the help center's root) and ``__palette``."""


@pytest.fixture
def contexts(browser: Browser, server_clock: ShiftedClock) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def open_demo(browser: Browser, contexts: list[BrowserContext], server_clock: ShiftedClock, url: str, *,
              scheme: str, viewport: dict[str, int] = PHONE) -> Page:
    context = browser.new_context(color_scheme=scheme, viewport=viewport, locale="ja-JP")  # type: ignore[arg-type]
    context.clock.install(time=server_clock())
    contexts.append(context)
    page = context.new_page()
    page.goto(url)
    return page


def scheme_of(page: Page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme") or ""


def clean(page: Page, where: str) -> None:
    found = violations(page)
    assert found == [], f"{where} ({scheme_of(page)}, {page.viewport_size}): {found}"


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_every_page_the_phones_and_the_paper_are_readable_in_the_readers_scheme(
        browser: Browser, contexts: list[BrowserContext], server: str, server_clock: ShiftedClock,
        language: str, viewport: dict[str, int], scheme: str) -> None:
    t = catalog.catalog(language)
    page = open_demo(browser, contexts, server_clock, f"{server}/demo/accounts/new?lang={language}", scheme=scheme,
                     viewport=viewport)
    expected = "slate" if scheme == "dark" else "default"
    assert scheme_of(page) == expected
    main = page.locator("#main")
    main.get_by_label(str(t["field.password"]), exact=True).fill(PASSWORD)
    main.get_by_role("button", name=str(t["create_button"])).click()
    main.get_by_role("button", name=str(t["setup_button"])).click()
    expect(page.locator("#phones")).to_be_visible()
    main.get_by_role("button", name=str(t["js.write_key"])).click()
    if page.locator("#dock-toggle").is_visible():
        page.locator("#dock-toggle").click()
    page.locator("#scan-old").click()
    expect(page.locator("#phones [data-paper] li")).to_have_count(1)
    clean(page, "setup, the phones and the paper")
    for path in ("/demo/support", "/demo/inbox", "/demo/no-such-page"):
        page.goto(f"{server}{path}")
        expect(page.locator("#phones")).to_be_visible()
        assert scheme_of(page) == expected
        clean(page, path)


@pytest.mark.parametrize(("system", "stored", "shown"), [
    ("light", "slate", "slate"), ("dark", "default", "default"), ("dark", None, "slate"),
])
def test_the_help_centers_stored_choice_wins_over_the_system(
        browser: Browser, contexts: list[BrowserContext], server: str, server_clock: ShiftedClock,
        system: str, stored: str | None, shown: str) -> None:
    page = open_demo(browser, contexts, server_clock, f"{server}/", scheme=system)
    if stored:
        palette = {"index": 0, "color": {"media": "", "scheme": stored, "primary": "custom", "accent": "custom"}}
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [PALETTE, json.dumps(palette)])

    page.goto(f"{server}/demo/")

    assert scheme_of(page) == shown


def test_the_demo_follows_the_system_when_it_changes(browser: Browser, contexts: list[BrowserContext], server: str,
                                                     server_clock: ShiftedClock) -> None:
    page = open_demo(browser, contexts, server_clock, f"{server}/demo/", scheme="light")
    assert scheme_of(page) == "default"

    page.emulate_media(color_scheme="dark")

    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
