"""The light/dark toggle speaks the page's language.

``mkdocs.yml`` names each palette toggle by a catalog key (``help.palette.to_dark``); Material
shows the name as the toggle's label, so each language's build puts in its own words from
``locales/<language>.toml``. The key is kept beside the name (Material reads only ``icon`` and
``name``), so every language's build finds it again.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from content.catalog import Entry
from hooks.shared import words


@event_priority(-110)  # after mkdocs-static-i18n has set this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    named_toggles(config.theme.get("palette") or [], config.theme["language"], words(config, config.theme["language"]))
    return config


def named_toggles(palettes: list[Any], language: str, catalog: dict[str, Entry]) -> list[Any]:
    """The palettes, each toggle named in ``language`` (changed in place, and returned for
    ``hooks/prebuild.py``, which writes them into a build without hooks)."""
    for palette in palettes:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        if not toggle:
            continue
        key = toggle.setdefault("key", toggle.get("name", ""))
        if key not in catalog:
            raise PluginError(f"mkdocs.yml theme.palette: the toggle's name {key!r} is not a key of "
                              f"locales/{language}.toml; name it by a catalog key (help.palette.*)")
        toggle["name"] = str(catalog[key])
    return palettes
