"""Route C for the visitor: the support request, its status page and the ID selfie."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from starlette.responses import Response

from demo.rules import support
from demo.rules.selfies import MAX_BYTES, RejectedPhoto, clean_photo
from demo.web.guards import PostedDep, TicketNumber, VisitDep, visible_ticket
from demo.web.middleware import TOO_LARGE

router = APIRouter(prefix="/support")
Text = Annotated[str, Form()]


@router.get("")
def request_form(visit: VisitDep) -> Response:
    return visit.render("support_form.html")


@router.post("")
def submit_request(
    visit: PostedDep, name: Text = "", address: Text = "", birth_date: Text = "", phone: Text = "",
    phone_changed: Text = "", new_phone: Text = "", email: Text = "", details: Text = "",
) -> Response:
    typed = {"name": name, "address": address, "birth_date": birth_date, "phone": phone,
             "phone_changed": phone_changed, "new_phone": new_phone, "email": email, "details": details}
    today = datetime.datetime.fromtimestamp(visit.now, datetime.UTC).date()
    values, errors = support.validate_request(typed, today=today)
    if errors:
        return visit.back("/demo/support", form="support", values=typed, errors=errors)
    number = support.submit(visit.demo.store, visit.demo.vault, sandbox_id=visit.sandbox.id, values=values,
                            now=visit.now)
    visit.record("ticket_filed")
    visit.renew_sandbox()
    return visit.redirect(f"/demo/support/{number}")


@router.get("/{number}")
def ticket_page(visit: VisitDep, number: TicketNumber) -> Response:
    refused = visit.request.query_params.get("photo") == TOO_LARGE  # sent back by the body limit (middleware)
    extra: dict[str, Any] = {"errors": {"photo": "error.photo.too_large"}} if refused else {}
    return visit.render("ticket.html", ticket=visible_ticket(visit, number), photo_limit=MAX_BYTES, **extra)


@router.post("/{number}/selfie")
def upload_selfie(
    visit: PostedDep, number: TicketNumber, photo: Annotated[UploadFile | None, File()] = None
) -> Response:
    ticket = visible_ticket(visit, number)
    here = f"/demo/support/{number}"
    if ticket.status not in ("selfie_requested", "selfie_received"):
        return visit.back(here, form="photo", errors={"photo": "error.photo.not_requested"})
    data = photo.file.read(MAX_BYTES + 1) if photo else b""
    try:
        sent = support.upload_digests(visit.demo.store, sandbox_id=visit.sandbox.id)
        cleaned = clean_photo(data, known_uploads=sent)  # may wait for its turn to decode
        support.add_selfie(visit.demo.store, visit.demo.photos, sandbox_id=visit.sandbox.id, number=number,
                           photo=cleaned, now=visit.now)
    except RejectedPhoto as error:
        return visit.back(here, form="photo", errors={"photo": error.reason})
    visit.record("selfie_sent")
    return visit.redirect(f"{here}?sent=1")
