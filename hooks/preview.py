"""The mistakes of a failed rebuild, shown on the page in the browser under ``mkdocs serve``.

MkDocs leaves the browser on the old page when a rebuild fails, and the writer has to look at the
terminal to learn why. Here a failed rebuild puts the list of its mistakes (every message MkDocs
logged as a warning or an error, ours from ``hooks/mistakes.py`` one a line) at the top of every
page it left in the site folder, in the page's language, and lets the server reload the browsers.
The next good build writes every page anew, without the list, and reloads them again.

Not a hook (``hooks/serve.py`` sets it up), so it loads once.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from hooks import material, mistakes

STYLESHEET = "assets/stylesheets/preview.css"
BODY = re.compile(r"<body[^>]*>")
LANGUAGE = re.compile(r'<html[^>]*\blang="([^"]+)"')
HEADER = re.compile(r"^\d+ mistakes? to fix:$")
"""The first line of the one error hooks/verdict.py raises: the list says the count itself."""
log = logging.getLogger("mkdocs.hooks.preview")


class Preview:
    """What a failed rebuild needs to show its mistakes: the site folder and the templates."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.site = Path(config.site_dir)
        self.overlay = material.theme_macro(config, "hooks/mistakes.html", "overlay")
        self.words = config.extra["help"]["catalog"]
        self.default = str(config.theme["language"])

    def rebuild(self, builder: Callable[[], None]) -> None:
        """Run a rebuild; when it fails, show its mistakes on the pages instead of raising."""
        with _logged() as messages:
            try:
                builder()
                return
            except Exception as error:  # any failure: the writer sees it on the page
                if isinstance(error, SystemExit):
                    print(error, file=sys.stderr)
                else:
                    traceback.print_exc()
                    messages.append(f"{type(error).__name__}: {error}")
        problems = list(dict.fromkeys(line for message in messages for line in message.split("\n")
                                      if line.strip() and not HEADER.match(line)))
        shown = self.show(problems)
        log.error(f"The build stopped: {len(problems)} mistakes, shown on {shown} pages in the browser")

    def show(self, problems: list[str]) -> int:
        """Put ``problems`` at the top of every page in the site folder; returns how many."""
        pages = sorted(self.site.rglob("*.html"))
        for page in pages:
            text = page.read_text(encoding="utf-8")
            found = LANGUAGE.search(text)
            language = found[1] if found and found[1] in self.words else self.default
            body = BODY.search(text)
            if body is None:
                continue
            stylesheet = os.path.relpath(self.site / STYLESHEET, page.parent).replace(os.sep, "/")
            overlay = str(self.overlay(words=self.words[language], problems=[_split(line) for line in problems],
                                       stylesheet=stylesheet, language=language))
            page.write_text(text[: body.end()] + overlay + text[body.end():], encoding="utf-8")
        return len(pages)


def _split(problem: str) -> dict[str, Any]:
    """``docs/x.md:12: what is wrong`` -> where and what, for the list."""
    match = mistakes.WHERE.match(problem)
    if match is None:
        return {"where": "", "what": problem}
    return {"where": problem[: match.end() - 1], "what": problem[match.end():].strip()}


@contextmanager
def _logged() -> Iterator[list[str]]:
    """Every warning and error MkDocs (and the hooks, the plugins) log inside the block."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Keep(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
