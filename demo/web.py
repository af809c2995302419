"""What every demo page shares: the visitor's language and sandbox, CSRF, headers, errors.

Routes (``demo/routes/``) stay thin: read the form, call a domain module, and
answer with ``Visit.render`` or ``Visit.redirect``.
"""

from __future__ import annotations

import datetime
import hmac
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Form, Path as PathParam, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from demo import sandboxes
from demo.accounts import Account, find_account
from demo.sandboxes import Sandbox
from demo.selfies import PhotoStore
from demo.normalise import InvalidInput, normalise_code
from demo.sessions import ABSOLUTE_SECONDS, Method, Session, Stage, find_session, new_session
from demo.settings import Settings
from demo.store import Store
from demo.support import Ticket, find_ticket
from demo.gate import Outcome
from demo.strings import LANGUAGES, SCENARIOS, STRINGS, script_strings
from demo.vault import Vault

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
TEMPLATES.env.filters["utc"] = lambda moment: datetime.datetime.fromtimestamp(moment, datetime.UTC).strftime(
    "%Y-%m-%d %H:%M UTC"
)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
BODY_LIMIT = 64 * 1024
UPLOAD_LIMIT = 11 * 1024 * 1024
"""A selfie may be 10 MB (SECURITY.md); the form around it gets the rest."""

Clock = Callable[[], float]


@dataclass
class Demo:
    """The demo's state, made once at start-up and shared by every request."""

    settings: Settings
    store: Store
    vault: Vault
    photos: PhotoStore
    clock: Clock = time.time

    def cookie(self, name: str) -> str:
        return f"__Host-demo-{name}" if self.settings.secure_cookies else f"demo-{name}"


class Redirect(Exception):
    """Leave the handler for another page (e.g. sign-in first)."""

    def __init__(self, url: str) -> None:
        self.url = url


@dataclass
class Visit:
    """One request as the pages see it: who, in which language, at what time."""

    request: Request
    demo: Demo
    language: str
    sandbox: Sandbox
    now: float
    cookies: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def t(self) -> dict[str, str]:
        return STRINGS[self.language]

    def set_cookie(self, name: str, value: str, max_age: int) -> None:
        self.cookies.append((self.demo.cookie(name), value, max_age))

    def render(self, template: str, *, status: int = 200, **context: Any) -> Response:
        return TEMPLATES.TemplateResponse(
            self.request, template,
            {"visit": self, "t": self.t, "lang": self.language, "scenarios": SCENARIOS,
             "js_strings": script_strings(self.language), **context},
            status_code=status,
        )

    def redirect(self, url: str) -> Response:
        return RedirectResponse(url, status_code=303)


def get_visit(request: Request) -> Visit:
    demo: Demo = request.app.state.demo
    now = demo.clock()
    sandbox, new_token = _sandbox(request, demo, now)
    visit = Visit(request, demo, _language(request), sandbox, now)
    request.state.visit = visit
    if new_token:  # a GET may open a sandbox: its forms need the CSRF token it carries
        visit.set_cookie("sandbox", new_token, sandboxes.LIFETIME_SECONDS)
    if request.query_params.get("lang") in LANGUAGES:
        visit.set_cookie("lang", visit.language, sandboxes.LIFETIME_SECONDS)
    return visit


def posted_visit(
    visit: Annotated[Visit, Depends(get_visit)], csrf: Annotated[str, Form()] = ""
) -> Visit:
    """A form's visit, once its CSRF token matches the sandbox's (OWASP CSRF: synchroniser token)."""
    if not hmac.compare_digest(csrf.encode(), visit.sandbox.csrf.encode()):
        raise HTTPException(403, "csrf")
    return visit


TicketNumber = Annotated[int, PathParam(ge=1, lt=2**63)]
"""A ticket number as SQLite can hold it (a larger one is a 404, not an overflow)."""
VisitDep = Annotated[Visit, Depends(get_visit)]
PostedDep = Annotated[Visit, Depends(posted_visit)]


def install(app: FastAPI) -> None:
    """Headers, cookies, limits and error pages for the demo application."""

    @app.middleware("http")
    async def finish(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.method == "POST" and not _same_origin(request):
            return _error_page(request, 403, "origin")
        response = await call_next(request)
        visit: Visit | None = getattr(request.state, "visit", None)
        for name, value, max_age in visit.cookies if visit else ():
            response.set_cookie(
                name, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                secure=visit.demo.settings.secure_cookies if visit else False,
            )
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        if not request.url.path.startswith("/demo/static/"):
            response.headers["Cache-Control"] = "no-store"  # keys, codes and tickets are never cached
        return response

    @app.exception_handler(Redirect)
    async def redirect(request: Request, error: Redirect) -> Response:
        return RedirectResponse(error.url, status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return _error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        in_path = any(item.get("loc", ("",))[0] == "path" for item in error.errors())
        return _error_page(request, 404 if in_path else 400, "invalid")

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


class BodyLimit:
    """Refuse bodies over the limit with 413 before they are read (OWASP: limit request size)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = UPLOAD_LIMIT if scope["path"].endswith("/selfie") else BODY_LIMIT
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _send_plain(send, 413 if length.isdigit() else 400)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, "too large")
            return message

        await self.app(scope, limited, send)


def _language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    demo: Demo = request.app.state.demo
    remembered = request.cookies.get(demo.cookie("lang"))
    if remembered in LANGUAGES:
        return remembered
    preferred = request.headers.get("accept-language", "").split(",")[0].strip().lower()
    return "en" if preferred.startswith("en") else "ja"


def _sandbox(request: Request, demo: Demo, now: float) -> tuple[Sandbox, str | None]:
    """The visitor's sandbox, or a new one with the token for its cookie."""
    token = request.cookies.get(demo.cookie("sandbox"), "")
    found = sandboxes.find_sandbox(demo.store, token, now) if token else None
    if found:
        return found, None
    token, sandbox = sandboxes.new_sandbox(demo.store, now)
    return sandbox, token


def _same_origin(request: Request) -> bool:
    """OWASP CSRF cheat sheet, defence in depth: Fetch Metadata, then the Origin header."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser; the form's CSRF token still has to match
    demo: Demo = request.app.state.demo
    expected = {demo.settings.base_url, f"{request.url.scheme}://{request.headers.get('host', '')}"}
    return urlsplit(origin)._replace(path="").geturl() in expected


def _error_page(request: Request, status: int, detail: str) -> Response:
    visit: Visit | None = getattr(request.state, "visit", None)
    language = visit.language if visit else _language(request)
    return TEMPLATES.TemplateResponse(
        request, "error.html",
        {"visit": visit, "t": STRINGS[language], "lang": language, "status": status, "detail": detail,
         "js_strings": script_strings(language)},
        status_code=status,
    )


async def _send_plain(send: Send, status: int) -> None:
    body = b"Request body too large" if status == 413 else b"Bad request"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def signed_in(visit: Visit, *, stage: str = "full") -> tuple[Session, Account]:
    """The visitor's user session and account, or a detour to sign in."""
    token = visit.request.cookies.get(visit.demo.cookie("session"), "")
    session = find_session(visit.demo.store, token, role="user", now=visit.now) if token else None
    if session is None or session.sandbox_id != visit.sandbox.id or session.account_id is None:
        raise Redirect("/demo/sign-in")
    if stage == "full" and session.stage != "full":
        raise Redirect("/demo/sign-in/code")
    account = find_account(visit.demo.store, session.account_id)
    if account is None:
        raise Redirect("/demo/sign-in")
    return session, account


def staff_session(visit: Visit) -> Session:
    token = visit.request.cookies.get(visit.demo.cookie("staff"), "")
    session = find_session(visit.demo.store, token, role="staff", now=visit.now) if token else None
    if session is None or session.sandbox_id != visit.sandbox.id:
        raise Redirect("/demo/staff")
    return session


def visible_ticket(visit: Visit, number: int) -> Ticket:
    """The ticket if it belongs to the visitor's sandbox; any other number is a 404."""
    ticket = find_ticket(visit.demo.store, sandbox_id=visit.sandbox.id, number=number)
    if ticket is None:
        raise HTTPException(404, "ticket")
    return ticket


@dataclass(frozen=True)
class Refusal:
    """Why a typed code was not taken: a message id, and the wait that goes with it."""

    reason: str
    wait: int = 0

    @property
    def status(self) -> int:
        return 429 if self.reason == "verdict.wait" else 400


def try_code(typed: str, check: Callable[[str], Outcome], *, read: Callable[[str], str] = normalise_code
             ) -> Outcome | Refusal:
    """Read what the person typed and pass it to the gate; a malformed or refused code is a Refusal."""
    if not typed.strip():
        return Refusal("text.required")
    try:
        outcome = check(read(typed))
    except InvalidInput as error:
        return Refusal(error.reason)
    return outcome if outcome.accepted else refusal_of(outcome)


def refusal_of(outcome: Outcome) -> Refusal:
    """The message id and wait for an outcome the gate refused."""
    return Refusal(f"verdict.{outcome.verdict.value}", outcome.wait_seconds)


def start_user_session(visit: Visit, account_id: str, *, stage: Stage, replacing: str | None = None,
                       method: Method = "password") -> None:
    """A new session token at every sign-in step and 2FA change (OWASP: renew the ID on privilege change)."""
    old = replacing or visit.request.cookies.get(visit.demo.cookie("session")) or None
    session = new_session(visit.demo.store, sandbox_id=visit.sandbox.id, account_id=account_id, role="user",
                          stage=stage, now=visit.now, replacing=old, method=method)
    visit.set_cookie("session", session.token, ABSOLUTE_SECONDS)
