"""A real Chromium (Debian's), driven by Playwright, for what readers see and do."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from devtools.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.demo_client import ShiftedClock


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        except Exception as error:  # no browser on this machine
            if os.environ.get("CI"):
                pytest.fail(f"Chromium did not start, and CI must run the browser tests: {error}")
            pytest.skip(f"Chromium did not start ({CHROMIUM}); bin/test installs it as root")
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page in its own browser context, with what went wrong while it was open."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


OpenPage = Callable[..., Visit]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def open_page(browser: Browser, server: str, server_clock: ShiftedClock) -> Iterator[OpenPage]:
    """Open a site path in a fresh context: ``open_page("/en/", locale="ja-JP")``. The page's clock
    runs from the server's, so a test can skip a 30-second step on both (``server_clock.skip``
    and ``page.clock.fast_forward``)."""
    contexts = []
    origin = urlsplit(server).netloc

    def open_(path: str, *, locale: str = "ja-JP", viewport: dict[str, int] = DESKTOP) -> Visit:
        context = browser.new_context(locale=locale, viewport=viewport)
        context.clock.install(time=server_clock())
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.console_errors.append(f"{page.url}: {message.text}")

        def on_request(request: Request) -> None:
            if urlsplit(request.url).netloc not in (origin, ""):
                visit.foreign_requests.append(request.url)

        page.on("console", on_console)
        page.on("pageerror", lambda error: visit.console_errors.append(f"{page.url}: {error}"))
        context.on("request", on_request)  # recorded, not intercepted: interception turns off the cache
        page.goto(server + path)
        return visit

    yield open_
    for context in contexts:
        context.close()
