"""Creating a demo account, signing in (password, then a code or a recovery code), the account
page, signing out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from demo.rules import accounts, password_gate, recovery, twofactor
from demo.rules.events import log_event, session_label
from demo.rules.gate import Verdict
from demo.rules.normalise import InvalidInput, normalise_email
from demo.rules.password_gate import PasswordVerdict
from demo.rules.passwords import MAX_PASSWORD, MIN_PASSWORD
from demo.rules.sessions import Stage, end_session
from demo.web.guards import PostedDep, VisitDep, signed_in, start_user_session, stepped_up
from otp_core import totp

router = APIRouter()
Text = Annotated[str, Form()]
EVALUATED = {Verdict.WRONG, Verdict.EXPIRED, Verdict.EARLY, Verdict.REPLAYED, Verdict.SPENT, Verdict.SUSPENDED}
"""Refusals of a code the reader typed and the server judged (the guide counts them; a wait or
a typo is not one)."""


@router.get("/")
def home(visit: VisitDep) -> Response:
    return visit.render("home.html", accounts=accounts.list_accounts(visit.demo.store, visit.sandbox.id))


@router.get("/accounts/new")
def new_account(visit: VisitDep) -> Response:
    """The first action of every scenario: a form with an address this sandbox has not used yet."""
    taken = {account.email for account in accounts.list_accounts(visit.demo.store, visit.sandbox.id)}
    suggestion = next(f"hanako{n or ''}@example.com" for n in range(len(taken) + 1)
                      if f"hanako{n or ''}@example.com" not in taken)
    return visit.render("new_account.html", suggestion=suggestion)


@router.post("/accounts")
def create_account(visit: PostedDep, email: Text = "", password: Text = "") -> Response:
    errors = {}
    address = email
    try:
        address = normalise_email(email)
    except InvalidInput as error:
        errors["email"] = "error.text.required" if not email.strip() else error.reason
    if not password:
        errors["password"] = "error.text.required"
    elif not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        errors["password"] = "error.password.length"
    if not errors:
        try:
            account = accounts.create_account(
                visit.demo.store, sandbox_id=visit.sandbox.id, email=address, password=password, now=visit.now,
            )
        except accounts.EmailTaken:
            errors["email"] = "error.email.taken"
    if errors:
        return visit.back("/demo/accounts/new", form="create", values={"email": email}, errors=errors)
    visit.record("account_created")
    start_user_session(visit, account.id, stage="full", password_at=visit.now)
    return visit.redirect("/demo/account")


@router.get("/sign-in")
def sign_in_form(visit: VisitDep) -> Response:
    return visit.render("sign_in.html", signed_out=visit.request.query_params.get("signed_out"))


@router.post("/sign-in")
def sign_in(visit: PostedDep, email: Text = "", password: Text = "") -> Response:
    missing = {name: "error.text.required" for name, typed in (("email", email), ("password", password)) if not typed}
    if missing:
        return visit.back("/demo/sign-in", form="sign_in", values={"email": email}, errors=missing)
    try:
        address = normalise_email(email)
    except InvalidInput:
        address = ""
    checked = password_gate.check_password(visit.demo.store, sandbox_id=visit.sandbox.id, email=address,
                                           password=password, now=visit.now, purpose="sign_in")
    if not checked.accepted or checked.account_id is None:  # unknown email and wrong password answer alike
        reason = "error.password.wait" if checked.verdict is PasswordVerdict.WAIT else "error.sign_in.failed"
        return visit.back("/demo/sign-in", form="sign_in", values={"email": email}, errors={"password": reason},
                          wait=checked.wait_seconds)
    account = accounts.find_account(visit.demo.store, checked.account_id)
    if account is None:
        return visit.back("/demo/sign-in", form="sign_in", values={"email": email},
                          errors={"password": "error.sign_in.failed"})
    stage: Stage = "code" if account.two_factor else "full"
    start_user_session(visit, account.id, stage=stage, version=checked.version, password_at=visit.now)
    if account.two_factor:
        return visit.redirect("/demo/sign-in/code")
    visit.record("signed_in_password")
    log_event("login_ok", visit.now, account=account.id, route="password")
    return visit.redirect("/demo/2fa/setup" if account.setup_required else "/demo/account?signed_in=password")


@router.get("/sign-in/code")
def code_form(visit: VisitDep) -> Response:
    _, account = signed_in(visit, stage="code")
    return visit.render("sign_in_code.html", account=account)


@router.post("/sign-in/code")
def sign_in_code(visit: PostedDep, code: Text = "") -> Response:
    session, account = signed_in(visit, stage="code")
    outcome = twofactor.check_code(visit.demo.store, visit.demo.vault, account.id, code, visit.now,
                                   device=visit.device)
    if not outcome.accepted:
        if outcome.verdict in EVALUATED:
            visit.record("code_refused")
        return visit.refused("/demo/sign-in/code", "code", outcome)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method="code")
    visit.record("signed_in_code")
    log_event("login_ok", visit.now, account=account.id, route="code")
    return visit.redirect(f"/demo/account?signed_in=code&step={outcome.offset}")


@router.post("/sign-in/recovery")
def sign_in_recovery(visit: PostedDep, recovery_code: Text = "") -> Response:
    session, account = signed_in(visit, stage="code")
    outcome = recovery.sign_in(visit.demo.store, visit.demo.vault, account.id, recovery_code, visit.now,
                               keep=session.token)
    if not outcome.accepted:
        return visit.refused("/demo/sign-in/code", "recovery_code", outcome)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method="recovery")
    visit.record("signed_in_recovery")
    log_event("login_ok", visit.now, account=account.id, route="recovery")
    return visit.redirect("/demo/2fa/recovery-codes")  # secure the account: the new set first


@router.post("/sign-out")
def sign_out(visit: PostedDep) -> Response:
    token = visit.request.cookies.get(visit.demo.cookie("session"), "")
    if token:
        end_session(visit.demo.store, token)
        log_event("logout", visit.now, session=session_label(token))
    visit.set_cookie("session", "", 0)
    visit.record("signed_out")
    return visit.redirect("/demo/sign-in")


@router.get("/account")
def account_page(visit: VisitDep) -> Response:
    session, account = signed_in(visit)
    if recovery.shown(visit.demo.store, visit.demo.vault, account.id):
        return visit.redirect("/demo/2fa/recovery-codes")  # saved first, then anything else
    return visit.render(
        "account.html", account=account, method=session.method, stepped_up=stepped_up(visit, session),
        codes_left=recovery.codes_left(visit.demo.store, account.id),
        accepted=accepted_step(visit.request.query_params.get("step", "")), done=visit.request.query_params.get("done"),
        signed_in_by=visit.request.query_params.get("signed_in"), next_step=visit.request.query_params.get("next"),
    )


def accepted_step(step: str) -> tuple[str, str] | None:
    """Which period a code was accepted for, as the account page says it: ``("earlier", "30")``
    for the one before (its key and the seconds); None for anything outside the window."""
    try:
        offset = int(step)
    except ValueError:
        return None
    if abs(offset) > totp.WINDOW_STEPS:
        return None
    key = "accepted.now" if offset == 0 else "accepted.earlier" if offset < 0 else "accepted.later"
    return key, str(abs(offset) * totp.STEP_SECONDS)

