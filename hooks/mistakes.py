"""Every mistake of a build, reported at once: a writer who made four slips in three files fixes
them after one build, not four.

A check that finds a mistake adds it here and lets the build go on; ``hooks/verdict.py`` (listed
last under ``hooks:``) stops the build at its end with one error that lists every mistake, sorted
by file and line. How a hook uses it::

    from hooks import mistakes

    def on_files(files: Files, *, config: MkDocsConfig) -> Files:
        mistakes.extend(config, my_check(files))   # lines "docs/x.md:12: what is wrong; the fix"
        return files

    def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if something_wrong:
            mistakes.add(config, f"docs/{page.file.src_uri}:{line}", "what is wrong; the fix")
            return markdown  # carry on with what the page has, so later checks still run
        ...

A check that raises ``PluginError`` (a shared helper such as ``shared.front_matter``) is turned into
mistakes by ``with mistakes.collected(config):`` around it; the code after it in the block is skipped.

Raise ``PluginError`` yourself only where the build cannot go on (a settings file that does not
parse, a theme that lacks what we need): then what was added before is lost to the writer.

The mistakes live on the build's config, not in this module: mkdocs-static-i18n builds each other
language inside the first language's build with the same config, so the list spans every language,
and ``mkdocs serve`` loads a new config for each rebuild, so nothing is carried over from the last.
The same mistake found by each language's build is listed once. Not a hook itself (not listed under
``hooks:``), so every hook shares this one module.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

ATTRIBUTE = "_twofactor_mistakes"
"""Where the build's mistakes are kept on its config (an attribute MkDocs' schema does not know)."""
WHERE = re.compile(r"^(?P<file>[^:\s]+)(?::(?P<line>\d+))?:")


def add(config: MkDocsConfig, where: str, message: str) -> None:
    """One mistake: ``where`` is the file and line (``docs/x.md:12``), or the file alone, or the
    setting (``mkdocs.yml theme.palette``); ``message`` says what is wrong and the fix."""
    extend(config, [f"{where}: {message}"])


def extend(config: MkDocsConfig, problems: Iterable[str]) -> None:
    """Mistakes already written as lines ``docs/x.md:12: what is wrong; the fix`` (what the pure
    checks return)."""
    found = _found(config)
    for problem in problems:
        found.setdefault(problem, None)


@contextlib.contextmanager
def collected(config: MkDocsConfig) -> Iterator[None]:
    """Each line of a ``PluginError`` raised inside the block becomes a mistake; the build goes on
    after the block."""
    try:
        yield
    except PluginError as error:
        extend(config, str(error.message).split("\n"))


def found(config: MkDocsConfig) -> list[str]:
    """The mistakes so far, by file and then line (one without a file first)."""
    return sorted(_found(config), key=_place)


def message(problems: list[str]) -> str:
    """The one error a build stops with: a count, then one mistake a line."""
    count = len(problems)
    return f"{count} mistake{'s' * (count != 1)} to fix:\n" + "\n".join(problems)


def report(config: MkDocsConfig) -> None:
    """Stop the build with every mistake added so far, if there is one."""
    problems = found(config)
    if problems:
        raise PluginError(message(problems))


def _found(config: MkDocsConfig) -> dict[str, None]:
    kept: dict[str, None] = vars(config).setdefault(ATTRIBUTE, {})  # insertion-ordered set
    return kept


def _place(problem: str) -> tuple[str, int]:
    match = WHERE.match(problem)
    if match is None:
        return ("", 0)
    return (match["file"], int(match["line"] or 0))
