"""How much the feedback service takes: from one client, from everyone in a day, in one body.

Every figure is here, each with the reason for its size. A reader votes on a few articles and
searches a few times; the service is built to take that, and to refuse a script that posts all day.
What grows on disk is new rows (a comment, a search word not seen today): a vote only adds one to
a counter, so votes are held by the per-client limits alone, new rows by a daily cap as well.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict, deque

PER_MINUTE = 20
"""Posts a minute from one client: a reader clicking through answers and searches stays far below."""

PER_DAY = 200
"""Posts a day from one client: ten times a busy reader's day, while a script posting at the minute's
limit all day (28,800) is stopped before it fills the day's new rows of a language alone."""

NEW_COMMENTS_A_DAY = 500
"""New comment rows a day, per language: a comment is at most 500 characters (about 1.5 KB), so a
year of the cap, the time comments are kept, is under 300 MB a language. No help center of this
size gets near it from readers; past it, votes are still counted, comments are not kept."""

NEW_SEARCHES_A_DAY = 2000
"""New search-word rows a day, per language: at most 100 characters each (about 300 bytes), under
250 MB a language for a year. A search already counted today only adds one to its row."""

BODY_BYTES = 4096
"""Largest body read: a vote with a full 500-character comment in Japanese is under 2 KB as JSON."""

JSON_DEPTH = 2
"""Deepest nesting of brackets read: a vote and a search are flat objects (depth 1). Deeper bodies
are refused before parsing, so a body of 4,000 brackets never reaches the recursive parser."""

IDLE_CLIENTS = 10_000
"""Clients remembered before the idle ones are forgotten, so a crowd of addresses cannot grow memory."""


def client_key(address: str) -> str:
    """The bucket a client address counts in: an IPv6 address by its /64, the block one household
    or phone is given (RFC 6177), so a client cannot take a new bucket for each of its addresses."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


class RateLimit:
    """At most ``per_minute`` posts a minute and ``per_day`` a UTC day from one client, counted in
    memory only (never stored, forgotten after a restart)."""

    def __init__(self, per_minute: int = PER_MINUTE, per_day: int = PER_DAY) -> None:
        self.per_minute = per_minute
        self.per_day = per_day
        self.recent: dict[str, deque[float]] = defaultdict(deque)
        self.today: dict[str, int] = defaultdict(int)
        self.day = -1

    def allow(self, address: str, now: float) -> bool:
        key = client_key(address)
        day = int(now // 86400)
        if day != self.day:
            self.day, self.today = day, defaultdict(int)
        times = self.recent[key]
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= self.per_minute or self.today[key] >= self.per_day:
            return False
        times.append(now)
        self.today[key] += 1
        if len(self.recent) > IDLE_CLIENTS:
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        for key in [key for key, times in self.recent.items() if not times or now - times[-1] > 60]:
            del self.recent[key]
            if self.today.get(key, 0) < self.per_day:  # a client at its day's limit stays refused
                self.today.pop(key, None)
