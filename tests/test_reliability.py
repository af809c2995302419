"""Under load and faults (SECURITY.md "Under load and faults"; issue 6), against the real server
in its own process on loopback: a crowd of concurrent clients, then a ``kill -9`` in the middle of one."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from devtools.crowd import Outcome, crowd, judge, run_apart
from devtools.server import Server, start_server

pytestmark = pytest.mark.long
CLIENTS = 30
"""A crowd that still fills both cores and every argon2 slot; the full 200 of SECURITY.md run in
``bin/benchmark`` ("Demo service under a crowd" in BENCHMARKS.md)."""
KILLED_CROWD = 50
ARRIVALS = 0.05
"""For the kill, 50 clients arrive 50 ms apart: the server's cores are full, and when the kill comes
(at the 10th ticket) some clients are done and the rest mid-way, without waiting for a crowd of
200 to reach its tickets together."""


@pytest.fixture
def server(built_site: Path, tmp_path: Path) -> Iterator[Server]:
    running = start_server(built_site, tmp_path)
    yield running
    running.stop()


def test_a_crowd_gets_no_5xx_loses_no_write_and_uses_each_code_once(server: Server) -> None:
    outcomes = run_apart(crowd(server.url, CLIENTS))
    server.stop()
    verdict = judge(outcomes, server.data_dir / "demo.sqlite3")
    assert verdict.errors == [] and verdict.server_errors == 0 and verdict.incomplete == 0
    assert verdict.codes_accepted_twice_or_never == 0  # the same code sent twice at once
    assert verdict.lost_setups == set() and verdict.lost_tickets == set()


def test_kill_9_under_load_keeps_every_confirmed_setup_and_ticket(server: Server, built_site: Path,
                                                                 tmp_path: Path) -> None:
    seen: list[Outcome] = []

    async def load_then_kill() -> None:
        running = asyncio.ensure_future(crowd(server.url, KILLED_CROWD, seen, ARRIVALS))
        deadline = time.monotonic() + 120
        while sum(o.ticket is not None for o in seen) < 10 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)  # until writes are landing: some clients done, many mid-request
        server.process.kill()
        await running

    run_apart(load_then_kill())
    server.process.wait(timeout=30)
    confirmed = {outcome.email for outcome in seen if outcome.confirmed_setup}
    tickets = {outcome.ticket for outcome in seen if outcome.ticket}
    assert len(tickets) < KILLED_CROWD, "the kill came after the load"
    assert confirmed, "the kill came too early to test anything"
    restarted = start_server(built_site, tmp_path)
    try:
        assert httpx.get(f"{restarted.url}/demo/").status_code == 200
    finally:
        restarted.stop()
    with closing(sqlite3.connect(server.data_dir / "demo.sqlite3")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        enrolled = {row[0] for row in db.execute("SELECT email FROM accounts WHERE sealed_key IS NOT NULL")}
        stored = {row[0] for row in db.execute("SELECT number FROM tickets")}
    assert confirmed <= enrolled
    assert tickets <= stored
