"""Limits the pages quote as well as enforce: the photo a support request takes, a sandbox's life,
how long a setup waits for its code and how many wrong codes lock code sign-in.

Kept apart from the modules that enforce them (``selfies``, ``sandboxes``, ``twofactor``,
``gate``) so the catalog and the build hooks can name them without loading Pillow or the
database. The code rules themselves are in ``otp_core``.
"""

from __future__ import annotations

import os

PHOTO_BYTES = 10 * 1024 * 1024
"""Largest ID selfie read at all: a phone's full-resolution JPEG fits with room to spare."""

PHOTO_PIXELS = 40_000_000
"""Largest width x height decoded, read from the header first (a 40 MP RGB image is 120 MB)."""

PHOTO_DECODES = 1
"""Photos decoded at once; the others wait their turn. A 40 MP PNG holds about 320 MB while it
is decoded and rewritten (Pillow keeps RGB in 4 bytes a pixel, and the rewrite is a second copy)."""

PHOTO_KEPT_PIXELS = 8_000_000
"""The least a large JPEG is reduced to: at four times this or more it is decoded at half scale
(or less), so a 40 MP JPEG takes 40 MB, not 160. 8 MP (3264 x 2448) still shows staff a face and
an ID card clearly; a 12 MP phone photo is kept whole."""

PENDING_SECONDS = 10 * 60
"""An unconfirmed key is forgotten after ten minutes (SECURITY.md "pending setup")."""

LOCK_AFTER = 100
"""Consecutive refused codes after which code sign-in stops until support resets 2FA, and
consecutive wrong passwords after which the password waits ``PASSWORD_LOCK_SECONDS`` a try
(NIST SP 800-63B-4 section 3.2.2: no more than 100 failed attempts in a row)."""

def code_wait_seconds(refusals: int) -> int:
    """The wait before the next code is looked at, after ``refusals`` refused codes in a row: it
    doubles with each one (OWASP MFA Cheat Sheet, throttling), 1 s after the first."""
    return int(2 ** (refusals - 1))


PASSWORD_WAIT_MAX = 5 * 60
"""The longest wait after a wrong password before the cap: 2^(n-1) seconds, then no more than this.
A guesser needs about 8 hours to reach the cap; a reader who forgot is never kept waiting long."""

PASSWORD_LOCK_SECONDS = 12 * 60 * 60
"""After ``LOCK_AFTER`` wrong passwords in a row, each try waits half a day: the cap holds guessing
to two tries a day, while the owner is not shut out for good by whoever knows the email."""

PASSWORD_MAIL_AFTER = 5
"""Wrong passwords in a row after which the owner is mailed (and again at the cap)."""

STEP_UP_SECONDS = 10 * 60
"""How long a password typed in a session (at sign-in or to confirm) lets that session change
a factor, as GitHub's sudo mode and Google's re-authentication do."""

STEP_UP_TRIES = 3
"""Wrong passwords at a step-up after which the session ends."""

MIN_PASSWORD = 8
"""NIST SP 800-63B section 5.1.1.2: at least 8 characters."""
MAX_PASSWORD = 128

COMMENT_LENGTH = 500
"""The longest comment a reader may leave under "Was this helpful?"."""

def usable_cores() -> int:
    """The cores this process may run on (Linux knows its affinity; elsewhere, all of them)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


SANDBOX_SECONDS = 24 * 60 * 60
"""Everything a visitor makes is purged after a day (SECURITY.md "Support requests and the ID selfie")."""
