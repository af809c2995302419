"""An ID photo over the limit (issue 23): refused on the upload page itself, in the reader's language,
with the limit and how to send a smaller photo, and the guide's step kept. The browser refuses it before
sending; a browser that sends it anyway is sent back to the same page by the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import FilePayload, Page, expect

from content import catalog, limits
from demo.web.middleware import UPLOAD_LIMIT
from tests.browser.conftest import PHONE, OpenPage
from tests.browser.tickets import file_request

LANGUAGES = ["ja", "en"]
TOO_LARGE = FilePayload(name="IMG_0001.png", mimeType="image/png",
                        buffer=b"\x89PNG\r\n\x1a\n".ljust(limits.PHOTO_BYTES + 1, b"\0"))
"""A phone's photo one byte over the limit."""
LARGER_THAN_THE_BODY_LIMIT = FilePayload(name="IMG_0002.png", mimeType="image/png",
                                         buffer=TOO_LARGE["buffer"].ljust(UPLOAD_LIMIT + 1, b"\0"))
"""A 12 MP photo can be 11 MB and more: more than the whole form may carry (demo/web/middleware.py)."""


def choose_photo(page: Page, language: str, photo: FilePayload = TOO_LARGE) -> None:
    t = catalog.catalog(language)
    page.locator("#main").get_by_label(str(t["field.photo"]), exact=True).set_input_files(files=[photo])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_browser_refuses_a_photo_over_the_limit_beside_its_field(open_page: OpenPage, language: str) -> None:
    t = catalog.catalog(language)
    message = str(t["error.photo.too_large"])
    assert f"{limits.PHOTO_BYTES // 2**20}" in message and ("スクリーンショット" in message or "screenshot" in message)
    page = open_page(f"/demo/support?lang={language}", viewport=PHONE).page
    file_request(page, language)
    ticket = page.url
    uploads: list[str] = []
    page.on("request", lambda request: uploads.append(request.url) if request.method == "POST" else None)

    choose_photo(page, language)
    field = page.locator("#main").get_by_label(str(t["field.photo"]), exact=True)
    expect(page.locator("#f-photo-error")).to_have_text(message)  # at once, before Send
    page.locator("#main").get_by_role("button", name=str(t["selfie_button"])).click()

    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(f"{t['photo_hint']} {message}")
    assert page.url == ticket and uploads == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_photo_sent_over_the_limit_comes_back_to_its_page_and_the_guides_step(
        open_page: OpenPage, language: str) -> None:
    t = catalog.catalog(language)
    page = open_page(f"/demo/scenarios/route-c?lang={language}", viewport=PHONE).page
    page.locator("#main").get_by_role("link", name=str(t["scenario_start"]), exact=True).click()
    page.locator("#main").get_by_label(str(t["field.password"]), exact=True).fill("correct horse")
    page.locator("#main").get_by_role("button", name=str(t["create_button"])).click()
    page.goto(page.url.split("/demo/")[0] + "/demo/support")
    file_request(page, language)
    where = page.locator("#guide [data-guide-where]")
    expect(where).to_have_attribute("data-guide-where", "2")  # an account, and not yet 2FA
    ticket = page.url
    choose_photo(page, language, LARGER_THAN_THE_BODY_LIMIT)

    page.locator("#main form[enctype]").evaluate("form => form.submit()")  # what a browser without the check does

    expect(page.locator("#main[data-status=selfie_requested]")).to_be_visible()
    assert page.url.split("?")[0] == ticket
    expect(page.locator("#f-photo-error")).to_have_text(str(t["error.photo.too_large"]))
    expect(page.locator("#main").get_by_role("alert")).to_contain_text(str(t["error.photo.too_large"]))
    expect(where).to_have_attribute("data-guide-where", "2")
