"""What a process manager or a load balancer asks the server: is it alive, and can it serve?

``/healthz`` (liveness) answers from the process alone: a failing database is no reason to
restart it. ``/readyz`` (readiness) asks what a reader's request needs: both databases answer a
query through their stores, and the site folder holds a build. Neither touches the demo's
cookies or sandboxes, and neither is cached (``server.headers``); a failed check is named in
fixed words, never with the exception's text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from demo.storage.store import Store
from feedback.store import FeedbackStore

LIVE_PATH = "/healthz"
READY_PATH = "/readyz"
PATHS = (LIVE_PATH, READY_PATH)
CHECK_SECONDS = 5.0
"""A database that takes longer than this to answer is as good as down for a reader."""


def routes(store: Store, feedback: FeedbackStore, site_dir: Path) -> list[Route]:
    """The two health routes, for the top-level app (outside the demo and its sandboxes)."""

    async def live(_: Request) -> Response:
        return PlainTextResponse("ok\n")

    async def ready(_: Request) -> Response:
        results = {
            "demo database": await _within_time(_demo_database_answers, store),
            "feedback database": await _within_time(_feedback_database_answers, feedback),
            "site": "ok" if (site_dir / "index.html").is_file() else "no build (index.html missing)",
        }
        status = 200 if all(result == "ok" for result in results.values()) else 503
        return PlainTextResponse("".join(f"{name}: {result}\n" for name, result in results.items()), status)

    return [Route(LIVE_PATH, live, methods=["GET", "HEAD"]), Route(READY_PATH, ready, methods=["GET", "HEAD"])]


def _demo_database_answers(store: Store) -> None:
    with store.read() as connection:  # a table of the schema: a missing or replaced file fails
        connection.execute("SELECT 1 FROM sandboxes LIMIT 1").fetchall()


def _feedback_database_answers(feedback: FeedbackStore) -> None:
    with feedback.write() as connection:  # the store's one way in; an empty transaction writes nothing
        connection.execute("SELECT 1 FROM votes LIMIT 1").fetchall()


Checked = TypeVar("Checked")


async def _within_time(check: Callable[[Checked], None], store: Checked) -> str:
    """``ok``, or why not in fixed words; the check runs off the event loop, with a deadline."""
    try:
        await asyncio.wait_for(asyncio.to_thread(check, store), CHECK_SECONDS)
    except TimeoutError:
        return "no answer within the deadline"
    except Exception:  # any failure means not ready; its text stays in the process
        return "not answering"
    return "ok"
