"""Typing into Material's search box as the tests do: open it, fill it, and send the keyup Material
reads a query on (tests/browser/test_search_input.py covers text that arrives without one)."""

from __future__ import annotations

from playwright.sync_api import Page


def search_for(page: Page, query: str) -> None:
    """Open the search box (the header's button on any screen) and search for ``query``."""
    page.locator("label[for=__search]").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.dispatch_event("keyup")
