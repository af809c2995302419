"""What a translated page must not hold: the Japanese it was translated from, and, on an English
page, a contraction (straight or typographic: don't, or with a typographic apostrophe) or a British spelling.

A Japanese sentence left in an English page is one the English reader cannot read, and
nothing else notices it: the structure matches and the links work. Japanese may stay only
where the reader needs it: in code, in another app's Japanese label listed in
``writers/outside-labels.yml`` (a carrier's menu that exists only in Japanese), and in a
language's own name (日本語). The style guide asks for American English without contractions
(``writers/american-spelling.yml`` lists the British words and their American spelling). The
build stops with every finding at once, each with its file, line and fix.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.utils.meta import YAML_RE

from hooks import mistakes, shared
from hooks.shared import PLACEHOLDER, languages, markdown_lines, split_locale

SPELLING = ("writers", "american-spelling.yml")
OUTSIDE = ("writers", "outside-labels.yml")
KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
JAPANESE_MARKS = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
"""。、「」 and the full-width punctuation a Japanese sentence brings with it."""
APOSTROPHE = "['\u2019]"
"""A straight or a typographic apostrophe (\u2019, what a word processor puts in)."""
CONTRACTION = re.compile(rf"\b\w+(?:n{APOSTROPHE}t|{APOSTROPHE}(?:re|ve|ll|d|m))\b"
                         rf"|\b(?:it|that|there|what|here|who|let){APOSTROPHE}s\b", re.I)
NOT_PROSE = re.compile(r"(`+)(?:(?!\1).)+?\1|\]\([^)]*\)|<!--.*?-->|\{[#.:][^}]*\}")
"""Inline code, a link's target, an HTML comment, a heading's id: not words a reader reads as prose."""


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    locales = languages(config)
    allowed = tuple(sorted(japanese_allowed(config), key=len, reverse=True))
    spellings = tuple(sorted(read_spellings(shared.project_path(config, *SPELLING)).items()))
    problems: list[str] = []
    for file in files.documentation_pages():
        locale = split_locale(file.src_uri, locales, locales[0])[1]
        if locale != locales[0]:
            problems += check_page(f"docs/{file.src_uri}", file.content_string, locale, allowed, spellings)
    mistakes.extend(config, problems)
    return files


@event_priority(-10)  # after hooks/serve.py has put in its own file observer
def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """``mkdocs serve`` rebuilds when a writer saves the spelling list."""
    server.watch(str(shared.project_path(config, *SPELLING)))
    return server


@functools.lru_cache(maxsize=4096)  # each language's build reads every page
def check_page(where: str, source: str, locale: str, allowed: tuple[str, ...],
               spellings: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Every Japanese run left in a page of ``locale``, and on an English page every contraction
    and British spelling, as ``docs/x.md:LINE: what; fix``."""
    japanese = f"{KANA}{JAPANESE_MARKS}" if locale.startswith("zh") else f"{KANA}{HAN}{JAPANESE_MARKS}"
    left = re.compile(f"[{japanese}][{japanese}0-9A-Za-z]*")
    british = british_words(spellings)
    problems = []
    for number, text in prose_lines(source):
        for label in allowed:
            text = text.replace(label, " ")
        if found := left.search(text):  # one finding a line: a sentence is many runs between its Latin words
            problems.append(f"{where}:{number}: Japanese text {found[0]!r} left in a page in {locale}; translate "
                            "it (another app's Japanese label may stay if writers/outside-labels.yml lists it)")
        if locale != "en":
            continue
        problems += [f"{where}:{number}: the contraction {found[0]!r}; write it out (do not, it is)"
                     for found in CONTRACTION.finditer(text)]
        problems += [f"{where}:{number}: British spelling {found[0]!r}; write "
                     f"{_like(found[0], british[found[0].lower()])!r} (writers/american-spelling.yml)"
                     for found in british_pattern(spellings).finditer(text)]
    return tuple(problems)


def prose_lines(source: str) -> Iterator[tuple[int, str]]:
    """The page's front matter and body lines outside code blocks, with code, link targets, ids
    and settings blanked (line numbers kept)."""
    front = YAML_RE.match(source)
    lines: Iterator[tuple[int, str]] = iter(())
    if front:
        lines = enumerate(source[: front.end()].split("\n")[:-1], start=1)
    body = ((number, text) for number, text, fence in markdown_lines(source) if fence is None)
    for number, text in (*lines, *body):
        yield number, PLACEHOLDER.sub(" ", NOT_PROSE.sub(" ", text))


def japanese_allowed(config: MkDocsConfig) -> set[str]:
    """Japanese a translated page may hold: another app's Japanese labels, and each language's name."""
    labels = shared.fresh(_read_yaml, shared.project_path(config, *OUTSIDE)).get("ja") or {}
    names = {str(language.name) for language in config.plugins["i18n"].config.languages}
    return {str(label) for app in labels.values() for label in app} | names


def read_spellings(path: Path) -> dict[str, str]:
    """British word -> American word, from the writers' list."""
    return {str(british): str(american) for british, american in shared.fresh(_read_yaml, path).items()}


def _read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as file:
        data = yaml.safe_load(file) or {}
    if not isinstance(data, dict):
        raise PluginError(f"{path.parent.name}/{path.name}: expected 'name: value' lines")
    return data


@functools.lru_cache(maxsize=8)
def british_words(spellings: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """Every form of each British word (colours, organised, organising, organisation) -> American."""
    return {british: american for base in spellings for british, american in _forms(*base)}


@functools.lru_cache(maxsize=8)
def british_pattern(spellings: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    words = sorted(british_words(spellings), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)


def _forms(british: str, american: str) -> Iterator[tuple[str, str]]:
    yield british, american
    yield british + "s", american + "s"
    if british.endswith("e"):
        yield british + "d", american + ("d" if american.endswith("e") else "ed")
        yield british[:-1] + "ing", (american[:-1] if american.endswith("e") else american) + "ing"
        if british.endswith(("ise", "yse")):
            yield british[:-1] + "ation", american[:-1] + "ation"
            yield british[:-1] + "ations", american[:-1] + "ations"
    else:
        yield british + "ed", american + "ed"
        yield british + "ing", american + "ing"


def _like(typed: str, word: str) -> str:
    """``word`` capitalized the way the writer typed the British one."""
    return word.capitalize() if typed[:1].isupper() else word
