"""Pages that only show: the simulated mailbox and the guided scenarios the articles link to."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.responses import PlainTextResponse, Response

from content import catalog, scenarios
from demo.rules import inbox
from demo.web.guards import VisitDep

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
def health() -> PlainTextResponse:
    """The trivial endpoint the load benchmark compares every other figure with."""
    return PlainTextResponse("ok")


@router.get("/inbox")
def mailbox(visit: VisitDep) -> Response:
    with visit.demo.store.read() as db:
        messages = inbox.list_messages(db, visit.sandbox.id)
    return visit.render("inbox.html", messages=messages, warnings=inbox.WARNINGS,
                        support_email=catalog.site()["support_email"])


@router.get("/scenarios/{scenario}")
def scenario(visit: VisitDep, scenario: str) -> Response:
    if scenario not in scenarios.ids():
        raise HTTPException(404, "scenario")
    return visit.render("scenario.html", scenario=scenario)
