"""demo/support.py: route C, from the support form to the ID selfie to staff's 2FA reset.

SECURITY.md "Support requests and the ID selfie" and "Input normalisation", the
OWASP Input Validation and File Upload Cheat Sheets.
"""

from __future__ import annotations

import datetime
import io
import secrets
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from demo import otp, support, twofactor
from demo.accounts import create_account, find_account
from demo.inbox import list_messages
from demo.sandboxes import new_sandbox
from demo.selfies import CleanPhoto, PhotoStore, RejectedPhoto, clean_photo
from demo.sessions import find_session, new_session
from demo.store import Store
from demo.vault import Vault

NOW = 1_800_000_000.0
TODAY = datetime.date(2027, 1, 15)
EMAIL = "taro@example.jp"
FORM = {
    "name": "山田　太郎",
    "address": "東京都千代田区千代田１－１",
    "birth_date": "1990-04-01",
    "phone": "０９０－１２３４－５６７８",
    "phone_changed": "no",
    "new_phone": "",
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


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "demo.sqlite3")


@pytest.fixture
def photos(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path / "selfies")


@pytest.fixture
def sandbox_id(store: Store) -> str:
    return new_sandbox(store, NOW)[1].id


def selfie(colour: tuple[int, int, int] = (200, 40, 40), *, make: str = "PhoneA") -> bytes:
    """A small JPEG carrying EXIF; the same colour always gives the same pixels."""
    image = Image.new("RGB", (48, 32), colour)
    image.paste((20, 20, 200), (0, 0, 24, 32))
    tags = Image.Exif()
    tags[ExifTags.Base.Make] = make
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90, exif=tags.tobytes())
    return output.getvalue()


def photo(colour: tuple[int, int, int] = (200, 40, 40), *, make: str = "PhoneA") -> CleanPhoto:
    return clean_photo(selfie(colour, make=make))


def ticket_messages(store: Store, sandbox_id: str, number: int) -> list[tuple[str, str]]:
    """(email, kind) of the ticket's messages, oldest first."""
    with store.read() as db:
        messages = list_messages(db, sandbox_id)
    return [(m.email, m.kind) for m in reversed(messages) if m.params.get("ticket") == number]


def account_row(store: Store, account_id: str) -> dict[str, object]:
    with store.read() as db:
        return dict(db.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone())


def account_with_two_factor(store: Store, sandbox_id: str, vault: Vault) -> str:
    account = create_account(
        store, sandbox_id=sandbox_id, email=EMAIL, password="password-1", now=NOW
    )
    secret = twofactor.start_setup(store, vault, account.id, NOW)
    outcome = twofactor.confirm_setup(store, vault, account.id, otp.code_at(secret, int(NOW)), NOW)
    assert outcome.accepted
    return account.id


def test_full_japanese_form_is_accepted_and_normalised() -> None:
    """SECURITY.md "Support requests and the ID selfie": full-width phone → E.164, date of birth, NFKC."""
    values, errors = support.validate_request(FORM, today=TODAY)
    assert errors == {}
    assert values == VALUES


WRONG_FIELDS = [
    ("name", "", "text.required"),
    ("address", "あ" * 201, "text.too_long"),
    ("birth_date", "2030-01-01", "date.future"),
    ("birth_date", "1990-02-30", "date.invalid"),
    ("phone", "090-1234", "phone.invalid"),
    ("email", "taro@", "email.invalid"),
    ("phone_changed", "maybe", "choice.required"),
]


@pytest.mark.parametrize(("field", "typed", "reason"), WRONG_FIELDS)
def test_each_wrong_field_is_named_with_its_reason(field: str, typed: str, reason: str) -> None:
    """SECURITY.md "Support requests": a rejected form names each wrong field, by reason id."""
    values, errors = support.validate_request({**FORM, field: typed}, today=TODAY)
    assert errors == {field: reason}
    assert field not in values


def test_several_wrong_fields_give_one_error_each_and_nothing_else() -> None:
    """SECURITY.md "Support requests": each wrong field named; the right ones keep their values."""
    form = {**FORM, "name": " ", "birth_date": "1990/13/01", "phone": "abc", "email": "no-at-sign"}
    values, errors = support.validate_request(form, today=TODAY)
    assert errors == {
        "name": "text.required",
        "birth_date": "date.invalid",
        "phone": "phone.invalid",
        "email": "email.invalid",
    }
    assert values == {key: VALUES[key] for key in ("address", "phone_changed", "details")}


def test_changed_phone_requires_the_new_number() -> None:
    """SECURITY.md "Support requests": whether the phone changed, and the new number."""
    _, missing = support.validate_request(
        {**FORM, "phone_changed": "yes", "new_phone": ""}, today=TODAY
    )
    assert missing == {"new_phone": "text.required"}
    values, errors = support.validate_request(
        {**FORM, "phone_changed": "yes", "new_phone": "+81 80 1111 2222"}, today=TODAY
    )
    assert errors == {}
    assert values["new_phone"] == "+818011112222"


def test_unchanged_phone_needs_no_new_number() -> None:
    """SECURITY.md "Support requests": the new number is asked only when the phone changed."""
    form = {key: value for key, value in FORM.items() if key != "new_phone"}
    values, errors = support.validate_request(form, today=TODAY)
    assert errors == {}
    assert "new_phone" not in values


def test_details_are_optional() -> None:
    """SECURITY.md "Support requests": free text is one of the fields, not a required one."""
    form = {key: value for key, value in FORM.items() if key != "details"}
    values, errors = support.validate_request(form, today=TODAY)
    assert errors == {}
    assert values["details"] == ""


def test_submit_opens_a_ticket_and_asks_for_a_selfie(store: Store, sandbox_id: str) -> None:
    """SECURITY.md "Support requests": the selfie is uploaded after support replies."""
    number = support.submit(store, sandbox_id=sandbox_id, values=VALUES, now=NOW)
    ticket = support.find_ticket(store, sandbox_id=sandbox_id, number=number)
    assert ticket is not None
    assert (ticket.status, ticket.email, ticket.fields, ticket.selfies) == (
        "selfie_requested",
        EMAIL,
        VALUES,
        (),
    )
    assert ticket_messages(store, sandbox_id, number) == [
        (EMAIL, "support_received"),
        (EMAIL, "selfie_requested"),
    ]


def test_selfie_is_stored_and_acknowledged(
    store: Store, photos: PhotoStore, sandbox_id: str
) -> None:
    """SECURITY.md "Support requests": stored under a random name outside any served folder."""
    number = support.submit(store, sandbox_id=sandbox_id, values=VALUES, now=NOW)
    cleaned = photo()
    support.add_selfie(
        store, photos, sandbox_id=sandbox_id, number=number, photo=cleaned, now=NOW + 60
    )
    ticket = support.find_ticket(store, sandbox_id=sandbox_id, number=number)
    assert ticket is not None and ticket.status == "selfie_received"
    assert [(s.media_type, s.created_at) for s in ticket.selfies] == [("image/jpeg", NOW + 60)]
    assert photos.path(ticket.selfies[0].file_name).read_bytes() == cleaned.data
    assert ticket_messages(store, sandbox_id, number)[-1] == (EMAIL, "selfie_received")


def test_same_photo_again_is_refused_even_with_other_exif(
    store: Store,
    photos: PhotoStore,
    sandbox_id: str,
) -> None:
    """SECURITY.md "Support requests": a photo identical to one already submitted is refused."""
    number = support.submit(store, sandbox_id=sandbox_id, values=VALUES, now=NOW)
    support.add_selfie(store, photos, sandbox_id=sandbox_id, number=number, photo=photo(), now=NOW)
    files = list(photos.root.iterdir())
    resaved = photo(make="PhoneB")
    assert selfie(make="PhoneB") != selfie()
    with pytest.raises(RejectedPhoto) as refused:
        support.add_selfie(
            store, photos, sandbox_id=sandbox_id, number=number, photo=resaved, now=NOW + 60
        )
    assert refused.value.reason == "photo.duplicate"
    assert list(photos.root.iterdir()) == files
    ticket = support.find_ticket(store, sandbox_id=sandbox_id, number=number)
    assert ticket is not None and len(ticket.selfies) == 1


def test_reset_needs_a_selfie_first(store: Store, photos: PhotoStore, sandbox_id: str) -> None:
    """SECURITY.md "Support requests": staff reset only after the ID selfie is in."""
    vault = Vault(secrets.token_bytes(32))
    account_id = account_with_two_factor(store, sandbox_id, vault)
    number = support.submit(store, sandbox_id=sandbox_id, values=VALUES, now=NOW)
    assert (
        support.reset_two_factor(store, sandbox_id=sandbox_id, number=number, now=NOW + 60) is False
    )
    assert account_row(store, account_id)["sealed_key"] is not None
    ticket = support.find_ticket(store, sandbox_id=sandbox_id, number=number)
    assert ticket is not None and ticket.status == "selfie_requested"


def test_reset_without_an_account_for_the_email_does_nothing(
    store: Store,
    photos: PhotoStore,
    sandbox_id: str,
) -> None:
    """SECURITY.md "Support requests": a ticket resets only the account registered with its email."""
    number = support.submit(store, sandbox_id=sandbox_id, values=VALUES, now=NOW)
    support.add_selfie(store, photos, sandbox_id=sandbox_id, number=number, photo=photo(), now=NOW)
    assert (
        support.reset_two_factor(store, sandbox_id=sandbox_id, number=number, now=NOW + 60) is False
    )
    ticket = support.find_ticket(store, sandbox_id=sandbox_id, number=number)
    assert ticket is not None and ticket.status == "selfie_received"


def test_reset_turns_2fa_off_and_signs_the_account_out(
    store: Store,
    photos: PhotoStore,
    sandbox_id: str,
) -> None:
    """SECURITY.md "re-enrol" and "Sessions": 2FA off deletes the key; sessions end (OWASP Session Management)."""
    vault = Vault(secrets.token_bytes(32))
    account_id = account_with_two_factor(store, sandbox_id, vault)
    sessions = [
        new_session(
            store, sandbox_id=sandbox_id, account_id=account_id, role="user", stage="full", now=NOW
        )
        for _ in range(2)
    ]
    number = support.submit(store, sandbox_id=sandbox_id, values=VALUES, now=NOW)
    support.add_selfie(store, photos, sandbox_id=sandbox_id, number=number, photo=photo(), now=NOW)

    assert (
        support.reset_two_factor(store, sandbox_id=sandbox_id, number=number, now=NOW + 60) is True
    )

    row = account_row(store, account_id)
    assert row["sealed_key"] is None and row["setup_required"] == 1
    account = find_account(store, account_id)
    assert account is not None and not account.two_factor and account.setup_required
    for session in sessions:
        assert find_session(store, session.token, role="user", now=NOW + 61) is None
    with store.read() as db:
        assert (
            db.execute(
                "SELECT count(*) FROM sessions WHERE account_id = ?", (account_id,)
            ).fetchone()[0]
            == 0
        )
        assert (
            db.execute(
                "SELECT count(*) FROM recovery_codes WHERE account_id = ?", (account_id,)
            ).fetchone()[0]
            == 0
        )
    ticket = support.find_ticket(store, sandbox_id=sandbox_id, number=number)
    assert ticket is not None and ticket.status == "resolved"
    assert ticket_messages(store, sandbox_id, number)[-1] == (EMAIL, "support_reset")


def test_ticket_is_invisible_from_another_sandbox(
    store: Store, photos: PhotoStore, sandbox_id: str
) -> None:
    """SECURITY.md "Support requests": the photo is shown only to support staff (of the visitor's sandbox)."""
    other = new_sandbox(store, NOW)[1].id
    number = support.submit(store, sandbox_id=sandbox_id, values=VALUES, now=NOW)
    assert support.find_ticket(store, sandbox_id=other, number=number) is None
    assert support.list_tickets(store, other) == []
    with pytest.raises(LookupError):
        support.add_selfie(store, photos, sandbox_id=other, number=number, photo=photo(), now=NOW)
    assert list(photos.root.iterdir()) == []
    assert support.reset_two_factor(store, sandbox_id=other, number=number, now=NOW) is False
