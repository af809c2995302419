"""Compiled templates kept between builds, so a rebuild under ``mkdocs serve`` does not compile
Material's hundred-odd templates again for each language.

MkDocs makes a new Jinja environment for every build (and mkdocs-static-i18n one more for each
further language), and Jinja compiles each template it loads from its source: a third of a
rebuild's time went there. Jinja's own bytecode cache stores each compiled template under a
hash of its name and checks the source's checksum before it uses it, so a changed template is
compiled again and nothing stale is ever served. The cache lives in ``.cache/templates`` in the
project (ignored by git); deleting it is always safe.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from hooks.shared import project_path


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    return cached(env, config)


def cached(env: Environment, config: MkDocsConfig) -> Environment:
    """``env`` with the project's cache of compiled templates (also for the environments that
    ``hooks/material.py`` makes to reach our templates' macros)."""
    folder = project_path(config, ".cache", "templates")
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
