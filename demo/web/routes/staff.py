"""The sandbox's support desk: staff sign in, review a ticket and its selfie, reset 2FA."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.responses import FileResponse, Response

from demo.rules import accounts, sessions, support
from demo.rules.events import log_event
from demo.web.guards import PostedDep, TicketNumber, VisitDep, staff_only, staff_session, visible_ticket

router = APIRouter(prefix="/staff")


@router.get("")
def desk(visit: VisitDep) -> Response:
    if staff_session(visit) is None:
        return visit.render("staff_sign_in.html")
    return visit.render("staff.html", tickets=support.list_tickets(visit.demo.store, visit.sandbox.id))


@router.post("/sign-in")
def staff_sign_in(visit: PostedDep) -> Response:
    """Staff of this sandbox only: the visitor plays the support desk for their own tickets."""
    old = visit.request.cookies.get(visit.demo.cookie("staff")) or None
    session = sessions.new_session(visit.demo.store, sandbox_id=visit.sandbox.id, account_id=None, role="staff",
                                   stage="full", now=visit.now, replacing=old)
    visit.set_cookie("staff", session.token, sessions.ABSOLUTE_SECONDS)
    log_event("staff_login", visit.now)
    return visit.redirect("/demo/staff")


@router.post("/sign-out")
def staff_sign_out(visit: PostedDep) -> Response:
    token = visit.request.cookies.get(visit.demo.cookie("staff"), "")
    if token:
        sessions.end_session(visit.demo.store, token)
    visit.set_cookie("staff", "", 0)
    return visit.redirect("/demo/")


@router.get("/tickets/{number}")
def review(visit: VisitDep, number: TicketNumber) -> Response:
    staff_only(visit)
    ticket = visible_ticket(visit, number)
    details = support.identity_details(visit.demo.store, visit.demo.vault, sandbox_id=visit.sandbox.id,
                                       number=number)
    account = accounts.find_by_email(visit.demo.store, sandbox_id=visit.sandbox.id, email=ticket.email)
    return visit.render("staff_ticket.html", ticket=ticket, details=details, account=account)


@router.get("/tickets/{number}/selfies/{name}")
def selfie(visit: VisitDep, number: TicketNumber, name: str) -> Response:
    """The photo, to staff only, from outside any served folder."""
    staff_only(visit)
    ticket = visible_ticket(visit, number)
    match = next((item for item in ticket.selfies if item.file_name == name), None)
    if match is None:
        raise HTTPException(404, "selfie")
    return FileResponse(visit.demo.photos.path(name), media_type=match.media_type)


@router.post("/tickets/{number}/reset")
def reset(visit: PostedDep, number: TicketNumber) -> Response:
    staff_only(visit)
    visible_ticket(visit, number)
    here = f"/demo/staff/tickets/{number}"
    if not support.reset_two_factor(visit.demo.store, sandbox_id=visit.sandbox.id, number=number, now=visit.now):
        return visit.back(here, form="reset", errors={"reset": "error.reset.not_ready"})
    visit.record("reset_by_support")
    return visit.redirect(f"{here}?done=reset")
