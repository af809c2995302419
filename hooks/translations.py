"""Every article exists in both languages, with the same structure.

A page written in one language only would vanish from the other language's
site (or, worse, show the wrong language), so the build stops and names the
file to add. A translation that lost a step, a heading, a tab, a warning or a
sample tells one reader less than the other, so the build stops there too and
names the line where the two versions part.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from hooks import mistakes
from hooks.shared import FENCE, SAMPLE, fenced_blocks, markdown_lines, split_locale, twin_path, words

STRUCTURE = re.compile(
    r"^\s*(?:(?P<heading>#{1,6})\s+\S|(?P<step>\d+)\. |(?P<tab>===\+? \")"
    r"|(?P<admonition>!!! |\?\?\?)\+?\s*(?P<type>[\w-]*)|(?P<bullet>[-*+]) )"
)

KINDS = {
    **{
        f"h{level}": (f"level-{level} heading", f"add or remove the {'#' * level} heading")
        for level in range(1, 7)
    },
    "step": ("numbered step", "add or remove the step"),
    "tab": ("content tab", 'add or remove the === "…" tab'),
    "admonition": ("admonition", "add or remove the !!! or ??? admonition"),
    "sample": (f"{SAMPLE} block", f"add or remove the ```{SAMPLE}``` block"),
}
"""What the build compares: kind -> (what one is called, the fix)."""


class Item(NamedTuple):
    """One structural element: ``kind`` is compared by count, ``detail`` only helps align."""

    kind: str
    detail: str
    line: int


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    languages = config.plugins["i18n"].config.languages
    default = next(language.locale for language in languages if language.default)
    locales = [language.locale for language in languages]
    found: dict[str, dict[str, File]] = defaultdict(dict)
    for file in files.documentation_pages():
        name, locale = split_locale(file.src_uri, locales, default)
        found[name][locale] = file
    missing = [
        f"docs/{twin_path(name, locale, default)}"
        for name, present in sorted(found.items())
        for locale in locales
        if locale not in present
    ]
    if missing:
        mistakes.extend(config, [
            "each article needs both languages; add " + ", ".join(missing) + " (copy its twin and translate it)"])
    differences = []
    for _, pair in sorted(found.items()):
        for locale in locales:
            if locale == default or default not in pair or locale not in pair:
                continue
            differences += compare_structure(pair[default], pair[locale])
            differences += compare_admonitions(pair[default], pair[locale])
            with mistakes.collected(config):  # a sample block left open
                differences += compare_samples(pair[default], pair[locale])
    labels = {locale: [str(label) for label in words(config, locale)["help.tabs"]] for locale in locales}
    differences += [
        problem
        for name, pair in sorted(found.items())
        for locale, file in pair.items()
        for problem in tab_labels(f"docs/{file.src_uri}", file.content_string, tuple(labels[locale]))
    ]
    mistakes.extend(config, differences)
    return files


TAB = re.compile(r'^\s*===\+?\s+"([^"]*)"')


@functools.lru_cache(maxsize=4096)
def tab_labels(where: str, source: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A content tab label outside the shared set: a reader's choice of tab follows them from page
    to page only when every page spells them the same (Material's content.tabs.link)."""
    return tuple(
        f"{where}:{number}: the content tab {match[1]!r} is not one of {', '.join(map(repr, allowed))}; "
        "use one of them (help.tabs in locales/) so the reader's choice follows them"
        for number, text, fence in markdown_lines(source)
        if fence is None and (match := TAB.match(text)) and match[1] not in allowed
    )


def compare_samples(original: File, translation: File) -> list[str]:
    """Samples in the two versions show the same account at the same time (the same key and code)."""
    paths = (f"docs/{original.src_uri}", f"docs/{translation.src_uri}")
    pairs = zip(  # a different number of samples is reported by the structure check
        _samples(paths[0], original.content_string), _samples(paths[1], translation.content_string), strict=False
    )
    return [
        f"{paths[1]}:{line_b}: this sample shows {b!r} but {paths[0]}:{line_a} shows {a!r}; use the same "
        "account and time in both languages, so both show the same key and code"
        for (line_a, a), (line_b, b) in pairs
        if a != b
    ]


@functools.lru_cache(maxsize=4096)
def _samples(where: str, source: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        (block.first, " ".join(sorted(line.strip() for line in block.body if line.strip())))
        for block in fenced_blocks(source, SAMPLE, where)
    )


def compare_structure(original: File, translation: File) -> list[str]:
    """One error per kind of element whose count differs between two versions of an article.

    The two sequences of elements are aligned (difflib), so the error points at the
    element that one version has and the other lacks, not at the end of the page.
    """
    paths = (f"docs/{original.src_uri}", f"docs/{translation.src_uri}")
    return list(_compare(paths, original.content_string, translation.content_string))


@functools.lru_cache(maxsize=4096)  # each language's build compares every pair
def _compare(paths: tuple[str, str], original: str, translation: str) -> tuple[str, ...]:
    items = (structure(original), structure(translation))
    keys = [[(item.kind, item.detail) for item in side] for side in items]
    chunks = SequenceMatcher(None, keys[0], keys[1], autojunk=False).get_opcodes()
    errors: list[str] = []
    for kind, (noun, fix) in KINDS.items():
        counts = [sum(item.kind == kind for item in side) for side in items]
        if counts[0] == counts[1]:
            continue
        more = 0 if counts[0] > counts[1] else 1
        extra = _first_extra(kind, items, chunks, more)
        errors.append(
            f"{paths[more]}:{extra.line}: has {counts[more]} {noun}{'s' * (counts[more] != 1)}, "
            f"{paths[1 - more]} has {counts[1 - more]}; make the two versions match ({fix})"
        )
    return tuple(errors)


def compare_admonitions(original: File, translation: File) -> list[str]:
    """The two versions' admonitions are of the same types in the same order: a warning in one
    language is a warning in the other (a different number is the structure check's)."""
    paths = (f"docs/{original.src_uri}", f"docs/{translation.src_uri}")
    return list(_admonitions(paths, original.content_string, translation.content_string))


@functools.lru_cache(maxsize=4096)
def _admonitions(paths: tuple[str, str], original: str, translation: str) -> tuple[str, ...]:
    sides = [[item for item in structure(source) if item.kind == "admonition"] for source in (original, translation)]
    if len(sides[0]) != len(sides[1]):
        return ()
    return tuple(
        f"{paths[1]}:{mine.line}: the admonition is a {mine.detail!r} but {paths[0]}:{theirs.line} is a "
        f"{theirs.detail!r}; use the same type in both languages"
        for theirs, mine in zip(*sides, strict=True)
        if theirs.detail != mine.detail
    )


def structure(source: str) -> list[Item]:
    """Headings, numbered steps, tabs, admonitions, samples and bullets, in page order.

    Code blocks are skipped (a ``#`` there is a comment, not a heading); of a
    sample block only its opening line counts.
    """
    items: list[Item] = []
    for number, text, fence in markdown_lines(source):
        if fence is not None:
            continue
        opening = FENCE.match(text)
        if opening and opening["info"] == SAMPLE:
            items.append(Item("sample", "", number))
        elif match := STRUCTURE.match(text):
            if match["heading"]:
                items.append(Item(f"h{len(match['heading'])}", "", number))
            elif match["step"]:
                items.append(Item("step", match["step"], number))
            elif match["tab"]:
                items.append(Item("tab", "", number))
            elif match["bullet"]:
                items.append(Item("bullet", "", number))  # not compared; helps align
            else:
                items.append(Item("admonition", match["type"], number))
    return items


def _first_extra(
    kind: str,
    items: tuple[list[Item], list[Item]],
    chunks: Sequence[tuple[str, int, int, int, int]],
    more: int,
) -> Item:
    """The first element of ``kind`` that version ``more`` has and the other lacks."""
    for _, i1, i2, j1, j2 in chunks:
        spans = (items[0][i1:i2], items[1][j1:j2])
        mine = [item for item in spans[more] if item.kind == kind]
        if len(mine) > sum(item.kind == kind for item in spans[1 - more]):
            return mine[0]
    raise AssertionError("counts differ, so some aligned chunk differs")
