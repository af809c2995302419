"""``python -m server``: serve the built site and the demo on ``HOST`` (127.0.0.1 unless set)."""

from __future__ import annotations

import contextlib
import ctypes

import uvicorn

from demo.storage.vault import VaultError
from server.app import create_app
from server.settings import Settings

M_MMAP_THRESHOLD = -3
"""mallopt's parameter number for the mmap threshold (glibc malloc.h)."""


def _return_big_buffers_to_the_system() -> None:
    """glibc keeps a freed 19 MiB argon2 buffer in each thread's arena; with blocks of 1 MiB
    and more mapped and unmapped instead, the server's memory falls back after a burst."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to tune
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 1024 * 1024)


def main() -> None:
    _return_big_buffers_to_the_system()
    try:
        settings = Settings.from_env()
    except ValueError as error:
        raise SystemExit(f"not started: {error}") from None
    if not (settings.site_dir / "index.html").is_file():
        raise SystemExit(f"no built site in {settings.site_dir}: run bin/serve (it builds first)")
    try:
        app = create_app(settings)
    except VaultError as error:
        raise SystemExit(f"demo not started: {error}") from None
    where = f"[{settings.host}]" if ":" in settings.host else settings.host  # IPv6 in a URL (RFC 3986 3.2.2)
    print(f"Help center: http://{where}:{settings.port}/  demo: http://{where}:{settings.port}/demo/", flush=True)
    # The app believes forwarded headers itself, from TRUSTED_PROXIES only (server.app); uvicorn's
    # own default would believe them from 127.0.0.1, which without a proxy is every client.
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", proxy_headers=False)


if __name__ == "__main__":
    main()
