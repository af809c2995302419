"""Every page loads from the site's own origin only, with no error in the console."""

from __future__ import annotations

from tests.browser.conftest import OpenPage
from tests.sites import article_names, page_path


def test_no_page_requests_another_origin_or_logs_an_error(open_page: OpenPage, server: str) -> None:
    visit = open_page("/")
    page = visit.page
    for language in ("ja", "en"):
        for name in article_names():
            # Every page runs the same scripts: on the home page the network must fall quiet, for
            # whatever they fetch late; elsewhere the load event (every file the page names) will do.
            page.goto(server + page_path(name, language), wait_until="networkidle" if name == "index" else "load")
        box = page.locator("input.md-search__input")
        box.fill("キー" if language == "ja" else "key")
        box.dispatch_event("keyup")
        page.locator(".md-search-result__item").first.wait_for()
    page.goto(server + "/en/no-such-page.html", wait_until="networkidle")

    assert visit.foreign_requests == []
    assert [error for error in visit.console_errors if "404" not in error or "no-such-page" not in error] == []
