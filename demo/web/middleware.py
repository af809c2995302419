"""What wraps every demo request: the origin check, cookies, body limits and error pages."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from demo.web.context import HERE, TEMPLATES, Demo, Redirect, Visit, language_of, page_context
from server.settings import origin_of

BODY_LIMIT = 64 * 1024
UPLOAD_LIMIT = 11 * 1024 * 1024
"""A selfie may be 10 MB (SECURITY.md "Support requests and the ID selfie"); the form around it gets the rest."""
SELFIE = re.compile(r"/support/\d+/selfie$")
TOO_LARGE = "too_large"
"""``?photo=too_large``: the ticket page's word for a photo the body limit refused."""


def install(app: FastAPI) -> None:
    """Headers, cookies, limits and error pages for the demo application."""

    @app.middleware("http")
    async def finish(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.method == "POST" and not _same_origin(request):
            return error_page(request, 403, "origin")
        response = await call_next(request)
        visit: Visit | None = getattr(request.state, "visit", None)
        for name, value, max_age in visit.cookies if visit else ():
            response.set_cookie(
                name, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                secure=visit.demo.settings.secure_cookies if visit else False,
            )
        return response  # its protection and caching headers: server.headers

    @app.exception_handler(Redirect)
    async def redirect(request: Request, error: Redirect) -> Response:
        return RedirectResponse(error.url, status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        in_path = any(item.get("loc", ("",))[0] == "path" for item in error.errors())
        return error_page(request, 404 if in_path else 400, "invalid")

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


class BodyLimit:
    """Refuse bodies over the limit with 413 before the application reads them (OWASP: limit
    request size), however they are sent: by their Content-Length, or, for a chunked body,
    by counting while it is read ahead of the application (it is at most ``limit`` bytes).

    ``page`` answers in the reader's language; without it the answer is plain text (an API).
    """

    def __init__(self, app: ASGIApp, limit: int | None = None,
                 page: Callable[[Request, int], Response] | None = None) -> None:
        self.app = app
        self.fixed = limit
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.fixed or (UPLOAD_LIMIT if scope["path"].endswith("/selfie") else BODY_LIMIT)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > limit:
                await self._refuse(scope, receive, send, 413 if length.isdigit() else 400)
                return
            await self.app(scope, receive, send)  # the server delivers no more than Content-Length
            return
        body = await _read_at_most(receive, limit)
        if body is None:
            await self._refuse(scope, receive, send, 413)
            return
        await self.app(scope, _replay(body, then=receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int) -> None:
        if self.page is None:
            await _send_plain(send, status)
            return
        if status == 413 and SELFIE.search(scope["path"]):
            # A phone's photo over the limit: back to its ticket page, which says so beside the field in
            # the reader's language; the reader stays on the guide's step instead of a dead end.
            ticket = scope["path"].removesuffix("/selfie")
            await RedirectResponse(f"{ticket}?photo={TOO_LARGE}", status_code=303)(scope, receive, send)
            return
        response = self.page(Request({**scope, "app": self.app}), status)
        await response({**scope, "app": self.app}, receive, send)


async def _read_at_most(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it passes ``limit`` bytes (the rest is never read)."""
    chunks: list[bytes] = []
    received = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        received += len(message.get("body", b""))
        if received > limit:
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, *, then: Receive) -> Receive:
    """A ``receive`` that hands the application a body already read, then the server's own
    messages (a disconnect, when it comes)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await then()

    return receive


def error_page(request: Request, status: int, detail: str) -> Response:
    visit: Visit | None = getattr(request.state, "visit", None)
    language = visit.language if visit else language_of(request)
    demo: Demo = request.app.state.demo
    context = {**page_context(request, demo, language, visit), "status": status, "detail": detail,
               "values": {}, "errors": {}, "wait": 0, "link": "", "link_text": "", "form": ""}
    return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status)


def _same_origin(request: Request) -> bool:
    """OWASP CSRF cheat sheet, defence in depth: Fetch Metadata, then the Origin header, whose
    whole origin (scheme, host and port) must be one the server answers on, never simply the
    request's own Host. Browsers without Fetch Metadata (older Safari, embedded web views) rely
    on this fallback, so a page on another port of the same host is refused here too."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser; the form's CSRF token still has to match
    return origin_of(origin) in request.app.state.demo.settings.allowed_origins


async def _send_plain(send: Send, status: int) -> None:
    body = b"Request body too large" if status == 413 else b"Bad request"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
