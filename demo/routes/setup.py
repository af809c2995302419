"""Setting up 2FA (QR, key, backup sheet, confirmation, recovery codes), moving it to a new
phone, turning it off, new recovery codes."""

from __future__ import annotations

import datetime
from typing import Annotated

from fastapi import APIRouter, Form
from markupsafe import Markup
from starlette.responses import Response

from demo import accounts, otp, recovery, twofactor
from demo.accounts import Account
from demo.normalise import InvalidInput, format_recovery_code, normalise_code, normalise_recovery_code
from demo.routes.account import account_view
from demo.web import PostedDep, Refusal, Visit, VisitDep, refusal_of, signed_in, start_user_session, try_code

router = APIRouter(prefix="/2fa")
Text = Annotated[str, Form()]


@router.post("/setup")
def start_setup(visit: PostedDep) -> Response:
    _, account = signed_in(visit)
    if not account.two_factor:
        twofactor.start_setup(visit.demo.store, visit.demo.vault, account.id, visit.now)
    return visit.redirect("/demo/2fa/setup")


@router.post("/replace")
def start_replacement(visit: PostedDep, password: Text = "") -> Response:
    """Move 2FA to a new phone: the password again (a step-up), then a new key to confirm."""
    session, account = signed_in(visit)
    if not password or not accounts.check_password_of(visit.demo.store, account.id, password):
        reason = "password.wrong" if password else "text.required"
        return account_view(visit, session, account, errors={"replace_password": reason}, status=400)
    twofactor.start_setup(visit.demo.store, visit.demo.vault, account.id, visit.now, purpose="replace")
    return visit.redirect("/demo/2fa/setup")


@router.get("/setup")
def setup_page(visit: VisitDep) -> Response:
    _, account = signed_in(visit)
    pending = twofactor.pending_setup(visit.demo.store, visit.demo.vault, account.id, visit.now)
    if account.two_factor and pending is None:
        return visit.redirect("/demo/account")
    return _setup_page(visit, account, pending, values={}, errors={})


@router.get("/setup/sheet")
def backup_sheet(visit: VisitDep) -> Response:
    """The printable backup sheet: only while the setup is pending (the key is never shown again)."""
    _, account = signed_in(visit)
    pending = twofactor.pending_setup(visit.demo.store, visit.demo.vault, account.id, visit.now)
    if pending is None:
        return visit.redirect("/demo/2fa/setup")
    return visit.render("sheet.html", account=account, **_key_view(visit, account, pending.secret),
                        date=datetime.datetime.fromtimestamp(visit.now, datetime.UTC).date().isoformat())


@router.post("/confirm")
def confirm(visit: PostedDep, code: Text = "") -> Response:
    session, account = signed_in(visit)
    pending = twofactor.pending_setup(visit.demo.store, visit.demo.vault, account.id, visit.now)
    outcome = try_code(code, lambda typed: twofactor.confirm_setup(
        visit.demo.store, visit.demo.vault, account.id, typed, visit.now))
    if isinstance(outcome, Refusal):
        return _setup_page(visit, account, pending, values={"code": code}, errors={"code": outcome.reason},
                           wait=outcome.wait, status=outcome.status)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method="code")
    if not outcome.recovery_codes:  # moved to a new phone: the recovery codes left still work
        return visit.redirect("/demo/account?done=replaced")
    return visit.render("recovery_codes.html", account=account, first=True,
                        codes=[format_recovery_code(code) for code in outcome.recovery_codes])


@router.post("/disable")
def disable(visit: PostedDep, code: Text = "") -> Response:
    session, account = signed_in(visit)
    outcome = try_code(code, lambda typed: twofactor.disable(
        visit.demo.store, visit.demo.vault, account.id, typed, visit.now))
    if isinstance(outcome, Refusal):
        return account_view(visit, session, account, values={"disable_code": code},
                            errors={"disable_code": outcome.reason}, wait=outcome.wait, status=outcome.status)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method=session.method)
    return visit.redirect("/demo/account?done=disabled")


@router.post("/recovery-codes")
def renew_recovery_codes(visit: PostedDep, password: Text = "", proof: Text = "") -> Response:
    """New recovery codes for the password plus a code from the app or an unused recovery code.

    The cheap checks come first: the proof's format, then the password (one hash), then the gate.
    """
    session, account = signed_in(visit)
    values = {"renew_proof": proof}
    errors = {}
    code = recovery_code = ""
    try:
        code = normalise_code(proof)
    except InvalidInput:
        try:
            recovery_code = normalise_recovery_code(proof)
        except InvalidInput:
            errors["renew_proof"] = "proof.format" if proof else "text.required"
    if not password:
        errors["renew_password"] = "text.required"
    elif not errors and not accounts.check_password_of(visit.demo.store, account.id, password):
        errors["renew_password"] = "password.wrong"
    if errors:
        return account_view(visit, session, account, values=values, errors=errors, status=400)
    outcome = recovery.renew(visit.demo.store, visit.demo.vault, account.id, code=code,
                             recovery_code=recovery_code, now=visit.now)
    if not outcome.accepted:
        refusal = refusal_of(outcome)
        return account_view(visit, session, account, values=values, errors={"renew_proof": refusal.reason},
                            wait=refusal.wait, status=refusal.status)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method=session.method)
    return visit.render("recovery_codes.html", account=account, first=False,
                        codes=[format_recovery_code(code) for code in outcome.recovery_codes])


def _key_view(visit: Visit, account: Account, secret: str) -> dict[str, object]:
    uri = otp.otpauth_uri(secret, account=account.email, issuer=visit.demo.settings.service_name)
    return {"key": otp.format_key(secret), "uri": uri, "qr": Markup(otp.qr_svg(uri))}


def _setup_page(visit: Visit, account: Account, pending: twofactor.PendingSetup | None, *,
                values: dict[str, str], errors: dict[str, str], wait: int = 0, status: int = 200) -> Response:
    view = _key_view(visit, account, pending.secret) if pending else {}
    return visit.render("setup.html", status=status, account=account, pending=pending is not None,
                        replacing=pending is not None and pending.purpose == "replace",
                        values=values, errors=errors, wait=wait, window_seconds=otp.WINDOW_SECONDS, **view)

