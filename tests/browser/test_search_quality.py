"""Issue 12: the judged query set (tests/search/judged-*.toml), run through the real search worker
in Chromium. Reports success@3 (the expected article among the first three) and the queries that
found nothing (as "figures" at the end of the run); both languages must reach 95% and leave no
query empty."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from content import catalog
from tests.browser.conftest import OpenPage
from tests.browser.search_runner import articles_found, judged

TARGET = 0.95


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_the_judged_queries_find_their_article_in_the_first_three(open_page: OpenPage, language: str,
                                                                  record_property: Callable[[str, str], None]) -> None:
    queries = judged(language)
    assert len(queries) >= 60
    page = open_page(catalog.home(language)).page
    found, _ = articles_found(page, language, [query.text for query in queries])
    hits = [any(article in ranked[:3] for article in query.expect)
            for query, ranked in zip(queries, found, strict=True)]
    empty = [query.text for query, ranked in zip(queries, found, strict=True) if not ranked]
    misses = [f"  {query.text!r}: wanted {'/'.join(query.expect)}, got {ranked[:3]}"
              for query, ranked, hit in zip(queries, found, hits, strict=True) if not hit]
    rate = sum(hits) / len(queries)
    record_property("figures", "\n".join(
        [f"search ({language}): success@3 {sum(hits)}/{len(queries)} = {rate:.1%}, found nothing: {len(empty)}",
         *misses]))
    assert empty == [], f"queries that found nothing: {empty}"
    assert rate >= TARGET, f"success@3 {rate:.1%} is under {TARGET:.0%}:\n" + "\n".join(misses)


def test_every_judged_query_names_an_existing_article() -> None:
    names = {path.stem for path in catalog.ROOT.joinpath("docs").glob("*.md") if "." not in path.stem}
    for language in catalog.LANGUAGES:
        for query in judged(language):
            assert set(query.expect) <= names, query
