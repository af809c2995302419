"""Who may do what: the form's CSRF token, a signed-in user or staff session, a visible ticket."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form
from fastapi import Path as PathParam
from starlette.exceptions import HTTPException

from content import limits
from demo.rules.accounts import Account, find_account
from demo.rules.sessions import ABSOLUTE_SECONDS, Method, Session, SessionGone, Stage, find_session, new_session
from demo.rules.support import Ticket, find_ticket
from demo.web.context import Redirect, Visit, get_visit


def posted_visit(visit: Annotated[Visit, Depends(get_visit)], csrf: Annotated[str, Form()] = "") -> Visit:
    """A form's visit, once its CSRF token matches the sandbox's (OWASP CSRF: synchroniser token)."""
    if not hmac.compare_digest(csrf.encode(), visit.sandbox.csrf.encode()):
        raise HTTPException(403, "csrf")
    return visit


TicketNumber = Annotated[int, PathParam(ge=1, lt=2**63)]
"""A ticket number as SQLite can hold it (a larger one is a 404, not an overflow)."""
VisitDep = Annotated[Visit, Depends(get_visit)]
PostedDep = Annotated[Visit, Depends(posted_visit)]


def signed_in(visit: Visit, *, stage: Stage = "full") -> tuple[Session, Account]:
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


def staff_session(visit: Visit) -> Session | None:
    token = visit.request.cookies.get(visit.demo.cookie("staff"), "")
    session = find_session(visit.demo.store, token, role="staff", now=visit.now) if token else None
    return session if session is not None and session.sandbox_id == visit.sandbox.id else None


def staff_only(visit: Visit) -> Session:
    session = staff_session(visit)
    if session is None:
        raise Redirect("/demo/staff")
    return session


def visible_ticket(visit: Visit, number: int) -> Ticket:
    """The ticket if it belongs to the visitor's sandbox; any other number is a 404."""
    ticket = find_ticket(visit.demo.store, sandbox_id=visit.sandbox.id, number=number)
    if ticket is None:
        raise HTTPException(404, "ticket")
    return ticket


def start_user_session(visit: Visit, account_id: str, *, stage: Stage, replacing: str | None = None,
                       method: Method = "password", version: int | None = None,
                       password_at: float | None = None) -> None:
    """A new session token at every sign-in step and 2FA change (OWASP: renew the ID on privilege
    change). ``replacing`` must still exist and ``version`` must still be the account's
    (``sessions.new_session``); if not, the password or a factor changed meanwhile and the
    visitor signs in again."""
    cookie = visit.request.cookies.get(visit.demo.cookie("session")) or None
    try:
        session = new_session(visit.demo.store, sandbox_id=visit.sandbox.id, account_id=account_id, role="user",
                              stage=stage, now=visit.now, replacing=replacing, discard=cookie, method=method,
                              version=version, password_at=password_at)
    except SessionGone:
        visit.set_cookie("session", "", 0)
        raise Redirect("/demo/sign-in?signed_out=changed") from None
    visit.set_cookie("session", session.token, ABSOLUTE_SECONDS)
    if not visit.device:
        visit.set_cookie("device", secrets.token_urlsafe(16), limits.SANDBOX_SECONDS)


def stepped_up(visit: Visit, session: Session) -> bool:
    """Whether this session proved the password recently enough to change a factor."""
    return visit.now - session.password_at <= limits.STEP_UP_SECONDS


def require_step_up(visit: Visit, session: Session, page: str) -> None:
    """Before a factor changes: the password, proved in this session within ``STEP_UP_SECONDS``,
    or back to ``page``'s password box."""
    if not stepped_up(visit, session):
        raise Redirect(visit.back_url(page, form="step_up", errors={"step_up_password": "error.step_up.needed"}))
