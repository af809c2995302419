"""The held-out search queries on two engines over the same articles: today's, and the one at a
given commit (its worker, engine, search hook and vocabulary copied into a copy of today's tree).

    .venv/bin/python -m benchmarks.held_out e901454     # the engine before MiniSearch
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from content import catalog
from devtools.chromium import CHROMIUM, CHROMIUM_FLAGS
from devtools.search_runner import RUN, judged
from devtools.site_build import ROOT, build, copy_project

ENGINE = ("overrides/assets/javascripts/workers/search-worker.js",
          "overrides/assets/javascripts/workers/search-engine.js", "hooks/search.py", "data/vocabulary.toml")
"""What an engine is made of; files added since (MiniSearch's helpers) are left in place unused."""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No line per request."""


def success(site: Path) -> dict[str, tuple[int, int, list[str]]]:
    """Per language: held-out hits, queries, and the queries missed."""
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    found: dict[str, tuple[int, int, list[str]]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for language in catalog.LANGUAGES:
                queries = [query for query in judged(language) if query.set == "held-out"]
                page = browser.new_page()
                page.goto(base + catalog.home(language))
                answers = page.evaluate(RUN, {"queries": [q.text for q in queries], "base": catalog.home(language)})
                ranked = [[location.split("#")[0].removesuffix(".html") for location in answer][:3]
                          for answer in answers["answers"]]
                missed = [q.text for q, top in zip(queries, ranked, strict=True) if not set(q.expect) & set(top)]
                found[language] = (len(queries) - len(missed), len(queries), missed)
            browser.close()
    finally:
        server.shutdown()
    return found


def main(commit: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        older = copy_project(Path(folder) / "older")
        for path in ENGINE:
            source = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True,
                                    check=True).stdout
            (older / path).write_text(source, encoding="utf-8")
        for name, project in ((f"engine at {commit}", older), ("today's engine", ROOT)):
            built = build(project, Path(folder) / f"site-{len(name)}")
            assert built.ok, built.output[-2000:]
            for language, (hits, total, missed) in success(built.site).items():
                print(f"{name}, {language}: held-out success@3 {hits}/{total}; missed: {missed}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "e901454")
