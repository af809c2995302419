"""Route C: a support request when neither the phone nor the key is left.

The visitor files the identity details; support (simulated) replies at once
asking for a new ID selfie; the visitor uploads it; support staff of the
sandbox review the ticket and reset 2FA, after which the account signs in with
its password and is asked to set up 2FA again.

The identity details are sealed at rest like a TOTP key (SECURITY.md "at rest" and
"Support requests and the ID selfie"): ``tickets.fields`` holds them encrypted
with the vault, bound to the ticket's sandbox and number, and only staff's
review opens them (``identity_details``). The ticket's ``email`` column stays
readable: it is the address support's replies go to (``messages.email``, shown
by the simulated inbox) and the one ``reset_two_factor`` matches against
``accounts.email``, which the account already keeps in the clear to sign in.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from demo.rules import inbox, twofactor
from demo.rules.events import log_event
from demo.rules.normalise import (
    InvalidInput,
    normalise_email,
    normalise_phone,
    normalise_text,
    parse_birth_date,
)
from demo.rules.selfies import CleanPhoto, RejectedPhoto
from demo.storage.photo_store import PhotoStore
from demo.storage.store import Store
from demo.storage.vault import Vault

FIELDS = ("name", "address", "birth_date", "phone", "phone_changed", "new_phone", "email", "details")
SEALED_AS = "ticket"
"""The vault purpose of a ticket's identity details."""


@dataclass(frozen=True)
class Selfie:
    file_name: str
    media_type: str
    created_at: float


@dataclass(frozen=True)
class Ticket:
    """A ticket as the visitor's page and staff's list show it: of the identity details, the email."""

    number: int
    email: str
    status: str
    created_at: float
    selfies: tuple[Selfie, ...]

    @property
    def label(self) -> str:
        return f"T-{self.number:06d}"


def validate_request(form: Mapping[str, str], *, today: datetime.date) -> tuple[dict[str, str], dict[str, str]]:
    """The request's normalised fields, and for each wrong field the reason (nothing else is lost)."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}

    readers: dict[str, Callable[[str], str]] = {
        "name": lambda text: normalise_text(text, max_length=100),
        "address": lambda text: normalise_text(text, max_length=200),
        "details": lambda text: normalise_text(text, max_length=2000, required=False),
        "birth_date": lambda text: parse_birth_date(text, today=today).isoformat(),
        "phone": normalise_phone,
        "email": normalise_email,
    }
    if form.get("phone_changed") == "yes":
        readers["new_phone"] = normalise_phone
    for field, read in readers.items():
        try:
            values[field] = read(form.get(field, ""))
        except InvalidInput as error:
            errors[field] = error.reason
    changed = form.get("phone_changed", "")
    if changed in ("yes", "no"):
        values["phone_changed"] = changed
    else:
        errors["phone_changed"] = "error.choice.required"
    return values, errors


def submit(
    store: Store, vault: Vault, *, sandbox_id: str, values: Mapping[str, str], now: float
) -> int:
    """File the request with its identity details sealed; support asks for an ID selfie at once.

    The seal is bound to the ticket's number, known once the row exists: the row is
    inserted empty and sealed in the same transaction, so no reader ever sees it unsealed.
    """
    details = json.dumps(dict(values), ensure_ascii=False).encode()
    with store.write() as db:
        number = db.execute(
            "INSERT INTO tickets (sandbox_id, fields, email, status, created_at, updated_at) "
            "VALUES (?, x'', ?, 'selfie_requested', ?, ?) RETURNING number",
            (sandbox_id, values["email"], now, now),
        ).fetchone()[0]
        sealed = vault.seal_for(details, purpose=SEALED_AS, owner=_owner(sandbox_id, number))
        db.execute("UPDATE tickets SET fields = ? WHERE number = ?", (sealed, number))
        for kind in ("support_received", "selfie_requested"):
            inbox.send(db, sandbox_id=sandbox_id, email=values["email"], kind=kind, now=now, ticket=number)
    log_event("support_request", now, ticket=number)
    return int(number)


def find_ticket(store: Store, *, sandbox_id: str, number: int) -> Ticket | None:
    with store.read() as db:
        row = db.execute(
            "SELECT number, email, status, created_at FROM tickets WHERE number = ? AND sandbox_id = ?",
            (number, sandbox_id),
        ).fetchone()
        if row is None:
            return None
        selfies = tuple(
            Selfie(item["file_name"], item["media_type"], item["created_at"])
            for item in db.execute(
                "SELECT file_name, media_type, created_at FROM selfies WHERE ticket_number = ? ORDER BY id",
                (number,),
            )
        )
    return Ticket(row["number"], row["email"], row["status"], row["created_at"], selfies)


def identity_details(
    store: Store, vault: Vault, *, sandbox_id: str, number: int
) -> dict[str, str] | None:
    """The request's identity details, for staff's review; None if the sandbox has no such ticket.

    ValueError if the sealed details belong to another ticket or sandbox (copied or altered).
    """
    with store.read() as db:
        row = db.execute(
            "SELECT fields FROM tickets WHERE number = ? AND sandbox_id = ?", (number, sandbox_id)
        ).fetchone()
    if row is None:
        return None
    details: dict[str, str] = json.loads(
        vault.unseal_for(row["fields"], purpose=SEALED_AS, owner=_owner(sandbox_id, number)))
    return details


def list_tickets(store: Store, sandbox_id: str) -> list[Ticket]:
    with store.read() as db:
        numbers = [row[0] for row in db.execute(
            "SELECT number FROM tickets WHERE sandbox_id = ? ORDER BY number DESC", (sandbox_id,)
        )]
    return [ticket for number in numbers if (ticket := find_ticket(store, sandbox_id=sandbox_id, number=number))]


def upload_digests(store: Store, *, sandbox_id: str) -> set[str]:
    """The digest of every photo file the sandbox has sent, so ``clean_photo`` refuses the
    same file again before decoding it (where duplicates are checked: as ``add_selfie``)."""
    with store.read() as db:
        return {row[0] for row in db.execute(
            "SELECT upload_digest FROM selfies JOIN tickets ON tickets.number = selfies.ticket_number "
            "WHERE tickets.sandbox_id = ? AND upload_digest != ''",
            (sandbox_id,),
        )}


def add_selfie(
    store: Store, photos: PhotoStore, *, sandbox_id: str, number: int, photo: CleanPhoto, now: float
) -> None:
    """Keep the cleaned photo for staff; the same photo as an earlier one is refused.

    The photo's upload digest is kept beside its fingerprint for ``upload_digests``.
    """
    with store.read() as db:
        known = {row[0] for row in db.execute(
            "SELECT fingerprint FROM selfies JOIN tickets ON tickets.number = selfies.ticket_number "
            "WHERE tickets.sandbox_id = ?",
            (sandbox_id,),
        )}
    name = photos.save(photo, known_fingerprints=known)
    try:
        with store.write() as db:
            ticket = db.execute(
                "SELECT email FROM tickets WHERE number = ? AND sandbox_id = ?", (number, sandbox_id)
            ).fetchone()
            if ticket is None:
                raise LookupError("no such ticket")
            if db.execute("SELECT 1 FROM selfies WHERE fingerprint = ? AND ticket_number IN "
                          "(SELECT number FROM tickets WHERE sandbox_id = ?)",
                          (photo.fingerprint, sandbox_id)).fetchone():
                raise RejectedPhoto("error.photo.duplicate")
            db.execute(
                "INSERT INTO selfies (ticket_number, file_name, media_type, fingerprint, upload_digest, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (number, name, photo.media_type, photo.fingerprint, photo.upload_digest, now),
            )
            db.execute(
                "UPDATE tickets SET status = 'selfie_received', updated_at = ? WHERE number = ?", (now, number)
            )
            inbox.send(db, sandbox_id=sandbox_id, email=ticket["email"], kind="selfie_received", now=now,
                       ticket=number)
    except BaseException:
        photos.delete(name)
        raise
    log_event("selfie_received", now, ticket=number)


def reset_two_factor(store: Store, *, sandbox_id: str, number: int, now: float) -> bool:
    """Staff's decision: 2FA off for the ticket's account, which is signed out everywhere.

    False when there is nothing to reset (no selfie yet, or no account with that email).
    """
    with store.write() as db:
        ticket = db.execute(
            "SELECT email, status FROM tickets WHERE number = ? AND sandbox_id = ?", (number, sandbox_id)
        ).fetchone()
        account = db.execute(
            "SELECT id FROM accounts WHERE sandbox_id = ? AND email = ?",
            (sandbox_id, ticket["email"] if ticket else ""),
        ).fetchone()
        if ticket is None or account is None or ticket["status"] != "selfie_received":
            return False
        twofactor.reset_by_support(db, account["id"])  # and signed out everywhere
        db.execute("UPDATE tickets SET status = 'resolved', updated_at = ? WHERE number = ?", (now, number))
        inbox.send(db, sandbox_id=sandbox_id, email=ticket["email"], kind="support_reset", now=now, ticket=number)
    log_event("support_reset", now, ticket=number, account=account["id"])
    return True


def _owner(sandbox_id: str, number: int) -> str:
    return f"{sandbox_id}\n{number}"
