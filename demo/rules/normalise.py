"""Normalise what people type into the demo's forms, in Japanese or in English.

Pure functions, no framework: each takes the raw text of one field and returns its canonical
form, or raises ``InvalidInput`` with a stable message id from ``REASONS``. The web layer turns
ids into ja/en messages; nothing here is shown to a person as-is.

Every function bounds the length of the raw input before doing any work, then applies NFKC so
full-width digits and letters from a Japanese IME mean the same as ASCII ones (OWASP Input
Validation Cheat Sheet, "Validating Free Form Unicode Text": normalise, then allow-list).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
import unicodedata

import phonenumbers

from otp_core import keys, recovery_codes, totp

REASONS: tuple[str, ...] = (
    "error.text.required",
    "error.text.too_long",
    "error.code.format",
    "error.recovery.format",
    "error.key.invalid",
    "error.key.ambiguous",
    "error.key.too_short",
    "error.phone.invalid",
    "error.date.invalid",
    "error.date.future",
    "error.date.too_old",
    "error.email.invalid",
)
"""Every reason ``InvalidInput`` carries; the web layer needs a ja and an en message for each."""

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70"
"""Hyphen-minus and the look-alikes an IME produces: dashes, minus sign, katakana long vowel."""

KEY_INPUT_LIMIT = 128
"""Characters of a hand-typed key read at all (the page's script is told the same figure)."""

MAX_AGE_YEARS = 130
DEFAULT_REGION = "JP"

_ASCII_DIGITS = frozenset("0123456789")
_PHONE_CHARACTERS = re.compile(r"\+?[0-9(). -]+", re.ASCII)
_DATE_FORMATS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})", re.ASCII),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日", re.ASCII),
)
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&*+/=?^_{|}~.-]{1,64}", re.ASCII)
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", re.ASCII)


class InvalidInput(ValueError):
    """A field the form cannot accept; ``reason`` is one of ``REASONS``, never prose."""

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalise_code(text: str) -> str:
    """Return the ASCII digits of a one-time code (``otp_core.totp.DIGITS`` of them), typed
    full-width or grouped with a dash.

    NIST SP 800-63B-3 §5.1.4.1 allows OTP output of 6 decimal digits; only 0-9 count, because
    ``str.isdigit`` also accepts digits of other scripts that no authenticator app shows.
    """
    code = _drop_separators(_fold_input(text, limit=32, reason="error.code.format"))
    if len(code) != totp.DIGITS or not _ASCII_DIGITS.issuperset(code):
        raise InvalidInput("error.code.format")
    return code


def normalise_recovery_code(text: str) -> str:
    """Return a recovery code in upper case without its hyphens, as ``otp_core.recovery_codes``
    made it: its length and symbols are read from there."""
    code = _drop_separators(_fold_input(text, limit=64, reason="error.recovery.format"))
    if not code.isascii():
        raise InvalidInput("error.recovery.format")
    code = code.upper()
    if len(code) != recovery_codes.RECOVERY_CODE_LENGTH or not set(code) <= set(recovery_codes.RECOVERY_ALPHABET):
        raise InvalidInput("error.recovery.format")
    return code


def normalise_key(text: str) -> str:
    """Return a hand-typed TOTP key as canonical upper-case Base32 without padding.

    RFC 4648 §3.3 lets the referring specification decide which non-alphabet characters to
    ignore: here spaces, hyphens and ``=`` padding (§3.2), since apps show keys in groups.
    0, 1 and 8 are not in the alphabet (§6) but are what people type for O, I and B, so they get
    their own reason. RFC 4226 §4 (R6) requires a shared secret of at least 128 bits
    (``otp_core.keys.KEY_MIN_BITS``).
    """
    key = _drop_separators(_fold_input(text, limit=KEY_INPUT_LIMIT, reason="error.key.invalid")).replace("=", "")
    if not key.isascii():
        raise InvalidInput("error.key.invalid")
    key = key.upper()
    strays = set(key) - set(keys.KEY_ALPHABET)
    if strays:
        raise InvalidInput("error.key.ambiguous" if strays <= set("018") else "error.key.invalid")
    if len(key) < keys.KEY_MIN_LENGTH:
        raise InvalidInput("error.key.too_short")
    try:
        base64.b32decode(key + "=" * (-len(key) % 8))
    except binascii.Error:
        raise InvalidInput("error.key.invalid") from None
    return key


def normalise_phone(text: str) -> str:
    """Return a phone number in E.164 (``+819012345678``), reading national numbers as Japanese.

    The allow-list runs before ``phonenumbers`` because that library would otherwise read
    letters as keypad digits and drop an extension silently (OWASP Input Validation Cheat
    Sheet, "Allow list vs block list").
    """
    folded = _fold_input(text, limit=40, reason="error.phone.invalid")
    number = " ".join(_unify_dashes(folded).split())
    if not _PHONE_CHARACTERS.fullmatch(number):
        raise InvalidInput("error.phone.invalid")
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidInput("error.phone.invalid") from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput("error.phone.invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def parse_birth_date(text: str, *, today: datetime.date) -> datetime.date:
    """Read a birth date typed as ``YYYY-MM-DD``, ``YYYY/MM/DD`` or ``YYYY年M月D日``.

    ISO is what ``<input type="date">`` sends; the others are how people write a date by hand.
    Syntax first, then meaning (OWASP Input Validation Cheat Sheet, "syntactic and semantic
    validation"): the day must exist, not be after ``today``, and not make the person 130.
    """
    folded = _fold_input(text, limit=32, reason="error.date.invalid")
    born = _read_date("".join(_unify_dashes(folded).split()))
    if born > today:
        raise InvalidInput("error.date.future")
    if _count_years(born, today) >= MAX_AGE_YEARS:
        raise InvalidInput("error.date.too_old")
    return born


def _read_date(text: str) -> datetime.date:
    for pattern in _DATE_FORMATS:
        if match := pattern.fullmatch(text):
            try:
                return datetime.date(*map(int, match.groups()))
            except ValueError:
                break
    raise InvalidInput("error.date.invalid")


def _count_years(born: datetime.date, today: datetime.date) -> int:
    """Whole years from ``born`` to ``today``; a 29 February birthday counts from 1 March."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def normalise_email(text: str) -> str:
    """Check an email address's syntax only and return it with the domain in lower case.

    Only sending a message proves an address (OWASP Input Validation Cheat Sheet, "Email
    Address Validation"); this catches typos. Limits: 64 octets for the local part (RFC 5321
    §4.5.3.1.1) and 254 in all. Quotes and backticks are refused as that sheet advises; dots
    may stand anywhere in the local part, as in older Japanese mobile-carrier addresses. The
    local part keeps its case (RFC 5321 §2.4).
    """
    address = _fold_input(text, limit=254, reason="error.email.invalid").strip()
    local, at, domain = address.rpartition("@")
    labels = domain.split(".")
    if (
        not at
        or len(address) > 254
        or not _EMAIL_LOCAL.fullmatch(local)
        or len(labels) < 2
        or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels)
    ):
        raise InvalidInput("error.email.invalid")
    return f"{local}@{domain.lower()}"


def normalise_text(text: str, *, max_length: int, required: bool = True) -> str:
    """Return a name, address or free text with invisible characters removed and ends stripped.

    The raw length is bounded before any work (twice ``max_length``, since NFKC can lengthen
    text); then control and format characters go, such as NUL or U+202E, which reverses how
    the text after it is displayed (OWASP Input Validation Cheat Sheet, "Validating Free Form
    Unicode Text"). Line breaks stay, as ``\\n``; a tab becomes a space.
    """
    if max_length < 1:
        raise ValueError("max_length must be positive")
    _cap_length(text, 2 * max_length, "error.text.too_long")
    folded = unicodedata.normalize("NFKC", text.replace("\r\n", "\n"))
    cleaned = "".join(map(_clean_character, folded)).strip()
    if not cleaned and required:
        raise InvalidInput("error.text.required")
    if len(cleaned) > max_length:
        raise InvalidInput("error.text.too_long")
    return cleaned


def _clean_character(character: str) -> str:
    """Keep one character, make it a line break or a space, or drop it (Cc, Cf, and Cs,
    which UTF-8 cannot encode)."""
    if character in "\n\r\u2028\u2029":
        return "\n"
    if character == "\t":
        return " "
    return "" if unicodedata.category(character) in {"Cc", "Cf", "Cs"} else character


def _fold_input(text: str, *, limit: int, reason: str) -> str:
    """Bound the raw length, then apply NFKC; an input that is only spaces is missing."""
    _cap_length(text, limit, reason)
    folded = unicodedata.normalize("NFKC", text)
    if not folded.strip():
        raise InvalidInput("error.text.required")
    return folded


def _cap_length(text: str, limit: int, reason: str) -> None:
    if len(text) > limit:
        raise InvalidInput(reason)


def _drop_separators(text: str) -> str:
    """Remove the spaces and hyphens people add to group characters they copy by hand."""
    return "".join(c for c in text if not c.isspace() and c not in DASHES)


def _unify_dashes(text: str) -> str:
    return text.translate({ord(dash): "-" for dash in DASHES})
