"""The help center's feedback endpoints, on the same server as the site and the demo.

    POST /feedback/articles   {"article", "language", "helpful", "reason"?, "comment"?}
    POST /feedback/searches   {"language", "query"}

JSON only, from the help center's own pages (Fetch Metadata), a few a minute per
client (counted in memory, never stored), 4 KB at most. Every refusal is a 4xx
with a short reason; nothing about the reader is kept.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.responses import JSONResponse, Response

from feedback.store import BadFeedback, FeedbackStore, read_miss, read_vote

Clock = Callable[[], float]
PER_MINUTE = 20


class RateLimit:
    """At most ``limit`` posts a minute from one client address (kept in memory only)."""

    def __init__(self, limit: int = PER_MINUTE) -> None:
        self.limit = limit
        self.seen: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, client: str, now: float) -> bool:
        times = self.seen[client]
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        if len(self.seen) > 10_000:  # forget idle clients rather than grow
            for key in [key for key, value in self.seen.items() if not value or now - value[-1] > 60]:
                del self.seen[key]
        return True


def articles_of(site_dir: Path) -> set[str]:
    """The article names a vote may name: the pages of the built site."""
    return {path.stem for path in site_dir.glob("*.html") if path.stem not in ("index", "404")}


def create_feedback_app(store: FeedbackStore, site_dir: Path, clock: Clock = time.time) -> FastAPI:
    app = FastAPI(title="Help center feedback", docs_url=None, redoc_url=None, openapi_url=None)
    limit = RateLimit()
    articles = articles_of(site_dir)

    async def read(request: Request) -> object:
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            raise BadFeedback("origin")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise BadFeedback("content-type")
        if not limit.allow(request.client.host if request.client else "", clock()):
            raise BadFeedback("rate")
        try:
            return json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise BadFeedback("json") from None

    @app.exception_handler(BadFeedback)
    async def refused(request: Request, error: BadFeedback) -> Response:
        status = {"origin": 403, "content-type": 415, "rate": 429}.get(error.reason, 400)
        return JSONResponse({"error": error.reason}, status_code=status)  # never stored: server.headers

    @app.post("/articles", status_code=204)
    async def vote(request: Request) -> Response:
        store.add_vote(read_vote(await read(request), articles or articles_of(site_dir)), clock())
        return Response(status_code=204)

    @app.post("/searches", status_code=204)
    async def miss(request: Request) -> Response:
        language, query = read_miss(await read(request))
        store.add_miss(language, query, clock())
        return Response(status_code=204)

    return app


FEEDBACK_META = '<meta name="help-feedback" content="/feedback/">'
"""Put in every help center page this server sends: the widgets show only where someone listens."""
