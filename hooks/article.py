"""Article front matter: checked at build time, handed to the templates ready to render.

Every article carries ``description`` and ``updated``, and may name ``related``
articles (by their Japanese file name) and a ``demo`` scenario. A mistake there
stops the build with the file and the fix, instead of rendering a broken page.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from content import scenarios
from hooks import mistakes
from hooks.material import theme_macro
from hooks.shared import front_matter, split_locale

DEMO_SCENARIOS = scenarios.ids()
"""Scenario names the demo serves at ``<demo_url>scenarios/<name>`` (content/scenarios.toml)."""

FIRST_PARAGRAPH = re.compile(r"</h1>\s*<p[ >].*?</p>", re.S)
"""The article's first paragraph: the one right under its title (every article starts so)."""

UNLISTED = ("index", "404")
"""Pages that are not articles: no related list, date or demo link."""


RELATED = (2, 4)
"""How many related articles a page lists: enough to go on, few enough to choose from."""


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Front matter that is not valid YAML stops the build here, with its line: MkDocs itself
    would drop it silently and the page would fail later for a reason the writer cannot see."""
    for file in files.documentation_pages():
        with mistakes.collected(config):
            front_matter(file.content_string, f"docs/{file.src_uri}")
    return files


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    name = stem(page.file.src_uri, _locales(config))
    if name in UNLISTED:
        return context
    where = f"docs/{page.file.src_uri}"
    if any(problem.startswith(f"{where}:") and "front matter is not valid YAML" in problem
           for problem in mistakes.found(config)):
        return context  # MkDocs dropped the front matter: its fields are not missing, they are unread
    # Each mistake is added and the page rendered without what was wrong, so the other pages (and
    # the other checks of this one) still report theirs in the same build.
    context["article_updated"] = context["related_pages"] = context["demo_scenario"] = None
    with mistakes.collected(config):
        context["article_updated"] = _updated(page.meta, where)
    with mistakes.collected(config):
        context["related_pages"] = _related(page.meta, where, nav, config)
    with mistakes.collected(config):
        context["demo_scenario"] = _demo(page.meta, where)
    if context["demo_scenario"] and page.content:
        with mistakes.collected(config):
            page.content = _with_try_it(page.content, context["demo_scenario"], where, config)
    context["article_name"] = name
    if not isinstance(page.meta.get("description"), str):
        mistakes.add(config, where, "front matter needs 'description: <one sentence>'")
    return context


def _with_try_it(html: str, scenario: str, where: str, config: MkDocsConfig) -> str:
    """The demo's card after the first paragraph as well as at the end: the steps are near the top."""
    language = config.theme["language"]
    words = config.extra["help"]["catalog"][language]
    href = f"{config.extra['demo_url']}scenarios/{scenario}?lang={language}"
    card = theme_macro(config, "hooks/try-it.html", "card")(
        href, words["help.demo.title"], words["help.demo.text"], words["help.demo.button"])
    match = FIRST_PARAGRAPH.search(html)
    if match is None:
        raise PluginError(f"{where}: an article with 'demo:' starts with a paragraph under its title "
                          "(the demo's card goes after it)")
    return f"{html[:match.end()]}\n{card}{html[match.end():]}"


def stem(src_uri: str, locales: list[str]) -> str:
    """The article's name shared by both languages: ``turn-off-2fa.en.md`` -> ``turn-off-2fa``."""
    return split_locale(src_uri, locales, locales[0])[0]


def _locales(config: MkDocsConfig) -> list[str]:
    return [language.locale for language in config.plugins["i18n"].config.languages]


def _updated(meta: Mapping[str, Any], where: str) -> datetime.date:
    value = meta.get("updated")
    if not isinstance(value, datetime.date):
        raise PluginError(f"{where}: front matter needs 'updated: YYYY-MM-DD' (got {value!r})")
    return value


def _related(
    meta: Mapping[str, Any], where: str, nav: Navigation, config: MkDocsConfig
) -> list[Page]:
    wanted = meta.get("related", [])
    if not isinstance(wanted, list):
        raise PluginError(f"{where}: 'related' must be a list such as [turn-off-2fa.md]")
    if not RELATED[0] <= len(wanted) <= RELATED[1]:
        raise PluginError(f"{where}: 'related' lists {len(wanted)} articles; list {RELATED[0]} to {RELATED[1]} "
                          "that a reader of this page is likely to need next")
    locales = _locales(config)
    own = stem(where.removeprefix("docs/"), locales)
    if own in (stem(str(item), locales) for item in wanted):
        raise PluginError(f"{where}: 'related' lists the page itself; name other articles")
    pages = _pages_by_name(nav, tuple(locales))
    related = []
    for item in wanted:
        name = stem(str(item), locales)
        if name not in pages:
            raise PluginError(
                f"{where}: related article '{item}' does not exist; "
                f"use a file name from docs/, e.g. {next(iter(sorted(pages)))}.md"
            )
        related.append(pages[name])
    return related


@functools.lru_cache(maxsize=2)  # one navigation per language build
def _pages_by_name(nav: Navigation, locales: tuple[str, ...]) -> dict[str, Page]:
    return {stem(page.file.src_uri, list(locales)): page for page in nav.pages}


def _demo(meta: Mapping[str, Any], where: str) -> str | None:
    scenario = meta.get("demo")
    if scenario is not None and scenario not in DEMO_SCENARIOS:
        raise PluginError(
            f"{where}: unknown demo scenario '{scenario}'; use one of {', '.join(DEMO_SCENARIOS)}"
        )
    return scenario
