"""SECURITY.md "at rest" and "Logging": after a full run, the database file, its WAL and the
event log hold no key, code, recovery code, password or session token."""

from __future__ import annotations

import base64
import re
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from tests.demo_client import Clock, Visitor, demo_server
from tests.demo_client import file_route_c_request, staff_reset

PASSWORD = "tsubame-passphrase-42"


def secrets_of_a_full_run(client: TestClient, clock: Clock) -> set[str]:
    """Every route once; what a leak would look like, in the forms it could take."""
    visitor = Visitor(client, clock)
    visitor.sign_up(password=PASSWORD)
    visitor.set_up_two_factor()
    keys, codes = {visitor.key}, set(visitor.recovery_codes)
    visitor.post("/demo/sign-out")
    visitor.sign_in(password=PASSWORD)
    codes.add(visitor.code())
    visitor.post("/demo/sign-in/code", {"code": visitor.code()})
    visitor.clock.advance(30)
    codes.add(visitor.code())
    visitor.post("/demo/2fa/disable", {"code": visitor.code()})
    visitor.clock.advance(30)
    visitor.set_up_two_factor()
    keys.add(visitor.key)
    codes |= set(visitor.recovery_codes)
    visitor.post("/demo/sign-out")
    visitor.sign_in(password=PASSWORD)
    used = visitor.recovery_codes[0]
    visitor.post("/demo/sign-in/recovery", {"recovery_code": used})
    visitor.post("/demo/sign-out")
    staff_reset(visitor, file_route_c_request(visitor))
    tokens = {value for value in client.cookies.values()}
    leaks = {PASSWORD} | keys | tokens
    leaks |= {key.lower() for key in keys} | {base64.b32decode(key).hex() for key in keys}
    leaks |= codes | {code.replace("-", "") for code in codes}
    return leaks


def test_no_secret_reaches_the_database_wal_or_log(tmp_path: Path) -> None:
    with demo_server(tmp_path) as (client, clock, settings):
        # A reader held open keeps the WAL from being folded back and removed, as under load.
        holder = sqlite3.connect(settings.data_dir / "demo.sqlite3")
        holder.execute("SELECT count(*) FROM accounts").fetchone()
        leaks = secrets_of_a_full_run(client, clock)
        files = [settings.data_dir / name for name in ("demo.sqlite3", "demo.sqlite3-wal", "events.log")]
        contents = {file.name: file.read_bytes() for file in files}
        holder.close()
    assert all(contents.values()), "each file has content to search"
    raw_keys = {base64.b32decode(leak) for leak in leaks if re.fullmatch(r"[A-Z2-7]{32}", leak)}
    for name, data in contents.items():
        for leak in leaks:
            assert leak.encode() not in data, f"{leak!r} found in {name}"
        for raw in raw_keys:
            assert raw not in data, f"raw key bytes found in {name}"
