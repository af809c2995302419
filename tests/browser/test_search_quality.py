"""Issue 12 and 22: the judged query set (tests/search/judged-*.toml), run through the real search
worker in Chromium. Reports success@3 (the expected article among the first three) on the tuning
set, the held-out set and the seen set, and the queries that found nothing (as "figures" at the end
of the run). The tuning set must reach 95%; the held-out set, which no word or weight is fitted to,
must not fall below what the engine before MiniSearch scored on it (BENCHMARKS.md, "Search
quality"); the seen set must not lose ground; no query may come back empty."""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable

import pytest

from content import catalog
from devtools.search_runner import SETS, Judged, articles_found, judged
from tests.browser.conftest import OpenPage

TUNING_TARGET = 0.95
HELD_OUT = {"ja": (19, 20), "en": (19, 20)}
"""Success@3 on the held-out set (hits, queries): the floor. It is what the engine before MiniSearch
scored on the same queries, with its own vocabulary, measured before either engine was run on them
(BENCHMARKS.md, "Search quality"); this engine scores the same."""
HELD_OUT_BEFORE_MINISEARCH = {"ja": 19, "en": 19}
SEEN = {"ja": (33, 34), "en": (30, 34)}
"""Success@3 on the seen set when the ranking options were chosen: no change may lose more of it.
The engine before MiniSearch scored 34/34 on it, with weights and vocabulary fitted to it too."""


def report(language: str, queries: list[Judged], found: list[list[str]]) -> tuple[dict[str, tuple[int, int]], str]:
    """Hits and queries per set, and the figures line with every miss."""
    scores: dict[str, tuple[int, int]] = {}
    misses = []
    for name in SETS:
        pairs = [(query, ranked) for query, ranked in zip(queries, found, strict=True) if query.set == name]
        hits = [any(article in ranked[:3] for article in query.expect) for query, ranked in pairs]
        scores[name] = (sum(hits), len(pairs))
        misses += [f"  {name}: {query.text!r}: wanted {'/'.join(query.expect)}, got {ranked[:3]}"
                   for (query, ranked), hit in zip(pairs, hits, strict=True) if not hit]
    empty = sum(1 for ranked in found if not ranked)
    line = f"search ({language}): success@3 " + ", ".join(
        f"{name} {hits}/{total} = {hits / total:.1%}" for name, (hits, total) in scores.items())
    before = f"held-out before MiniSearch {HELD_OUT_BEFORE_MINISEARCH[language]}/{scores['held-out'][1]}"
    return scores, "\n".join([f"{line} ({before}), found nothing: {empty}", *misses])


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_the_judged_queries_find_their_article_in_the_first_three(open_page: OpenPage, language: str,
                                                                  record_property: Callable[[str, str], None]) -> None:
    queries = judged(language)
    assert len(queries) >= 60
    page = open_page(catalog.home(language)).page
    found, _ = articles_found(page, language, [query.text for query in queries])
    scores, figures = report(language, queries, found)
    record_property("figures", figures)
    empty = [query.text for query, ranked in zip(queries, found, strict=True) if not ranked]
    assert empty == [], f"queries that found nothing: {empty}"
    hits, total = scores["tuning"]
    assert hits / total >= TUNING_TARGET, f"tuning success@3 {hits}/{total} is under {TUNING_TARGET:.0%}:\n{figures}"
    floor, held_out = HELD_OUT[language]
    assert scores["held-out"][1] == held_out, "the held-out set changed: a query may move into it only unseen"
    assert scores["held-out"][0] >= floor, f"held-out success@3 fell below {floor}/{held_out}:\n{figures}"
    assert scores["seen"] >= SEEN[language] and scores["seen"][1] == SEEN[language][1], figures


def test_every_judged_query_names_an_existing_article() -> None:
    names = {path.stem for path in catalog.ROOT.joinpath("docs").glob("*.md") if "." not in path.stem}
    for language in catalog.LANGUAGES:
        for query in judged(language):
            assert set(query.expect) <= names, query


def test_no_held_out_query_is_written_in_the_readers_vocabulary() -> None:
    """A query that is itself a vocabulary word passes because someone wrote it down: tuning only."""
    fold = lambda text: unicodedata.normalize("NFKC", text).lower()  # noqa: E731
    with catalog.ROOT.joinpath("data", "vocabulary.toml").open("rb") as file:
        words = {fold(word) for group in tomllib.load(file)["groups"] for word in group}
    for language in catalog.LANGUAGES:
        held_out = [query for query in judged(language) if query.set == "held-out"]
        assert len(held_out) >= 20
        assert [query.text for query in held_out if fold(query.text) in words] == []
