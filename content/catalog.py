"""Every word the help center's templates and the demo show: one catalog file per language.

``locales/<language>.toml`` is read by the demo's Python and Jinja, by the build
hooks for the help center's own templates, and (as JSON in each page) by the
demo's scripts. Figures are never typed into a sentence: ``{step_seconds}`` and
its friends are filled from the modules that enforce them when a catalog loads;
any other ``{name}`` is left for the place that shows the text.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from content import figures as figures_table

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
SITE = ROOT / "data" / "site.toml"

DEFAULT_LANGUAGE = "ja"
"""The source language: served at ``/``; every other language translates it and is served at
``/<code>/``."""


def languages(folder: Path = LOCALES) -> tuple[str, ...]:
    """Every language with a catalog in ``folder`` (``locales/<code>.toml``): the default first,
    the others by code. Adding a language is adding its catalog (README, "Add a language")."""
    codes = sorted(path.stem for path in folder.glob("*.toml"))
    if DEFAULT_LANGUAGE not in codes:
        raise FileNotFoundError(f"no catalog for the default language: add {folder / DEFAULT_LANGUAGE}.toml")
    return (DEFAULT_LANGUAGE, *(code for code in codes if code != DEFAULT_LANGUAGE))


LANGUAGES = languages()
"""This checkout's languages, as ``languages`` finds them."""

Entry = str | list[str] | dict[str, str]
"""A sentence, a list (one item a step), or ``{one, other}`` forms for a count."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def read_site(path: Path = SITE) -> dict[str, Any]:
    """The service the pages describe: its name, support address, reset time, the articles to
    start with (``data/site.toml``; the build passes its own project's copy)."""
    with path.open("rb") as file:
        return tomllib.load(file)


site = functools.cache(read_site)
"""``read_site``, once per process: the server's settings do not change under it."""


def home(language: str) -> str:
    """The help center's front page in ``language``: ``/`` or ``/en/``."""
    return "/" if language == DEFAULT_LANGUAGE else f"/{language}/"


figures = figures_table.figures
"""The figures a sentence may name (``content/figures.py``, the one table)."""


def read_catalog(language: str, folder: Path = LOCALES) -> dict[str, Entry]:
    """The language's catalog (``<folder>/<language>.toml``) with its figures filled in."""
    if language not in languages(folder):
        raise KeyError(f"no catalog for {language!r}; languages: {', '.join(languages(folder))}")
    with (folder / f"{language}.toml").open("rb") as file:
        raw = tomllib.load(file)
    values = figures()
    return {key: _fill(entry, values) for key, entry in raw.items()}


catalog = functools.cache(read_catalog)
"""``read_catalog``, once per process and folder."""


def plural(entry: Entry, count: int) -> str:
    """The form of ``entry`` for ``count`` (English: one/other; Japanese has one form), with
    ``{count}`` filled; other placeholders are left for the caller."""
    if isinstance(entry, dict):
        entry = entry["one"] if count == 1 and "one" in entry else entry["other"]
    if isinstance(entry, str):
        return entry.replace("{count}", str(count))
    raise TypeError("a list has no plural form")


def script_strings(language: str) -> dict[str, Entry]:
    """What the demo's scripts show: their own words, the scenarios, and the key-entry errors."""
    prefixes = ("js.", "scenario.", "error.key.", "error.text.required", "label_gap")
    return {key: entry for key, entry in catalog(language).items() if key.startswith(prefixes)}


def _fill(entry: Entry, values: Mapping[str, str]) -> Entry:
    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)

    if isinstance(entry, str):
        return fill(entry)
    if isinstance(entry, list):
        return [fill(item) for item in entry]
    return {form: fill(text) for form, text in entry.items()}
