"""A crowd of demo readers against the real server: each signs up, sets up 2FA, signs in with
the same code twice at once, and files a support request. Shared by the reliability test (a
small crowd) and ``bin/benchmark`` (the full 200 of SECURITY.md "Under load and faults")."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pyotp

T = TypeVar("T")
SUPPORT_FORM = {
    "name": "山田 花子", "address": "東京都千代田区1-1", "birth_date": "1990-04-01", "phone": "090-1234-5678",
    "phone_changed": "no", "details": "負荷試験",
}


@dataclass
class Outcome:
    """What one client saw confirmed: the server promised these, so they must survive."""

    email: str
    confirmed_setup: bool = False
    ticket: int | None = None
    statuses: list[int] = field(default_factory=list)
    accepted_codes: int = 0


async def one_client(url: str, number: int, seen: list[Outcome] | None = None, *, after: float = 0) -> Outcome:
    await asyncio.sleep(after)
    outcome = Outcome(email=f"reader{number}@example.com")
    if seen is not None:
        seen.append(outcome)  # what it saw confirmed stays visible even if the server dies
    async with httpx.AsyncClient(base_url=url, follow_redirects=True, timeout=120) as client:

        async def send(method: str, path: str, data: dict[str, str] | None = None) -> httpx.Response:
            response = await client.request(method, path, data=data)
            outcome.statuses.extend([r.status_code for r in response.history] + [response.status_code])
            return response

        home = await send("GET", "/demo/sign-in")
        csrf = _found(r'name="csrf" value="([^"]+)"', home.text)
        form = {"csrf": csrf}
        await send("POST", "/demo/accounts", {**form, "email": outcome.email, "password": "correct horse"})
        setup = await send("POST", "/demo/2fa/setup", form)
        secret = _found(r"<code data-key>([A-Z2-7 ]+)</code>", setup.text).replace(" ", "")
        app = pyotp.TOTP(secret)
        confirmed = await send("POST", "/demo/2fa/confirm", {**form, "code": app.now()})
        outcome.confirmed_setup = "data-recovery-codes" in confirmed.text
        await send("POST", "/demo/2fa/recovery-codes/saved", {**form, "saved": "yes"})
        await send("POST", "/demo/sign-out", form)
        await send("POST", "/demo/sign-in", {**form, "email": outcome.email, "password": "correct horse"})
        code = app.at(time.time() + 30)  # T+1: the confirming step is spent
        tries = await asyncio.gather(*(send("POST", "/demo/sign-in/code", {**form, "code": code}) for _ in range(2)))
        outcome.accepted_codes = sum(response.url.path == "/demo/account" for response in tries)
        ticket = await send("POST", "/demo/support", {**form, **SUPPORT_FORM, "email": outcome.email})
        if re.fullmatch(r"/demo/support/\d+", ticket.url.path):
            outcome.ticket = int(ticket.url.path.rsplit("/", 1)[1])
    return outcome


def run_apart(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on a thread of its own: Playwright's browser tests keep an event loop in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def crowd(url: str, clients: int, seen: list[Outcome] | None = None,
                arrivals: float = 0) -> list[Outcome | BaseException]:
    """``clients`` at once, or one every ``arrivals`` seconds."""
    return await asyncio.gather(*(one_client(url, number, seen, after=number * arrivals) for number in range(clients)),
                                return_exceptions=True)


@dataclass(frozen=True)
class Verdict:
    """What SECURITY.md promises of a crowd: no 5xx, no lost write, each code accepted once."""

    clients: int
    errors: list[BaseException]
    server_errors: int
    incomplete: int
    codes_accepted_twice_or_never: int
    lost_setups: set[str]
    lost_tickets: set[int]

    @property
    def kept(self) -> bool:
        return not (self.errors or self.server_errors or self.incomplete or self.codes_accepted_twice_or_never
                    or self.lost_setups or self.lost_tickets)


def judge(outcomes: list[Outcome | BaseException], database: Path) -> Verdict:
    """Read the crowd's outcomes against what the stopped server's database kept."""
    errors = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    done = [outcome for outcome in outcomes if isinstance(outcome, Outcome)]
    with closing(sqlite3.connect(database)) as db:
        enrolled = {row[0] for row in db.execute("SELECT email FROM accounts WHERE sealed_key IS NOT NULL")}
        tickets = {row[0] for row in db.execute("SELECT number FROM tickets")}
    return Verdict(
        clients=len(outcomes), errors=errors,
        server_errors=sum(status >= 500 for outcome in done for status in outcome.statuses),
        incomplete=sum(not (outcome.confirmed_setup and outcome.ticket) for outcome in done),
        codes_accepted_twice_or_never=sum(outcome.accepted_codes != 1 for outcome in done),
        lost_setups={outcome.email for outcome in done if outcome.confirmed_setup} - enrolled,
        lost_tickets={outcome.ticket for outcome in done if outcome.ticket} - tickets,
    )


def _found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise AssertionError(f"not on the page: {pattern}")
    return match.group(1)
