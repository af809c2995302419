"""Material's language switcher lands on the same article in the other language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OpenPage


@pytest.mark.parametrize(
    ("path", "language_name", "target", "title"),
    [
        ("/change-phone.html", "English", "/en/change-phone.html", "Choose your steps for a new or lost phone"),
        ("/en/id-selfie.html", "日本語", "/id-selfie.html", "本人確認用のIDセルフィーを撮影する"),
        ("/en/", "日本語", "/index.html", "ヘルプセンター"),
    ],
)
def test_the_switcher_opens_this_article_in_the_other_language(
    open_page: OpenPage, server: str, path: str, language_name: str, target: str, title: str
) -> None:
    page = open_page(path).page
    page.locator(".md-header .md-select").hover()
    page.locator(".md-select__link", has_text=language_name).click()

    expect(page).to_have_url(server + target)
    expect(page.locator("h1").first).to_contain_text(title)
