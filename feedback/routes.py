"""The help center's feedback endpoints, on the same server as the site and the demo.

    POST /feedback/articles   {"article", "language", "helpful", "reason"?, "comment"?}
    POST /feedback/searches   {"language", "query"}

JSON only, from the help center's own pages (Fetch Metadata), flat and small, a few a minute
and a few hundred a day per client (counted in memory, never stored; ``limits``). Every refusal
is a 4xx with a short reason; nothing about the reader is kept. The client is the address the
server sees: a proxy's forwarded address only when ``TRUSTED_PROXIES`` names that proxy
(``python -m server`` hands that to uvicorn).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Request
from starlette.responses import JSONResponse, Response

from feedback import limits
from feedback.articles import Articles
from feedback.store import BadFeedback, FeedbackStore, read_miss, read_vote

Clock = Callable[[], float]
PER_MINUTE = limits.PER_MINUTE
STATUS = {"origin": 403, "content-type": 415, "size": 413, "rate": 429, "full": 429}


def parse_json(body: bytes, depth: int = limits.JSON_DEPTH) -> object:
    """The body as JSON, or BadFeedback: refused before parsing when it is larger than
    ``BODY_BYTES`` or nests deeper than ``depth`` (json's parser recurses once a level)."""
    if len(body) > limits.BODY_BYTES:
        raise BadFeedback("size")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadFeedback("json") from None
    if _nesting(text) > depth:
        raise BadFeedback("json")
    try:
        return json.loads(text)
    except ValueError:
        raise BadFeedback("json") from None


def _nesting(text: str) -> int:
    """The deepest bracket nesting outside JSON strings."""
    level = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            level += 1
            deepest = max(deepest, level)
        elif character in "]}":
            level -= 1
    return deepest


def create_feedback_app(store: FeedbackStore, site_dir: Path, clock: Clock = time.time) -> FastAPI:
    app = FastAPI(title="Help center feedback", docs_url=None, redoc_url=None, openapi_url=None)
    limit = limits.RateLimit()
    articles = Articles(site_dir)

    async def read(request: Request) -> object:
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            raise BadFeedback("origin")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise BadFeedback("content-type")
        if not limit.allow(request.client.host if request.client else "", clock()):
            raise BadFeedback("rate")
        return parse_json(await request.body())

    @app.exception_handler(BadFeedback)
    async def refused(request: Request, error: BadFeedback) -> Response:
        return JSONResponse({"error": error.reason}, status_code=STATUS.get(error.reason, 400))  # never stored

    @app.post("/articles", status_code=204)
    async def vote(request: Request) -> Response:
        store.add_vote(read_vote(await read(request), articles.names()), clock())
        return Response(status_code=204)  # a comment past the day's cap is not kept; the vote counts

    @app.post("/searches", status_code=204)
    async def miss(request: Request) -> Response:
        search = read_miss(await read(request))
        if search is not None and not store.add_miss(*search, clock()):
            raise BadFeedback("full")
        return Response(status_code=204)  # a search that looks like a secret is dropped, not refused

    return app


FEEDBACK_META = '<meta name="help-feedback" content="/feedback/">'
"""Put in every help center page this server sends: the widgets show only where someone listens."""
