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

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from hooks.shared import template_cache


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    return template_cache(env, config)
