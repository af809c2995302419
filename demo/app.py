"""The one server: the help center at ``/`` (the demo joins it at ``/demo/``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response

from demo.settings import Settings
from demo.site import SiteFiles

CallNext = Callable[[Request], Awaitable[Response]]

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="Two-factor help center and demo", docs_url=None, redoc_url=None)
    app.add_middleware(GZipMiddleware, minimum_size=500)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: CallNext) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.mount("/", SiteFiles(directory=settings.site_dir, html=True, check_dir=False), name="site")
    return app
