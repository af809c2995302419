"""Search in a real browser: each language finds its own articles, in Japanese too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenPage

JAPANESE = [
    ("2段階認証", "set-up-2fa.html"),
    ("二段階認証", "set-up-2fa.html"),  # the other spelling finds the same pages
    ("シークレットキー", "secret-key.html"),
    ("キー", "get-secret-key.html"),  # part of シークレットキー
    ("機種変更", "change-phone.html"),
    ("水没", "secret-key.html"),
    ("紛失", "change-phone.html"),
    ("セルフィー", "id-selfie.html"),
    ("解除", "turn-off-2fa.html"),
    ("認証コード", "code-rejected.html"),
    ("リカバリーコード", "recovery-codes.html"),
    ("盗難", "stolen-phone.html"),
]
ENGLISH = [
    ("device", "new-device-with-key.html"),
    ("secret key", "get-secret-key.html"),
    ("lost phone", "change-phone.html"),
    ("recovery", "cannot-reset-2fa.html"),  # the recovery route through support
    ("selfie", "id-selfie.html"),
    ("recovery code", "recovery-codes.html"),
    ("stolen", "stolen-phone.html"),
]


READY = re.compile("検索キーワードを入力してください|Type to start searching")
ANSWERED = re.compile("件見つかりました|何も見つかりませんでした|matching document")


def search(page: Page, query: str) -> list[str]:
    """Type a query as an IME would leave it (the value, then keyup) and read the article links."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    expect(meta).to_have_text(READY)  # the worker has loaded the index
    box.fill(query)
    box.dispatch_event("keyup")
    expect(meta).to_have_text(ANSWERED)  # Material writes the count once results are in
    links = page.locator(".md-search-result__item > .md-search-result__link")
    return [href.split("?")[0] for href in links.evaluate_all("links => links.map(link => link.href)")]


def articles(links: list[str], server: str) -> list[str]:
    """The articles listed, in order, once each (Material nests an article's sections)."""
    return list(dict.fromkeys(link.removeprefix(server).split("#")[0] for link in links))


@pytest.mark.parametrize(
    ("start", "query", "article"),
    [("/", query, f"/{article}") for query, article in JAPANESE]
    + [("/en/secret-key.html", query, f"/en/{article}") for query, article in ENGLISH],
)
def test_a_query_finds_the_right_article_in_the_pages_language(
    open_page: OpenPage, server: str, start: str, query: str, article: str
) -> None:
    page = open_page(start).page
    found = articles(search(page, query), server)
    assert article in found[:3], f"{query!r} found {found}"
    language_folder = "/en/" if start.startswith("/en/") else "/"
    assert all(link.startswith("/en/") == (language_folder == "/en/") for link in found)


def test_japanese_words_are_not_found_inside_unrelated_words(open_page: OpenPage, server: str) -> None:
    page = open_page("/").page
    for found in articles(search(page, "解除"), server):
        html = page.context.request.get(server + found.split("#")[0]).text()
        assert "解除" in html, found


@pytest.mark.parametrize(("path", "query"),
                         [("/", "device"), ("/", "selfie"), ("/en/", "セルフィー"), ("/en/", "解除")])
def test_a_language_never_lists_the_other_languages_pages(open_page: OpenPage, server: str, path: str,
                                                         query: str) -> None:
    """A word of the other language finds this language's pages (readers' vocabulary), never the
    other language's."""
    page = open_page(path).page
    found = articles(search(page, query), server)
    assert all(link.startswith("/en/") == (path == "/en/") for link in found), found


def answer_to_input_alone(page: Page, query: str) -> list[str]:
    """Put a query in the box as a paste, dictation or an IME's chosen candidate does: an input
    event and no key."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    expect(meta).to_have_text(READY)
    box.evaluate("(box, query) => { box.value = query; box.dispatchEvent(new InputEvent('input', "
                 "{bubbles: true, inputType: 'insertFromPaste', data: query})); }", query)
    expect(meta).to_have_text(ANSWERED)
    links = page.locator(".md-search-result__item > .md-search-result__link")
    return [href.split("?")[0] for href in links.evaluate_all("links => links.map(link => link.href)")]


@pytest.mark.parametrize(("start", "query", "article"), [
    ("/", "機種変更", "/change-phone.html"),
    ("/en/", "recovery code", "/en/recovery-codes.html"),
])
def test_a_pasted_or_dictated_query_is_answered_without_a_key(open_page: OpenPage, server: str, start: str,
                                                              query: str, article: str) -> None:
    page = open_page(start).page
    found = articles(answer_to_input_alone(page, query), server)
    assert article in found[:3], f"{query!r} found {found}"


@pytest.mark.parametrize(("start", "query", "articles_wanted"), [
    ("/", "にだんかい", ("/why-2fa.html", "/set-up-2fa.html")),  # a kana reading, not converted
    ("/", "2段階認証って何\uff1f", ("/why-2fa.html",)),  # a question around the keyword (full-width ?)
    ("/en/", "what is 2fa", ("/en/why-2fa.html",)),
    ("/en/", "incorect", ("/en/code-rejected.html",)),  # a typo of a word no article uses
])
def test_readings_questions_and_typos_find_their_page(open_page: OpenPage, server: str, start: str, query: str,
                                                      articles_wanted: tuple[str, ...]) -> None:
    page = open_page(start).page
    found = articles(answer_to_input_alone(page, query), server)
    assert set(articles_wanted) & set(found[:3]), f"{query!r} found {found}"


def test_the_words_found_are_marked_whole_in_the_results(open_page: OpenPage) -> None:
    page = open_page("/").page
    search(page, "機種変更")
    marks = page.locator(".md-search-result__item mark").all_inner_texts()
    assert "機種変更" in marks, marks  # one mark, not 機種 and 変更 apart


def test_without_minisearch_the_box_says_search_is_unavailable(open_page: OpenPage) -> None:
    """A build without MiniSearch (mkdocs serve without npm ci) answers with a notice, never with a
    silent empty list."""
    page = open_page("/en/").page
    page.context.route("**/minisearch.js", lambda route: route.fulfill(status=404, body=""))
    page.reload()  # the worker starts afresh, after the route is in place
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("recovery code")
    box.dispatch_event("keyup")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Search is unavailable")
