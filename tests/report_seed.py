"""Readers' feedback over several weeks, written through the store as readers' posts write it, and
what the writers' report page should show for it, worked out here from the same table (not from
``feedback/dashboard.py``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from feedback.store import FeedbackStore, Vote

TOKEN = "staff-token-for-tests-0123456789"

VOTES = (  # language, article, weeks back, helpful, not helpful
    ("ja", "change-phone", 5, 2, 3), ("ja", "change-phone", 3, 4, 1), ("ja", "change-phone", 1, 6, 2),
    ("ja", "change-phone", 0, 3, 0), ("ja", "stolen-phone", 2, 2, 0),
    ("en", "change-phone", 4, 1, 4), ("en", "change-phone", 2, 5, 5), ("en", "change-phone", 0, 7, 1),
    ("en", "turn-off-2fa", 1, 3, 3),
)
REASON = {"ja": "out_of_date", "en": "screen_differs"}
"""The reason every "not helpful" vote of a language gives."""
COMMENTS = {
    "ja": "手順の<b>画面</b>が違いました",
    "en": 'The <img src=x onerror="document.title=1"> step differs\non my phone',
}
"""One comment a language, on change-phone, with markup that must show as text."""
NO_VOTES = "\N{EN DASH}"
"""A week's share where it had no votes."""
MISSES = {"ja": (("キー 再発行", 4), ("あいうえお", 2)), "en": (("backup phone", 3), ("qwertyzz", 1))}


def seed(store_path: Path, now: float) -> None:
    store = FeedbackStore(store_path)
    for language, article, back, helpful, unhelpful in VOTES:
        moment = now - back * 7 * 86400
        for _ in range(helpful):
            store.add_vote(Vote(article, language, True), moment)
        for _ in range(unhelpful):
            store.add_vote(Vote(article, language, False, REASON[language]), moment)
    for language, text in COMMENTS.items():
        store.add_vote(Vote("change-phone", language, False, REASON[language], text), now)
    for language, misses in MISSES.items():
        for query, count in misses:
            for _ in range(count):
                store.add_miss(language, query, now)


@dataclass(frozen=True)
class WeekRow:
    week: str
    votes: int
    helpful: int
    share: str
    """As the table shows it: ``75%``, or ``NO_VOTES`` without votes."""


def expected_weeks(language: str, article: str, now: float) -> list[WeekRow]:
    """The twelve rows of an article's table, oldest week first (Mondays, UTC)."""
    today = datetime.datetime.fromtimestamp(now, datetime.UTC).date()
    monday = today - datetime.timedelta(days=today.weekday())
    comment = 1 if language in COMMENTS and article == "change-phone" else 0  # the comment's vote, this week
    rows = []
    for back in range(11, -1, -1):
        yes = sum(h for lang, name, b, h, _ in VOTES if (lang, name, b) == (language, article, back))
        no = sum(u for lang, name, b, _, u in VOTES if (lang, name, b) == (language, article, back))
        no += comment if back == 0 else 0
        share = f"{round(100 * yes / (yes + no))}%" if yes + no else NO_VOTES
        rows.append(WeekRow((monday - datetime.timedelta(weeks=back)).isoformat(), yes + no, yes, share))
    return rows
