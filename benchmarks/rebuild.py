"""What a writer waits for: the time from saving an article to ``mkdocs serve`` serving it."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from devtools.site_build import copy_project

TARGET_SECONDS = 1.0
FLAGS: list[str] = []


def rebuild_seconds(runs: int = 5) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        serve = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *FLAGS],
            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/change-phone.html"
        try:
            _wait_for(url, "")
            article = project / "docs" / "change-phone.md"
            times = []
            for run in range(runs):
                marker = f"rebuild-marker-{run}"
                time.sleep(1.5)  # let the watcher settle between edits
                start = time.monotonic()
                article.write_text(article.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
                _wait_for(url, marker)
                times.append(time.monotonic() - start)
            return times
        finally:
            serve.terminate()
            serve.wait(timeout=30)


def _wait_for(url: str, text: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200 and text in response.text:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} never showed {text!r}")


if __name__ == "__main__":
    figures = rebuild_seconds()
    print(f"median {statistics.median(figures):.2f} s, runs {[round(f, 2) for f in figures]}")
