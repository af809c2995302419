"""The help center's own interface words come from the same catalogs as the demo's.

``locales/<language>.toml`` holds every word our templates add to Material's
(keys starting ``help.``); ``overrides/partials/strings.html`` reads them from
``config.extra.help``, where this hook puts what our templates read besides
Material's: ``extra`` is the template data MkDocs and Zensical both hand to the
theme, so under Zensical ``python -m hooks.prebuild`` writes the same data
(``template_data``) into the build's config. The languages mkdocs-static-i18n
builds must be the languages with a catalog (``locales/<code>.toml``), the default
first, each named as its catalog names it (``language_name``), so the two never drift.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from content import catalog, feedback
from hooks.shared import project_path, site, words


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    listed = config.plugins["i18n"].config.languages
    built, catalogs = [language.locale for language in listed], catalog_languages(config)
    if sorted(built) != sorted(catalogs) or built[0] != catalogs[0]:
        raise PluginError(
            f"mkdocs.yml's i18n plugin lists languages {built} but locales/ has catalogs for {list(catalogs)}; "
            f"list each catalog's language under i18n languages, {catalogs[0]} first, or add its "
            "locales/<code>.toml (README, \"Add a language\")"
        )
    for language in listed:
        name = words(config, language.locale)["language_name"]
        if language.name != name:
            raise PluginError(f"mkdocs.yml names the language {language.locale} {language.name!r}, but "
                              f"locales/{language.locale}.toml names it {name!r}; write the same name in both")
    config.extra["help"] = template_data(config)
    return config


def catalog_languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The project's languages: one a catalog in its ``locales/``, the default first."""
    return catalog.languages(project_path(config, "locales"))


def template_data(config: MkDocsConfig) -> dict[str, Any]:
    """What our templates read as ``config.extra.help``: every catalog (the language offer is
    written in the language it offers), the service (``data/site.toml``), the reasons a reader
    may give and the catalogs' figures. Plain data, so it can be written into a config file."""
    return {
        "catalog": {language: words(config, language) for language in catalog_languages(config)},
        "site": site(config),
        "feedback_reasons": list(feedback.REASONS),
        "figures": catalog.figures(),
    }
