"""SECURITY.md "at rest" and "Logging": after a full run, the database file, its WAL and the
event log hold no key, code, recovery code, password or session token, and no identity detail of
a support request ("Support requests and the ID selfie")."""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from tests.demo_client import Clock, Visitor, demo_server, file_route_c_request, photo, refused, staff_reset

PASSWORD = "tsubame-passphrase-42"
IDENTITY_EMAIL = "kotone@example.jp"
TYPED = {
    "name": "綾小路　琴音",
    "address": "北海道稚内市宗谷岬２－３　岬荘",
    "birth_date": "１９８７年１１月２３日",
    "phone": "０７０－９８７６－５４３２",
    "phone_changed": "yes",
    "new_phone": "０８０ー２４６８ー１３５７",
    "email": IDENTITY_EMAIL,
    "details": "宗谷岬の灯台で機種変更しました",
}
"""A support request as a Japanese user types it: full-width digits, spaces and dashes."""
STORED = {
    "name": "綾小路 琴音",
    "address": "北海道稚内市宗谷岬2-3 岬荘",
    "birth_date": "1987-11-23",
    "phone": "+817098765432",
    "new_phone": "+818024681357",
    "details": "宗谷岬の灯台で機種変更しました",
}
"""The same details as support keeps them (NFKC, ISO date, E.164), written out by hand."""
FRAGMENTS = ("綾小路", "琴音", "宗谷岬", "岬荘", "1987年11月23日", "07098765432", "08024681357", "灯台")


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
    visitor.post("/demo/step-up", {"password": "a wrong one"})
    visitor.post("/demo/step-up", {"password": PASSWORD})
    visitor.post("/demo/2fa/disable", {"proof": visitor.code()})
    visitor.clock.advance(30)
    visitor.set_up_two_factor()
    keys.add(visitor.key)
    codes |= set(visitor.recovery_codes)
    visitor.post("/demo/sign-out")
    visitor.sign_in(password=PASSWORD)
    used = visitor.recovery_codes[0]
    secure = visitor.post("/demo/sign-in/recovery", {"recovery_code": used})
    codes |= set(re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", secure.text))
    visitor.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})
    visitor.post("/demo/sign-out")
    visitor.post("/demo/report-phone", {"email": "hanako@example.com", "password": PASSWORD})
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


def identity_forms() -> set[str]:
    """Each identity detail as typed, as stored and in part, plain and as JSON escapes it."""
    values = {TYPED[name] for name in TYPED if name not in ("phone_changed", "email")}
    values |= set(STORED.values()) | set(FRAGMENTS)
    escaped = {json.dumps(value).strip('"') for value in values}
    escaped |= {re.sub(r"\\u([0-9a-f]{4})", lambda hex_: "\\u" + hex_.group(1).upper(), value)
                for value in escaped}
    return values | escaped


def file_a_support_request(client: TestClient, clock: Clock) -> None:
    """Route C in full: a refused form (kept for the page), the request, the selfie, staff."""
    visitor = Visitor(client, clock)
    visitor.sign_up(email=IDENTITY_EMAIL, password=PASSWORD)
    visitor.post("/demo/sign-out")
    assert refused(visitor.post("/demo/support", {**TYPED, "birth_date": "２９８７年１月１日"}))
    number = int(visitor.post("/demo/support", TYPED).url.path.rsplit("/", 1)[1])
    visitor.post(f"/demo/support/{number}/selfie", files={"photo": ("me.jpg", photo("navy"), "image/jpeg")})
    visitor.post("/demo/staff/sign-in")
    review = visitor.get(f"/demo/staff/tickets/{number}").text
    assert all(value in review for value in STORED.values()), "staff see every detail"
    staff_reset(visitor, number)


def test_no_identity_detail_reaches_the_database_wal_or_log(tmp_path: Path) -> None:
    """SECURITY.md "at rest", "Support requests and the ID selfie" and "Logging": a support
    request's name, address, birth date, phone numbers and free text are sealed in the
    database (and in the form kept after a refusal) and never logged."""
    with demo_server(tmp_path) as (client, clock, settings):
        holder = sqlite3.connect(settings.data_dir / "demo.sqlite3")
        holder.execute("SELECT count(*) FROM tickets").fetchone()
        file_a_support_request(client, clock)
        files = [path for path in settings.data_dir.rglob("*") if path.is_file()]
        contents = {path.name: path.read_bytes() for path in files}
        holder.close()
    assert all(contents.get(name) for name in ("demo.sqlite3", "demo.sqlite3-wal", "events.log"))
    for name, data in contents.items():
        for leak in identity_forms():
            assert leak.encode() not in data, f"{leak!r} found in {name}"
