"""The help center's own interface words come from the same catalogs as the demo's.

``locales/<language>.toml`` holds every word our templates add to Material's
(keys starting ``help.``); ``overrides/partials/strings.html`` reads them
through the ``catalog`` global this hook puts in the theme's environment. The
languages mkdocs-static-i18n builds must be the catalogs' languages, in the same
order (the default first), so the two never drift.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from demo import catalog, feedback
from hooks.shared import site, words


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    built = [language.locale for language in config.plugins["i18n"].config.languages]
    if tuple(built) != catalog.LANGUAGES:
        raise PluginError(
            f"mkdocs.yml builds languages {built} but the catalogs are {list(catalog.LANGUAGES)} "
            "(demo/catalog.py LANGUAGES); make them the same, default first"
        )
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["catalog"] = {language: words(config, language) for language in catalog.LANGUAGES}
    env.globals["help_site"] = site(config)
    env.globals["feedback_reasons"] = feedback.REASONS
    env.globals["catalog_figures"] = catalog.figures()
    return env
