"""Issue 12 in Chromium: a reader tells the writers an article did not help and searches for
something the site lacks; the writers' report then shows both. On a static host the widget
stays hidden, nothing is sent and the console stays clean; the way on after an empty search
works everywhere."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from content.catalog import catalog
from feedback import report
from server.settings import Settings
from tests.browser.axe import violations
from tests.browser.conftest import PHONE, OpenPage
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
        page.clock.fast_forward(2000)  # the miss is sent once the reader stops typing
    assert sent.value.status == 204
    assert visit.console_errors == [] and visit.foreign_requests == []

    capsys.readouterr()
    assert report.main(["--data-dir", str(server_settings.data_dir), "--days", "1", "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "stolen-phone" in out and "screen_differs" in out
    assert "The Find My step is <b>different</b> on my phone" in out
    assert "qwertyzz frobnicate" in out


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
