"""The help center under its Content-Security-Policy (server/site.py), served by the real server:
on a phone, in both languages, every feature a reader touches works and the browser refuses
nothing (SECURITY.md "Sessions, CSRF, headers")."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from content.catalog import catalog
from tests.browser.conftest import PHONE, OpenPage, Visit

RECORDER = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => window.__refused.push(
  `${event.effectiveDirective} refused ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`));
"""
"""Run by the browser before any script of the page (Playwright's init scripts are not the page's)."""

PRIMARY = "rgb(29, 79, 145)"
"""--md-primary-fg-color in help.css: the header's colour when the colour scheme applies."""


class Watched:
    """A reader's tab, keeping every refusal the browser reports: securitypolicyviolation events
    and the console's errors naming the Content Security Policy ("Refused to ...")."""

    def __init__(self, visit: Visit, server: str) -> None:
        self.visit, self.page, self.server = visit, visit.page, server
        self.refused: list[str] = []
        self.page.context.add_init_script(RECORDER)
        self.page.reload()  # the first load had no recorder, but its console errors are kept

    def go(self, path: str) -> None:
        self.collect()
        self.page.goto(self.server + path)

    def collect(self) -> None:
        self.refused += self.page.evaluate("window.__refused ?? []")
        self.page.evaluate("window.__refused = []")

    def everything_refused(self) -> list[str]:
        self.collect()
        return self.refused + [error for error in self.visit.console_errors if "Content Security Policy" in error]


def search(page: Page, query: str) -> list[str]:
    """Open the search on a phone (the header's magnifier), type as an IME leaves it, read the links."""
    page.locator("label[for=__search]").first.click()
    box = page.locator("input.md-search__input")
    expect(box).to_be_visible()
    box.fill(query)
    box.dispatch_event("keyup")
    results = page.locator(".md-search-result__item > .md-search-result__link")
    expect(results.first).to_be_visible()
    return list(results.evaluate_all("links => links.map(link => new URL(link.href).pathname)"))


READERS = [
    pytest.param("ja", "/", "en", "get-secret-key", "turn-off-2fa", "Androidアプリ", "スマホ", id="ja"),
    pytest.param("en", "/en/", "ja", "get-secret-key", "set-up-2fa", "iOS app", "phone", id="en"),
]


@pytest.mark.parametrize(("language", "folder", "offered", "article", "next_article", "tab", "query"), READERS)
def test_every_feature_works_on_a_phone_and_the_browser_refuses_nothing(
    open_page: OpenPage, server: str, language: str, folder: str, offered: str, article: str,
    next_article: str, tab: str, query: str,
) -> None:
    visit = open_page(f"{folder}{article}.html", locale=f"{offered}-{'US' if offered == 'en' else 'JP'}",
                      viewport=PHONE)
    reader = Watched(visit, server)
    page = reader.page
    t, offer_words = catalog(language), catalog(offered)

    # The colour scheme and Material's icon styles (a <style> block the policy allows by hash).
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    assert page.locator(".md-header").evaluate("header => getComputedStyle(header).backgroundColor") == PRIMARY
    icon = "getComputedStyle(document.documentElement).getPropertyValue('--md-admonition-icon--warning')"
    ours = page.evaluate("document.querySelector('head style').textContent")  # mkdocs.yml's warning icon
    assert page.evaluate(icon).strip() in ours, "Material's own warning icon: the <style> block was refused"
    # Material's storage helpers ran from their file, keeping keys under the site's root.
    assert page.evaluate("window.__md_scope.pathname") == "/"

    # The language offer, in the language it offers; No closes it.
    offer = page.get_by_role("complementary").filter(has_text=str(offer_words["help.offer.question"]))
    expect(offer).to_be_visible()
    offer.get_by_role("button", name=str(offer_words["help.offer.no"]), exact=True).click()
    expect(offer).to_be_hidden()

    # A content tab: chosen here, chosen again on the next article (linked-tabs.js), and a link to
    # one tab opens it (tab-target.js).
    label = page.locator(".tabbed-labels label", has_text=tab).first
    label.click()
    expect(page.locator(f"#{label.get_attribute('for')}")).to_be_checked()
    reader.go(f"{folder}{next_article}.html")
    chosen = page.locator(".tabbed-set input:checked").first
    expect(page.locator(f'.tabbed-labels label[for="{chosen.get_attribute("id")}"]')).to_have_text(tab)
    reader.go(f"{folder}{article}.html#__tabbed_1_1")
    expect(page.locator("#__tabbed_1_1")).to_be_checked()

    # The feedback box answers.
    widget = page.get_by_role("region", name=str(t["help.feedback.question"]))
    widget.get_by_role("button", name=str(t["help.feedback.yes"]), exact=True).click()
    expect(widget.get_by_role("status")).to_have_text(str(t["help.feedback.thanks"]))

    # Search, through the worker, finds this language's pages.
    found = search(page, query)
    assert found and all(path.startswith("/en/") == (language == "en") for path in found), found

    reader.go(folder)  # the home page, whose address names its folder only
    expect(page.locator(".help-hero__search")).to_be_visible()

    assert reader.everything_refused() == []
    assert visit.console_errors == [] and visit.foreign_requests == []


def test_the_recorder_hears_a_refusal(open_page: OpenPage, server: str) -> None:
    """The test above proves something only if a refusal would be heard: an inline script is one."""
    reader = Watched(open_page("/en/secret-key.html", viewport=PHONE), server)
    reader.page.evaluate("document.head.append(Object.assign(document.createElement('script'), {textContent: '1'}))")
    refused = reader.everything_refused()
    assert any(entry.startswith("script-src-elem refused inline") for entry in refused), refused
