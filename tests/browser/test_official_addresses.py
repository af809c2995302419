"""What a reader checks a message against (issue 24): the phishing page names the service's one
domain and its two mail senders as data/site.toml sets them, readable whole on a phone, and its
relay-phishing section leads to the page on passkeys."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from content import catalog
from tests.browser.conftest import DESKTOP, PHONE, OpenPage

PAGES = [("/phishing.html", "ja"), ("/en/phishing.html", "en")]
VIEWPORTS = [PHONE, DESKTOP]
PASSKEYS_HEADING = {"ja": "パスキーとの違い", "en": "How passkeys differ"}


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["phone", "desktop"])
@pytest.mark.parametrize(("path", "language"), PAGES)
def test_the_phishing_page_names_our_domain_and_senders(open_page: OpenPage, path: str, language: str,
                                                         viewport: dict[str, int]) -> None:
    site = catalog.site()
    page = open_page(path, locale="ja-JP" if language == "ja" else "en-US", viewport=viewport).page
    heading = page.locator("article h2#official")
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible()
    section = page.locator("article").locator("xpath=.//h2[@id='official']/following-sibling::*[position() <= 3]")

    expect(section.locator("code").first).to_have_text(f"https://{site['official_domain']}/")
    senders = section.locator("li")
    expect(senders).to_have_count(2)
    expect(senders.nth(0)).to_contain_text(str(site["notice_email"]))
    expect(senders.nth(1)).to_contain_text(str(site["support_email"]))
    if viewport == PHONE:
        page.screenshot(path=f"/tmp/h3-phishing-official-{language}.png")
    width = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


@pytest.mark.parametrize(("path", "language"), PAGES)
def test_the_relay_section_leads_to_passkeys(open_page: OpenPage, path: str, language: str) -> None:
    page = open_page(path, locale="ja-JP" if language == "ja" else "en-US", viewport=PHONE).page
    relay = page.locator("article").locator("xpath=.//h2[@id='relay']/following-sibling::p[2]")

    relay.locator("a[href*='sync-and-passkeys']").click()

    expect(page.locator("article h2#passkeys")).to_contain_text(PASSKEYS_HEADING[language])
    assert page.url.endswith("sync-and-passkeys.html#passkeys")
    assert page.locator("html").get_attribute("lang") == language
