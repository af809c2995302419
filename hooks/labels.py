"""Every label an article quotes is one the reader will find on the screen.

A reader in a hurry looks for the words the article quotes, 「オフにする」 or **Turn off**, and
a label the screen does not show (renamed since, or never there) leaves them searching. So
each 「…」 of a Japanese page and each **…** of an English page must be a label the demo shows
in that language: any value of ``locales/<language>.toml``, its ``{name}`` placeholders filled
from the figures and the service, or read as any text where the screen fills them
(``{email}``, ``{ticket:06d}``). A label of another app the article sends the reader to (the
phone's settings, an authenticator app, a mail app, a carrier's page) is listed in
``writers/outside-labels.yml`` under that app. Brackets or bold used for anything else, a
quotation or a list lead-in, are reported too: the style guide keeps them for labels.

Settings (``{{ service_name }}``) inside a label are filled first; fenced and inline code are
not read. Every page is checked and every finding reported at once, with the file, the line,
the label and the fix.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from content import catalog
from hooks import mistakes, shared
from hooks.shared import PLACEHOLDER, languages, markdown_lines, split_locale

OUTSIDE = ("writers", "outside-labels.yml")
"""Labels of other apps that articles quote, by language and app."""


@dataclass(frozen=True)
class Quoting:
    """How a language's articles quote a label, and what to write instead for words that are not one."""

    pattern: re.Pattern[str]
    shown: str
    instead: str


BOLD = Quoting(re.compile(r"\*\*([^*\n]+?)\*\*"), "**{}**",
              "take the bold off: write a lead-in as a sentence or a heading (writers/style-guide.md)")
"""How articles quote a label in English, and in any language without quotes of its own: **…**."""
QUOTING = {
    "ja": Quoting(re.compile("「([^「」\n]+)」"), "「{}」",
                  "put it in 『』, which the check does not read (writers/style-guide.md)"),
}
"""Languages whose articles quote labels in their own marks: 「…」 in Japanese."""


def quoting_of(locale: str) -> Quoting:
    """How the language's articles quote a label."""
    return QUOTING.get(locale, BOLD)

SCREEN_FILLS = re.compile(r"\{\w+(?::[^}]*)?\}")
"""A ``{name}`` or ``{name:06d}`` in a catalog text that the screen fills (an address, a number)."""
CATALOG_PLACEHOLDER = re.compile(r"\\\{(\w+)(?::[^}]*)?\\\}")
"""The same, as it reads once the text is escaped for a pattern."""
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class Known:
    """What a language's articles may quote: labels as written, and labels with text the screen fills."""

    labels: frozenset[str]
    shapes: tuple[re.Pattern[str], ...]

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and (
            label in self.labels or any(shape.fullmatch(label) for shape in self.shapes))


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    locales = languages(config)
    values = tuple(sorted(shared.settings(config).items()))
    known = {locale: known_labels(config, locale) for locale in locales}
    problems: list[str] = []
    for file in files.documentation_pages():
        locale = split_locale(file.src_uri, locales, locales[0])[1]
        problems += unknown_labels(f"docs/{file.src_uri}", file.content_string, locale, known[locale], values)
    mistakes.extend(config, problems)
    return files


@event_priority(-10)  # after hooks/serve.py has put in its own file observer
def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """``mkdocs serve`` rebuilds when a writer saves the list of other apps' labels too."""
    path = shared.project_path(config, *OUTSIDE)
    if path.is_file():
        server.watch(str(path))
    return server


@functools.lru_cache(maxsize=4096)  # each language's build reads every page
def unknown_labels(where: str, source: str, locale: str, known: Known,
                   settings: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """One error per label quoted at ``where`` that the screen does not show."""
    quoting = quoting_of(locale)
    problems = []
    for number, label in quoted(source, quoting.pattern, dict(settings)):
        if label not in known:
            shown = quoting.shown.format(label)
            near = difflib.get_close_matches(label, known.labels, n=1, cutoff=0.6)
            hint = f" (the screen shows {quoting.shown.format(near[0])})" if near else ""
            problems.append(
                f"{where}:{number}: {shown} is not a label the demo shows in {locale}{hint}; quote the label "
                f"exactly as locales/{locale}.toml has it, list another app's label under that app in "
                f"{'/'.join(OUTSIDE)}, or, if it is not a label, {quoting.instead}")
    return tuple(problems)


def quoted(source: str, pattern: re.Pattern[str], settings: dict[str, str]) -> Iterator[tuple[int, str]]:
    """Each label quoted in the article's text, with its line: fenced and inline code left out,
    settings filled in."""
    for number, text, fence in markdown_lines(source):
        if fence is not None:
            continue
        prose = INLINE_CODE.sub(" ", text)
        prose = PLACEHOLDER.sub(lambda match: settings.get(match[1], match[0]), prose)
        for match in pattern.finditer(prose):
            yield number, match[1]


def known_labels(config: MkDocsConfig, locale: str) -> Known:
    """Every text of the language's catalog and the other apps' labels for that language."""
    site = shared.site(config)
    fixed = {"service": str(site["service_name"]), "support_email": str(site["support_email"])}
    labels: set[str] = set()
    shapes = []
    for entry in shared.words(config, locale).values():
        for text in _texts(entry):
            text = re.sub(r"\{(\w+)\}", lambda match: fixed.get(match[1], match[0]), text)
            if not SCREEN_FILLS.search(text):
                labels.add(text)
            elif re.search(r"\w", SCREEN_FILLS.sub("", text)):  # not a bare "{day} {month_name} {year}"
                shapes.append(re.compile(CATALOG_PLACEHOLDER.sub(".+", re.escape(text))))
    for app in outside_labels(config).get(locale, {}).values():
        labels.update(app)
    return Known(frozenset(labels), tuple(shapes))


def outside_labels(config: MkDocsConfig) -> dict[str, dict[str, list[str]]]:
    """``writers/outside-labels.yml``: language -> app -> labels; none in a project without it."""
    path = shared.project_path(config, *OUTSIDE)
    return shared.fresh(_read_outside, path) if path.is_file() else {}


def _read_outside(path: Path) -> dict[str, dict[str, list[str]]]:
    where = "/".join(OUTSIDE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise PluginError(f"{where}{line}: not valid YAML ({getattr(error, 'problem', error)})") from None
    shape = "write 'language:', then 'app name:' under it, then '- label' lines"
    if not isinstance(data, dict):
        raise PluginError(f"{where}: {shape}")
    lists: dict[str, dict[str, list[str]]] = {}
    for language, apps in data.items():
        if not isinstance(apps, dict):
            raise PluginError(f"{where}: under {language!r}, {shape}")
        lists[str(language)] = {}
        for app, labels in apps.items():
            if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
                raise PluginError(f"{where}: {language} > {app} must be a list of labels; {shape}")
            lists[str(language)][str(app)] = labels
    return lists


def _texts(entry: catalog.Entry) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    return list(entry) if isinstance(entry, list) else list(entry.values())
