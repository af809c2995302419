"""The ID-selfie photo a user attaches to a support ticket: checked, cleaned and stored.

The rules follow the OWASP File Upload Cheat Sheet: allow a short list of types decided
by the file's content rather than its name or Content-Type, limit the size before doing
any work, rewrite the image so nothing but pixels survives (no EXIF, GPS, XMP, ICC
profile or comment), and store it under a name the server generates, outside anything
served, readable by the service alone.

Decoding is where the memory goes (a 40 MP RGB photo is 160 MB of pixels), so it is
bounded three ways: one photo is decoded at a time (``limits.PHOTO_DECODES``), no more
than two full-size images exist at once (the decoded pixels and their rewrite), and a
file already sent is refused by its digest before it is decoded (SECURITY.md "Support
requests and the ID selfie").

``clean_photo`` never touches the disk; ``PhotoStore`` never decodes. Refusals carry a
message id from ``REASONS`` and no text: the web layer translates them.
"""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from collections.abc import Collection
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps

from content import limits
from demo.storage.photo_store import REASONS, CleanPhoto, Reason, RejectedPhoto

__all__ = ["REASONS", "CleanPhoto", "Reason", "RejectedPhoto", "clean_photo", "upload_digest"]

MAX_BYTES = limits.PHOTO_BYTES
MAX_PIXELS = limits.PHOTO_PIXELS
KEPT_PIXELS = limits.PHOTO_KEPT_PIXELS

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

_DECODES = threading.BoundedSemaphore(limits.PHOTO_DECODES)
"""Turns at decoding, shared by the server's worker threads; a request waits for its turn.
With one turn, ``warnings.catch_warnings`` (process-wide state) is never entered twice at once."""

_STRIP_PIXELS = 1024 * 1024
"""Pixels hashed at a time (4 MB at most) for the fingerprint: no full-size ``tobytes``."""



def clean_photo(data: bytes, *, known_uploads: Collection[str] = ()) -> CleanPhoto:
    """Check an uploaded photo and return it rewritten with nothing but its pixels.

    Cheapest checks first (OWASP File Upload Cheat Sheet, "File Content Validation"):
    byte count, then magic bytes, then the file's digest against ``known_uploads`` (the
    same file sent again is a duplicate, refused without decoding it); then, one photo
    at a time, the pixel count from the header, and only then are the pixels decoded,
    turned upright and written into a brand-new image.
    """
    _check_size(data)
    kind = _detect_kind(data)
    digest = upload_digest(data)
    if digest in known_uploads:
        raise RejectedPhoto("error.photo.duplicate")
    with _DECODES:
        return _clean(kind, data, digest)


def upload_digest(data: bytes) -> str:
    """SHA-256 of the file as uploaded: how the same file is recognised before decoding."""
    return hashlib.sha256(data).hexdigest()


def _check_size(data: bytes) -> None:
    """Refuse empty and oversized uploads before any parser sees them (OWASP: file size)."""
    if not data:
        raise RejectedPhoto("error.photo.empty")
    if len(data) > MAX_BYTES:
        raise RejectedPhoto("error.photo.too_large")


def _detect_kind(data: bytes) -> _Kind:
    """The type by magic bytes only: OWASP warns that names and Content-Type are user input."""
    for kind in _KINDS:
        if data.startswith(kind.magic):
            return kind
    raise RejectedPhoto("error.photo.type")


def _clean(kind: _Kind, data: bytes, digest: str) -> CleanPhoto:
    """Open with the one Pillow plugin the magic bytes chose, check the header, decode, rewrite.

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
                _decode_upright(kind, image)
                return _reencode(kind, image, digest)
        except RejectedPhoto:
            raise
        except _BOMBS as error:
            raise RejectedPhoto("error.photo.too_many_pixels") from error
        except _DECODE_ERRORS as error:
            raise RejectedPhoto("error.photo.unreadable") from error


def _decode_upright(kind: _Kind, image: ImageFile.ImageFile) -> None:
    """Decode the pixels and apply the EXIF orientation, in place (no copy when upright).

    A JPEG of ``4 * KEPT_PIXELS`` or more is downscaled while it is decoded: libjpeg's
    DCT scaling (Pillow's draft mode) gives 1/2, 1/4 or 1/8 of each side, the most
    that keeps at least ``KEPT_PIXELS``, so a 40 MP JPEG arrives as 10 MP. Staff see
    that smaller photo. The orientation is read from the EXIF, not from the size, so a
    downscaled photo is turned exactly as the full one would be.
    """
    if kind is _JPEG:
        scale = _draft_scale(image.size)
        if scale > 1:
            image.draft(image.mode, (max(1, image.width // scale), max(1, image.height // scale)))
    image.load()
    ImageOps.exif_transpose(image, in_place=True)


def _draft_scale(size: tuple[int, int]) -> int:
    """The greatest of libjpeg's reductions (1/8, 1/4, 1/2) that keeps ``KEPT_PIXELS`` or more."""
    width, height = size
    return next((scale for scale in (8, 4, 2) if width * height >= KEPT_PIXELS * scale * scale), 1)


def _check_pixels(size: tuple[int, int]) -> None:
    """Refuse by header dimensions, before ``load`` allocates width x height pixels."""
    width, height = size
    if width * height > MAX_PIXELS:
        raise RejectedPhoto("error.photo.too_many_pixels")


def _reencode(kind: _Kind, upright: Image.Image, digest: str) -> CleanPhoto:
    """Write the pixels into a fresh image, so no ``info`` or EXIF can follow them out.

    At most two full-size copies exist at once: ``upright`` is closed (its pixels freed)
    as soon as the fresh image has them, before encoding.
    """
    fingerprint = _fingerprint(upright)
    mode = _output_mode(kind, upright)
    source = upright if mode == upright.mode else upright.convert(mode)
    if source is not upright:
        upright.close()
    fresh = _fresh_image(source)
    transparency = source.info.get("transparency") if kind is _PNG else None
    source.close()
    output = io.BytesIO()
    if kind is _JPEG:
        fresh.save(output, "JPEG", quality=_JPEG_QUALITY)
    elif transparency is not None:
        fresh.save(output, "PNG", transparency=transparency)
    else:
        fresh.save(output, "PNG")
    return CleanPhoto(
        data=output.getvalue(),
        media_type=kind.media_type,
        extension=kind.extension,
        width=fresh.width,
        height=fresh.height,
        fingerprint=fingerprint,
        upload_digest=digest,
    )


def _fingerprint(image: Image.Image) -> str:
    """SHA-256 over mode, size, palette and pixels: what the picture is, not how it was saved.

    The pixels are hashed in strips of whole rows, which gives the digest of ``tobytes()``
    without a second full-size copy.
    """
    palette = bytes(image.getpalette() or []) if image.mode == "P" else b""
    header = f"{image.mode}:{image.width}x{image.height}:{len(palette)}:".encode()
    digest = hashlib.sha256(header + palette)
    rows = max(1, _STRIP_PIXELS // image.width)
    for top in range(0, image.height, rows):
        digest.update(image.crop((0, top, image.width, min(top + rows, image.height))).tobytes())
    return digest.hexdigest()


def _output_mode(kind: _Kind, image: Image.Image) -> str:
    """A mode the output format stores as is: JPEG gets L or RGB, PNG keeps alpha."""
    if kind is _JPEG:
        return image.mode if image.mode in _JPEG_MODES else "RGB"
    if image.mode in _PNG_MODES:
        return image.mode
    return "RGBA" if image.has_transparency_data else "RGB"


def _fresh_image(source: Image.Image) -> Image.Image:
    """A new image with the pixels (and palette) pasted in: its ``info`` starts empty."""
    fresh = Image.new(source.mode, source.size)
    if source.mode == "P":
        fresh.putpalette(source.getpalette() or [])
    fresh.paste(source)
    return fresh
