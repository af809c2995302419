"""Every sample QR code, as Chromium draws it, decodes to the URI and key printed beside it."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, OpenPage

PAGES = [f"{folder}{name}.html" for name in ("get-secret-key", "set-up-2fa", "new-device-with-key")
         for folder in ("/", "/en/")]
KEYS: dict[str, set[str]] = {}
"""The keys each account shows, across the pages: the same account shows the same key everywhere."""


@pytest.mark.parametrize("path", PAGES)
def test_each_sample_qr_decodes_to_the_uri_and_key_beside_it(open_page: OpenPage, path: str) -> None:
    page = open_page(path, viewport=PHONE).page
    figures = page.locator("figure.help-sample")
    expect(figures.first).to_be_visible()
    for index in range(figures.count()):
        figure = figures.nth(index)
        image = figure.locator("img.help-sample__qr")
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        shot = Image.open(io.BytesIO(image.screenshot()))

        decoded = zxingcpp.read_barcodes(shot)

        assert len(decoded) == 1 and decoded[0].format == zxingcpp.BarcodeFormat.QRCode
        uri = figure.locator(".help-sample__uri").inner_text().strip()
        key = figure.locator(".help-sample__key").inner_text().strip().replace(" ", "")
        assert decoded[0].text == uri
        assert f"secret={key}&" in decoded[0].text
        account = uri.split("?")[0].rsplit(":", 1)[1]
        KEYS.setdefault(account, set()).add(key)
        assert len(KEYS[account]) == 1, f"{account} shows different keys: {KEYS[account]}"
