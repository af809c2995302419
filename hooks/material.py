"""The one seam to Material for MkDocs' and MkDocs' internals: one function per thing we lean on.

Material reaches end of life in May 2027 and its successor, Zensical, runs no MkDocs hooks and
renders templates with MiniJinja (README, "Moving off Material"). Whatever our hooks need from
Material or MkDocs beyond their documented events, blocks and settings goes through a function
here, so a move (or an upgrade) changes this module and nothing else. ``hooks/contract.py`` checks
each assumption against an installed theme; ``tests/test_material_contract.py`` runs those checks
against Material (and fails when one no longer holds), ``benchmarks/zensical.py`` against Zensical.

Not a hook (it is not listed under ``hooks:``), so it loads once and keeps no state.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.utils import DuplicateFilter
from watchdog.events import FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from hooks.shared import template_cache

MATERIAL_VERSION = "9.8.2"
"""The Material for MkDocs every adapter here was checked against."""
MKDOCS_VERSION = "1.6.1"
"""The MkDocs whose ``mkdocs serve`` internals ``poll_every``, ``forget_reported_messages`` and
``rebuild_through`` use."""

# The page's app config: Material's base.html, block "config" ---------------------------------

APP_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
"""The JSON script Material's bundle reads at start: ``base`` (the site root its search fetches
``search/search_index.json`` from and resolves result links against) and ``search`` (the URL of
the search worker)."""
APP_CONFIG_KEYS = ("base", "features", "search", "translations")
"""The keys of the app config that our pages read or rewrite."""


def app_config(html: str) -> dict[str, Any]:
    """The app config of a rendered ``config`` block (or page)."""
    match = APP_CONFIG.search(html)
    if match is None:
        raise ValueError("Material's __config script was not found; check the theme version (hooks/material.py)")
    data: dict[str, Any] = json.loads(match.group(2))
    return data


def with_app_config(html: str, app: dict[str, Any]) -> str:
    """``html`` with its app config replaced by ``app``, escaped so it cannot close the script early."""
    app_config(html)  # exactly one to replace, or the error that says which theme changed
    data = json.dumps(app, ensure_ascii=False).replace("<", "\\u003c")
    return APP_CONFIG.sub(lambda match: match.group(1) + data + match.group(3), html, count=1)


# The search worker's protocol: Material's integrations/search/worker/message -----------------

SEARCH_MESSAGES = ("SETUP", "READY", "QUERY", "RESULT")
"""The messages between Material's page and its search worker, numbered in this order from 0.
``overrides/assets/javascripts/workers/search-worker.js`` answers them."""
SEARCH_INDEX = "search/search_index.json"
"""Where Material's bundle fetches the index, below the app config's ``base``."""

# Copied partials ---------------------------------------------------------------------------

COPIED_PARTIALS = {
    "partials/search.html": (
        "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
        ('<div class="md-search" data-md-component="search" role="dialog">',),  # + aria-label (axe)
    ),
}
"""Material's partials that ``overrides/`` copies because no block holds them: the SHA-256 of
Material's file the copy was made from (when Material's changes, port the change to the copy) and
the lines of it that the copy changes (every other line of Material's is in the copy)."""

# Material's page as our scripts see it ------------------------------------------------------

DOM_ADAPTER = "assets/javascripts/material.js"
"""The one module of ours that reads Material's page by its classes (below ``overrides/``); our
other scripts import it."""

# Theme templates -----------------------------------------------------------------------------

BLOCKS = ("site_meta", "header", "hero", "content", "config", "scripts")
"""The blocks of Material's base.html that overrides/main.html and home.html fill."""


def theme_macro(config: MkDocsConfig, template: str, name: str) -> Any:
    """A macro of one of our templates (``hooks/sample.html``), from the theme's Jinja environment
    (Material's templates and ``overrides/``), so it can use the theme's filters."""
    return getattr(template_cache(config.theme.get_env(), config).get_template(template).module, name)


def language_text(config: MkDocsConfig, locale: str) -> Any:
    """Material's ``t`` macro for ``locale`` (``partials/languages/<locale>.html``): its words and
    its search settings (``search.config.separator``, ``search.config.pipeline``)."""
    return theme_macro(config, f"partials/languages/{locale}.html", "t")


# mkdocs serve ------------------------------------------------------------------------------

BUILD_LOGGER = "mkdocs.commands.build"
"""The logger whose DuplicateFilter (added by MkDocs' command line) hides a message logged before."""


def forget_reported_messages() -> None:
    """Make MkDocs' command line show again a message it has shown before in this process: under
    ``mkdocs serve`` its DuplicateFilter would hide a mistake reported on an earlier rebuild."""
    for log_filter in logging.getLogger(BUILD_LOGGER).filters:
        if isinstance(log_filter, DuplicateFilter):
            log_filter.msgs.clear()


def poll_every(server: LiveReloadServer, seconds: float, paths: Iterable[str]) -> list[str]:
    """Give ``mkdocs serve`` (before it starts) an observer that polls every ``seconds``, watching
    again those of ``paths`` it watched; returns them. Paths watched after this event (mkdocs.yml's
    ``watch:``) go on the new observer."""
    watched = []
    for path in paths:
        try:
            server.unwatch(path)
        except KeyError:  # not watched (the theme is watched only with --watch-theme)
            continue
        watched.append(path)
    server.observer = PollingObserver(timeout=seconds)
    for path in watched:
        server.watch(path)
    return watched


def rebuild_through(server: LiveReloadServer, wrapper: Callable[[Callable[[], None]], None]) -> None:
    """Make each rebuild of ``mkdocs serve`` (after its first build) call ``wrapper(builder)``. A
    rebuild that raises leaves the browsers waiting on the old page; one that returns reloads them,
    so a wrapper that handles a failed build itself has the browsers show what it wrote."""
    builder = server.builder
    server.builder = lambda: wrapper(builder)


def observe(server: LiveReloadServer, handler: FileSystemEventHandler, folder: str) -> None:
    """Call ``handler`` on every change below ``folder`` while ``mkdocs serve`` runs (``watch``
    only rebuilds)."""
    server.observer.schedule(handler, folder, recursive=True)


def is_serve_folder(site_dir: str) -> bool:
    """Whether ``site_dir`` is the temporary folder ``mkdocs serve`` builds into and serves
    (``tempfile.mkdtemp(prefix="mkdocs_")``): ``mkdocs serve --clean`` tells hooks it is a build."""
    folder = Path(site_dir)
    return folder.name.startswith(SERVE_FOLDER_PREFIX) and folder.parent == Path(tempfile.gettempdir())


SERVE_FOLDER_PREFIX = "mkdocs_"
