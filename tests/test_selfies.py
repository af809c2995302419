"""demo/rules/selfies.py: which ID-selfie photos are kept, what is left of them, and where they go."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import stat
import struct
import warnings
import zlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from content import limits
from demo.rules import selfies
from demo.rules.selfies import (
    KEPT_PIXELS,
    MAX_BYTES,
    MAX_PIXELS,
    REASONS,
    CleanPhoto,
    RejectedPhoto,
    clean_photo,
)
from demo.storage.photo_store import NAME_PATTERN, PhotoStore
from demo.storage.store import Store
from tests.decode_watch import DecodeWatch

RED = (220, 30, 30)
BLUE = (30, 30, 220)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>CreatorTool-Secret</rdf:RDF></x:xmpmeta>'


def picture(mode: str = "RGB", size: tuple[int, int] = (40, 20)) -> Image.Image:
    """Red left half, blue right half: enough to tell which way up it came back."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image.convert(mode)


def encode(image: Image.Image, image_format: str, **options: object) -> bytes:
    output = io.BytesIO()
    image.save(output, image_format, **options)
    return output.getvalue()


def exif(*, orientation: int | None = None, gps: bool = False, make: str = "LeakyPhone") -> bytes:
    tags = Image.Exif()
    tags[ExifTags.Base.Make] = make
    tags[ExifTags.Base.Model] = "Model-7"
    if orientation is not None:
        tags[ExifTags.Base.Orientation] = orientation
    if gps:
        location = tags.get_ifd(ExifTags.IFD.GPSInfo)
        location[ExifTags.GPS.GPSLatitudeRef] = "N"
        location[ExifTags.GPS.GPSLatitude] = (35.0, 39.0, 29.0)
        location[ExifTags.GPS.GPSLongitudeRef] = "E"
        location[ExifTags.GPS.GPSLongitude] = (139.0, 44.0, 28.0)
        location[ExifTags.GPS.GPSMapDatum] = "WGS-84-HOME"
    return tags.tobytes()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says ``width`` x ``height`` and whose pixel data is garbage.

    Decoding it fails, so a ``too_many_pixels`` refusal proves the header was enough.
    """
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", b"garbage")


def rejection(data: bytes) -> str:
    with pytest.raises(RejectedPhoto) as refused:
        clean_photo(data)
    return refused.value.reason


def jpeg_with_everything() -> bytes:
    return encode(
        picture(),
        "JPEG",
        exif=exif(gps=True),
        xmp=XMP,
        icc_profile=SRGB,
        comment=b"comment-secret",
    )


def png_with_everything() -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "comment-secret")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return encode(picture(), "PNG", pnginfo=text, exif=exif(gps=True), icc_profile=SRGB)


SECRETS = [b"LeakyPhone", b"WGS-84-HOME", b"CreatorTool-Secret", b"comment-secret"]
JPEG_SEGMENTS = [b"Exif\x00", b"http://ns.adobe.com/xap/1.0/", b"ICC_PROFILE"]
PNG_CHUNKS = [b"eXIf", b"iCCP", b"tEXt", b"iTXt"]


@pytest.mark.parametrize(
    ("upload", "markers"),
    [
        (jpeg_with_everything(), SECRETS + JPEG_SEGMENTS),
        (png_with_everything(), SECRETS + PNG_CHUNKS),
    ],
    ids=["jpeg-exif-gps-xmp-icc-comment", "png-text-itxt-exif-icc"],
)
def test_nothing_but_pixels_survives_cleaning(upload: bytes, markers: list[bytes]) -> None:
    with Image.open(io.BytesIO(upload)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the fixture must carry GPS"
    assert [marker for marker in markers if marker not in upload] == []

    photo = clean_photo(upload)

    assert [marker for marker in markers if marker in photo.data] == []
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert not cleaned.getexif()
        assert not cleaned.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "icc_profile", "xmp", "comment", "Comment"} & cleaned.info.keys()
        assert not getattr(cleaned, "text", {})


def test_a_png_text_chunk_is_dropped() -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Hanako Yamada")
    photo = clean_photo(encode(picture(), "PNG", pnginfo=text))
    assert b"tEXt" not in photo.data and b"Hanako" not in photo.data


@pytest.mark.parametrize(
    "upload",
    [
        encode(picture(), "GIF"),
        encode(picture(), "WEBP"),
        encode(picture(), "BMP"),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n",
        b"<!doctype html><title>selfie.jpg</title><script>alert(1)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"\x00" + encode(picture(), "JPEG"),
    ],
    ids=["gif", "webp", "bmp", "pdf-header", "html-named-jpg", "svg", "jpeg-after-a-prefix"],
)
def test_only_jpeg_and_png_magic_bytes_are_accepted(upload: bytes) -> None:
    assert rejection(upload) == "error.photo.type"


def test_an_empty_upload_is_refused() -> None:
    assert rejection(b"") == "error.photo.empty"


@pytest.mark.parametrize(
    ("size", "reason"),
    [(MAX_BYTES + 1, "error.photo.too_large"), (MAX_BYTES, "error.photo.unreadable")],
    ids=["one-byte-over", "at-the-limit-then-decoded"],
)
def test_the_byte_limit_is_checked_before_decoding(size: int, reason: str) -> None:
    upload = b"\xff\xd8\xff" + bytes(size - 3)
    assert rejection(upload) == reason


@pytest.mark.parametrize(
    "size",
    [(8000, 8000), (10_000, 10_000), (20_000, 20_000), (MAX_PIXELS + 1, 1)],
    ids=["64-megapixels", "pillow-bomb-warning", "pillow-bomb-error", "one-pixel-over"],
)
def test_too_many_pixels_is_refused_from_the_header_alone(size: tuple[int, int]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert rejection(png_claiming(*size)) == "error.photo.too_many_pixels"
    assert caught == [], "Pillow's bomb warning is turned into the refusal, not logged"


def test_a_header_at_the_pixel_limit_goes_on_to_decoding() -> None:
    assert rejection(png_claiming(8000, MAX_PIXELS // 8000)) == "error.photo.unreadable"


def test_a_real_64_megapixel_png_is_refused() -> None:
    assert rejection(encode(Image.new("1", (8000, 8000)), "PNG")) == "error.photo.too_many_pixels"


JPEG = encode(picture(), "JPEG")
PNG = encode(picture(), "PNG")


@pytest.mark.parametrize(
    "upload",
    [
        JPEG[: len(JPEG) // 2],
        PNG[: len(PNG) // 2],
        b"\xff\xd8\xff" + b"not really a jpeg" * 10,
        b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10,
    ],
    ids=["truncated-jpeg", "truncated-png", "jpeg-magic-then-junk", "png-magic-then-junk"],
)
def test_a_truncated_or_corrupt_file_is_unreadable(upload: bytes) -> None:
    assert rejection(upload) == "error.photo.unreadable"


@pytest.mark.parametrize(
    ("orientation", "size", "red_at"),
    [
        (1, (40, 20), (5, 10)),
        (3, (40, 20), (35, 10)),
        (6, (20, 40), (10, 5)),
        (8, (20, 40), (10, 35)),
    ],
    ids=["upright", "upside-down", "rotated-right", "rotated-left"],
)
def test_exif_orientation_is_applied_to_the_pixels(
    orientation: int, size: tuple[int, int], red_at: tuple[int, int]
) -> None:
    photo = clean_photo(encode(picture(), "PNG", exif=exif(orientation=orientation)))

    assert (photo.width, photo.height) == size
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert cleaned.size == size
        assert cleaned.convert("RGB").getpixel(red_at) == RED
        assert ExifTags.Base.Orientation not in cleaned.getexif()


@pytest.mark.parametrize(
    ("image", "image_format", "mode", "media_type", "extension"),
    [
        (picture(), "JPEG", "RGB", "image/jpeg", ".jpg"),
        (picture("L"), "JPEG", "L", "image/jpeg", ".jpg"),
        (picture("CMYK"), "JPEG", "RGB", "image/jpeg", ".jpg"),
        (picture(), "PNG", "RGB", "image/png", ".png"),
        (picture("RGBA"), "PNG", "RGBA", "image/png", ".png"),
        (picture("LA"), "PNG", "LA", "image/png", ".png"),
        (picture("P"), "PNG", "P", "image/png", ".png"),
        (picture("1"), "PNG", "1", "image/png", ".png"),
        (picture("I;16"), "PNG", "I;16", "image/png", ".png"),
    ],
    ids=[
        "jpeg-rgb",
        "jpeg-gray",
        "jpeg-cmyk",
        "png-rgb",
        "png-rgba",
        "png-la",
        "png-p",
        "png-1",
        "png-16-bit",
    ],
)
def test_the_photo_comes_back_in_its_own_format_and_a_storable_mode(
    image: Image.Image, image_format: str, mode: str, media_type: str, extension: str
) -> None:
    photo = clean_photo(encode(image, image_format))

    assert (photo.media_type, photo.extension) == (media_type, extension)
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert (cleaned.format, cleaned.mode, cleaned.size) == (image_format, mode, image.size)
        if image_format == "PNG":
            assert cleaned.tobytes() == image.tobytes()


def test_a_transparent_palette_png_keeps_its_transparency() -> None:
    image = picture("P")
    red_index = image.getpixel((0, 0))
    photo = clean_photo(encode(image, "PNG", transparency=red_index))
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert cleaned.mode == "P"
        alpha = cleaned.convert("RGBA").getchannel("A")
        assert (alpha.getpixel((0, 0)), alpha.getpixel((39, 0))) == (0, 255)


def rotated_png_without_a_tag() -> bytes:
    return encode(picture().transpose(Image.Transpose.ROTATE_270), "PNG")


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (
            encode(picture(), "JPEG", quality=95, exif=exif(make="PhoneA")),
            encode(picture(), "JPEG", quality=95, exif=exif(make="PhoneB", gps=True)),
            True,
        ),
        (encode(picture(), "PNG", exif=exif(orientation=6)), rotated_png_without_a_tag(), True),
        (encode(picture(), "PNG"), encode(picture("RGBA"), "PNG"), False),
        (encode(picture(), "PNG"), encode(picture(size=(40, 21)), "PNG"), False),
    ],
    ids=["same-jpeg-other-exif", "orientation-tag-or-rotated-pixels", "other-mode", "other-size"],
)
def test_the_fingerprint_follows_the_pixels_not_the_metadata(
    first: bytes, second: bytes, same: bool
) -> None:
    assert first != second
    assert (clean_photo(first).fingerprint == clean_photo(second).fingerprint) is same


def test_the_same_picture_with_other_exif_is_refused_as_a_duplicate(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    first = clean_photo(encode(picture(), "JPEG", exif=exif(make="PhoneA")))
    again = clean_photo(encode(picture(), "JPEG", exif=exif(make="PhoneB", gps=True)))
    store.save(first, known_fingerprints=set())

    with pytest.raises(RejectedPhoto) as refused:
        store.save(again, known_fingerprints={first.fingerprint})

    assert refused.value.reason == "error.photo.duplicate"
    assert len(list((tmp_path / "photos").iterdir())) == 1


def test_a_photo_is_stored_privately_under_a_random_name(tmp_path: Path) -> None:
    root = tmp_path / "photos"
    store = PhotoStore(root)
    photo = clean_photo(PNG)

    names = [store.save(photo, known_fingerprints=()) for _ in range(2)]

    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert names[0] != names[1]
    for name in names:
        assert NAME_PATTERN.fullmatch(name) and name.endswith(".png")
        assert stat.S_IMODE(store.path(name).stat().st_mode) == 0o600
        assert store.path(name).read_bytes() == photo.data
    assert sorted(path.name for path in root.iterdir()) == sorted(names), "no temporary files"


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "/etc/passwd",
        "",
        "0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef.exe",
        "0123456789ABCDEF0123456789ABCDEF.jpg",
        "0123456789abcdef0123456789abcdef.jpg\n",
        "../0123456789abcdef0123456789abcdef.jpg",
        "0123456789abcdef0123456789abcdef.jpg/../../x",
        ".0123456789abcdef0123456789abcdef.part",
    ],
)
def test_only_names_the_store_makes_are_accepted(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        PhotoStore(tmp_path).path(name)
    with pytest.raises(ValueError):
        PhotoStore(tmp_path).delete(name)


def test_a_stored_photo_can_be_deleted_twice(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path)
    name = store.save(clean_photo(JPEG), known_fingerprints=())
    store.delete(name)
    store.delete(name)
    assert not store.path(name).exists()


def test_refusals_are_value_errors_carrying_a_message_id_only() -> None:
    assert REASONS == (
        "error.photo.empty",
        "error.photo.too_large",
        "error.photo.type",
        "error.photo.too_many_pixels",
        "error.photo.unreadable",
        "error.photo.duplicate",
    )
    assert isinstance(RejectedPhoto("error.photo.type"), ValueError)
    assert str(RejectedPhoto("error.photo.type")) == "error.photo.type"


def test_the_clean_photo_repr_leaves_out_the_bytes() -> None:
    photo: CleanPhoto = clean_photo(JPEG)
    assert "data=" not in repr(photo)
    assert (photo.width, photo.height) == (40, 20)


def test_photos_sent_at_once_are_decoded_one_at_a_time() -> None:
    """SECURITY.md "Support requests and the ID selfie": three uploads at once never hold three
    decoded photos; the two kept waiting are each cleaned after their turn."""
    uploads = [encode(picture(size=(40 + extra, 20)), "PNG") for extra in range(3)]
    with pytest.MonkeyPatch.context() as monkeypatch, ThreadPoolExecutor(3) as pool:
        watch = DecodeWatch(monkeypatch)
        cleaning = [pool.submit(clean_photo, upload) for upload in uploads]
        try:
            assert watch.arrived(3) == (limits.PHOTO_DECODES, 3 - limits.PHOTO_DECODES) == (1, 2)
        finally:
            watch.release()
        photos = [future.result(timeout=60) for future in cleaning]
    assert watch.most == 1
    assert [(photo.width, photo.height) for photo in photos] == [(40, 20), (41, 20), (42, 20)]


def test_a_refused_photo_gives_up_its_turn() -> None:
    for corrupt in (PNG[: len(PNG) // 2], png_claiming(MAX_PIXELS + 1, 1)):
        assert rejection(corrupt) in ("error.photo.unreadable", "error.photo.too_many_pixels")
    assert selfies._DECODES.acquire(blocking=False)
    selfies._DECODES.release()


def test_the_same_file_again_is_refused_before_it_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """SECURITY.md "Support requests and the ID selfie": the file's SHA-256 is checked first."""

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("Pillow was asked to read the file")

    sent = clean_photo(JPEG)
    assert sent.upload_digest == hashlib.sha256(JPEG).hexdigest()
    monkeypatch.setattr(Image, "open", no_decoding)
    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(RejectedPhoto) as refused:
        clean_photo(JPEG, known_uploads={sent.upload_digest})
    assert refused.value.reason == "error.photo.duplicate"


def test_the_same_picture_in_another_file_is_left_to_the_fingerprint() -> None:
    first = encode(picture(), "JPEG", quality=95, exif=exif(make="PhoneA"))
    second = encode(picture(), "JPEG", quality=95, exif=exif(make="PhoneB", gps=True))
    sent = clean_photo(first)

    again = clean_photo(second, known_uploads={sent.upload_digest})

    assert again.upload_digest == hashlib.sha256(second).hexdigest() != sent.upload_digest
    assert again.fingerprint == sent.fingerprint


def grain(mode: str, size: tuple[int, int] = (1031, 1040)) -> Image.Image:
    """Every row different, over a megapixel and an odd width: the fingerprint takes several strips."""
    noise = Image.effect_noise(size, 60)
    flipped = (noise.transpose(Image.Transpose.FLIP_TOP_BOTTOM), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    return Image.merge("RGB", (noise, *flipped)).convert(mode)


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"])
def test_the_fingerprint_is_still_the_digest_of_all_the_pixels(mode: str) -> None:
    """Hashed strip by strip, it equals SHA-256 over the whole ``tobytes()`` as before, so the
    fingerprints an older version stored still find the same picture."""
    upload = encode(grain(mode), "PNG")
    with Image.open(io.BytesIO(upload)) as decoded:
        palette = bytes(decoded.getpalette() or []) if decoded.mode == "P" else b""
        header = f"{decoded.mode}:{decoded.width}x{decoded.height}:{len(palette)}:".encode()
        expected = hashlib.sha256(header + palette + decoded.tobytes()).hexdigest()
    assert clean_photo(upload).fingerprint == expected


DARK, LIGHT = 50, 200


def halves(size: tuple[int, int]) -> Image.Image:
    """A large grey photo, dark on the left: cheap to make at 32 MP."""
    image = Image.new("L", size, LIGHT)
    image.paste(DARK, (0, 0, size[0] // 2, size[1]))
    return image


@pytest.mark.parametrize(
    ("size", "orientation", "kept", "dark_at"),
    [
        ((8000, 4000), 1, (4000, 2000), (100, 1000)),
        ((8000, 4000), 3, (4000, 2000), (3900, 1000)),
        ((8000, 4000), 6, (2000, 4000), (1000, 100)),
        ((8000, 4000), 8, (2000, 4000), (1000, 3900)),
        ((7999, 4000), 1, (7999, 4000), (100, 2000)),
    ],
    ids=["32-megapixels-halved", "halved-upside-down", "halved-rotated-right", "halved-rotated-left",
         "just-under-kept-whole"],
)
def test_a_jpeg_far_larger_than_staff_need_is_decoded_at_half_size_and_upright(
    size: tuple[int, int], orientation: int, kept: tuple[int, int], dark_at: tuple[int, int]
) -> None:
    """From four times ``KEPT_PIXELS`` up, a JPEG is decoded at 1/2 scale: a quarter of the memory."""
    assert 4 * KEPT_PIXELS == 8000 * 4000
    photo = clean_photo(encode(halves(size), "JPEG", exif=exif(orientation=orientation)))

    assert (photo.width, photo.height) == kept
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert (cleaned.size, cleaned.mode) == (kept, "L")
        light_at = (kept[0] - 1 - dark_at[0], kept[1] - 1 - dark_at[1])
        assert abs(cleaned.getpixel(dark_at) - DARK) < 8 and abs(cleaned.getpixel(light_at) - LIGHT) < 8
        assert not cleaned.getexif()


def test_a_rotated_palette_png_is_turned_in_place_and_keeps_its_palette() -> None:
    image = picture("P")
    photo = clean_photo(encode(image, "PNG", exif=exif(orientation=6)))
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert (cleaned.mode, cleaned.size) == ("P", (20, 40))
        turned = image.transpose(Image.Transpose.ROTATE_270)  # what orientation 6 asks for
        assert cleaned.convert("RGB").tobytes() == turned.convert("RGB").tobytes()


def test_an_older_data_folder_gains_the_upload_digest_column(tmp_path: Path) -> None:
    """Photos kept before the digest existed are found by their fingerprint alone."""
    path = tmp_path / "demo.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE selfies (id INTEGER PRIMARY KEY, ticket_number INTEGER NOT NULL, "
                   "file_name TEXT NOT NULL, media_type TEXT NOT NULL, fingerprint TEXT NOT NULL, "
                   "created_at REAL NOT NULL)")
        db.execute("INSERT INTO selfies VALUES (1, 7, 'a.jpg', 'image/jpeg', 'f', 0)")
        db.commit()
    Store(path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT fingerprint, upload_digest FROM selfies").fetchall() == [("f", "")]
