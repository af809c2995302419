"""A build reaches the site folder whole, or not at all.

``mkdocs build`` empties its ``site_dir`` first and writes into it page by page, and
mkdocs-static-i18n builds each further language into a subfolder after the first. A build that
failed half-way (a writer's slip in an English page) left the folder the server was serving
without ``en/``: every English page answered 404 until a good build.

Here the command line's ``mkdocs build`` and ``mkdocs gh-deploy`` write into a new folder beside
the site folder (``.site.build-<pid>-<random>``), and only when every language was built and
the command ended without an error (strict mode's warnings included) is the new folder put in
the old one's place, in one step: ``renameat2(RENAME_EXCHANGE)`` on Linux, ``renamex_np`` on
macOS. The site folder's path never goes missing, so a server that opens files by path answers
each request from the old build or the new one, never 404. The old build is then removed, and
with it any folder a build killed before the end left behind. A failed build removes its own
folder and leaves the site as it was.

``mkdocs serve`` builds into its own temporary folder and is left alone. A build called from
Python (``mkdocs.commands.build.build``) runs no ``on_startup`` and writes where it is told.

Unlike the other hooks this one keeps state, from ``on_startup`` to ``on_shutdown``: they are
the only events around the whole command, and MkDocs' strict-mode check comes after the last
``on_post_build``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import secrets
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from hooks import material
from hooks.shared import built_languages

log = logging.getLogger("mkdocs.hooks.publish")
BUILD_MARK = ".build-"
"""In the name of a build's folder, after the site folder's: ``.site.build-<pid>-<random>``."""


@dataclass
class Publication:
    """One command's build: where it goes, where it is written, how far it got."""

    config: MkDocsConfig | None = None
    site: Path | None = None
    building: Path | None = None
    languages: int = 0
    finished: int = 0
    failed: bool = False


_current: Publication | None = None


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global _current
    _current = Publication() if command in ("build", "gh-deploy") else None


@event_priority(50)  # before mkdocs-static-i18n reads the folder (-100) and before any hook writes
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    publication = _current
    if publication is None or material.is_serve_folder(config.site_dir):
        return config  # mkdocs serve --clean starts as "build" into its own temporary folder
    if publication.building is None:  # static-i18n runs on_config again for each language
        site = Path(config.site_dir).resolve()
        publication.config, publication.site = config, site
        publication.building = site.with_name(f".{site.name}{BUILD_MARK}{os.getpid()}-{secrets.token_hex(4)}")
        publication.building.mkdir(parents=True)  # 0777 less the umask, as MkDocs' own folder would be
        publication.languages = len(built_languages(config))
    config.site_dir = str(publication.building)
    return config


@event_priority(-200)  # after mkdocs-static-i18n's own, which builds the other languages
def on_post_build(*, config: MkDocsConfig) -> None:
    if _current is not None and _current.building is not None:
        _current.finished += 1


def on_build_error(*, error: Exception) -> None:
    if _current is not None:
        _current.failed = True


def on_shutdown() -> None:
    global _current
    publication, _current = _current, None
    if publication is None or publication.site is None or publication.building is None:
        return
    site, building = publication.site, publication.building
    if publication.failed or publication.finished < publication.languages:
        shutil.rmtree(building, ignore_errors=True)
        log.warning(f"The build did not finish: {site} is left as it was")
        return
    replace(site, building)
    if publication.config is not None:  # gh-deploy pushes the folder after this event
        publication.config.site_dir = str(site)
    log.info(f"Published the new build to {site}")


def replace(site: Path, building: Path) -> None:
    """Put the folder ``building`` where ``site`` is, so that ``site`` never goes missing; then
    remove the old build, and any build folder beside it whose process has ended."""
    if not site.exists():
        building.rename(site)
    elif _exchange(building, site):
        shutil.rmtree(building)
    else:  # a system without an exchange: the site is missing between the two renames
        old = site.with_name(f"{building.name}-old")
        site.rename(old)
        building.rename(site)
        shutil.rmtree(old)
    for leftover in site.parent.glob(f".{site.name}{BUILD_MARK}*"):
        if not _running(leftover.name.removeprefix(f".{site.name}{BUILD_MARK}").split("-", 1)[0]):
            shutil.rmtree(leftover, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names in one step; False where the system cannot."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if sys.platform == "linux" and hasattr(libc, "renameat2"):
        at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE (linux/fcntl.h, linux/fs.h)
        done = bool(libc.renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange) == 0)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        done = bool(libc.renamex_np(os.fsencode(first), os.fsencode(second), 2) == 0)  # RENAME_SWAP (stdio.h)
    else:
        return False
    if not done and ctypes.get_errno() not in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not here
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))
    return done


def _running(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
