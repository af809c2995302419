"""Issue 12 in Chromium: a reader tells the writers an article did not help and searches for
something the site lacks; the writers' report then shows both. On a static host the widget
stays hidden, nothing is sent and the console stays clean; the way on after an empty search
works everywhere."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from content.catalog import catalog
from feedback import report
from server.settings import Settings
from tests.browser.axe import violations
from tests.browser.conftest import DESKTOP, PHONE, OpenPage
from tests.browser.search_box import search_for

pytestmark = pytest.mark.browser


def test_feedback_and_a_search_that_found_nothing_reach_the_writers_report(
    open_page: OpenPage, server_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    visit = open_page("/en/stolen-phone.html", viewport=PHONE)
    page = visit.page
    t = catalog("en")
    widget = page.get_by_role("region", name=str(t["help.feedback.question"]))
    widget.get_by_role("button", name=str(t["help.feedback.no"]), exact=True).click()
    widget.get_by_label(str(t["help.feedback.reason.screen_differs"])).check()
    widget.get_by_label(str(t["help.feedback.comment"]).replace("{comment_length}", "500")).fill(
        "The Find My step is <b>different</b> on my phone")
    assert violations(page) == []
    widget.get_by_role("button", name=str(t["help.feedback.send"]), exact=True).click()
    expect(widget.get_by_role("status")).to_have_text(str(t["help.feedback.thanks"]))

    search_for(page, "qwertyzz frobnicate")
    empty = page.locator("[data-search-empty]")
    expect(empty).to_be_visible()
    expect(empty.get_by_role("link", name=str(t["help.search.empty.urgent"]))).to_have_attribute(
        "href", "../en/change-phone.html")
    assert empty.get_by_role("listitem").count() == 5
    assert violations(page) == []
    with page.expect_response(lambda response: response.url.endswith("/feedback/searches")) as sent:
        page.locator("input.md-search__input").press("Enter")  # the reader stops on it
    assert sent.value.status == 204
    assert visit.console_errors == [] and visit.foreign_requests == []

    capsys.readouterr()
    assert report.main(["--data-dir", str(server_settings.data_dir), "--days", "1", "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "stolen-phone" in out and "screen_differs" in out
    assert "The Find My step is <b>different</b> on my phone" in out
    assert "qwertyzz frobnicate" in out


def searches_sent(page: Page) -> list[str]:
    """The query of every "found nothing" report the page sends."""
    sent: list[str] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/feedback/searches"):
            sent.append(json.loads(request.post_data or "{}").get("query", ""))

    page.on("request", on_request)
    return sent


SCREENS = [("/", "ja-JP", PHONE), ("/en/", "en-US", PHONE), ("/", "ja-JP", DESKTOP), ("/en/", "en-US", DESKTOP)]


@pytest.mark.parametrize(("path", "locale", "viewport"), SCREENS,
                         ids=["ja-phone", "en-phone", "ja-desktop", "en-desktop"])
def test_an_empty_search_is_reported_only_when_the_reader_stops_on_it(
    open_page: OpenPage, path: str, locale: str, viewport: dict[str, int], tmp_path: Path
) -> None:
    """Issue 25: a search was posted by itself 1.5 s after the reader stopped typing, whatever
    they were typing (a code, a key). Now only Enter, or closing the results, sends it; once."""
    page = open_page(path, locale=locale, viewport=viewport).page
    sent = searches_sent(page)
    box = page.locator("input.md-search__input")
    if viewport == PHONE:
        page.locator(".md-header__button[for=__search]").click()  # the phone's magnifier
    box.click()  # on a desktop, the box is in the header
    box.press_sequentially("qwertyzz frobnicate", delay=20)  # real keys, as a reader types
    expect(page.locator("[data-search-empty]")).to_be_visible()
    page.clock.run_for(3000)  # every timer the page sets in 3 s fires
    page.wait_for_timeout(500)
    if viewport == PHONE:
        page.screenshot(path=tmp_path / f"empty-search-{locale}.png")
    assert sent == [], "posted while the reader was only typing"

    with page.expect_response(lambda response: response.url.endswith("/feedback/searches")) as answer:
        box.press("Enter")
    assert answer.value.status == 204
    box.press("Enter")
    page.wait_for_timeout(500)
    assert sent == ["qwertyzz frobnicate"]

    box.press_sequentially(" zzz", delay=20)  # a second query, left by closing the results
    expect(page.locator("[data-search-empty]")).to_be_visible()
    with page.expect_response(lambda response: response.url.endswith("/feedback/searches")):
        page.keyboard.press("Escape")
    assert sent == ["qwertyzz frobnicate", "qwertyzz frobnicate zzz"]


def test_a_search_that_finds_something_after_an_empty_one_is_not_reported(open_page: OpenPage) -> None:
    page = open_page("/en/", locale="en-US", viewport=PHONE).page
    sent = searches_sent(page)
    page.locator("label[for=__search]").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially("recovery codx", delay=20)  # nothing found on the way, for a moment
    box.press("Backspace")
    box.press_sequentially("e", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    box.press("Enter")
    page.wait_for_timeout(500)
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    assert sent == []


@pytest.mark.parametrize(("path", "locale"), [("/?q=qqqxzv+zzqqxw", "ja-JP"), ("/en/?q=qqqxzv+zzqqxw", "en-US")])
def test_a_link_with_a_query_does_not_make_the_reader_post_it(open_page: OpenPage, path: str, locale: str) -> None:
    """Any page may link to /?q=…: the words are the link's, not the reader's, so they are never sent,
    even when the reader closes the results."""
    page = open_page(path, locale=locale, viewport=PHONE).page
    sent = searches_sent(page)
    expect(page.locator("input.md-search__input")).to_have_value("qqqxzv zzqqxw")
    expect(page.locator("[data-search-empty]")).to_be_visible()
    page.clock.run_for(3000)  # every timer the page sets in 3 s fires
    page.wait_for_timeout(500)
    page.locator("input.md-search__input").press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    assert sent == []


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_host(built_site: object) -> Iterator[str]:
    """The built site on a plain static file server, as a reader would get it from any host."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_on_a_static_host_the_widget_hides_and_nothing_is_sent(browser: Browser, static_host: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-US")
    try:
        page = context.new_page()
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{static_host}/en/stolen-phone.html")
        expect(page.locator("[data-feedback]")).to_be_hidden()
        search_for(page, "qwertyzz frobnicate")
        expect(page.locator("[data-search-empty]")).to_be_visible()  # the way on needs no server
        page.wait_for_timeout(2000)
        assert errors == []
        assert not any("/feedback/" in url for url in requests)
    finally:
        context.close()
