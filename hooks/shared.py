"""What the hooks share. Not a hook itself (it is not listed under ``hooks:``), so it loads once:
MkDocs loads each listed hook file as its own module, and a hook imported by another would
exist twice, with two sets of caches."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from demo import catalog


def project_path(config: MkDocsConfig, *parts: str) -> Path:
    """A path inside the project being built (beside its mkdocs.yml), not this checkout's."""
    return Path(config.config_file_path).parent.joinpath(*parts)


def site(config: MkDocsConfig) -> dict[str, Any]:
    """The service the pages describe, from the project's ``data/site.toml``."""
    return catalog.site(project_path(config, "data", "site.toml"))


def words(config: MkDocsConfig, language: str) -> dict[str, catalog.Entry]:
    """The project's catalog for ``language`` (``locales/<language>.toml``)."""
    return catalog.catalog(language, project_path(config, "locales"))


def vocabulary(config: MkDocsConfig) -> list[list[str]]:
    """Groups of words readers use for the same thing (``data/vocabulary.toml``), for the search."""
    with project_path(config, "data", "vocabulary.toml").open("rb") as file:
        return [[str(word) for word in group] for group in tomllib.load(file)["groups"]]
