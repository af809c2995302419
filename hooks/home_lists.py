"""The home page is the map of every article, the same in every language.

A reader who does not search finds an article only through the home page's lists
(``docs/index.md``), so a page left off them is lost to that reader; and each language's home
lists the same entries in the same order, so the lists are kept in step by this check rather
than by the staleness notice (``hooks/staleness.py`` leaves the entries out of the home page's
hash: adding a new article's entry in both languages does not mark the English home stale).
Every finding is reported at once, with the file, the line and the fix.
"""

from __future__ import annotations

import functools
from difflib import SequenceMatcher

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from hooks import mistakes
from hooks.shared import HOME, home_entries, languages, split_locale, twin_path


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    locales = languages(config)
    pages: dict[str, dict[str, str]] = {}
    for file in files.documentation_pages():
        name, locale = split_locale(file.src_uri, locales, locales[0])
        pages.setdefault(locale, {})[name] = file.content_string
    problems = check_homes(pages, locales)
    mistakes.extend(config, problems)
    return files


def check_homes(pages: dict[str, dict[str, str]], locales: list[str]) -> list[str]:
    """``pages``: language -> page name -> source. Each language's home lists each of its articles,
    and lists the same entries as the default language's home, in the same order."""
    default = locales[0]
    problems: list[str] = []
    for locale in locales:
        own = pages.get(locale, {})
        if HOME in own:
            articles = tuple(sorted(name for name in own if name not in (HOME, "404")))
            problems += missing_entries(f"docs/{twin_path(HOME, locale, default)}", own[HOME], articles)
        if locale != default and HOME in own and HOME in pages.get(default, {}):
            problems += compare_entries(f"docs/{twin_path(HOME, default, default)}", pages[default][HOME],
                                        f"docs/{twin_path(HOME, locale, default)}", own[HOME])
    return problems


@functools.lru_cache(maxsize=64)
def missing_entries(where: str, source: str, articles: tuple[str, ...]) -> tuple[str, ...]:
    """One finding per article that no entry of the home page links to."""
    entries = home_entries(source)
    listed = {target.split("#")[0].removesuffix(".md") for _, target in entries}
    last = entries[-1][0] if entries else 1
    return tuple(
        f"{where}:{last}: the home page has no entry for {name}.md; add '- [its title]({name}.md): when to read it' "
        f"to its category (the home page is the map of every article)"
        for name in articles if name not in listed
    )


@functools.lru_cache(maxsize=64)
def compare_entries(original: str, original_source: str, translation: str, source: str) -> tuple[str, ...]:
    """Where a translation's home lists other entries than the original's, or in another order."""
    theirs, mine = home_entries(original_source), home_entries(source)
    fix = "list the same entries in the same order in every language"
    problems = []
    matcher = SequenceMatcher(None, [t for _, t in theirs], [t for _, t in mine], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            at = mine[j1 - 1][0] if j1 else (mine[0][0] if mine else 1)  # where the entry belongs
            problems += [f"{translation}:{at}: no entry for {target} near here ({original}:{line} has one); {fix}"
                         for line, target in theirs[i1:i2]]
        if tag in ("insert", "replace"):
            problems += [f"{translation}:{line}: {target} is not listed on {original}; {fix}"
                         for line, target in mine[j1:j2]]
    return tuple(problems)
