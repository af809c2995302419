"""Limits the pages quote as well as enforce: the photo a support request takes, a sandbox's life.

Kept apart from the modules that enforce them (``selfies``, ``sandboxes``) so the
catalog can name them without loading Pillow or the database.
"""

from __future__ import annotations

import os

PHOTO_BYTES = 10 * 1024 * 1024
"""Largest ID selfie read at all: a phone's full-resolution JPEG fits with room to spare."""

PHOTO_PIXELS = 40_000_000
"""Largest width x height decoded, read from the header first (a 40 MP RGB image is 120 MB)."""

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
