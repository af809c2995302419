"""One request as the demo's pages see it: who, in which language, at what time, and how to answer.

Routes (``demo/web/routes/``) stay thin: read the form, call a domain module, and
answer with ``Visit.render`` for a page or ``Visit.redirect`` / ``Visit.back``
after a form (every post ends in a redirect, so reloading never posts again).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response

from content import catalog, figures, scenarios
from content.catalog import Entry
from demo.rules import normalise, progress, sandboxes
from demo.rules.gate import Outcome
from demo.rules.sandboxes import Sandbox
from demo.storage.photo_store import PhotoStore
from demo.storage.store import Store
from demo.storage.vault import Vault
from demo.web import flashes, look
from demo.web.flashes import Flash
from demo.web.look import Look
from server.settings import Settings

HERE = Path(__file__).parents[1]
"""The demo folder: its templates/ and static/."""
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
TEMPLATES.env.filters["utc"] = lambda moment: datetime.datetime.fromtimestamp(moment, datetime.UTC).strftime(
    "%Y-%m-%d %H:%M UTC"
)
TEMPLATES.env.filters["phrases"] = look.phrases
TEMPLATES.env.filters["iso"] = lambda moment: datetime.datetime.fromtimestamp(moment, datetime.UTC).isoformat(
    timespec="seconds").replace("+00:00", "Z")
"""A moment as ``<time datetime>`` reads it; the page's script shows it in the reader's time zone (times.js)."""
TEMPLATES.env.filters["count"] = lambda entry, count: catalog.plural(entry, count)

Clock = Callable[[], float]


@dataclass
class Demo:
    """The demo's state, made once at start-up and shared by every request."""

    settings: Settings
    store: Store
    vault: Vault
    photos: PhotoStore
    clock: Clock = time.time
    look: Look = field(default_factory=Look)

    def cookie(self, name: str) -> str:
        return f"__Host-demo-{name}" if self.settings.secure_cookies else f"demo-{name}"


class Redirect(Exception):
    """Leave the handler for another page (e.g. sign-in first)."""

    def __init__(self, url: str) -> None:
        self.url = url


@dataclass
class Visit:
    """One request: the visitor's language, sandbox and time, and the cookies to set."""

    request: Request
    demo: Demo
    language: str
    sandbox: Sandbox
    now: float
    cookies: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def t(self) -> dict[str, Entry]:
        return catalog.catalog(self.language)

    @property
    def flash(self) -> Flash | None:
        """What a refused form left for this page (``?form=``), if it is this sandbox's."""
        flash_id = self.request.query_params.get("form", "")
        if not flash_id or len(flash_id) > 32:
            return None
        return flashes.find(self.demo.store, self.demo.vault, sandbox_id=self.sandbox.id, flash_id=flash_id,
                            now=self.now)

    def set_cookie(self, name: str, value: str, max_age: int) -> None:
        self.cookies.append((self.demo.cookie(name), value, max_age))

    def renew_sandbox(self) -> None:
        """Give the sandbox a new cookie token (``sandboxes.renew_token``)."""
        self.set_cookie("sandbox", sandboxes.renew_token(self.demo.store, self.sandbox.id), sandboxes.LIFETIME_SECONDS)

    def record(self, kind: str) -> None:
        """A milestone for the guide (``demo/rules/progress.py``)."""
        with self.demo.store.write() as db:
            progress.record(db, self.sandbox.id, kind, self.now)

    def render(self, template: str, *, status: int = 200, **context: Any) -> Response:
        flash = self.flash
        page = {"values": flash.values if flash else {}, "errors": flash.errors if flash else {},
                "wait": flash.wait if flash else 0, "link": flash.link if flash else "",
                "link_text": flash.link_text if flash else "",
                "form": flash.form if flash else ""}
        return TEMPLATES.TemplateResponse(
            self.request, template, {**page_context(self.request, self.demo, self.language, self), **page, **context},
            status_code=status,
        )

    def redirect(self, url: str) -> Response:
        return RedirectResponse(url, status_code=303)

    def back(self, url: str, *, form: str, values: dict[str, str] | None = None,
             errors: dict[str, str] | None = None, wait: int = 0) -> Response:
        """Send a refused form back to its page, with the reasons (whole catalog keys) and what was
        typed (never a password, a code or a recovery code: ``flashes.SECRET_FIELDS``)."""
        return self.redirect(self.back_url(url, form=form, values=values, errors=errors, wait=wait))

    def refused(self, url: str, field: str, outcome: Outcome, *, form: str = "") -> Response:
        """A typed code the rules refused, back to its page: the outcome's message for ``field``, its
        wait, and the article that helps, in the reader's language."""
        article, link_text = outcome.help or ("", "")
        return self.redirect(self.back_url(
            url, form=form or field, errors={field: outcome.message}, wait=outcome.wait_seconds,
            link=f"{catalog.home(self.language)}{article}.html" if article else "", link_text=link_text))

    def back_url(self, url: str, *, form: str, values: dict[str, str] | None = None,
                 errors: dict[str, str] | None = None, wait: int = 0, link: str = "", link_text: str = "") -> str:
        """``url`` with the flash that names the refused form's reasons (``back``)."""
        flash = Flash(form, values or {}, errors or {}, wait, link, link_text)
        flash_id = flashes.keep(self.demo.store, self.demo.vault, sandbox_id=self.sandbox.id, flash=flash,
                                now=self.now)
        path, _, query = url.partition("?")
        return f"{path}?{query + '&' if query else ''}{urlencode({'form': flash_id})}"

    @property
    def device(self) -> str:
        """This browser, as the code gate names it: a hash of its device cookie ('' without one).
        A code typed again by the browser that used it is not an alarm (``gate.check_totp``)."""
        value = self.request.cookies.get(self.demo.cookie("device"), "")
        return hashlib.sha256(value.encode()).hexdigest()[:32] if value else ""


def page_context(request: Request, demo: Demo, language: str, visit: Visit | None) -> dict[str, Any]:
    """What every page's layout needs: words, the help center's look, the guide's record."""
    record: list[tuple[int, str]] = []
    if visit is not None:
        with demo.store.read() as db:
            record = progress.milestones(db, visit.sandbox.id)
    guide = {
        "strings": catalog.script_strings(language),
        "scenarios": {id_: {"article": item.article, "steps": item.steps,
                            "next": scenarios.next_after(id_)} for id_, item in scenarios.scenarios().items()},
        "milestones": record,
        "otp": otp_figures(),
        "articles": {id_: f"{catalog.home(language)}{item.article}.html"
                     for id_, item in scenarios.scenarios().items()},
    }
    switches = [(code, str(catalog.catalog(code)["language_name"]),
                 f"{request.url.path}?{urlencode({**request.query_params, 'lang': code})}")
                for code in catalog.LANGUAGES if code != language]
    return {
        "visit": visit, "t": catalog.catalog(language), "lang": language, "switches": switches,
        "home": catalog.home(language),
        "look": demo.look, "service_name": demo.settings.service_name, "scenario_ids": scenarios.ids(),
        "guide_data": Markup(json.dumps(guide, ensure_ascii=False).replace("</", "<\\/")),
    }


def otp_figures() -> dict[str, int | str]:
    """Every figure the simulated phones' script needs (demo/static/totp.js has none of its own),
    from the one table (``content/figures.py``): the step, digits and algorithm of a key typed by
    hand, and the key-entry limits."""
    table = figures.table()
    return {"step": table["step_seconds"].value, "digits": table["digits"].value,
            "algorithm": table["algorithm"].value, "key_min_length": table["key_min_length"].value,
            "key_input_limit": normalise.KEY_INPUT_LIMIT}


def get_visit(request: Request) -> Visit:
    demo: Demo = request.app.state.demo
    now = demo.clock()
    sandbox, new_token = _sandbox(request, demo, now)
    visit = Visit(request, demo, language_of(request), sandbox, now)
    request.state.visit = visit
    if new_token:  # a GET may open a sandbox: its forms need the CSRF token it carries
        visit.set_cookie("sandbox", new_token, sandboxes.LIFETIME_SECONDS)
    if request.query_params.get("lang") in catalog.LANGUAGES:
        visit.set_cookie("lang", visit.language, sandboxes.LIFETIME_SECONDS)
    return visit


def language_of(request: Request) -> str:
    """``?lang=``, then the remembered choice, then the browser's first preference."""
    asked = request.query_params.get("lang")
    if asked in catalog.LANGUAGES:
        return asked
    demo: Demo = request.app.state.demo
    remembered = request.cookies.get(demo.cookie("lang"))
    if remembered in catalog.LANGUAGES:
        return remembered
    preferred = request.headers.get("accept-language", "").split(",")[0].strip().lower()
    return next((code for code in catalog.LANGUAGES if preferred.startswith(code)), catalog.DEFAULT_LANGUAGE)


def _sandbox(request: Request, demo: Demo, now: float) -> tuple[Sandbox, str | None]:
    """The visitor's sandbox, or a new one with the token for its cookie.

    A form sent with a token that opens nothing (expired, or replaced a moment ago by a
    first click of the same button) is refused as expired, and the browser keeps its
    cookie: a new sandbox there would lose the visitor's own.
    """
    token = request.cookies.get(demo.cookie("sandbox"), "")
    found = sandboxes.find_sandbox(demo.store, token, now) if token else None
    if found:
        return found, None
    if request.method == "POST":
        raise HTTPException(403, "csrf")
    token, sandbox = sandboxes.new_sandbox(demo.store, now)
    return sandbox, token
