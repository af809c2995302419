"""What a writer waits for, as the browser shows it: from saving an article under ``mkdocs serve`` to
the reloaded page showing the new text in Chromium, the saved page's prose checks included (textlint
for a Japanese article, hooks/proofreading.py).

``benchmarks/rebuild.py`` times the rebuild alone (the served HTML changing); this adds the browser's
wait for the reload and the page's load. ``python -m benchmarks.preview`` prints the figure.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.rebuild import _wait_for
from devtools.chromium import CHROMIUM, CHROMIUM_FLAGS
from devtools.site_build import ROOT, copy_project

TARGET_SECONDS = 1.0
ARTICLE = "change-phone"


def save_to_browser_seconds(runs: int = 5) -> list[float]:
    """Seconds from each save of the Japanese article to Chromium showing its new sentence."""
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        shutil.copy2(ROOT / ".textlintrc.yml", project)  # the prose checks a writer's checkout has
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        serve = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/{ARTICLE}.html"
        article = project / "docs" / f"{ARTICLE}.md"
        original = article.read_text(encoding="utf-8")
        try:
            _wait_for(url, "")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                page = browser.new_page(locale="ja-JP", viewport={"width": 390, "height": 844})
                page.goto(url)
                times = []
                for run in range(runs):
                    time.sleep(2)  # the watcher settles, textlint has started
                    sentence = f"保存を確かめる文の{run + 1}番目です。"
                    start = time.monotonic()
                    article.write_text(original + f"\n{sentence}\n", encoding="utf-8")
                    page.get_by_text(sentence).wait_for(timeout=60_000)
                    times.append(time.monotonic() - start)
                    if page.locator(".help-mistakes").count():
                        raise RuntimeError("the saved sentence was refused by the checks; pick another")
                browser.close()
            return times
        finally:
            serve.terminate()
            serve.wait(timeout=30)


def load_average() -> float:
    return os.getloadavg()[0]


if __name__ == "__main__":
    load = load_average()
    figures = save_to_browser_seconds()
    print(f"median {statistics.median(figures):.2f} s, runs {[round(f, 2) for f in figures]}, load {load:.1f} "
          f"on {os.cpu_count()} cores")
