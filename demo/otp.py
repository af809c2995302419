"""Time-based one-time passwords (RFC 6238) as the service issues them.

Pure functions: time is an argument and randomness comes from ``secrets``, so the
help center's build hooks and the demo backend show and accept exactly the same
keys and codes.
"""

from __future__ import annotations

import base64
import hmac
import math
import re
import secrets
from collections.abc import Iterable
from urllib.parse import quote

import pyotp
import qrcode
import qrcode.constants

KEY_BYTES = 20
"""160-bit keys: RFC 4226 section 4 (R6) recommends 160 bits and requires 128."""

KEY_LENGTH = len(base64.b32encode(bytes(KEY_BYTES)))
"""Base32 characters a reader sees (32 for 20 bytes, no padding)."""

KEY_GROUP = 4
"""Characters per group when a key is shown to a person."""

DIGITS = 6
STEP_SECONDS = 30
"""RFC 6238 section 4.1: X, the time step, 30 seconds by default."""

WINDOW_STEPS = 1
"""Steps accepted either side of the server's current one (T-1, T, T+1)."""

WINDOW_SECONDS = (2 * WINDOW_STEPS + 1) * STEP_SECONDS

PENDING_SECONDS = 10 * 60
"""An unconfirmed key is forgotten after ten minutes (SECURITY.md "pending setup")."""

LOCK_AFTER = 100
"""Consecutive refused codes after which code sign-in stops until support resets 2FA."""

RECOVERY_CODE_COUNT = 10
"""Recovery codes issued at setup and at each renewal."""

RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
"""30 symbols without 0 O 1 I L U, so a code read aloud or copied from paper cannot be misread."""

RECOVERY_CODE_BITS = 50
RECOVERY_CODE_LENGTH = math.ceil(RECOVERY_CODE_BITS / math.log2(len(RECOVERY_ALPHABET)))
"""11 characters (about 54 bits); 10 would give only 49."""

QR_MASK = 2
"""QR mask pattern used for every code (see qr_svg)."""

DARK_RUN = re.compile(b"\x01+")

_QR_VERSIONS: dict[tuple[tuple[int, int], ...], int] = {}


def new_secret() -> str:
    """Return a fresh Base32 key of ``KEY_BYTES`` random bytes, without padding."""
    return base64.b32encode(secrets.token_bytes(KEY_BYTES)).decode("ascii").rstrip("=")


def format_key(secret: str) -> str:
    """Split a Base32 key into groups of four so a person can copy it by hand."""
    return " ".join(secret[i : i + KEY_GROUP] for i in range(0, len(secret), KEY_GROUP))


def otpauth_uri(secret: str, *, account: str, issuer: str) -> str:
    """The Key URI an authenticator app reads from the QR code (Google Key URI format).

    Label ``ISSUER:ACCOUNT`` and the ``issuer`` parameter are percent-encoded, so
    Japanese names survive; SHA1, 6 digits and 30 s are the format's defaults.
    """
    label = f"{quote(issuer, safe='')}:{quote(account, safe='@')}"
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer, safe='')}"


def code_at(secret: str, unix_time: int) -> str:
    """The code an authenticator shows for ``secret`` at ``unix_time`` (RFC 6238, SHA1)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(unix_time)


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as a standalone SVG document (pure: callers may cache it by input).

    qrcode encodes; the SVG is one path with a rectangle per run of dark modules.
    The mask is fixed instead of scored (ISO/IEC 18004 section 7.8): scoring all
    eight masks is most of qrcode's time, and any mask decodes.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=QR_MASK)
    code.add_data(uri)
    segments = tuple((segment.mode, len(segment)) for segment in code.data_list)
    if segments not in _QR_VERSIONS:  # the version depends on segment modes and lengths only
        _QR_VERSIONS[segments] = code.best_fit()
    code.version = _QR_VERSIONS[segments]
    code.make(fit=False)
    matrix = code.get_matrix()
    runs = [
        f"M{start} {y}h{end - start}v1H{start}z"
        for y, row in enumerate(matrix)
        for start, end in (run.span() for run in DARK_RUN.finditer(bytes(row)))
    ]
    size = len(matrix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )



def step_at(unix_time: float) -> int:
    """RFC 6238 section 4.2: T = floor((time - T0) / X) with T0 = 0."""
    return int(unix_time // STEP_SECONDS)


def matching_step(secret: str, code: str, unix_time: float) -> int | None:
    """The time step whose code equals ``code``, searching T-1, T and T+1 (RFC 6238 section 5.2).

    All candidates are compared, so the answer's timing does not tell which step matched.
    """
    now = step_at(unix_time)
    return _first_match(secret, code, range(now - WINDOW_STEPS, now + WINDOW_STEPS + 1))


NEARBY_STEPS = 20
"""How far outside the window a refused code is recognised (10 minutes either way)."""


def offset_outside_window(secret: str, code: str, unix_time: float) -> int | None:
    """For a code the window refused: how many steps from now it belongs to (negative: an old
    code or a slow clock; positive: a fast clock), or None if it is no nearby step's code.

    Lets the refusal say "expired" or "your clock is ahead" instead of "wrong". A guess gains
    little from it: 40 nearby steps are 40 in a million of the code space.
    """
    now = step_at(unix_time)
    before = range(now - WINDOW_STEPS - NEARBY_STEPS, now - WINDOW_STEPS)
    after = range(now + WINDOW_STEPS + 1, now + WINDOW_STEPS + NEARBY_STEPS + 1)
    step = _first_match(secret, code, [*reversed(before), *after])
    return None if step is None else step - now


def _first_match(secret: str, code: str, steps: Iterable[int]) -> int | None:
    """Every candidate is compared in constant time, and all of them always."""
    found = None
    for step in steps:
        expected = code_at(secret, step * STEP_SECONDS)
        if hmac.compare_digest(expected.encode(), code.encode()) and found is None:
            found = step
    return found
