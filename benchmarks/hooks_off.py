"""Stand-in for the project's hooks when the build benchmark turns them off.

The theme's main.html pipes Material's config through the ``search_config``
filter that hooks/search.py registers; with the hooks off it passes unchanged.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["search_config"] = lambda script, *_: script
    return env
