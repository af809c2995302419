"""Setting up 2FA on the phone that holds the authenticator app (issue 23): the setup page opens the
app with the key, and copies the key with a button that never covers it; the help center's sample key
is never covered by its copy button either."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Locator, Page, expect

from content import catalog
from tests.browser.conftest import PHONE, OpenPage

LANGUAGES = ["ja", "en"]

OVERLAP = """([text, button]) => {
  const box = button.getBoundingClientRect();
  const characters = document.createRange();
  characters.selectNodeContents(text);
  return [...characters.getClientRects()].some((line) => line.left < box.right && box.left < line.right
    && line.top < box.bottom && box.top < line.bottom);
}"""
"""Whether the box of any of ``text``'s characters (a key may wrap; its padding does not count)
meets ``button``'s box."""


def setup_page(open_page: OpenPage, language: str) -> Page:
    t = catalog.catalog(language)
    page = open_page(f"/demo/accounts/new?lang={language}", viewport=PHONE).page
    page.locator("#main").get_by_label(str(t["field.password"]), exact=True).fill("correct horse")
    page.locator("#main").get_by_role("button", name=str(t["create_button"])).click()
    page.locator("#main").get_by_role("button", name=str(t["setup_button"])).click()
    expect(page.locator("#phones")).to_be_visible()  # the page's script has run
    return page


def overlaps(text: Locator, button: Locator) -> bool:
    return bool(text.page.evaluate(OVERLAP, [text.element_handle(), button.element_handle()]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_copy_button_never_covers_the_key_and_copies_it_as_the_app_reads_it(
        open_page: OpenPage, server: str, language: str) -> None:
    t = catalog.catalog(language)
    page = setup_page(open_page, language)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    key = page.locator("#main [data-key]")
    copy = page.locator("#main").get_by_role("button", name=str(t["copy_key"]), exact=True)
    expect(copy).to_be_visible()
    assert not overlaps(key, copy)
    assert key.evaluate("code => code.scrollWidth <= code.clientWidth"), "no character scrolled out of sight"

    copy.click()

    shown = key.inner_text()
    expect(page.locator("[data-status-for=key]")).to_have_text(str(t["js.copied"]).format(key=shown))
    assert page.evaluate("navigator.clipboard.readText()") == shown.replace(" ", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_a_link_opens_the_authenticator_app_with_the_key_shown(open_page: OpenPage, language: str) -> None:
    t = catalog.catalog(language)
    page = setup_page(open_page, language)
    link = page.locator("#main").get_by_role("link", name=str(t["open_in_app"]), exact=True)
    expect(link).to_be_visible()
    app = pyotp.parse_uri(link.get_attribute("href") or "")
    assert isinstance(app, pyotp.TOTP)
    assert app.secret == page.locator("#main [data-key]").inner_text().replace(" ", "")
    assert app.issuer == "Tsubame"


@pytest.mark.parametrize("path", ["/set-up-2fa.html", "/en/set-up-2fa.html"])
def test_the_sample_keys_copy_button_never_covers_the_key(open_page: OpenPage, path: str) -> None:
    page = open_page(path, viewport=PHONE).page
    samples = page.locator("figure.help-sample")
    expect(samples.first).to_be_visible()
    for index in range(samples.count()):
        block = samples.nth(index).locator("pre:has(.help-sample__key)")
        block.scroll_into_view_if_needed()
        key, button = block.locator(".help-sample__key"), block.get_by_role("button")
        expect(button).to_be_attached()
        assert not overlaps(key, button)
        assert key.evaluate("code => code.scrollWidth <= code.clientWidth"), "no character scrolled out of sight"
