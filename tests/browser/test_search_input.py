"""A query that arrives with no key press (an IME's chosen candidate, a paste, dictation) is
searched, in the search box and in the "found nothing" report, in both languages; a search not
yet run is never reported as finding nothing; English marks whole words in the results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import PHONE, OpenPage

READY = re.compile("検索キーワードを入力してください|Type to start searching")
FOUND = re.compile("件見つかりました|matching document")
COMPOSE = """(box, query) => {
  box.dispatchEvent(new CompositionEvent("compositionstart", { bubbles: true, data: "" }));
  for (let end = 1; end <= query.length; end++) { // each keystroke's text, still composing
    box.value = query.slice(0, end);
    box.dispatchEvent(new InputEvent("input", { bubbles: true, isComposing: true,
                                                 inputType: "insertCompositionText", data: box.value }));
  }
  box.dispatchEvent(new CompositionEvent("compositionend", { bubbles: true, data: query }));
}"""
PASTE = """(box, query) => { box.value = query; box.dispatchEvent(new InputEvent("input",
  { bubbles: true, inputType: "insertFromPaste", data: query })); }"""


def open_search(page: Page) -> None:
    page.locator(".md-header__button[for=__search]").click()
    page.locator("input.md-search__input").click()
    expect(page.locator(".md-search-result__meta")).to_have_text(READY)


def reports(page: Page) -> list[str]:
    """Every "found nothing" report the page sends, as its body."""
    sent: list[str] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/feedback/searches"):
            sent.append(request.post_data or "")

    page.on("request", on_request)
    return sent


@pytest.mark.parametrize(("path", "query", "article"), [
    ("/", "機種変更", "change-phone.html"),  # きしゅへんこう, then the candidate 機種変更 picked
    ("/en/", "recovery code", "recovery-codes.html"),  # an English IME or a dictation app composes too
])
def test_a_chosen_ime_candidate_is_searched_and_not_reported(open_page: OpenPage, path: str, query: str,
                                                             article: str) -> None:
    page = open_page(path, viewport=PHONE).page
    sent = reports(page)
    open_search(page)
    page.locator("input.md-search__input").evaluate(COMPOSE, query)

    expect(page.locator(".md-search-result__meta")).to_have_text(FOUND)
    links = page.locator(".md-search-result__item > .md-search-result__link")
    expect(links.first).to_be_visible()
    assert any(article in (href or "") for href in links.evaluate_all("links => links.map(l => l.href)"))
    page.wait_for_timeout(2000)
    expect(page.locator("[data-search-empty]")).to_be_hidden()
    assert sent == []


@pytest.mark.parametrize(("path", "events", "query"), [
    ("/", COMPOSE, "ぬぬぬぬぬ"),
    ("/", PASTE, "ぬぬぬぬぬ"),
    ("/en/", COMPOSE, "qqqxzv"),
    ("/en/", PASTE, "qqqxzv"),
])
def test_a_query_without_keys_that_finds_nothing_is_answered_and_reported_once(
    open_page: OpenPage, path: str, events: str, query: str
) -> None:
    page = open_page(path, viewport=PHONE).page
    sent = reports(page)
    open_search(page)
    page.locator("input.md-search__input").evaluate(events, query)

    expect(page.locator("[data-search-empty]")).to_be_visible()
    expect(page.locator(".md-search-result__meta")).not_to_have_text(READY)  # answered, not waiting
    page.wait_for_timeout(2000)
    assert sent == []  # sent only once the reader stops on it (issue 25)
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_timeout(500)
    assert len(sent) == 1 and query in sent[0], sent


def test_a_query_not_yet_searched_is_not_reported(open_page: OpenPage) -> None:
    """Text in the box that Material has not searched (an IME still composing: the line still says
    "Type to start searching") shows no "found nothing" panel and sends nothing."""
    page = open_page("/en/", viewport=PHONE).page
    sent = reports(page)
    open_search(page)
    page.locator("input.md-search__input").evaluate(  # an IME still composing: no candidate chosen yet
        "(box) => { box.value = 'qqqxzv'; box.dispatchEvent(new InputEvent('input', "
        "{ bubbles: true, isComposing: true, inputType: 'insertCompositionText', data: 'qqqxzv' })); }")
    page.wait_for_timeout(2000)
    expect(page.locator(".md-search-result__meta")).to_have_text(READY)
    expect(page.locator("[data-search-empty]")).to_be_hidden()
    assert sent == []


WHOLE_WORDS = """() => [...document.querySelectorAll(".md-search-result mark")].map((mark) => {
  const before = mark.previousSibling?.textContent ?? "";
  const after = mark.nextSibling?.textContent ?? "";
  return [before.slice(-1), mark.textContent, after.slice(0, 1)];
})"""


def test_english_marks_whole_words_only(open_page: OpenPage) -> None:
    page = open_page("/en/", viewport=PHONE).page
    open_search(page)
    page.locator("input.md-search__input").evaluate(PASTE, "one")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    marks = page.evaluate(WHOLE_WORDS)
    assert marks, "nothing marked"
    inside = [f"{before}[{text}]{after}" for before, text, after in marks
              if re.match(r"\w", before) or re.match(r"\w", after)]
    assert inside == [], f"marked inside a word: {inside[:10]}"
