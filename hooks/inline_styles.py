"""No inline style in an article: the server's Content-Security-Policy (``style-src`` without
'unsafe-inline', server/headers.py) drops every ``style="…"`` in production, while ``mkdocs serve``
shows it, so the page a writer previewed is not the page readers get. The build stops at each
one with its line; a look of its own belongs in a class of the site's stylesheets.
"""

from __future__ import annotations

import functools
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from hooks import mistakes
from hooks.shared import markdown_lines

INLINE_STYLE = re.compile(r"<[A-Za-z][^>]*?\sstyle\s*=|\{:?[^{}\n]*?(?<![\w-])style\s*=", re.I)
"""``style=`` on an HTML tag, or in an attribute list (``{: style="…"}``, attr_list)."""
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    problems = [problem for file in files.documentation_pages()
                for problem in inline_styles(f"docs/{file.src_uri}", file.content_string)]
    mistakes.extend(config, problems)
    return files


@functools.lru_cache(maxsize=4096)  # each language's build reads every page
def inline_styles(where: str, source: str) -> tuple[str, ...]:
    """One finding per line of ``source`` (outside code) that gives an element an inline style."""
    return tuple(
        f"{where}:{number}: an inline style ({found[0].strip()}…) is dropped by the server's "
        "Content-Security-Policy, though the preview shows it; give the element a class and style it in "
        "overrides/assets/stylesheets/help.css"
        for number, text, fence in markdown_lines(source)
        if fence is None and (found := INLINE_STYLE.search(INLINE_CODE.sub(" ", text)))
    )
