"""The one server: the help center at ``/`` and the demo at ``/demo/``."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from demo.rules import events, sandboxes
from demo.storage.photo_store import PhotoStore
from demo.storage.store import Store
from demo.storage.vault import Vault
from demo.web.context import Clock, Demo
from demo.web.look import Look
from demo.web.middleware import BodyLimit, error_page, install
from demo.web.routes import account, pages, security, setup, staff, support
from feedback import limits as feedback_limits
from feedback.report_page import ReportSettings, create_report_app
from feedback.routes import create_feedback_app
from feedback.store import FeedbackStore
from server import health
from server.headers import ProtectionHeaders
from server.settings import Settings
from server.site import SiteFiles

PURGE_EVERY_SECONDS = 10 * 60


class Server(FastAPI):
    """FastAPI with ProtectionHeaders around its whole stack: outside its ServerErrorMiddleware,
    whose 500 page no ``add_middleware`` reaches, and outside any middleware added later."""

    def build_middleware_stack(self) -> ASGIApp:
        return ProtectionHeaders(super().build_middleware_stack())


def too_large_page(request: Request, status: int) -> Response:
    """BodyLimit's refusal as a demo page in the reader's language."""
    return error_page(request, status, "too_large" if status == 413 else "invalid")


def to_report_page(request: Request) -> Response:
    """The writers' report's address as typed without its final slash."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/feedback/report/{query}", status_code=308)


def open_demo(settings: Settings, clock: Clock = time.time) -> Demo:
    """The demo's storage, refusing to start without the data key that belongs to it (nothing is
    written then: the key is proved against the folder's check value before the database opens)."""
    database = settings.data_dir / "demo.sqlite3"
    vault = Vault.open(settings.key_file, create=not database.exists())
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    vault.check(settings.data_dir / "key-check")
    store = Store(database)
    events.open_log(settings.data_dir / "events.log")
    photos = PhotoStore(settings.data_dir / "selfies")
    return Demo(settings, store, vault, photos, clock, Look.of_site(settings.site_dir))


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
    for part in (account, security, setup, support, staff, pages):
        app.include_router(part.router)
    return app


async def forget_old_feedback(feedback: FeedbackStore, clock: Clock) -> None:
    """Retention on a timer: comments and search words past their time go even when no one posts."""
    while True:
        await asyncio.to_thread(feedback.forget_old, clock())
        await asyncio.sleep(PURGE_EVERY_SECONDS)


def create_app(settings: Settings, clock: Clock = time.time) -> FastAPI:
    demo = open_demo(settings, clock)
    demo_app = create_demo_app(demo)
    feedback = FeedbackStore(settings.data_dir / "feedback.sqlite3")

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with demo_app.router.lifespan_context(demo_app):  # the demo's purge runs while we do
            task = asyncio.create_task(forget_old_feedback(feedback, clock))
            yield
            task.cancel()

    app = Server(title="Two-factor help center and demo", docs_url=None, redoc_url=None, openapi_url=None,
                 lifespan=lifespan)
    # Level 6: a fifth of a per cent larger than 9 on Material's bundle, for a third less CPU.
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    # Any other Host is how DNS rebinding looks: 400, and never a redirect built on it.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts), www_redirect=False)
    app.mount("/demo", BodyLimit(demo_app, page=too_large_page), name="demo")
    feedback_app = create_feedback_app(feedback, settings.site_dir, clock)
    report_app = create_report_app(ReportSettings(settings.report_token, settings.secure_cookies,
                                                  settings.service_name, Look.of_site(settings.site_dir).stylesheets),
                                   feedback.path, settings.site_dir, clock)
    app.router.routes.extend(health.routes(demo.store, feedback, settings.site_dir))  # before the site's mount
    app.add_route("/feedback/report", to_report_page, include_in_schema=False)
    app.mount("/feedback/report", BodyLimit(report_app, limit=4096), name="report")  # before /feedback
    app.mount("/feedback", BodyLimit(feedback_app, limit=feedback_limits.BODY_BYTES), name="feedback")
    app.mount("/", SiteFiles(directory=settings.site_dir, html=True, check_dir=False), name="site")
    if settings.trusted_proxies:  # outermost: every layer, the feedback's rate limit included, sees the reader
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    return app
