"""Time-based one-time passwords (RFC 6238) as the service issues and checks them.

Every figure of a code is here, and everything that shows or checks a code reads it
from here at call time: the build hooks, the demo backend, and (through the page
data, ``demo.web.context.page_context``) the simulated phones' script.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

import pyotp

DIGITS = 6
"""RFC 4226 section 5.3: Digit, at least 6. The Key URI format allows 6 or 8."""

STEP_SECONDS = 30
"""RFC 6238 section 4.1: X, the time step, 30 seconds by default."""

ALGORITHM = "SHA1"
"""The HMAC hash, by its Key URI name (RFC 6238 section 1.2: SHA-1 by default); every app reads it."""

WINDOW_STEPS = 1
"""Steps accepted either side of the server's current one (T-1, T, T+1): the one place the window
is set. Everything that states it (``content/figures.py``: its seconds, the drift it allows) and
everything that checks it reads this at call time."""

NEARBY_STEPS = 20
"""How far outside the window a refused code is recognised (10 minutes either way)."""

_HASHES = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
"""The algorithms the Key URI format names, by that name."""


def code_at(secret: str, unix_time: int) -> str:
    """The code an authenticator shows for ``secret`` at ``unix_time`` (RFC 6238 section 4)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS, digest=_HASHES[ALGORITHM]).at(unix_time)


def step_at(unix_time: float) -> int:
    """RFC 6238 section 4.2: T = floor((time - T0) / X) with T0 = 0."""
    return int(unix_time // STEP_SECONDS)


def matching_step(secret: str, code: str, unix_time: float) -> int | None:
    """The time step whose code equals ``code``, searching T-1, T and T+1 (RFC 6238 section 5.2).

    All candidates are compared, so the answer's timing does not tell which step matched.
    """
    now = step_at(unix_time)
    return _first_match(secret, code, range(now - WINDOW_STEPS, now + WINDOW_STEPS + 1))


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
