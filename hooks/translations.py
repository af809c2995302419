"""Every article exists in both languages.

A page written in one language only would vanish from the other language's
site (or, worse, show the wrong language), so the build stops and names the
file to add.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    languages = config.plugins["i18n"].config.languages
    default = next(language.locale for language in languages if language.default)
    locales = [language.locale for language in languages]
    found: dict[str, set[str]] = defaultdict(set)
    for file in files.documentation_pages():
        name, locale = split_locale(file.src_uri, locales, default)
        found[name].add(locale)
    missing = [
        f"docs/{twin_path(name, locale, default)}"
        for name, present in sorted(found.items())
        for locale in locales
        if locale not in present
    ]
    if missing:
        raise PluginError(
            "each article needs both languages; add "
            + ", ".join(missing)
            + " (copy its twin and translate it)"
        )
    return files


def split_locale(src_uri: str, locales: list[str], default: str) -> tuple[str, str]:
    """``change-phone.en.md`` -> ``("change-phone", "en")``; no suffix is the default language."""
    stem = PurePosixPath(src_uri).with_suffix("").as_posix()
    for locale in locales:
        if stem.endswith(f".{locale}"):
            return stem.removesuffix(f".{locale}"), locale
    return stem, default


def twin_path(name: str, locale: str, default: str) -> str:
    return f"{name}.md" if locale == default else f"{name}.{locale}.md"
