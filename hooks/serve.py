"""``mkdocs serve`` for writers: every rebuild says what is wrong, a saved hook takes effect,
and a save shows sooner.

MkDocs' command line hides a message it has logged once, for the life of the process. Under
``mkdocs serve`` a writer who saves again without fixing a mistake (or makes it again later)
saw "Aborted with a BuildError!" and no reason. Each build here starts with that memory
cleared; within one build a message still shows once.

MkDocs loads hook files once per process, so a rebuild after saving a hook (or
``hooks/shared.py``) would still run the old code. A change to a Python file under ``hooks/``
restarts ``mkdocs serve`` with the same arguments instead.

MkDocs polls the docs folder every 0.5 s, so a writer waited 0.25 s on average before the
rebuild even began, and the whole save-to-page took just over a second (BENCHMARKS.md).
Polling every 0.1 s costs little for a few dozen files.

A rebuild that fails shows its mistakes in the browser, on the page (``hooks/preview.py``), until
the next good build. Each page saved since ``mkdocs serve`` started gets the prose checks that
``bin/test`` runs (``hooks/proofreading.py``: textlint for Japanese, proselint and the style guide's
rules for English), and their findings are mistakes of the build like the others.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from hooks import material, mistakes, shared
from hooks.preview import Preview
from hooks.proofreading import Proofreader

POLL_SECONDS = 0.1
log = logging.getLogger("mkdocs.hooks.serve")
_serving: set[str] = set()
"""``{"serve"}`` under ``mkdocs serve``: only the preview proofreads (bin/test does it for the build)."""
_proofreaders: dict[Path, Proofreader] = {}
"""The project's proofreader, for as long as ``mkdocs serve`` runs, as its textlint does."""
_proofread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proofread")
"""One thread, so the proofreader's textlint answers one page at a time, beside the build."""
_proofreading: list[Future[list[str]]] = []


def on_startup(*, command: str, dirty: bool) -> None:
    if command == "serve":
        _serving.add(command)


def on_shutdown() -> None:
    for proofreader in _proofreaders.values():
        proofreader.textlint.close()


@event_priority(100)  # before any hook or plugin can report a mistake
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    material.forget_reported_messages()
    _proofreading.clear()  # a rebuild that failed before its end left its findings here: not this one's
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Under ``mkdocs serve``, the prose checks of each changed page join the build's mistakes."""
    if not _serving:
        return files
    project = shared.project_path(config)
    proofreader = _proofreaders.get(project)
    if proofreader is None:
        proofreader = _proofreaders[project] = Proofreader(project, default=shared.languages(config)[0])
        proofreader.textlint.start()  # now, in the background: the first save does not wait for it
    pages = {f"docs/{file.src_uri}": file.content_string for file in files.documentation_pages()}
    _proofreading.append(_proofread.submit(proofreader.changed, pages))  # while the pages are built
    return files


def on_post_build(*, config: MkDocsConfig) -> None:
    """The saved pages' prose findings join the mistakes before the next language's build (which
    mkdocs-static-i18n starts at priority -100) and the verdict."""
    while _proofreading:
        mistakes.extend(config, _proofreading.pop(0).result())


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    material.poll_every(server, POLL_SECONDS, [config.docs_dir, config.config_file_path, *config.theme.dirs])
    hooks = Path(config.config_file_path).parent / "hooks"
    material.observe(server, RestartOnHookChange(config), str(hooks))
    material.rebuild_through(server, Preview(config).rebuild)  # a failed rebuild lists its mistakes on the page
    return server


class RestartOnHookChange(FileSystemEventHandler):
    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not str(event.src_path).endswith(".py"):
            return
        log.info("A hook changed: restarting mkdocs serve to load it")
        shutil.rmtree(self.config.site_dir, ignore_errors=True)  # serve's temporary build, made anew
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
