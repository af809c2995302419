"""The writers' report as a page, for staff: ``/feedback/report/`` (mounted by ``server/app.py``).

Off (404) unless ``FEEDBACK_REPORT_TOKEN`` is set. Staff type the token once into the page's
form; the browser then keeps a cookie (HttpOnly, SameSite=Strict, ``__Host-`` over HTTPS) that
holds a keyed hash of the token, never the token, for ``SIGNED_IN_HOURS``. Every comparison
is in constant time. The charts are drawn in the browser by uPlot (the npm lock file) from the
table beside each chart, so what the chart shows and what the table says cannot differ.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.responses import FileResponse, RedirectResponse, Response

from content import catalog, feedback
from content.phrases import with_breaks
from feedback import dashboard, titles

Clock = Callable[[], float]
HERE = Path(__file__).parent
ROOT = HERE.parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
TEMPLATES.env.filters["phrases"] = lambda text: Markup(with_breaks(str(escape(text))))
"""A Japanese heading breaks only between phrases (BudouX, as the help center's and the demo's do),
inside a ``help-phrases`` span the template writes (phrases.css)."""
TOKEN_MIN_LENGTH = 16
SIGNED_IN_HOURS = 8
ASSETS = {
    "uPlot.iife.min.js": ROOT / "node_modules" / "uplot" / "dist" / "uPlot.iife.min.js",
    "uPlot.min.css": ROOT / "node_modules" / "uplot" / "dist" / "uPlot.min.css",
    "report.js": HERE / "static" / "report.js",
    "report.css": HERE / "static" / "report.css",
}
"""Every file the page loads besides the help center's stylesheets, by the name in its address."""


@dataclass(frozen=True)
class ReportSettings:
    token: str
    """Empty: the page is off."""
    secure_cookies: bool
    service_name: str
    stylesheets: tuple[str, ...] = ()
    """The help center's stylesheets (``demo.web.look.Look``, found in the built site by the server)."""

    @property
    def cookie(self) -> str:
        return "__Host-feedback-report" if self.secure_cookies else "feedback-report"

    @property
    def signed_in_value(self) -> str:
        """What the cookie holds: a hash keyed by the token, so a new token signs everyone out."""
        return hmac.new(self.token.encode(), b"feedback report cookie", hashlib.sha256).hexdigest()


def create_report_app(settings: ReportSettings, store_path: Path, site_dir: Path,
                      clock: Clock = time.time) -> FastAPI:
    if settings.token and len(settings.token) < TOKEN_MIN_LENGTH:
        raise ValueError(f"FEEDBACK_REPORT_TOKEN has fewer than {TOKEN_MIN_LENGTH} characters; make one with: "
                         "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'")
    app = FastAPI(title="Writers' report", docs_url=None, redoc_url=None, openapi_url=None)

    @app.middleware("http")
    async def off_without_token(request: Request, call_next: Callable[..., Any]) -> Response:
        if not settings.token:
            return Response("Not found", status_code=404, media_type="text/plain")
        response: Response = await call_next(request)
        return response

    @app.get("/")
    def page(request: Request) -> Response:
        language = _language(request)
        if not _signed_in(request, settings):
            return _render(request, settings, language, "report_sign_in.html")
        today = datetime.datetime.fromtimestamp(clock(), datetime.UTC).date()
        reports = dashboard.read_reports(store_path, today=today, languages=catalog.LANGUAGES)
        mondays = dashboard.week_starts(today)
        return _render(request, settings, language, "report.html", reports=reports, first=mondays[0].isoformat(),
                       last=today.isoformat(), titles={report.language: titles.titles(
                           site_dir, report.language, _articles(report)) for report in reports})

    @app.post("/sign-in")
    async def sign_in(request: Request) -> Response:
        language = _language(request)
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return Response("Forbidden", status_code=403, media_type="text/plain")
        typed = (await request.form()).get("token", "")
        if not isinstance(typed, str) or not hmac.compare_digest(typed.encode(), settings.token.encode()):
            return _render(request, settings, language, "report_sign_in.html", status=403,
                           error="error.report.token")
        answer = RedirectResponse(f"/feedback/report/?{urlencode({'lang': language})}", status_code=303)
        _set_cookie(answer, settings, settings.signed_in_value, SIGNED_IN_HOURS * 3600)
        return answer

    @app.post("/sign-out")
    def sign_out(request: Request) -> Response:
        answer = RedirectResponse(f"/feedback/report/?{urlencode({'lang': _language(request)})}", status_code=303)
        _set_cookie(answer, settings, "", 0)
        return answer

    @app.get("/assets/{name}")
    def asset(name: str) -> Response:
        path = ASSETS.get(name)
        if path is None or not path.is_file():  # uPlot missing: npm ci has not run; the tables still show
            return Response("Not found", status_code=404, media_type="text/plain")
        return FileResponse(path)

    return app


def _signed_in(request: Request, settings: ReportSettings) -> bool:
    held = request.cookies.get(settings.cookie, "")
    return hmac.compare_digest(held.encode(), settings.signed_in_value.encode())


def _set_cookie(response: Response, settings: ReportSettings, value: str, max_age: int) -> None:
    response.set_cookie(settings.cookie, value, max_age=max_age, path="/", secure=settings.secure_cookies,
                        httponly=True, samesite="strict")


def _language(request: Request) -> str:
    asked = request.query_params.get("lang", "")
    return asked if asked in catalog.LANGUAGES else catalog.DEFAULT_LANGUAGE


def _articles(report: dashboard.LanguageReport) -> set[str]:
    return {trend.article for trend in report.trends} | {comment.article for comment in report.comments}


def _render(request: Request, settings: ReportSettings, language: str, template: str, *, status: int = 200,
            **context: Any) -> Response:
    t = catalog.catalog(language)
    switches = [(code, str(catalog.catalog(code)["language_name"]), f"/feedback/report/?{urlencode({'lang': code})}")
                for code in catalog.LANGUAGES if code != language]
    return TEMPLATES.TemplateResponse(request, template, {
        "t": t, "lang": language, "switches": switches,
        "lang_query": urlencode({"lang": language}), "home": catalog.home(language),
        "site_name": str(t["help.site_name"]).format(service=settings.service_name),
        "stylesheets": settings.stylesheets, "reasons": feedback.REASONS, "figures": {
            "weeks": dashboard.WEEKS, "min_votes": dashboard.MIN_VOTES, "min_searches": dashboard.MIN_SEARCHES,
            "comments": dashboard.RECENT_COMMENTS, "hours": SIGNED_IN_HOURS},
        **context}, status_code=status)
