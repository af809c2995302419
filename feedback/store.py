"""What readers tell the writers: whether an article helped, and searches that found nothing.

Kept in its own SQLite file beside the demo's, counted per article, language and
day. Nothing identifies a reader: no cookie, no address, no account; a comment is
untrusted text, stored as typed (after length and control-character checks) and
escaped wherever it is shown. A search that looks like a secret (``private``) is never
stored. Comments and search words older than ``KEEP_DAYS`` are deleted by the server's timer
(``forget_old``), and new rows a day are capped per language (``limits``). The file and its
WAL are created 0600.
"""

from __future__ import annotations

import datetime
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from content import catalog, feedback, limits
from feedback import limits as caps
from feedback.private import looks_private

REASONS = feedback.REASONS
COMMENT_LENGTH = limits.COMMENT_LENGTH
QUERY_LENGTH = 100
ARTICLE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
KEEP_DAYS = 365

SCHEMA = """
CREATE TABLE IF NOT EXISTS votes (
  day TEXT NOT NULL, language TEXT NOT NULL, article TEXT NOT NULL,
  helpful INTEGER NOT NULL DEFAULT 0, unhelpful INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, language, article)
);
CREATE TABLE IF NOT EXISTS reasons (
  day TEXT NOT NULL, language TEXT NOT NULL, article TEXT NOT NULL, reason TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, language, article, reason)
);
CREATE TABLE IF NOT EXISTS comments (
  id INTEGER PRIMARY KEY, day TEXT NOT NULL, language TEXT NOT NULL, article TEXT NOT NULL,
  reason TEXT, text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS misses (
  day TEXT NOT NULL, language TEXT NOT NULL, query TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, language, query)
);
CREATE INDEX IF NOT EXISTS comments_by_day ON comments (day, language);
"""


class BadFeedback(ValueError):
    """Feedback the store refuses; ``reason`` names the field."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Vote:
    article: str
    language: str
    helpful: bool
    reason: str | None = None
    comment: str = ""


def clean_text(text: str, limit: int, reason: str) -> str:
    """NFKC, control and format characters removed, spaces collapsed; too long is refused."""
    if len(text) > limit * 4:
        raise BadFeedback(reason)
    text = unicodedata.normalize("NFKC", text).replace("\t", " ")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" or c in "\n")
    text = re.sub(r"[ \t]+", " ", text).strip()
    if len(text) > limit:
        raise BadFeedback(reason)
    return text


def read_vote(data: object, articles: AbstractSet[str]) -> Vote:
    """A vote from a request body, or BadFeedback naming what is wrong."""
    if not isinstance(data, dict):
        raise BadFeedback("body")
    article, language, helpful = data.get("article"), data.get("language"), data.get("helpful")
    if not isinstance(article, str) or not ARTICLE.fullmatch(article) or article not in articles:
        raise BadFeedback("article")
    if language not in catalog.LANGUAGES:
        raise BadFeedback("language")
    if not isinstance(helpful, bool):
        raise BadFeedback("helpful")
    reason = data.get("reason")
    if reason is not None and reason not in REASONS:
        raise BadFeedback("reason")
    comment = data.get("comment", "")
    if not isinstance(comment, str):
        raise BadFeedback("comment")
    return Vote(article, str(language), helpful, reason, clean_text(comment, COMMENT_LENGTH, "comment"))


def read_miss(data: object) -> tuple[str, str] | None:
    """A search that found nothing: (language, query), the query folded to one form; None for a
    search that looks like a secret, which is dropped here, before anything stores it."""
    if not isinstance(data, dict) or data.get("language") not in catalog.LANGUAGES:
        raise BadFeedback("language")
    query = data.get("query")
    if not isinstance(query, str):
        raise BadFeedback("query")
    query = clean_text(query, QUERY_LENGTH, "query")
    if not query:
        raise BadFeedback("query")
    if looks_private(query):
        return None
    return str(data["language"]), query.lower()


class FeedbackStore:
    """The feedback's SQLite file. Issue 26 moves it to PostgreSQL: everything that knows SQL is here."""

    def __init__(self, path: Path, *, new_comments: int = caps.NEW_COMMENTS_A_DAY,
                 new_searches: int = caps.NEW_SEARCHES_A_DAY) -> None:
        self.path = path
        self.new_comments = new_comments
        self.new_searches = new_searches
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _private_file(path)  # SQLite gives the -wal and -shm files the mode of the database
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(SCHEMA)
        finally:
            connection.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    def add_vote(self, vote: Vote, now: float) -> bool:
        """Count the vote; False when its comment was not kept (the language's comments today are
        at the cap: the vote and its reason still count)."""
        day = _day(now)
        column = "helpful" if vote.helpful else "unhelpful"
        with self.write() as db:
            db.execute(
                f"INSERT INTO votes (day, language, article, {column}) VALUES (?, ?, ?, 1) "
                f"ON CONFLICT DO UPDATE SET {column} = {column} + 1",
                (day, vote.language, vote.article),
            )
            if vote.reason:
                db.execute(
                    "INSERT INTO reasons (day, language, article, reason, count) VALUES (?, ?, ?, ?, 1) "
                    "ON CONFLICT DO UPDATE SET count = count + 1",
                    (day, vote.language, vote.article, vote.reason),
                )
            if not vote.comment:
                return True
            (today,) = db.execute("SELECT count(*) FROM comments WHERE day = ? AND language = ?",
                                  (day, vote.language)).fetchone()
            if today >= self.new_comments:
                return False
            db.execute("INSERT INTO comments (day, language, article, reason, text) VALUES (?, ?, ?, ?, ?)",
                       (day, vote.language, vote.article, vote.reason, vote.comment))
            return True

    def add_miss(self, language: str, query: str, now: float) -> bool:
        """Count the search; False when it is new today and the language's new searches today are
        at the cap (a search already counted today is still counted)."""
        day = _day(now)
        with self.write() as db:
            counted = db.execute("UPDATE misses SET count = count + 1 WHERE day = ? AND language = ? AND query = ?",
                                 (day, language, query)).rowcount
            if counted:
                return True
            (today,) = db.execute("SELECT count(*) FROM misses WHERE day = ? AND language = ?",
                                  (day, language)).fetchone()
            if today >= self.new_searches:
                return False
            db.execute("INSERT INTO misses (day, language, query, count) VALUES (?, ?, ?, 1)", (day, language, query))
            return True

    def forget_old(self, now: float) -> int:
        """Delete comments and search words older than ``KEEP_DAYS``; the rows deleted. Run by the
        server's timer (``server.app``), so nothing outlives its time on a quiet site."""
        cutoff = _day(now - KEEP_DAYS * 86400)
        with self.write() as db:
            return sum(db.execute(f"DELETE FROM {table} WHERE day < ?", (cutoff,)).rowcount
                       for table in ("comments", "misses"))


def _private_file(path: Path) -> None:
    """Create the file 0600 before SQLite opens it, and tighten files made before this rule."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for name in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        if name.exists():
            os.chmod(name, 0o600)


def _day(now: float) -> str:
    return datetime.datetime.fromtimestamp(now, datetime.UTC).date().isoformat()
