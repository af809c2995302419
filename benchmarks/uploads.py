"""ID-selfie uploads at the size limits: three at once against the real server, its peak memory.

    .venv/bin/python -m benchmarks.uploads [BUILT_SITE]

The server runs in its own process (``python -m server``, as ``bin/serve`` starts it) on the built
help center (built here when no folder is given). A fresh sandbox files a support request,
support asks for an ID selfie at once, and three photos just under the limits of
``content/limits.py`` (10 MB, 40 megapixels) are sent at the same moment: a 39.9-megapixel PNG that
compresses small, the same size again with an EXIF orientation to apply, and a 39.9-megapixel
JPEG a little under 10 MB. Figures: the server's peak resident memory (VmHWM in
``/proc/PID/status``) before and after, the time until the last answer, and the time the same
PNG takes to be refused when it is sent again.
"""

from __future__ import annotations

import asyncio
import io
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from PIL import ExifTags, Image

from content import limits
from devtools.server import start_server
from devtools.site_build import ROOT, build

TARGET_MIB = 600
SIZE = (7300, 5465)
"""39,894,500 pixels: just under ``limits.PHOTO_PIXELS``."""
REQUEST = {
    "name": "山田 花子", "address": "東京都千代田区1-1", "birth_date": "1990-04-01", "phone": "090-1234-5678",
    "phone_changed": "no", "email": "hanako@example.com", "details": "写真の負荷試験",
}


@dataclass(frozen=True)
class Photo:
    label: str
    data: bytes
    media_type: str


@dataclass(frozen=True)
class UploadFigures:
    photos: tuple[Photo, ...]
    peak_before_mib: float
    peak_after_mib: float
    resident_after_mib: float
    seconds: float
    accepted: int
    statuses: tuple[int, ...]
    duplicate_ms: float
    duplicate_refused: bool


def maximum_photos() -> tuple[Photo, ...]:
    """Three different pictures at the limits (different, so none is refused as a duplicate)."""
    width, height = SIZE
    halves = Image.new("RGB", SIZE, (30, 30, 220))
    halves.paste((220, 30, 30), (0, 0, width // 2, height))
    bands = Image.new("RGB", SIZE, (240, 240, 240))
    bands.paste((20, 120, 20), (0, height // 3, width, 2 * height // 3))
    turned = Image.Exif()
    turned[ExifTags.Base.Orientation] = 6
    return (
        Photo("PNG 39.9 MP", _encode(halves, "PNG"), "image/png"),
        Photo("PNG 39.9 MP, EXIF orientation 6", _encode(bands, "PNG", exif=turned.tobytes()), "image/png"),
        Photo("JPEG 39.9 MP", _largest_jpeg(), "image/jpeg"),
    )


def _largest_jpeg() -> bytes:
    """A photo-like JPEG (gradients and grain) at the highest quality that stays within the byte limit."""
    grain = Image.effect_noise(SIZE, 24)
    ramp = Image.linear_gradient("L").resize(SIZE)
    image = Image.merge("RGB", (ramp, grain, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    best, low, high = b"", 10, 95
    while low <= high:
        quality = (low + high) // 2
        data = _encode(image, "JPEG", quality=quality)
        if len(data) <= limits.PHOTO_BYTES:
            best, low = data, quality + 1
        else:
            high = quality - 1
    if not best:
        raise RuntimeError("no JPEG quality fits the byte limit")
    return best


def _encode(image: Image.Image, image_format: str, **options: object) -> bytes:
    output = io.BytesIO()
    image.save(output, image_format, **options)
    return output.getvalue()


def measure(site: Path) -> UploadFigures:
    photos = maximum_photos()
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(site, Path(folder))
        try:
            return asyncio.run(_uploads(server.url, server.process.pid, photos))
        finally:
            server.stop()


async def _uploads(url: str, pid: int, photos: tuple[Photo, ...]) -> UploadFigures:
    async with httpx.AsyncClient(base_url=url, timeout=600) as client:
        filed = await client.post("/demo/support", data={**await _form(client, "/demo/support"), **REQUEST})
        ticket = filed.headers["location"]
        form = await _form(client, ticket)  # the ticket's page, with its selfie form
        target = f"{ticket}/selfie"

        async def send(photo: Photo) -> httpx.Response:
            return await client.post(target, data=form, files={"photo": ("me", photo.data, photo.media_type)})

        peak_before = _status_kib(pid, "VmHWM")
        start = time.perf_counter()
        answers = await asyncio.gather(*(send(photo) for photo in photos))
        seconds = time.perf_counter() - start
        peak_after = _status_kib(pid, "VmHWM")
        resident = _status_kib(pid, "VmRSS")
        start = time.perf_counter()
        again = await send(photos[0])
        duplicate_ms = (time.perf_counter() - start) * 1000
    return UploadFigures(
        photos=photos,
        peak_before_mib=peak_before / 1024,
        peak_after_mib=peak_after / 1024,
        resident_after_mib=resident / 1024,
        seconds=seconds,
        accepted=sum("sent=1" in answer.headers.get("location", "") for answer in answers),
        statuses=tuple(answer.status_code for answer in answers),
        duplicate_ms=duplicate_ms,
        duplicate_refused="?form=" in again.headers.get("location", ""),
    )


async def _form(client: httpx.AsyncClient, path: str) -> dict[str, str]:
    """The CSRF field of the form on ``path``."""
    page = await client.get(path)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    if found is None:
        raise RuntimeError(f"no form on {path}")
    return {"csrf": found.group(1)}


def lines(figures: UploadFigures) -> list[str]:
    """The BENCHMARKS.md section's lines after its heading."""
    under = figures.peak_after_mib < TARGET_MIB
    sent = ", ".join(f"{photo.label} ({len(photo.data) / 2**20:.2f} MiB)" for photo in figures.photos)
    return [
        f"Three uploads sent at once to one ticket: {sent}.\n",
        "| figure | value | target |", "|---|---|---|",
        f"| server peak resident memory (VmHWM) before the uploads | {figures.peak_before_mib:.0f} MiB | |",
        f"| server peak resident memory (VmHWM) after the uploads | {figures.peak_after_mib:.0f} MiB | "
        f"< {TARGET_MIB} MiB {'✓' if under else '✗'} |",
        f"| server resident memory (VmRSS) after the uploads | {figures.resident_after_mib:.0f} MiB | |",
        f"| time until the last of the three answers | {figures.seconds:.2f} s | |",
        f"| accepted | {figures.accepted} of {len(figures.photos)} (HTTP {', '.join(map(str, figures.statuses))}) | "
        f"all, no 5xx {'✓' if figures.accepted == len(figures.photos) else '✗'} |",
        f"| the first PNG sent again: refused as a duplicate | {figures.duplicate_ms:.0f} ms | "
        f"refused {'✓' if figures.duplicate_refused else '✗'} |",
    ]


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def _built(site: Path) -> Path:
    built = build(ROOT, site)
    if not built.ok:
        raise SystemExit(f"site build failed:\n{built.output[-3000:]}")
    return site


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(sys.argv[1]) if len(sys.argv) > 1 else _built(Path(folder) / "site")
        figures = measure(site)
    print("## ID-selfie uploads\n")
    print("\n".join(lines(figures)))


if __name__ == "__main__":
    main()
