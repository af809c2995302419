"""What a visitor has done in their sandbox, in order: the server's record the guide follows.

The guide (``static/guide.js``) decides which step of a scenario the reader is on
from these milestones, so a reader with a real authenticator app, who never
touches the simulated phones, still sees each step done. Only the kind of
milestone is kept, never what was typed.
"""

from __future__ import annotations

import sqlite3

from content.scenarios import MILESTONES as KINDS

KEEP = 200
"""Milestones handed to a page: more than any scenario needs."""


def record(db: sqlite3.Connection, sandbox_id: str, kind: str, now: float) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown milestone {kind!r}")
    db.execute("INSERT INTO milestones (sandbox_id, kind, at) VALUES (?, ?, ?)", (sandbox_id, kind, now))


def milestones(db: sqlite3.Connection, sandbox_id: str) -> list[tuple[int, str]]:
    """The sandbox's latest milestones, oldest first, as (position, kind)."""
    rows = db.execute(
        "SELECT id, kind FROM milestones WHERE sandbox_id = ? ORDER BY id DESC LIMIT ?", (sandbox_id, KEEP)
    ).fetchall()
    return [(row[0], row[1]) for row in reversed(rows)]
