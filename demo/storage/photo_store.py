"""Where ID-selfie photos are kept: files under random names in a private folder.

OWASP File Upload Cheat Sheet, "File Storage Location" and "Filename Sanitization": the
server picks the name, the folder is private, and a name coming back from a request is
accepted only if it has the exact shape of one the store made. ``demo/rules/selfies.py`` decides
what a photo may be; this module never decodes one. The photo's types live here, at the bottom
layer, so the rules above hand down a ``CleanPhoto`` without the store looking up at them.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

Reason = Literal[
    "error.photo.empty",
    "error.photo.too_large",
    "error.photo.type",
    "error.photo.too_many_pixels",
    "error.photo.unreadable",
    "error.photo.duplicate",
]
REASONS: tuple[Reason, ...] = get_args(Reason)
"""Every message id a ``RejectedPhoto`` can carry, for the web layer's translations."""


class RejectedPhoto(ValueError):
    """A photo the service will not keep; ``reason`` is a message id from ``REASONS``."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


@dataclass(frozen=True, slots=True)
class CleanPhoto:
    """A re-encoded photo, safe to store and to show back to support staff.

    ``fingerprint`` is the SHA-256 of the upright decoded pixels, so the same picture
    saved again with other metadata is recognised as the same photo; ``upload_digest``
    is the SHA-256 of the file as uploaded, so the same file is known before decoding.
    """

    data: bytes = field(repr=False)
    media_type: str
    extension: str
    width: int
    height: int
    fingerprint: str
    upload_digest: str

EXTENSIONS = (".jpg", ".png")
"""The file name endings of the photos kept, one per kind ``demo/rules/selfies.py`` writes."""

_NAME_LENGTH = 16
NAME_PATTERN = re.compile(
    rf"[0-9a-f]{{{2 * _NAME_LENGTH}}}(?:{'|'.join(re.escape(extension) for extension in EXTENSIONS)})"
)
"""The only file names ``PhotoStore`` hands out or accepts back."""


class PhotoStore:
    """Photos on disk under random names, readable by the service's user only.

    OWASP File Upload Cheat Sheet, "File Storage Location" and "Filename Sanitization":
    the server picks the name, the directory is private, and a name coming back from a
    request is accepted only if it has the exact shape of one the store made.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def save(self, photo: CleanPhoto, *, known_fingerprints: Collection[str]) -> str:
        """Store a photo and return its new name; a photo already on the ticket is refused.

        Sending the same picture twice is how a stale or borrowed photo looks, so the
        user is asked to take a new one.
        """
        if photo.fingerprint in known_fingerprints:
            raise RejectedPhoto("error.photo.duplicate")
        name = secrets.token_hex(_NAME_LENGTH) + photo.extension
        self._write_atomically(self.path(name), photo.data)
        return name

    def path(self, name: str) -> Path:
        """The file for a stored name; anything else (``../x``, ``/etc/passwd``) is refused."""
        if not NAME_PATTERN.fullmatch(name):
            raise ValueError(f"not a stored photo name: {name!r}")
        return self.root / name

    def delete(self, name: str) -> None:
        """Remove a stored photo; one already gone is not an error."""
        self.path(name).unlink(missing_ok=True)

    def delete_unnamed(self, *, keep: Collection[str], older_than: float) -> None:
        """Remove files no row names (an upload cut short by a crash, a stray ``.part``)
        last changed at ``older_than`` or before; an upload in progress is seconds old."""
        for path in self.root.iterdir():
            if path.name not in keep and path.stat().st_mtime <= older_than:
                path.unlink(missing_ok=True)

    def _write_atomically(self, target: Path, data: bytes) -> None:
        """Write to a temporary file beside the target, then rename it into place.

        A reader never sees half a photo. ``mkstemp`` creates the file with mode 0600,
        and its dot-name never matches ``NAME_PATTERN``, so it cannot be served.
        """
        descriptor, temporary = tempfile.mkstemp(dir=self.root, prefix=".", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
