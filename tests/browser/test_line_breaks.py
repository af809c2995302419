"""On a 390 px phone no heading, title or button breaks a word inside itself or leaves one
character alone on a line, on any help-center page in either language (issue 23: 「い」 alone,
「スマートフォ / ン」), and the words BudouX's breaks sit between stay whole for everything that
reads them as text: the page's title, the search index and the sitemap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PHONE
from tests.browser.line_boxes import broken_lines
from tests.sites import article_names, page_path

PAGES = [page_path(name, language) for language in ("ja", "en") for name in article_names()]
PAGES += ["/404.html", "/en/404.html"]
MEASURED = ("article :is(h1, h2, h3, h4, h5, h6), .help-hero :is(h1, p, label), .admonition-title, "
            "summary, .md-button, .help-hero ~ .md-main .md-typeset :is(li, p)")
"""Headings (the page's title among them), admonition titles, buttons, and the home page's lists."""


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_word_is_split_and_no_character_left_alone(phone: Page, server: str, path: str) -> None:
    phone.goto(server + path)
    phone.locator("[data-offer-language]").first.wait_for(state="attached")
    broken = broken_lines(phone, MEASURED)
    assert not broken, f"{path} at 390 px:\n" + "\n".join(map(str, broken))


def test_titles_search_and_sitemap_read_the_words_without_breaks(built_site: Path) -> None:
    """<wbr> is markup in the page's body only: the <title>, the search index, the table of
    contents' anchors and the sitemap hold the words as written."""
    page = (built_site / "get-secret-key.html").read_text(encoding="utf-8")
    assert "シークレットキーを<wbr>確認する" in page  # the heading is cut into phrases
    head = page.split("</head>")[0]
    assert "<wbr>" not in head and "\u200b" not in head
    assert "<title>シークレットキーを確認する" in head
    toc = page.split('data-md-component="toc"')[1].split("</nav>")[0]
    assert "<wbr>" not in toc and "\u200b" not in toc
    for data in [*built_site.rglob("*.json"), *built_site.rglob("sitemap.xml")]:
        text = data.read_text(encoding="utf-8")
        assert "wbr" not in text and "\u200b" not in text and "\\u200b" not in text, data


DEMO_PAGES = ["/demo/", "/demo/accounts/new", "/demo/sign-in", "/demo/support", "/demo/inbox", "/demo/staff",
              "/demo/report-phone", "/demo/scenarios/route-c", "/demo/scenarios/trade-in", "/demo/no-such-page"]
DEMO_MEASURED = ".demo-tabs a, #main :is(h1, h2, h3, button, label, .md-button)"
"""The demo's labels: its top tabs, headings, buttons and the labels of its fields."""


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_demos_labels_split_no_word(phone: Page, server: str, language: str) -> None:
    broken = []
    for path in DEMO_PAGES:
        phone.goto(f"{server}{path}?lang={language}")
        phone.locator("#main").wait_for()
        broken += [f"{path}: {problem}" for problem in broken_lines(phone, DEMO_MEASURED)]
    assert not broken, "the demo at 390 px:\n" + "\n".join(broken)


PLACEHOLDER_FITS = """(input) => {
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [context.measureText(input.placeholder).width, room];
}"""


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_the_home_search_boxs_example_is_not_cut_on_a_phone(phone: Page, server: str, path: str) -> None:
    phone.goto(server + path)
    needed, room = phone.locator("#help-hero-query").evaluate(PLACEHOLDER_FITS)
    assert needed <= room, f"the example needs {needed:.0f} px and has {room:.0f}"
