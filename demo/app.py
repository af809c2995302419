"""The one server: the help center at ``/`` and the demo at ``/demo/``."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response

from demo import events, sandboxes
from demo.routes import account, pages, setup, staff, support
from demo.selfies import PhotoStore
from demo.settings import Settings
from demo.site import SiteFiles
from demo.store import Store
from demo.vault import Vault
from demo.context import Clock, Demo
from demo.feedback import FeedbackStore
from demo.feedback_routes import create_feedback_app
from demo.look import Look
from demo.middleware import BodyLimit, install

CallNext = Callable[[Request], Awaitable[Response]]

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
PURGE_EVERY_SECONDS = 10 * 60


def open_demo(settings: Settings, clock: Clock = time.time) -> Demo:
    """The demo's storage, refusing to start without a usable data key (nothing is written then)."""
    database = settings.data_dir / "demo.sqlite3"
    vault = Vault.open(settings.key_file, create=not database.exists())
    store = Store(database)
    events.open_log(settings.data_dir / "events.log")
    return Demo(settings, store, vault, PhotoStore(settings.data_dir / "selfies"), clock, Look.of_site(settings.site_dir))


def create_demo_app(demo: Demo) -> FastAPI:
    @contextlib.asynccontextmanager
    async def purging(_: FastAPI) -> AsyncIterator[None]:
        async def every_while() -> None:
            while True:
                await asyncio.to_thread(sandboxes.purge_expired, demo.store, demo.photos, demo.clock())
                await asyncio.sleep(PURGE_EVERY_SECONDS)

        task = asyncio.create_task(every_while())
        yield
        task.cancel()

    app = FastAPI(title="Two-factor demo", version="1", openapi_url="/openapi.json", docs_url=None,
                  redoc_url=None, lifespan=purging)
    app.state.demo = demo
    install(app)
    for part in (account, setup, support, staff, pages):
        app.include_router(part.router)
    return app


def create_app(settings: Settings, clock: Clock = time.time) -> FastAPI:
    demo_app = create_demo_app(open_demo(settings, clock))
    app = FastAPI(title="Two-factor help center and demo", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lambda _: demo_app.router.lifespan_context(demo_app))
    app.add_middleware(GZipMiddleware, minimum_size=500)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: CallNext) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.mount("/demo", BodyLimit(demo_app), name="demo")
    feedback = FeedbackStore(settings.data_dir / "feedback.sqlite3")
    app.mount("/feedback", BodyLimit(create_feedback_app(feedback, settings.site_dir, clock), limit=4096), name="feedback")
    app.mount("/", SiteFiles(directory=settings.site_dir, html=True, check_dir=False), name="site")
    return app
