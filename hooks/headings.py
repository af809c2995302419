"""Headings a reader can tell apart and link to: one title that fits, no two alike, a fixed id each.

A title too long for a search result or a phone's tab is cut where the reader cannot see the
end of it; two headings with the same words send a reader (and the table of contents) to the
wrong one. Every heading below the title carries its id in the source (``## Repair {#repair}``),
the same in every language: an id derived from the words would change when a heading is
added above it (Japanese headings get ``_1``, ``_2``) or reworded, and a link to it, from
another article or from outside, would land at the top of the page. The build stops and
names each slip at once, with the line and the fix.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from hooks import mistakes, shared
from hooks.shared import PLACEHOLDER, languages, markdown_lines, split_locale

TITLE_COLUMNS = 64
"""The longest title, in columns: a Japanese (full-width) character takes two, a Latin letter
one, so one figure serves every language: 32 Japanese characters or 64 English letters. A
search engine shows about 600 px of a title (some 30 Japanese characters or 60 letters) and a
phone's tab far less; our longest titles take 52 (Japanese) and 58 (English)."""

HEADING = re.compile(r"^\s*(?P<marks>#{1,6})\s+(?P<text>.*?)\s*(?:\{:?(?P<attrs>[^{}]*)\})?\s*#*\s*$")
ID = re.compile(r"(?:^|\s)#([\w-]+)")
FILLER = frozenset({"a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i",
                    "if", "in", "is", "it", "its", "my", "of", "on", "or", "so", "the", "to", "what", "when", "with",
                    "you", "your"})
"""Words a suggested id leaves out, so it names the section in two or three words."""


class Heading(NamedTuple):
    level: int
    text: str
    id: str | None
    line: int


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    problems = check_pages({f"docs/{file.src_uri}": file.content_string for file in files.documentation_pages()},
                           languages(config), shared.settings(config))
    mistakes.extend(config, problems)
    return files


def check_pages(pages: Mapping[str, str], locales: list[str], settings: Mapping[str, str]) -> list[str]:
    """Every heading slip in ``pages`` (``docs/x.md`` -> its source), as ``docs/x.md:LINE: what; fix``."""
    fill = tuple(sorted(settings.items()))
    problems = [problem for where, source in sorted(pages.items()) for problem in check_page(where, source, fill)]
    default = locales[0]
    for where, source in sorted(pages.items()):
        name, locale = split_locale(where.removeprefix("docs/"), locales, default)
        original = f"docs/{name}.md"
        if locale != default and original in pages:
            problems += compare_ids(original, pages[original], where, source)
    return problems


def headings(source: str) -> list[Heading]:
    """The page's headings outside code blocks, with the id written in the source, if any."""
    found = []
    for number, text, fence in markdown_lines(source):
        if fence is None and (match := HEADING.match(text)):
            given = ID.search(match["attrs"] or "")
            found.append(Heading(len(match["marks"]), match["text"], given[1] if given else None, number))
    return found


@functools.lru_cache(maxsize=4096)  # each language's build reads every page
def check_page(where: str, source: str, fill: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """One page's title length, duplicate headings and missing or repeated ids."""
    settings = dict(fill)
    problems = []
    seen: dict[str, Heading] = {}
    ids: dict[str, Heading] = {}
    for heading in headings(source):
        shown = PLACEHOLDER.sub(lambda match: settings.get(match[1], match[0]), heading.text)
        if heading.level == 1 and (width := columns(shown)) > TITLE_COLUMNS:
            problems.append(f"{where}:{heading.line}: the title takes {width} columns, more than {TITLE_COLUMNS} "
                            f"(a Japanese character takes two); shorten it so search results and tabs show it whole")
        key = " ".join(shown.casefold().split())
        if key in seen:
            problems.append(f"{where}:{heading.line}: the heading {heading.text!r} repeats line {seen[key].line}; "
                            "give each heading its own words, so the reader and the contents tell them apart")
        seen.setdefault(key, heading)
        if heading.level == 1:
            continue
        if heading.id is None:
            problems.append(f"{where}:{heading.line}: the heading {heading.text!r} has no id; end it with "
                            f"{{#{suggest_id(heading.text)}}} (the same id in every language), so links to it "
                            "keep working when headings are added or reworded")
        elif heading.id in ids:
            problems.append(f"{where}:{heading.line}: the id #{heading.id} is already used on line "
                            f"{ids[heading.id].line}; give this heading another")
        else:
            ids[heading.id] = heading
    return tuple(problems)


@functools.lru_cache(maxsize=4096)
def compare_ids(original: str, original_source: str, translation: str, source: str) -> tuple[str, ...]:
    """The translation's headings carry the original's ids in the same order: a link to
    ``page.md#id`` from either language lands on the same section."""
    theirs = [heading for heading in headings(original_source) if heading.level > 1 and heading.id]
    mine = [heading for heading in headings(source) if heading.level > 1 and heading.id]
    problems = []
    for want, got in zip(theirs, mine, strict=False):  # a heading fewer is the structure check's
        if want.id != got.id:
            problems.append(f"{translation}:{got.line}: the heading's id is #{got.id} but {original}:{want.line} "
                            f"has #{want.id}; use the same id in every language")
            break  # the rest is shifted by the same slip
    return tuple(problems)


def columns(text: str) -> int:
    """How wide ``text`` reads: two columns for a wide (East Asian) character, one for the rest."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def suggest_id(text: str) -> str:
    """A short id from an English heading's words; a Japanese heading gets a placeholder to replace."""
    words = [word for word in re.findall(r"[a-z0-9]+", PLACEHOLDER.sub("", text).lower()) if word not in FILLER]
    return "-".join(words[:3]) or "english-id-of-its-twin"
