"""Setting up 2FA (QR, key, backup sheet, confirmation, recovery codes), turning it off, new codes."""

from __future__ import annotations

import datetime
from typing import Annotated

from fastapi import APIRouter, Form
from markupsafe import Markup
from starlette.responses import Response

from demo import otp, twofactor
from demo.accounts import Account
from demo.normalise import format_recovery_code
from demo.web import PostedDep, Refusal, Visit, VisitDep, signed_in, start_user_session, try_code

router = APIRouter(prefix="/2fa")
Text = Annotated[str, Form()]


@router.post("/setup")
def start_setup(visit: PostedDep) -> Response:
    _, account = signed_in(visit)
    if not account.two_factor:
        twofactor.start_setup(visit.demo.store, visit.demo.vault, account.id, visit.now)
    return visit.redirect("/demo/2fa/setup")


@router.get("/setup")
def setup_page(visit: VisitDep) -> Response:
    _, account = signed_in(visit)
    if account.two_factor:
        return visit.redirect("/demo/account")
    secret = twofactor.pending_secret(visit.demo.store, visit.demo.vault, account.id, visit.now)
    return _setup_page(visit, account, secret, values={}, errors={})


@router.get("/setup/sheet")
def backup_sheet(visit: VisitDep) -> Response:
    """The printable backup sheet: only while the setup is pending (the key is never shown again)."""
    _, account = signed_in(visit)
    secret = twofactor.pending_secret(visit.demo.store, visit.demo.vault, account.id, visit.now)
    if secret is None or account.two_factor:
        return visit.redirect("/demo/2fa/setup")
    return visit.render("sheet.html", account=account, **_key_view(visit, account, secret),
                        date=datetime.datetime.fromtimestamp(visit.now, datetime.UTC).date().isoformat())


@router.post("/confirm")
def confirm(visit: PostedDep, code: Text = "") -> Response:
    session, account = signed_in(visit)
    secret = twofactor.pending_secret(visit.demo.store, visit.demo.vault, account.id, visit.now)
    outcome = try_code(code, lambda typed: twofactor.confirm_setup(
        visit.demo.store, visit.demo.vault, account.id, typed, visit.now))
    if isinstance(outcome, Refusal):
        return _setup_page(visit, account, secret, values={"code": code}, errors={"code": outcome.reason},
                           wait=outcome.wait, status=outcome.status)
    start_user_session(visit, account.id, stage="full", replacing=session.token)
    return visit.render("recovery_codes.html", account=account, first=True,
                        codes=[format_recovery_code(code) for code in outcome.recovery_codes])


@router.post("/disable")
def disable(visit: PostedDep, code: Text = "") -> Response:
    session, account = signed_in(visit)
    outcome = try_code(code, lambda typed: twofactor.disable(
        visit.demo.store, visit.demo.vault, account.id, typed, visit.now))
    if isinstance(outcome, Refusal):
        return _account_page(visit, account, "disable_code", code, outcome)
    start_user_session(visit, account.id, stage="full", replacing=session.token)
    return visit.redirect("/demo/account?done=disabled")


@router.post("/recovery-codes")
def renew_recovery_codes(visit: PostedDep, code: Text = "") -> Response:
    session, account = signed_in(visit)
    outcome = try_code(code, lambda typed: twofactor.renew_recovery_codes(
        visit.demo.store, visit.demo.vault, account.id, typed, visit.now))
    if isinstance(outcome, Refusal):
        return _account_page(visit, account, "renew_code", code, outcome)
    start_user_session(visit, account.id, stage="full", replacing=session.token)
    return visit.render("recovery_codes.html", account=account, first=False,
                        codes=[format_recovery_code(code) for code in outcome.recovery_codes])


def _key_view(visit: Visit, account: Account, secret: str) -> dict[str, object]:
    uri = otp.otpauth_uri(secret, account=account.email, issuer=visit.demo.settings.service_name)
    return {"key": otp.format_key(secret), "uri": uri, "qr": Markup(otp.qr_svg(uri))}


def _setup_page(visit: Visit, account: Account, secret: str | None, *, values: dict[str, str],
                errors: dict[str, str], wait: int = 0, status: int = 200) -> Response:
    view = _key_view(visit, account, secret) if secret else {}
    return visit.render("setup.html", status=status, account=account, pending=secret is not None,
                        values=values, errors=errors, wait=wait, window_seconds=otp.WINDOW_SECONDS, **view)


def _account_page(visit: Visit, account: Account, field: str, typed: str, refusal: Refusal) -> Response:
    return visit.render("account.html", status=refusal.status, account=account, values={field: typed},
                        errors={field: refusal.reason}, wait=refusal.wait)

