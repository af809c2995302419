"""Searches that look like something a reader must never give away, dropped before they are stored.

A reader in trouble types what is in front of them into the first box they see: the code from the
app, a recovery code, the secret key from a setup page, their email address or phone number. The
help center has no article named by such a string, so none of them says anything the writers need,
and every one of them would be a secret kept in clear for a year. The shapes are those of this
service's own secrets (``otp_core``) and of contact details; ordinary searches ("認証コード 6桁",
"iPhone 15", "2fa reset") are kept.

The text is read after ``clean_text`` (NFKC), so full-width digits and letters count as ASCII.
"""

from __future__ import annotations

import re

import phonenumbers

from otp_core.recovery_codes import RECOVERY_ALPHABET, RECOVERY_CODE_LENGTH, RECOVERY_GROUP

_DIGIT_GROUPS = re.compile(r"(?<=\d{3})[\s\-.](?=\d{3})")
"""A space, hyphen or dot between two groups of three or more digits, as codes and numbers are
written (123 456, 090-1234-5678); not between "iPhone 15" and "2023"."""

_CODE = re.compile(r"\d{6,}")
"""A code from the app (6 to 8 digits) or any longer number: a phone, card or account number."""

_SYMBOLS = re.escape(RECOVERY_ALPHABET)
_GROUPS = RECOVERY_CODE_LENGTH // RECOVERY_GROUP
_RECOVERY_HYPHENATED = re.compile(
    rf"(?<![\w-])[{_SYMBOLS}]{{{RECOVERY_GROUP}}}(?:-[{_SYMBOLS}]{{{RECOVERY_GROUP}}}){{1,{_GROUPS - 1}}}(?![\w-])",
    re.IGNORECASE)
"""A recovery code as it is printed (ABCDE-FGHJK-MNPQR), or two of its groups."""

_RECOVERY_PLAIN = re.compile(
    rf"(?<!\w)[{_SYMBOLS}]{{{RECOVERY_GROUP}}}(?: ?[{_SYMBOLS}]{{{RECOVERY_GROUP}}}){{{_GROUPS - 1}}}(?!\w)",
    re.IGNORECASE)
"""A recovery code typed without its hyphens, with or without spaces."""

_BASE32 = re.compile(r"(?<!\w)(?:[A-Z2-7]{16,}|[A-Z2-7]{4}(?: [A-Z2-7]{4}){3,})(?!\w)", re.IGNORECASE)
"""A secret key (RFC 4648 base32), whole or in the groups of four a setup page shows."""

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]{2,}")


def looks_private(query: str) -> bool:
    """Whether a search holds a code, a recovery code, a secret key, an email address or a phone
    number, and must not be kept."""
    if _CODE.search(_DIGIT_GROUPS.sub("", query)) or _EMAIL.search(query):
        return True
    if _RECOVERY_HYPHENATED.search(query):
        return True
    candidates = [match.group() for pattern in (_RECOVERY_PLAIN, _BASE32) for match in pattern.finditer(query)]
    if any(_random_looking(candidate) for candidate in candidates):
        return True
    return _has_phone_number(query)


def _random_looking(text: str) -> bool:
    """Letters only from a run of words ("what does this mean") are a phrase; a random key has a
    digit in all but a few per cent of cases, and a key copied as shown is in capitals."""
    compact = text.replace(" ", "")
    return any(character.isdigit() for character in compact) or compact.isupper()


def _has_phone_number(query: str) -> bool:
    """A phone number in a Japanese or an international (+country) form (libphonenumber)."""
    for region in ("JP", None):
        for _ in phonenumbers.PhoneNumberMatcher(query, region, leniency=phonenumbers.Leniency.POSSIBLE):
            return True
    return False
