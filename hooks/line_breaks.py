"""Japanese headings, titles and buttons break between phrases, never inside a word
(``content/phrases.py``: BudouX's ``<wbr>``).

Each built Japanese page, the 404 page with it, gets a ``<wbr>`` between the phrases of its
headings (the page's title among them), admonition titles, ``<summary>``s and ``.md-button``s,
and on the home page of its lists and paragraphs too; ``overrides/assets/stylesheets/phrases.css``
lets lines break only there (``word-break: keep-all``). The finished page is changed, after the
search index, the table of contents and the sitemap were made from the text, and after the
translation and label checks read the Markdown: none of them sees a ``<wbr>``. The ``<head>``
(the ``<title>``) is left alone.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from content.phrases import with_breaks

LANGUAGE = "ja"
"""The language whose pages are cut into phrases."""
PHRASED = re.compile(
    r"<(?P<tag>h[1-6])\b[^>]*>.*?</(?P=tag)>"
    r'|<p class="admonition-title">.*?</p>'
    r"|<summary\b[^>]*>.*?</summary>"
    r'|<(?P<control>a|button)\b[^>]*\bclass="(?:[^"]*\s)?md-button\b[^"]*"[^>]*>.*?</(?P=control)>',
    re.DOTALL,
)
"""The elements a line may not break inside a word: headings, admonition titles, buttons."""
HOME_PHRASED = re.compile(r"<(?P<tag>li|p|label)\b[^>]*>.*?</(?P=tag)>", re.DOTALL)
"""On the home page also its lists and paragraphs, which sit in narrow columns on a phone."""
BODY = re.compile(r"<body\b.*</body>", re.DOTALL)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    home = page.meta.get("template") == "home.html"
    return phrased_page(output, config.theme["language"], home=home)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):  # the sitemap
        return output_content
    return phrased_page(output_content, config.theme["language"], home=False)


def phrased_page(output: str, language: str, *, home: bool) -> str:
    """The page with ``<wbr>`` between phrases in its body's headings and buttons (and the home
    page's lists), when it is in Japanese."""
    if language != LANGUAGE:
        return output

    def body(match: re.Match[str]) -> str:
        text = PHRASED.sub(lambda element: with_breaks(element[0]), match[0])
        return HOME_PHRASED.sub(lambda element: with_breaks(element[0]), text) if home else text

    return BODY.sub(body, output, count=1)
