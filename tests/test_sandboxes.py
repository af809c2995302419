"""demo/rules/sandboxes.py: a visitor's sandbox opens with its token and is purged after a day.

SECURITY.md "Support requests and the ID selfie": everything a visitor creates in
the demo (accounts, tickets, uploads, sessions) expires after 24 hours and is purged.
"""

from __future__ import annotations

import io
import os
import secrets

from fastapi.testclient import TestClient
from PIL import Image

from demo.rules import support, twofactor
from demo.rules.accounts import create_account
from demo.rules.sandboxes import LIFETIME_SECONDS, Sandbox, find_sandbox, new_sandbox, purge_expired
from demo.rules.selfies import clean_photo
from demo.rules.sessions import new_session
from demo.storage.photo_store import PhotoStore
from demo.storage.store import Store
from demo.storage.vault import Vault
from otp_core import totp
from tests.demo_client import FORM, Visitor

NOW = 1_800_000_000.0
HOUR = 3600.0
IN_SANDBOX = "SELECT count(*) FROM {} WHERE sandbox_id = ?"
OF_ACCOUNTS = (
    "SELECT count(*) FROM {} JOIN accounts ON accounts.id = account_id WHERE sandbox_id = ?"
)
COUNTS = {
    **{
        table: IN_SANDBOX.format(table) for table in ("accounts", "sessions", "tickets", "messages")
    },
    **{table: OF_ACCOUNTS.format(table) for table in ("recovery_codes", "pending_setups")},
    "selfies": IN_SANDBOX.format("selfies JOIN tickets ON number = ticket_number"),
}
"""What a sandbox holds, table by table."""


def photo_bytes(colour: tuple[int, int, int]) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(output, "PNG")
    return output.getvalue()


def fill(store: Store, photos: PhotoStore, sandbox: Sandbox, colour: tuple[int, int, int]) -> None:
    """What a visit leaves: an account with 2FA, recovery codes, a re-enrolment under way,
    a user and a staff session, and a support ticket with its messages and ID selfie."""
    now = sandbox.created_at + 60
    vault = Vault(secrets.token_bytes(32))
    email = f"{secrets.token_hex(4)}@example.jp"
    account = create_account(store, sandbox_id=sandbox.id, email=email, password="pw-1", now=now)
    session = new_session(store, sandbox_id=sandbox.id, account_id=account.id, role="user", stage="full", now=now)
    secret = twofactor.start_setup(store, vault, account.id, now, session=session.token)
    assert secret is not None
    code = totp.code_at(secret, int(now))
    assert twofactor.confirm_setup(store, vault, account.id, code, now, session=session.token, device="").accepted
    twofactor.start_setup(store, vault, account.id, now, session=session.token, purpose="replace")
    new_session(store, sandbox_id=sandbox.id, account_id=None, role="staff", stage="full", now=now)
    values = {"name": "山田 太郎", "address": "東京都千代田区1-1", "birth_date": "1990-04-01"}
    values |= {"phone": "+819012345678", "phone_changed": "no", "email": email, "details": ""}
    number = support.submit(store, vault, sandbox_id=sandbox.id, values=values, now=now)
    picture = clean_photo(photo_bytes(colour))
    support.add_selfie(store, photos, sandbox_id=sandbox.id, number=number, photo=picture, now=now)


def rows_of(store: Store, sandbox_id: str) -> dict[str, int]:
    with store.read() as db:
        return {
            name: db.execute(query, (sandbox_id,)).fetchone()[0] for name, query in COUNTS.items()
        }


def table_size(store: Store, table: str) -> int:
    with store.read() as db:
        count: int = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return count


def selfie_files(store: Store, sandbox_id: str) -> set[str]:
    query = (
        "SELECT file_name FROM selfies JOIN tickets ON number = ticket_number WHERE sandbox_id = ?"
    )
    with store.read() as db:
        return {row[0] for row in db.execute(query, (sandbox_id,))}


def stored_photos(photos: PhotoStore) -> set[str]:
    return {path.name for path in photos.root.iterdir()}


def test_sandbox_opens_with_its_token(store: Store) -> None:
    """SECURITY.md "Support requests and the ID selfie": the cookie opens the visitor's sandbox."""
    token, sandbox = new_sandbox(store, NOW)
    _, other = new_sandbox(store, NOW)
    assert find_sandbox(store, token, NOW + HOUR) == sandbox
    assert sandbox.id != other.id and sandbox.csrf != other.csrf
    assert find_sandbox(store, secrets.token_urlsafe(32), NOW) is None


def test_sandbox_is_closed_after_24_hours(store: Store) -> None:
    """SECURITY.md "Support requests and the ID selfie": everything expires after 24 hours."""
    token, sandbox = new_sandbox(store, NOW)
    assert find_sandbox(store, token, NOW + LIFETIME_SECONDS - 1) == sandbox
    assert find_sandbox(store, token, NOW + LIFETIME_SECONDS) is None
    assert find_sandbox(store, token, NOW + 2 * LIFETIME_SECONDS) is None


def test_purge_deletes_old_sandboxes_with_everything_they_hold(
    store: Store, photos: PhotoStore
) -> None:
    """SECURITY.md "Support requests and the ID selfie": accounts, tickets, uploads, sessions go."""
    token, old = new_sandbox(store, NOW)
    fill(store, photos, old, (200, 0, 0))
    assert all(count > 0 for count in rows_of(store, old.id).values()), rows_of(store, old.id)
    assert stored_photos(photos) == selfie_files(store, old.id) != set()

    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS) == 1

    assert find_sandbox(store, token, NOW + LIFETIME_SECONDS) is None
    for table in ("sandboxes", *COUNTS):
        assert table_size(store, table) == 0, table
    assert stored_photos(photos) == set()


def test_purge_keeps_younger_sandboxes_intact(store: Store, photos: PhotoStore) -> None:
    """SECURITY.md "Support requests and the ID selfie": only what is over 24 hours old goes."""
    _, old = new_sandbox(store, NOW)
    fill(store, photos, old, (200, 0, 0))
    young_token, young = new_sandbox(store, NOW + 2 * HOUR)
    fill(store, photos, young, (0, 200, 0))
    young_rows = rows_of(store, young.id)
    young_files = selfie_files(store, young.id)

    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS + HOUR) == 1

    assert find_sandbox(store, young_token, NOW + LIFETIME_SECONDS + HOUR) == young
    assert rows_of(store, young.id) == young_rows
    assert stored_photos(photos) == young_files
    for name in young_files:
        assert photos.path(name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_purge_removes_a_selfie_file_whose_row_was_never_written(
    store: Store, photos: PhotoStore
) -> None:
    """SECURITY.md "Support requests and the ID selfie" (uploads are purged after 24 hours) and
    "Under load and faults" (kill -9): add_selfie writes the file before its row commits, so a
    server killed in between leaves an ID photo that no row names. A day later it must be gone."""
    new_sandbox(store, NOW)
    orphan = photos.save(clean_photo(photo_bytes((9, 9, 9))), known_fingerprints=())
    os.utime(photos.path(orphan), (NOW, NOW))

    purge_expired(store, photos, NOW + LIFETIME_SECONDS + HOUR)

    assert stored_photos(photos) == set()


def test_purge_returns_how_many_sandboxes_it_deleted(store: Store, photos: PhotoStore) -> None:
    """SECURITY.md "Support requests and the ID selfie": the purge reports what it removed."""
    for hours in (0, 1, 2, 10):
        new_sandbox(store, NOW + hours * HOUR)
    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS + 2 * HOUR) == 3
    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS + 2 * HOUR) == 0
    assert table_size(store, "sandboxes") == 1


def test_a_sandbox_cookie_planted_from_another_port_reads_no_identity_details(visitor: Visitor) -> None:
    """SECURITY.md "Sandboxes stay with their visitor": cookies ignore ports, so a page on
    another port of the same host can set ``demo-sandbox`` to a sandbox its author holds.
    The visitor's support request renews the token, and the planted one opens nothing."""
    attacker = Visitor(TestClient(visitor.client.app, follow_redirects=True), visitor.clock)
    attacker.get("/demo/")
    visitor.get("/demo/support")
    cookie = next(cookie for cookie in attacker.client.cookies.jar if cookie.name == "demo-sandbox")
    planted = cookie.value or ""
    visitor.client.cookies.set("demo-sandbox", planted, domain=cookie.domain, path=cookie.path)
    visitor.get("/demo/support")  # the form now comes from the planted sandbox

    page = visitor.post("/demo/support", FORM)
    number = int(page.url.path.rsplit("/", 1)[1])
    assert page.status_code == 200 and page.url.path == f"/demo/support/{number}"  # the visitor's ticket
    assert visitor.client.cookies["demo-sandbox"] != planted

    attacker.post("/demo/staff/sign-in")
    assert FORM["name"] not in attacker.get("/demo/staff").text
    assert attacker.get(f"/demo/staff/tickets/{number}").status_code == 404
    assert attacker.get(f"/demo/support/{number}").status_code == 404


def test_a_form_sent_with_a_token_that_opens_nothing_keeps_the_browsers_cookie(visitor: Visitor) -> None:
    """A second click that left before the first one's new token arrived is refused as
    expired, and the browser keeps the sandbox the first click renewed."""
    visitor.get("/demo/support")
    old = visitor.client.cookies["demo-sandbox"]
    number = int(visitor.post("/demo/support", FORM).url.path.rsplit("/", 1)[1])
    renewed = visitor.client.cookies["demo-sandbox"]

    with TestClient(visitor.client.app, cookies={"demo-sandbox": old}) as second_click:
        late = second_click.post("/demo/support", data={"csrf": visitor.csrf, **FORM}, follow_redirects=False)
    assert late.status_code == 403 and "set-cookie" not in late.headers  # the renewed cookie stays
    assert visitor.client.cookies["demo-sandbox"] == renewed
    assert visitor.get(f"/demo/support/{number}").status_code == 200
