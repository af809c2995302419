"""The help center's own interface words come from the same catalogs as the demo's.

``locales/<language>.toml`` holds every word our templates add to Material's
(keys starting ``help.``); ``overrides/partials/strings.html`` reads them from
``config.extra.help``, where this hook puts what our templates read besides
Material's: ``extra`` is the template data MkDocs and Zensical both hand to the
theme, so under Zensical ``python -m hooks.prebuild`` writes the same data
(``template_data``) into the build's config. The languages mkdocs-static-i18n
builds must be the catalogs' languages, in the same order (the default first),
so the two never drift.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from content import catalog, feedback
from hooks.shared import site, words


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    built = [language.locale for language in config.plugins["i18n"].config.languages]
    if tuple(built) != catalog.LANGUAGES:
        raise PluginError(
            f"mkdocs.yml builds languages {built} but the catalogs are {list(catalog.LANGUAGES)} "
            "(content/catalog.py LANGUAGES); make them the same, default first"
        )
    config.extra["help"] = template_data(config)
    return config


def template_data(config: MkDocsConfig) -> dict[str, Any]:
    """What our templates read as ``config.extra.help``: both catalogs (the language offer is
    written in the language it offers), the service (``data/site.toml``), the reasons a reader
    may give and the catalogs' figures. Plain data, so it can be written into a config file."""
    return {
        "catalog": {language: words(config, language) for language in catalog.LANGUAGES},
        "site": site(config),
        "feedback_reasons": list(feedback.REASONS),
        "figures": catalog.figures(),
    }
