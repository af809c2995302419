"""The account's safety: confirming the password (step-up), reporting a lost or stolen phone,
changing the password, signing out everywhere."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from content import limits
from demo.rules import accounts, password_gate, sessions, twofactor
from demo.rules.events import log_event
from demo.rules.normalise import InvalidInput, normalise_email
from demo.rules.password_gate import PasswordOutcome, PasswordVerdict
from demo.rules.passwords import MAX_PASSWORD, MIN_PASSWORD
from demo.rules.sessions import Session
from demo.web.context import Visit
from demo.web.guards import PostedDep, VisitDep, require_step_up, signed_in, start_user_session

router = APIRouter()
Text = Annotated[str, Form()]
RETURN_TO = {"account": "/demo/account", "setup": "/demo/2fa/setup"}
"""The pages a step-up goes back to, by name (never a URL from the form)."""


@router.post("/step-up")
def step_up(visit: PostedDep, password: Text = "", back: Text = "account") -> Response:
    """The password again, so this session may change a factor for ``STEP_UP_SECONDS`` (GitHub's
    sudo mode). A few wrong passwords here end the session: whoever holds it does not know it."""
    session, account = signed_in(visit)
    page = RETURN_TO.get(back, RETURN_TO["account"])
    if not password:
        return visit.back(page, form="step_up", errors={"step_up_password": "error.text.required"})
    checked = password_gate.check_password(visit.demo.store, account_id=account.id, password=password,
                                           now=visit.now, purpose="step_up")
    if not checked.accepted:
        return _step_up_refused(visit, session, page, checked)
    sessions.mark_stepped_up(visit.demo.store, session.token, visit.now)
    log_event("stepped_up", visit.now, account=account.id)
    visit.record("stepped_up")
    return visit.redirect(f"{page}?done=stepped_up")


@router.get("/report-phone")
def report_form(visit: VisitDep) -> Response:
    return visit.render("report_phone.html")


@router.post("/report-phone")
def report_phone(visit: PostedDep, email: Text = "", password: Text = "") -> Response:
    """Report a lost or stolen phone with the password alone, from any browser (NIST SP 800-63B-4
    section 4.4). Unknown email and wrong password answer alike, as at sign-in."""
    missing = {name: "error.text.required" for name, typed in (("email", email), ("report_password", password))
               if not typed}
    if missing:
        return visit.back("/demo/report-phone", form="report", values={"email": email}, errors=missing)
    try:
        address = normalise_email(email)
    except InvalidInput:
        address = ""
    checked = password_gate.check_password(visit.demo.store, sandbox_id=visit.sandbox.id, email=address,
                                           password=password, now=visit.now, purpose="report")
    if not checked.accepted or checked.account_id is None:
        reason = "error.password.wait" if checked.verdict is PasswordVerdict.WAIT else "error.sign_in.failed"
        return visit.back("/demo/report-phone", form="report", values={"email": email},
                          errors={"report_password": reason}, wait=checked.wait_seconds)
    twofactor.report_lost_phone(visit.demo.store, checked.account_id, visit.now)
    visit.set_cookie("session", "", 0)
    visit.record("phone_reported")
    return visit.redirect("/demo/sign-in?signed_out=reported")


@router.post("/password")
def change_password(visit: PostedDep, current_password: Text = "", new_password: Text = "") -> Response:
    """A new password for the current one (OWASP ASVS 5.0 6.2.3), which is this form's step-up."""
    session, account = signed_in(visit)
    errors = {}
    if not current_password:
        errors["current_password"] = "error.text.required"
    if not new_password:
        errors["new_password"] = "error.text.required"
    elif not MIN_PASSWORD <= len(new_password) <= MAX_PASSWORD:
        errors["new_password"] = "error.password.length"
    if errors:
        return visit.back("/demo/account", form="password", errors=errors)
    checked = password_gate.check_password(visit.demo.store, account_id=account.id, password=current_password,
                                           now=visit.now, purpose="step_up")
    if not checked.accepted:
        return _step_up_refused(visit, session, "/demo/account", checked, field="current_password", form="password")
    accounts.change_password(visit.demo.store, account.id, new=new_password, now=visit.now, keep=session.token)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method=session.method,
                       password_at=visit.now)
    visit.record("password_changed")
    return visit.redirect("/demo/account?done=password")


@router.post("/sign-out-everywhere")
def sign_out_everywhere(visit: PostedDep) -> Response:
    """Every session of the account ends, a stolen phone's included (and this one)."""
    session, account = signed_in(visit)
    require_step_up(visit, session, "/demo/account")
    accounts.sign_out_everywhere(visit.demo.store, account.id, visit.now)
    visit.set_cookie("session", "", 0)
    visit.record("signed_out_everywhere")
    return visit.redirect("/demo/sign-in?signed_out=everywhere")


def _step_up_refused(visit: Visit, session: Session, page: str, checked: PasswordOutcome, *,
                     field: str = "step_up_password", form: str = "step_up") -> Response:
    """A wrong password at a step-up counts against the account (the password gate) and against
    this session: after ``STEP_UP_TRIES`` the session ends."""
    if checked.verdict is PasswordVerdict.WAIT:
        return visit.back(page, form=form, errors={field: "error.password.wait"}, wait=checked.wait_seconds)
    failures = sessions.count_step_up_failure(visit.demo.store, session.token)
    if failures == 0 or failures >= limits.STEP_UP_TRIES:
        sessions.end_session(visit.demo.store, session.token)
        visit.set_cookie("session", "", 0)
        log_event("step_up_ended", visit.now, account=session.account_id)
        return visit.redirect("/demo/sign-in?signed_out=step_up")
    return visit.back(page, form=form, errors={field: "error.password.wrong"}, wait=checked.wait_seconds)

