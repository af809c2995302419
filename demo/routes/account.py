"""Creating a demo account, signing in (password, then a code or a recovery code), signing out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import Response

from demo import accounts, recovery, sessions, twofactor
from demo.events import log_event, session_label
from demo.normalise import InvalidInput, normalise_email, normalise_recovery_code
from demo.passwords import MAX_PASSWORD, MIN_PASSWORD
from demo.web import PostedDep, Refusal, Visit, VisitDep, signed_in, start_user_session, try_code

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/")
def home(visit: VisitDep) -> Response:
    return visit.render("home.html", accounts=accounts.list_accounts(visit.demo.store, visit.sandbox.id),
                        values={}, errors={})


@router.post("/accounts")
def create_account(visit: PostedDep, email: Text = "", password: Text = "") -> Response:
    values, errors = {"email": email}, {}
    try:
        values["email"] = normalise_email(email)
    except InvalidInput as error:
        errors["email"] = error.reason
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        errors["password"] = "password.length"
    if not errors:
        try:
            account = accounts.create_account(
                visit.demo.store, sandbox_id=visit.sandbox.id, email=values["email"], password=password,
                now=visit.now,
            )
        except accounts.EmailTaken:
            errors["email"] = "email.taken"
    if errors:
        return visit.render("home.html", status=400, values=values, errors=errors,
                            accounts=accounts.list_accounts(visit.demo.store, visit.sandbox.id))
    start_user_session(visit, account.id, stage="full")
    return visit.redirect("/demo/account")


@router.get("/sign-in")
def sign_in_form(visit: VisitDep) -> Response:
    return visit.render("sign_in.html", values={}, errors={},
                        signed_out=visit.request.query_params.get("signed_out"))


@router.post("/sign-in")
def sign_in(visit: PostedDep, email: Text = "", password: Text = "") -> Response:
    missing = {name: "text.required" for name, typed in (("email", email), ("password", password)) if not typed}
    if missing:
        return visit.render("sign_in.html", status=400, values={"email": email}, errors=missing)
    try:
        address = normalise_email(email)
    except InvalidInput:
        address = ""
    account = accounts.check_password(
        visit.demo.store, sandbox_id=visit.sandbox.id, email=address, password=password
    ) if address else None
    if account is None:  # unknown email and wrong password answer alike
        log_event("login_failed", visit.now)
        return visit.render("sign_in.html", status=400, values={"email": email},
                            errors={"password": "sign_in.failed"})
    if account.two_factor:
        start_user_session(visit, account.id, stage="code")
        return visit.redirect("/demo/sign-in/code")
    start_user_session(visit, account.id, stage="full")
    log_event("login_ok", visit.now, account=account.id, route="password")
    return visit.redirect("/demo/2fa/setup" if account.setup_required else "/demo/account?signed_in=password")


@router.get("/sign-in/code")
def code_form(visit: VisitDep) -> Response:
    _, account = signed_in(visit, stage="code")
    return visit.render("sign_in_code.html", account=account, values={}, errors={})


@router.post("/sign-in/code")
def sign_in_code(visit: PostedDep, code: Text = "") -> Response:
    session, account = signed_in(visit, stage="code")
    outcome = try_code(code, lambda typed: twofactor.check_code(
        visit.demo.store, visit.demo.vault, account.id, typed, visit.now))
    if isinstance(outcome, Refusal):
        return _code_page(visit, account, "code", code, outcome)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method="code")
    log_event("login_ok", visit.now, account=account.id, route="code")
    return visit.redirect(f"/demo/account?signed_in=code&step={outcome.offset}")


@router.post("/sign-in/recovery")
def sign_in_recovery(visit: PostedDep, recovery_code: Text = "") -> Response:
    session, account = signed_in(visit, stage="code")
    outcome = try_code(recovery_code, lambda typed: recovery.sign_in(
        visit.demo.store, account.id, typed, visit.now), read=normalise_recovery_code)
    if isinstance(outcome, Refusal):
        return _code_page(visit, account, "recovery_code", recovery_code, outcome)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method="recovery")
    log_event("login_ok", visit.now, account=account.id, route="recovery")
    return visit.redirect("/demo/account?signed_in=recovery")


@router.post("/sign-out")
def sign_out(visit: PostedDep) -> Response:
    token = visit.request.cookies.get(visit.demo.cookie("session"), "")
    if token:
        sessions.end_session(visit.demo.store, token)
        log_event("logout", visit.now, session=session_label(token))
    visit.set_cookie("session", "", 0)
    return visit.redirect("/demo/")


@router.post("/sign-out-everywhere")
def sign_out_everywhere(visit: PostedDep) -> Response:
    """Every session of the account ends, a stolen phone's included (and this one)."""
    _, account = signed_in(visit)
    accounts.sign_out_everywhere(visit.demo.store, account.id, visit.now)
    visit.set_cookie("session", "", 0)
    return visit.redirect("/demo/sign-in?signed_out=everywhere")


@router.post("/password")
def change_password(visit: PostedDep, current_password: Text = "", new_password: Text = "") -> Response:
    session, account = signed_in(visit)
    errors = {}
    if not current_password:
        errors["current_password"] = "text.required"
    if not MIN_PASSWORD <= len(new_password) <= MAX_PASSWORD:
        errors["new_password"] = "password.length"
    if not errors and not accounts.change_password(
        visit.demo.store, account.id, current=current_password, new=new_password, now=visit.now
    ):
        errors["current_password"] = "password.wrong"
    if errors:
        return account_view(visit, session, account, errors=errors, status=400)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method=session.method)
    return visit.redirect("/demo/account?done=password")


@router.get("/account")
def account_page(visit: VisitDep) -> Response:
    session, account = signed_in(visit)
    return account_view(visit, session, account)


def account_view(visit: Visit, session: sessions.Session, account: accounts.Account, *,
                 values: dict[str, str] | None = None, errors: dict[str, str] | None = None, wait: int = 0,
                 status: int = 200) -> Response:
    """The account page, as shown after sign-in or with a form's errors."""
    step = visit.request.query_params.get("step", "")
    return visit.render(
        "account.html", status=status, account=account, values=values or {}, errors=errors or {}, wait=wait,
        method=session.method, codes_left=recovery.codes_left(visit.demo.store, account.id),
        accepted_step=step if step in ("-1", "0", "1") else None, done=visit.request.query_params.get("done"),
        signed_in_by=visit.request.query_params.get("signed_in"),
    )


def _code_page(visit: Visit, account: accounts.Account, field: str, typed: str, refusal: Refusal) -> Response:
    return visit.render("sign_in_code.html", status=refusal.status, account=account, values={field: typed},
                        errors={field: refusal.reason}, wait=refusal.wait)

