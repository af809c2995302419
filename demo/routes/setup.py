"""Setting up 2FA (QR, key, backup sheet, confirmation, recovery codes), moving it to a new
phone, turning it off, new recovery codes."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form
from markupsafe import Markup
from starlette.responses import PlainTextResponse, Response

from demo import accounts, recovery, twofactor
from demo.accounts import Account
from demo.code_checks import Refusal, read_code, read_recovery_code, refusal
from demo.context import Visit
from demo.guards import PostedDep, VisitDep, signed_in, start_user_session
from otp_core import key_uri, keys, qr
from otp_core.recovery_codes import format_recovery_code

router = APIRouter(prefix="/2fa")
Text = Annotated[str, Form()]


@router.post("/setup")
def start_setup(visit: PostedDep) -> Response:
    _, account = signed_in(visit)
    if not account.two_factor and twofactor.start_setup(visit.demo.store, visit.demo.vault, account.id, visit.now):
        visit.record("setup_started")
    return visit.redirect("/demo/2fa/setup")


@router.post("/replace")
def start_replacement(visit: PostedDep, password: Text = "") -> Response:
    """Move 2FA to a new phone: the password again (a step-up), then a new key to confirm."""
    _, account = signed_in(visit)
    if not password or not accounts.check_password_of(visit.demo.store, account.id, password):
        reason = "password.wrong" if password else "text.required"
        return visit.back("/demo/account", form="replace", errors={"replace_password": reason})
    twofactor.start_setup(visit.demo.store, visit.demo.vault, account.id, visit.now, purpose="replace")
    visit.record("replace_started")
    return visit.redirect("/demo/2fa/setup")


@router.get("/setup")
def setup_page(visit: VisitDep) -> Response:
    _, account = signed_in(visit)
    pending = twofactor.pending_setup(visit.demo.store, visit.demo.vault, account.id, visit.now)
    if account.two_factor and pending is None:
        return visit.redirect("/demo/account")
    view = _key_view(visit, account, pending.secret) if pending else {}
    return visit.render("setup.html", account=account, pending=pending, **view)


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
def confirm(visit: PostedDep, code: Text = "", setup: Text = "") -> Response:
    session, account = signed_in(visit)
    pending = twofactor.pending_setup(visit.demo.store, visit.demo.vault, account.id, visit.now)
    if pending is not None and setup and setup != pending.id:  # restarted in another tab meanwhile
        return visit.back("/demo/2fa/setup", form="code", errors={"code": "setup.restarted"})
    typed = read_code(code)
    if isinstance(typed, Refusal):
        return _back_to_setup(visit, code, typed)
    outcome = twofactor.confirm_setup(visit.demo.store, visit.demo.vault, account.id, typed, visit.now)
    if not outcome.accepted:
        return _back_to_setup(visit, code, refusal(outcome, visit.language))
    start_user_session(visit, account.id, stage="full", replacing=session.token, method="code")
    if pending is not None and pending.purpose == "replace":  # the recovery codes left still work
        visit.record("replaced")
        return visit.redirect("/demo/account?done=replaced")
    visit.record("setup_confirmed")
    return visit.redirect("/demo/2fa/recovery-codes")


@router.get("/recovery-codes")
def recovery_codes(visit: VisitDep) -> Response:
    """The new codes, until the reader says they saved them: a reload or Back shows them again."""
    _, account = signed_in(visit)
    codes = recovery.shown(visit.demo.store, visit.demo.vault, account.id)
    if not codes:
        return visit.redirect("/demo/account")
    return visit.render("recovery_codes.html", account=account, codes=[format_recovery_code(c) for c in codes])


@router.get("/recovery-codes.txt")
def recovery_codes_file(visit: VisitDep) -> Response:
    """The same codes as a text file to keep offline (Download on the codes page)."""
    _, account = signed_in(visit)
    codes = recovery.shown(visit.demo.store, visit.demo.vault, account.id)
    if not codes:
        return visit.redirect("/demo/account")
    t = visit.t
    lines = [str(t["codes_file_title"]).format(service=visit.demo.settings.service_name, email=account.email),
             "", *(format_recovery_code(code) for code in codes), "", str(t["codes_file_note"])]
    name = f"{visit.demo.settings.service_name.lower()}-recovery-codes.txt"
    return PlainTextResponse("\n".join(lines) + "\n",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/recovery-codes/saved")
def recovery_codes_saved(visit: PostedDep, saved: Text = "") -> Response:
    _, account = signed_in(visit)
    if saved != "yes":
        return visit.back("/demo/2fa/recovery-codes", form="saved", errors={"saved": "codes.not_saved"})
    if recovery.forget_shown(visit.demo.store, account.id):
        visit.record("codes_saved")
    return visit.redirect("/demo/account?done=codes_saved")


@router.post("/disable")
def disable(visit: PostedDep, code: Text = "") -> Response:
    session, account = signed_in(visit)
    typed = read_code(code)
    if not isinstance(typed, Refusal):
        outcome = twofactor.disable(visit.demo.store, visit.demo.vault, account.id, typed, visit.now)
        if outcome.accepted:
            start_user_session(visit, account.id, stage="full", replacing=session.token, method=session.method)
            visit.record("disabled")
            return visit.redirect("/demo/account?done=disabled")
        typed = refusal(outcome, visit.language)
    return visit.back("/demo/account", form="disable", values={"disable_code": code},
                      errors={"disable_code": typed.reason}, wait=typed.wait, link=typed.link)


@router.post("/recovery-codes")
def renew_recovery_codes(visit: PostedDep, password: Text = "", proof: Text = "") -> Response:
    """New recovery codes for the password plus a code from the app or an unused recovery code.

    The cheap checks come first: the proof's format, then the password (one hash), then the gate.
    """
    session, account = signed_in(visit)
    code, recovery_code = read_code(proof), read_recovery_code(proof)
    errors = {}
    if isinstance(code, Refusal) and isinstance(recovery_code, Refusal):
        errors["renew_proof"] = "proof.format" if proof.strip() else "text.required"
    if not password:
        errors["renew_password"] = "text.required"
    elif not errors and not accounts.check_password_of(visit.demo.store, account.id, password):
        errors["renew_password"] = "password.wrong"
    if errors:
        return visit.back("/demo/account", form="renew", values={"renew_proof": proof}, errors=errors)
    outcome = recovery.renew(visit.demo.store, visit.demo.vault, account.id, now=visit.now,
                             code=code if isinstance(code, str) else "",
                             recovery_code=recovery_code if isinstance(recovery_code, str) else "")
    if not outcome.accepted:
        why = refusal(outcome, visit.language)
        return visit.back("/demo/account", form="renew", values={"renew_proof": proof},
                          errors={"renew_proof": why.reason}, wait=why.wait, link=why.link)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method=session.method)
    return visit.redirect("/demo/2fa/recovery-codes")


def _key_view(visit: Visit, account: Account, secret: str) -> dict[str, Any]:
    uri = key_uri.otpauth_uri(secret, account=account.email, issuer=visit.demo.settings.service_name)
    return {"key": keys.format_key(secret), "uri": uri, "qr": Markup(qr.qr_svg(uri))}


def _back_to_setup(visit: Visit, typed: str, why: Refusal) -> Response:
    return visit.back("/demo/2fa/setup", form="code", values={"code": typed}, errors={"code": why.reason},
                      wait=why.wait, link=why.link)
