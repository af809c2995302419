"""A link alone in a list item is a target a finger aims at, not a word in a sentence.

A list of related articles (``- [Title](page.md)``) is a column of links 17 px tall, each a
target on a phone: WCAG 2.5.8 exempts only a link inside a sentence, whose size its line sets.
CSS cannot tell a list item holding one link from one whose sentence holds a link (text nodes
are not selectable), so the build marks the first with ``help-alone`` and
``overrides/assets/stylesheets/touch.css`` gives it a 44 px box.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ALONE = re.compile(r"(<li>\s*<a )((?:(?!<a[\s>]|</a>|</li>).)*</a>\s*</li>)", re.DOTALL)
"""A list item whose whole content is one link (nothing before or after it, no nested list)."""


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return mark_lone_links(html)


def mark_lone_links(html: str) -> str:
    """The HTML with each link that is a list item's only content marked ``class="help-alone"``."""
    return ALONE.sub(_marked, html)


def _marked(match: re.Match[str]) -> str:
    opening, rest = match[2].split(">", 1)
    if 'class="' in opening:  # a class from attr_list: add ours to it
        return match[1] + opening.replace('class="', 'class="help-alone ', 1) + ">" + rest
    return f'{match[1]}class="help-alone" {match[2]}'
