"""The figures of the writers' report page (``feedback/report_page.py``), per language: each
article's helpfulness week by week, the reasons readers chose, their latest comments, and the
searches that found nothing often enough to matter.

Read-only: a connection of its own that cannot write, on the file ``FeedbackStore`` keeps.
The CLI (``python -m feedback.report``) answers the same questions as text and CSV.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

WEEKS = 12
"""How far back the page looks: this week and the eleven before it."""
MIN_VOTES = 5
"""An article's share is ranked and drawn only from this many votes in the period: two votes
out of two say little."""
MIN_SEARCHES = 3
"""A search that found nothing is listed only when readers typed it this many times: one reader's
typo is not a gap in the articles."""
RECENT_COMMENTS = 20
TOP_SEARCHES = 20


@dataclass(frozen=True)
class Week:
    start: str
    """The week's Monday, ISO date (UTC, as the store counts days)."""
    helpful: int = 0
    unhelpful: int = 0

    @property
    def votes(self) -> int:
        return self.helpful + self.unhelpful

    @property
    def share(self) -> int | None:
        """Per cent of the votes that said "helpful", rounded; None without votes."""
        return round(100 * self.helpful / self.votes) if self.votes else None


@dataclass(frozen=True)
class Trend:
    """One article's votes in the period, week by week (weeks without votes included)."""

    article: str
    weeks: tuple[Week, ...]

    @property
    def total(self) -> Week:
        return Week(self.weeks[0].start, sum(week.helpful for week in self.weeks),
                    sum(week.unhelpful for week in self.weeks))

    @property
    def enough(self) -> bool:
        return self.total.votes >= MIN_VOTES


@dataclass(frozen=True)
class Comment:
    day: str
    article: str
    reason: str | None
    text: str


@dataclass(frozen=True)
class LanguageReport:
    language: str
    trends: tuple[Trend, ...]
    """Least helpful first among those with ``MIN_VOTES``; then those with fewer, most votes first."""
    reasons: tuple[tuple[str, int], ...]
    """(reason code, count), most chosen first."""
    comments: tuple[Comment, ...]
    """Newest first."""
    searches: tuple[tuple[str, int], ...]
    """(query, count) with at least ``MIN_SEARCHES``, most frequent first."""


def week_starts(today: datetime.date, weeks: int = WEEKS) -> list[datetime.date]:
    """The Mondays of the last ``weeks`` weeks, oldest first, this week's last."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def read_reports(path: Path, *, today: datetime.date, languages: Sequence[str]) -> list[LanguageReport]:
    """Every language's report for the weeks up to ``today``; empty reports when nothing was sent yet."""
    mondays = [monday.isoformat() for monday in week_starts(today)]
    if not path.is_file():
        return [LanguageReport(language, (), (), (), ()) for language in languages]
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return [_language_report(db, language, mondays) for language in languages]


def _language_report(db: sqlite3.Connection, language: str, mondays: list[str]) -> LanguageReport:
    since = mondays[0]
    counts: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for day, article, helpful, unhelpful in db.execute(
            "SELECT day, article, helpful, unhelpful FROM votes WHERE day >= ? AND language = ?", (since, language)):
        monday = _monday_of(day)
        before = counts[article].get(monday, (0, 0))
        counts[article][monday] = (before[0] + helpful, before[1] + unhelpful)
    trends = [Trend(article, tuple(Week(monday, *weeks.get(monday, (0, 0))) for monday in mondays))
              for article, weeks in counts.items()]
    trends.sort(key=lambda trend: (not trend.enough, trend.total.share if trend.enough else -trend.total.votes,
                                   trend.article))
    reasons = db.execute(
        "SELECT reason, sum(count) FROM reasons WHERE day >= ? AND language = ? GROUP BY reason "
        "ORDER BY 2 DESC, 1", (since, language)).fetchall()
    comments = [Comment(*row) for row in db.execute(
        "SELECT day, article, reason, text FROM comments WHERE day >= ? AND language = ? ORDER BY id DESC LIMIT ?",
        (since, language, RECENT_COMMENTS))]
    searches = db.execute(
        "SELECT query, sum(count) FROM misses WHERE day >= ? AND language = ? GROUP BY query "
        "HAVING sum(count) >= ? ORDER BY 2 DESC, 1 LIMIT ?", (since, language, MIN_SEARCHES, TOP_SEARCHES)).fetchall()
    return LanguageReport(language, tuple(trends), tuple(map(tuple, reasons)), tuple(comments),
                          tuple(map(tuple, searches)))


def _monday_of(day: str) -> str:
    date = datetime.date.fromisoformat(day)
    return (date - datetime.timedelta(days=date.weekday())).isoformat()
