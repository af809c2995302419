"""Chromium as this machine runs it: Debian's build (Playwright's own download is not used), with
the flags that keep a headless run quiet and off the network.

Debian's ``chromium-headless-shell`` when it is installed: Chromium's old headless mode, the same
Blink without the full browser's window and compositor, which runs the browser tests in a fifth
less time here (BENCHMARKS.md "The test suite"); ``chromium`` otherwise; ``CHROMIUM=/path`` for
another (CI names the runner's Chrome)."""

from __future__ import annotations

import os
from pathlib import Path

HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = os.environ.get("CHROMIUM") or (HEADLESS_SHELL if Path(HEADLESS_SHELL).exists() else "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
