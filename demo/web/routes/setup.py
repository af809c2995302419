"""Setting up 2FA (QR, key, backup sheet, confirmation, recovery codes), moving it to a new
phone, turning it off, new recovery codes."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form
from markupsafe import Markup
from starlette.responses import PlainTextResponse, Response

from demo.rules import recovery, twofactor
from demo.rules.accounts import Account
from demo.web.context import Visit
from demo.web.guards import PostedDep, VisitDep, require_step_up, signed_in, start_user_session, stepped_up
from otp_core import key_uri, keys, qr
from otp_core.recovery_codes import format_recovery_code

router = APIRouter(prefix="/2fa")
Text = Annotated[str, Form()]


@router.post("/setup")
def start_setup(visit: PostedDep) -> Response:
    """Turn 2FA on: the session must have proved the password lately (a step-up), so a
    signed-in phone in someone else's hands cannot bind their own app."""
    session, account = signed_in(visit)
    if account.two_factor:
        return visit.redirect("/demo/account")
    require_step_up(visit, session, "/demo/2fa/setup")
    if twofactor.start_setup(visit.demo.store, visit.demo.vault, account.id, visit.now, session=session.token):
        visit.record("setup_started")
    return visit.redirect("/demo/2fa/setup")


@router.post("/replace")
def start_replacement(visit: PostedDep) -> Response:
    """Move 2FA to a new phone: a step-up, then a new key that only this session sees and
    confirms; every other session ends now (NIST SP 800-63B-4 section 4.1.2.1)."""
    session, account = signed_in(visit)
    require_step_up(visit, session, "/demo/account")
    twofactor.start_setup(visit.demo.store, visit.demo.vault, account.id, visit.now, session=session.token,
                          purpose="replace")
    visit.record("replace_started")
    return visit.redirect("/demo/2fa/setup")


@router.get("/setup")
def setup_page(visit: VisitDep) -> Response:
    session, account = signed_in(visit)
    pending = twofactor.pending_setup(visit.demo.store, visit.demo.vault, account.id, visit.now,
                                      session=session.token)
    if account.two_factor and pending is None:
        return visit.redirect("/demo/account")
    view = _key_view(visit, account, pending.secret) if pending else {}
    return visit.render("setup.html", account=account, pending=pending, stepped_up=stepped_up(visit, session),
                        done=visit.request.query_params.get("done"), **view)


@router.get("/setup/sheet")
def backup_sheet(visit: VisitDep) -> Response:
    """The printable backup sheet: only while the setup is pending (the key is never shown again)."""
    session, account = signed_in(visit)
    pending = twofactor.pending_setup(visit.demo.store, visit.demo.vault, account.id, visit.now,
                                      session=session.token)
    if pending is None:
        return visit.redirect("/demo/2fa/setup")
    return visit.render("sheet.html", account=account, **_key_view(visit, account, pending.secret),
                        date=datetime.datetime.fromtimestamp(visit.now, datetime.UTC).date().isoformat())


@router.post("/confirm")
def confirm(visit: PostedDep, code: Text = "", setup: Text = "") -> Response:
    session, account = signed_in(visit)
    pending = twofactor.pending_setup(visit.demo.store, visit.demo.vault, account.id, visit.now,
                                      session=session.token)
    if pending is not None and setup and setup != pending.id:  # restarted in another tab meanwhile
        return visit.back("/demo/2fa/setup", form="code", errors={"code": "error.setup.restarted"})
    outcome = twofactor.confirm_setup(visit.demo.store, visit.demo.vault, account.id, code, visit.now,
                                      session=session.token, device=visit.device)
    if not outcome.accepted:
        return visit.refused("/demo/2fa/setup", "code", outcome)
    start_user_session(visit, account.id, stage="full", replacing=session.token, method="code")
    if pending is not None and pending.purpose == "replace":  # the recovery codes left still work
        visit.record("replaced")
        return visit.redirect("/demo/account?done=replaced")
    visit.record("setup_confirmed")
    return visit.redirect("/demo/2fa/recovery-codes")


@router.get("/recovery-codes")
def recovery_codes(visit: VisitDep) -> Response:
    """The new codes, until the reader says they saved them: a reload or Back shows them again."""
    session, account = signed_in(visit)
    codes = recovery.shown(visit.demo.store, visit.demo.vault, account.id)
    if not codes:
        return visit.redirect("/demo/account")
    return visit.render("recovery_codes.html", account=account, method=session.method,
                        codes=[format_recovery_code(c) for c in codes], made=_made_on(visit, account))


@router.get("/recovery-codes.txt")
def recovery_codes_file(visit: VisitDep) -> Response:
    """The same codes as a text file to keep offline (Download on the codes page)."""
    _, account = signed_in(visit)
    codes = recovery.shown(visit.demo.store, visit.demo.vault, account.id)
    if not codes:
        return visit.redirect("/demo/account")
    t = visit.t
    lines = [str(t["codes_file_title"]).format(service=visit.demo.settings.service_name, email=account.email),
             str(t["codes_made"]).format(date=_made_on(visit, account)),
             "", *(format_recovery_code(code) for code in codes), "", str(t["codes_file_note"])]
    name = f"{visit.demo.settings.service_name.lower()}-recovery-codes.txt"
    return PlainTextResponse("\n".join(lines) + "\n",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/recovery-codes/saved")
def recovery_codes_saved(visit: PostedDep, saved: Text = "") -> Response:
    """After a recovery-code sign-in, securing the account goes on: move 2FA to the new phone."""
    session, account = signed_in(visit)
    if saved != "yes":
        return visit.back("/demo/2fa/recovery-codes", form="saved", errors={"saved": "error.codes.not_saved"})
    if recovery.forget_shown(visit.demo.store, account.id):
        visit.record("codes_saved")
    if session.method == "recovery" and account.two_factor:
        return visit.redirect("/demo/account?done=codes_saved&next=replace#replace")
    return visit.redirect("/demo/account?done=codes_saved")


@router.post("/disable")
def disable(visit: PostedDep, proof: Text = "") -> Response:
    """Turn 2FA off: a step-up (the password) and a second factor (a code or a recovery code)."""
    session, account = signed_in(visit)
    require_step_up(visit, session, "/demo/account")
    outcome = twofactor.disable(visit.demo.store, visit.demo.vault, account.id, proof, now=visit.now,
                                keep=session.token, device=visit.device)
    if not outcome.accepted:
        return visit.refused("/demo/account", "disable_proof", outcome, form="disable")
    start_user_session(visit, account.id, stage="full", replacing=session.token, method=session.method)
    visit.record("disabled")
    return visit.redirect("/demo/account?done=disabled")


@router.post("/recovery-codes")
def renew_recovery_codes(visit: PostedDep, proof: Text = "") -> Response:
    """New recovery codes: a step-up (the password) and a code from the app or an unused recovery code."""
    session, account = signed_in(visit)
    require_step_up(visit, session, "/demo/account")
    outcome = recovery.renew(visit.demo.store, visit.demo.vault, account.id, proof, now=visit.now,
                             keep=session.token, device=visit.device)
    if not outcome.accepted:
        return visit.refused("/demo/account", "renew_proof", outcome, form="renew")
    start_user_session(visit, account.id, stage="full", replacing=session.token, method=session.method)
    return visit.redirect("/demo/2fa/recovery-codes")


def _made_on(visit: Visit, account: Account) -> str:
    """The day the shown set was made, as a date (UTC) the page, the print and the file all state."""
    made = recovery.shown_since(visit.demo.store, account.id) or visit.now
    return datetime.datetime.fromtimestamp(made, datetime.UTC).date().isoformat()


def _key_view(visit: Visit, account: Account, secret: str) -> dict[str, Any]:
    uri = key_uri.otpauth_uri(secret, account=account.email, issuer=visit.demo.settings.service_name)
    return {"key": keys.format_key(secret), "uri": uri, "qr": Markup(qr.qr_svg(uri))}
