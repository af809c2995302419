"""``mkdocs serve`` notices a saved article sooner.

MkDocs polls the docs folder every 0.5 s, so a writer waited 0.25 s on average before the
rebuild even began, and the whole save-to-page took just over a second (BENCHMARKS.md).
Polling every 0.1 s costs little for a few dozen files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

POLL_SECONDS = 0.1


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    watched = []
    for path in [config.docs_dir, config.config_file_path, *config.theme.dirs]:
        try:  # what `mkdocs serve` watched before this event (the theme only with --watch-theme)
            server.unwatch(path)
        except KeyError:
            continue
        watched.append(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path in watched:
        server.watch(path)
    return server
