"""A support request filed from the demo's form, as a reader on a phone files it, for the tests of
what comes after it (the ticket page, the ID photo)."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import Page, expect

from content import catalog


def file_request(page: Page, language: str) -> None:
    """From the support form: the request sent, on its ticket page, waiting for the ID photo."""
    t = catalog.catalog(language)
    main = page.locator("#main")
    for name, value in (("name", "山田 花子"), ("address", "東京都千代田区1-1"), ("birth_date", "1990-04-01"),
                        ("phone", "090-1234-5678"), ("email", "hanako@example.com")):
        main.get_by_label(str(t[f"field.{name}"]), exact=True).fill(value)
    main.get_by_label(str(t["no"]), exact=True).check()
    main.get_by_role("button", name=str(t["support_button"])).click()
    expect(page.locator("#main[data-status=selfie_requested]")).to_be_visible()


def photo(size: tuple[int, int] = (80, 60)) -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", size, "teal").save(picture, "PNG")
    return picture.getvalue()
