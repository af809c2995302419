"""The ID-selfie photo a user attaches to a support ticket: checked, cleaned and stored.

The rules follow the OWASP File Upload Cheat Sheet: allow a short list of types decided
by the file's content rather than its name or Content-Type, limit the size before doing
any work, rewrite the image so nothing but pixels survives (no EXIF, GPS, XMP, ICC
profile or comment), and store it under a name the server generates, outside anything
served, readable by the service alone.

``clean_photo`` never touches the disk; ``PhotoStore`` never decodes. Refusals carry a
message id from ``REASONS`` and no text: the web layer translates them.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import tempfile
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from PIL import Image, ImageOps

from demo import limits

MAX_BYTES = limits.PHOTO_BYTES
MAX_PIXELS = limits.PHOTO_PIXELS

Reason = Literal[
    "photo.empty",
    "photo.too_large",
    "photo.type",
    "photo.too_many_pixels",
    "photo.unreadable",
    "photo.duplicate",
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
    saved again with other metadata is recognised as the same photo.
    """

    data: bytes = field(repr=False)
    media_type: str
    extension: str
    width: int
    height: int
    fingerprint: str


@dataclass(frozen=True, slots=True)
class _Kind:
    magic: bytes
    pillow_format: str
    media_type: str
    extension: str


_JPEG = _Kind(b"\xff\xd8\xff", "JPEG", "image/jpeg", ".jpg")
_PNG = _Kind(b"\x89PNG\r\n\x1a\n", "PNG", "image/png", ".png")
_KINDS = (_JPEG, _PNG)

_JPEG_QUALITY = 90
_JPEG_MODES = frozenset({"L", "RGB"})
_PNG_MODES = frozenset({"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"})

_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError)
"""What Pillow raises for truncated or corrupt files (``UnidentifiedImageError`` is an OSError)."""

_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)

_NAME_LENGTH = 16
NAME_PATTERN = re.compile(
    rf"[0-9a-f]{{{2 * _NAME_LENGTH}}}(?:{'|'.join(re.escape(k.extension) for k in _KINDS)})"
)
"""The only file names ``PhotoStore`` hands out or accepts back."""


def clean_photo(data: bytes) -> CleanPhoto:
    """Check an uploaded photo and return it rewritten with nothing but its pixels.

    Cheapest checks first (OWASP File Upload Cheat Sheet, "File Content Validation"):
    byte count, then magic bytes, then the pixel count from the header; only then are
    the pixels decoded, turned upright and written into a brand-new image.
    """
    _check_size(data)
    kind = _detect_kind(data)
    upright = _decode_upright(kind, data)
    return _reencode(kind, upright)


def _check_size(data: bytes) -> None:
    """Refuse empty and oversized uploads before any parser sees them (OWASP: file size)."""
    if not data:
        raise RejectedPhoto("photo.empty")
    if len(data) > MAX_BYTES:
        raise RejectedPhoto("photo.too_large")


def _detect_kind(data: bytes) -> _Kind:
    """The type by magic bytes only: OWASP warns that names and Content-Type are user input."""
    for kind in _KINDS:
        if data.startswith(kind.magic):
            return kind
    raise RejectedPhoto("photo.type")


def _decode_upright(kind: _Kind, data: bytes) -> Image.Image:
    """Decode with the one Pillow plugin the magic bytes chose and apply EXIF orientation.

    Pillow's own decompression-bomb guard fires at a pixel count above ``MAX_PIXELS``,
    so its error and warning (made an error here) both mean "too many pixels". Other
    warnings concern metadata that is about to be dropped and are ignored.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[kind.pillow_format]) as image:
                _check_pixels(image.size)
                image.load()
                return ImageOps.exif_transpose(image)
        except RejectedPhoto:
            raise
        except _BOMBS as error:
            raise RejectedPhoto("photo.too_many_pixels") from error
        except _DECODE_ERRORS as error:
            raise RejectedPhoto("photo.unreadable") from error


def _check_pixels(size: tuple[int, int]) -> None:
    """Refuse by header dimensions, before ``load`` allocates width x height pixels."""
    width, height = size
    if width * height > MAX_PIXELS:
        raise RejectedPhoto("photo.too_many_pixels")


def _reencode(kind: _Kind, upright: Image.Image) -> CleanPhoto:
    """Write the pixels into a fresh image, so no ``info`` or EXIF can follow them out."""
    pixels = upright.tobytes()
    fingerprint = _fingerprint(upright, pixels)
    mode = _output_mode(kind, upright)
    source = upright if mode == upright.mode else upright.convert(mode)
    fresh = _fresh_image(source, pixels if source is upright else source.tobytes())
    output = io.BytesIO()
    if kind is _JPEG:
        fresh.save(output, "JPEG", quality=_JPEG_QUALITY)
    elif "transparency" in source.info:
        fresh.save(output, "PNG", transparency=source.info["transparency"])
    else:
        fresh.save(output, "PNG")
    return CleanPhoto(
        data=output.getvalue(),
        media_type=kind.media_type,
        extension=kind.extension,
        width=fresh.width,
        height=fresh.height,
        fingerprint=fingerprint,
    )


def _fingerprint(image: Image.Image, pixels: bytes) -> str:
    """SHA-256 over mode, size, palette and pixels: what the picture is, not how it was saved."""
    palette = bytes(image.getpalette() or []) if image.mode == "P" else b""
    header = f"{image.mode}:{image.width}x{image.height}:{len(palette)}:".encode()
    return hashlib.sha256(header + palette + pixels).hexdigest()


def _output_mode(kind: _Kind, image: Image.Image) -> str:
    """A mode the output format stores as is: JPEG gets L or RGB, PNG keeps alpha."""
    if kind is _JPEG:
        return image.mode if image.mode in _JPEG_MODES else "RGB"
    if image.mode in _PNG_MODES:
        return image.mode
    return "RGBA" if image.has_transparency_data else "RGB"


def _fresh_image(source: Image.Image, pixels: bytes) -> Image.Image:
    """A new image from raw pixels (and palette): its ``info`` starts empty."""
    fresh = Image.frombytes(source.mode, source.size, pixels)
    if source.mode == "P":
        fresh.putpalette(source.getpalette() or [])
    return fresh


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
            raise RejectedPhoto("photo.duplicate")
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
