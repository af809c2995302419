"""demo/rules/support.py: route C, from the support form to the ID selfie to staff's 2FA reset.

SECURITY.md "Support requests and the ID selfie", "at rest" and "Input normalisation
(Japanese users)"; the OWASP Input Validation and File Upload Cheat Sheets.
"""

from __future__ import annotations

import datetime
import io
import json
import secrets

import pytest
from PIL import ExifTags, Image

from demo.rules import support, twofactor
from demo.rules.accounts import create_account, find_account
from demo.rules.inbox import list_messages
from demo.rules.sandboxes import LIFETIME_SECONDS, new_sandbox, purge_expired
from demo.rules.selfies import CleanPhoto, RejectedPhoto, clean_photo
from demo.rules.sessions import Session, find_session, new_session
from demo.storage.photo_store import PhotoStore
from demo.storage.store import Store
from demo.storage.vault import Vault
from otp_core import totp

NOW = 1_800_000_000.0
TODAY = datetime.date(2027, 1, 15)
EMAIL = "taro@example.jp"
FORM = {
    "name": "山田　太郎",
    "address": "東京都千代田区千代田１－１",
    "birth_date": "1990-04-01",
    "phone": "０９０－１２３４－５６７８",
    "phone_changed": "no",
    "email": EMAIL,
    "details": "機種変更でアプリが消えました。",
}
VALUES = {
    "name": "山田 太郎",
    "address": "東京都千代田区千代田1-1",
    "birth_date": "1990-04-01",
    "phone": "+819012345678",
    "phone_changed": "no",
    "email": EMAIL,
    "details": "機種変更でアプリが消えました。",
}
WRONG_FIELDS = [
    ("name", "", "error.text.required"),
    ("address", "あ" * 201, "error.text.too_long"),
    ("birth_date", "2030-01-01", "error.date.future"),
    ("birth_date", "1990-02-30", "error.date.invalid"),
    ("phone", "090-1234", "error.phone.invalid"),
    ("email", "taro@", "error.email.invalid"),
    ("phone_changed", "maybe", "error.choice.required"),
]
NEW_PHONE_CASES = [
    ("yes", "", {"new_phone": "error.text.required"}, None),
    ("yes", "+81 80 1111 2222", {}, "+818011112222"),
    ("no", "", {}, None),
    ("no", "not a number", {}, None),
]


VAULT = Vault(secrets.token_bytes(32))


@pytest.fixture
def sandbox(store: Store) -> str:
    return new_sandbox(store, NOW)[1].id


def selfie(*, make: str = "PhoneA") -> bytes:
    """A small JPEG carrying EXIF; the pixels are the same whatever ``make`` says."""
    image = Image.new("RGB", (48, 32), (200, 40, 40))
    image.paste((20, 20, 200), (0, 0, 24, 32))
    tags = Image.Exif()
    tags[ExifTags.Base.Make] = make
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90, exif=tags.tobytes())
    return output.getvalue()


def photo(*, make: str = "PhoneA") -> CleanPhoto:
    return clean_photo(selfie(make=make))


def attach(store: Store, photos: PhotoStore, sandbox: str, number: int, pic: CleanPhoto) -> None:
    support.add_selfie(store, photos, sandbox_id=sandbox, number=number, photo=pic, now=NOW)


def ticket_of(store: Store, sandbox_id: str, number: int) -> support.Ticket:
    ticket = support.find_ticket(store, sandbox_id=sandbox_id, number=number)
    assert ticket is not None
    return ticket


def details_of(store: Store, sandbox_id: str, number: int) -> dict[str, str] | None:
    return support.identity_details(store, VAULT, sandbox_id=sandbox_id, number=number)


def ticket_messages(store: Store, sandbox_id: str, number: int) -> list[tuple[str, str]]:
    """(email, kind) of the ticket's messages, oldest first."""
    with store.read() as db:
        messages = list_messages(db, sandbox_id)
    return [(m.email, m.kind) for m in reversed(messages) if m.params.get("ticket") == number]


def scalar(store: Store, query: str, *parameters: object) -> object:
    with store.read() as db:
        return db.execute(query, parameters).fetchone()[0]


def account_with_two_factor(store: Store, sandbox_id: str) -> str:
    vault = Vault(secrets.token_bytes(32))
    account = create_account(store, sandbox_id=sandbox_id, email=EMAIL, password="pw-1", now=NOW)
    session = signed_in(store, sandbox_id, account.id)
    secret = twofactor.start_setup(store, vault, account.id, NOW, session=session.token)
    assert secret is not None
    code = totp.code_at(secret, int(NOW))
    assert twofactor.confirm_setup(store, vault, account.id, code, NOW, session=session.token, device="").accepted
    return account.id


def signed_in(store: Store, sandbox_id: str, account_id: str) -> Session:
    return new_session(
        store, sandbox_id=sandbox_id, account_id=account_id, role="user", stage="full", now=NOW
    )


def file_request(store: Store, photos: PhotoStore, sandbox_id: str, *, with_selfie: bool) -> int:
    number = support.submit(store, VAULT, sandbox_id=sandbox_id, values=VALUES, now=NOW)
    if with_selfie:
        attach(store, photos, sandbox_id, number, photo())
    return number


def test_full_japanese_form_is_accepted_and_normalised() -> None:
    """SECURITY.md "Support requests and the ID selfie": full-width phone to E.164, NFKC text."""
    values, errors = support.validate_request(FORM, today=TODAY)
    assert errors == {}
    assert values == VALUES


@pytest.mark.parametrize(("field", "typed", "reason"), WRONG_FIELDS)
def test_each_wrong_field_is_named_with_its_reason(field: str, typed: str, reason: str) -> None:
    """SECURITY.md "Support requests and the ID selfie": a rejected form names each wrong field."""
    values, errors = support.validate_request({**FORM, field: typed}, today=TODAY)
    assert errors == {field: reason}
    assert field not in values


def test_several_wrong_fields_give_one_error_each_and_nothing_else() -> None:
    """SECURITY.md "Support requests and the ID selfie": each wrong field named, no other."""
    wrong = {"name": " ", "birth_date": "1990/13/01", "phone": "abc", "email": "no-at-sign"}
    values, errors = support.validate_request({**FORM, **wrong}, today=TODAY)
    assert errors == {
        "name": "error.text.required",
        "birth_date": "error.date.invalid",
        "phone": "error.phone.invalid",
        "email": "error.email.invalid",
    }
    assert values == {key: VALUES[key] for key in ("address", "phone_changed", "details")}


@pytest.mark.parametrize(("changed", "new_phone", "expected_errors", "kept"), NEW_PHONE_CASES)
def test_new_phone_is_required_only_when_the_phone_changed(
    changed: str, new_phone: str, expected_errors: dict[str, str], kept: str | None
) -> None:
    """SECURITY.md "Support requests and the ID selfie": if the phone changed, the new number."""
    form = {**FORM, "phone_changed": changed, "new_phone": new_phone}
    values, errors = support.validate_request(form, today=TODAY)
    assert errors == expected_errors
    assert values.get("new_phone") == kept


def test_details_are_optional() -> None:
    """SECURITY.md "Support requests and the ID selfie": free text may be left empty."""
    form = {key: value for key, value in FORM.items() if key != "details"}
    values, errors = support.validate_request(form, today=TODAY)
    assert errors == {}
    assert values["details"] == ""


def test_submit_opens_a_ticket_and_asks_for_a_selfie(store: Store, sandbox: str) -> None:
    """SECURITY.md "Support requests and the ID selfie": the selfie comes after support replies."""
    number = support.submit(store, VAULT, sandbox_id=sandbox, values=VALUES, now=NOW)
    ticket = ticket_of(store, sandbox, number)
    assert (ticket.status, ticket.email) == ("selfie_requested", EMAIL)
    assert details_of(store, sandbox, number) == VALUES
    assert ticket.selfies == ()
    assert ticket_messages(store, sandbox, number) == [
        (EMAIL, "support_received"),
        (EMAIL, "selfie_requested"),
    ]


def test_selfie_is_stored_and_acknowledged(store: Store, photos: PhotoStore, sandbox: str) -> None:
    """SECURITY.md "Support requests and the ID selfie": kept under a random name for staff."""
    number = file_request(store, photos, sandbox, with_selfie=False)
    cleaned = photo()
    attach(store, photos, sandbox, number, cleaned)
    ticket = ticket_of(store, sandbox, number)
    assert ticket.status == "selfie_received"
    assert [(s.media_type, s.created_at) for s in ticket.selfies] == [("image/jpeg", NOW)]
    assert photos.path(ticket.selfies[0].file_name).read_bytes() == cleaned.data
    assert ticket_messages(store, sandbox, number)[-1] == (EMAIL, "selfie_received")


def test_same_photo_again_is_refused_even_with_other_exif(
    store: Store, photos: PhotoStore, sandbox: str
) -> None:
    """SECURITY.md "Support requests and the ID selfie": an identical photo is refused."""
    number = file_request(store, photos, sandbox, with_selfie=True)
    files = sorted(photos.root.iterdir())
    assert selfie(make="PhoneB") != selfie()
    with pytest.raises(RejectedPhoto) as refused:
        attach(store, photos, sandbox, number, photo(make="PhoneB"))
    assert refused.value.reason == "error.photo.duplicate"
    assert sorted(photos.root.iterdir()) == files
    assert len(ticket_of(store, sandbox, number).selfies) == 1


def test_reset_needs_a_selfie_first(store: Store, photos: PhotoStore, sandbox: str) -> None:
    """SECURITY.md "Support requests and the ID selfie": no reset before the ID selfie is in."""
    account_id = account_with_two_factor(store, sandbox)
    number = file_request(store, photos, sandbox, with_selfie=False)
    assert not support.reset_two_factor(store, sandbox_id=sandbox, number=number, now=NOW)
    assert scalar(store, "SELECT sealed_key FROM accounts WHERE id = ?", account_id) is not None
    assert ticket_of(store, sandbox, number).status == "selfie_requested"


def test_reset_without_an_account_for_the_email_does_nothing(
    store: Store, photos: PhotoStore, sandbox: str
) -> None:
    """SECURITY.md "Support requests and the ID selfie": only the account of the ticket's email."""
    number = file_request(store, photos, sandbox, with_selfie=True)
    assert not support.reset_two_factor(store, sandbox_id=sandbox, number=number, now=NOW)
    assert ticket_of(store, sandbox, number).status == "selfie_received"


def test_reset_turns_2fa_off_and_signs_the_account_out(
    store: Store, photos: PhotoStore, sandbox: str
) -> None:
    """SECURITY.md "re-enrol" (turning 2FA off deletes the key) and "Sessions, CSRF, headers".

    OWASP Session Management Cheat Sheet: sessions end when the credentials change.
    """
    account_id = account_with_two_factor(store, sandbox)
    sessions = [signed_in(store, sandbox, account_id) for _ in range(2)]
    number = file_request(store, photos, sandbox, with_selfie=True)

    assert support.reset_two_factor(store, sandbox_id=sandbox, number=number, now=NOW + 60)

    assert scalar(store, "SELECT sealed_key FROM accounts WHERE id = ?", account_id) is None
    assert scalar(store, "SELECT setup_required FROM accounts WHERE id = ?", account_id) == 1
    account = find_account(store, account_id)
    assert account is not None and not account.two_factor and account.setup_required
    for session in sessions:
        assert find_session(store, session.token, role="user", now=NOW + 61) is None
    for table in ("sessions", "recovery_codes"):
        query = f"SELECT count(*) FROM {table} WHERE account_id = ?"
        assert scalar(store, query, account_id) == 0, table
    assert ticket_of(store, sandbox, number).status == "resolved"
    assert ticket_messages(store, sandbox, number)[-1] == (EMAIL, "support_reset")


def test_ticket_is_invisible_from_another_sandbox(
    store: Store, photos: PhotoStore, sandbox: str
) -> None:
    """SECURITY.md "Support requests and the ID selfie": shown only to the sandbox's own staff."""
    other = new_sandbox(store, NOW)[1].id
    number = file_request(store, photos, sandbox, with_selfie=False)
    assert support.find_ticket(store, sandbox_id=other, number=number) is None
    assert details_of(store, other, number) is None
    assert support.list_tickets(store, other) == []
    with pytest.raises(LookupError):
        attach(store, photos, other, number, photo())
    assert list(photos.root.iterdir()) == []
    assert not support.reset_two_factor(store, sandbox_id=other, number=number, now=NOW)


def test_identity_details_are_stored_sealed(store: Store, photos: PhotoStore, sandbox: str) -> None:
    """SECURITY.md "at rest" and "Support requests and the ID selfie": the row holds ciphertext."""
    number = file_request(store, photos, sandbox, with_selfie=False)
    stored = scalar(store, "SELECT fields FROM tickets WHERE number = ?", number)
    assert isinstance(stored, bytes)
    for value in ("山田", "千代田", "1990-04-01", "+819012345678", "機種変更"):
        assert value.encode() not in stored
        assert json.dumps(value).strip('"').encode() not in stored  # the \uXXXX form


def test_staff_see_the_identity_details(store: Store, photos: PhotoStore, sandbox: str) -> None:
    """SECURITY.md "Support requests and the ID selfie": sealed, yet staff review every field."""
    number = file_request(store, photos, sandbox, with_selfie=True)
    assert details_of(store, sandbox, number) == VALUES
    assert [ticket.number for ticket in support.list_tickets(store, sandbox)] == [number]


def test_sealed_details_copied_onto_another_ticket_fail_to_open(
    store: Store, photos: PhotoStore, sandbox: str
) -> None:
    """SECURITY.md "at rest": the seal is bound to its ticket and sandbox (associated data)."""
    first = file_request(store, photos, sandbox, with_selfie=False)
    second = file_request(store, photos, sandbox, with_selfie=False)
    other = new_sandbox(store, NOW)[1].id
    elsewhere = support.submit(store, VAULT, sandbox_id=other, values=VALUES, now=NOW)
    with store.write() as db:
        for target in (second, elsewhere):
            db.execute("UPDATE tickets SET fields = (SELECT fields FROM tickets WHERE number = ?) "
                       "WHERE number = ?", (first, target))
    with pytest.raises(ValueError):
        details_of(store, sandbox, second)
    with pytest.raises(ValueError):
        details_of(store, other, elsewhere)
    assert details_of(store, sandbox, first) == VALUES


def test_details_do_not_open_with_another_data_key(
    store: Store, photos: PhotoStore, sandbox: str
) -> None:
    """SECURITY.md "at rest": without the data key file, the database alone reveals nothing."""
    number = file_request(store, photos, sandbox, with_selfie=False)
    with pytest.raises(ValueError):
        support.identity_details(store, Vault(secrets.token_bytes(32)), sandbox_id=sandbox, number=number)


def test_purge_removes_the_sealed_details(store: Store, photos: PhotoStore, sandbox: str) -> None:
    """SECURITY.md "Support requests and the ID selfie": tickets go after 24 hours, details too."""
    number = file_request(store, photos, sandbox, with_selfie=True)
    sealed = scalar(store, "SELECT fields FROM tickets WHERE number = ?", number)
    assert isinstance(sealed, bytes)
    assert purge_expired(store, photos, NOW + LIFETIME_SECONDS) == 1
    assert details_of(store, sandbox, number) is None
    assert sealed not in store.path.read_bytes()  # secure_delete overwrote the freed page
    assert scalar(store, "SELECT count(*) FROM tickets") == 0
    assert scalar(store, "SELECT count(*) FROM messages") == 0
    assert list(photos.root.iterdir()) == []
