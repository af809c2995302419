"""Settings the articles quote: ``{{ service_name }}``, ``{{ key_length }}`` and friends.

Writers never type the service name or a figure such as the key length: the same
value the demo uses is put in at build time, so the pages cannot drift from it.
An unknown name stops the build with the file and line.
"""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hooks import mistakes
from hooks.shared import PLACEHOLDER, settings

SITE_ADDRESSES = ("contact_form_url",)
"""Settings that are addresses. One on this site (the demo's ``/demo/support?lang=ja``) reaches the
Markdown as a stand-in, a link of a query alone, which MkDocs' link check passes over, and the page's
HTML gets the address itself: the strict build refuses a link that starts with ``/``, and the demo is
not a page of the help center that the check could find."""
STAND_IN = "?setting="

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.S)


@event_priority(-110)  # after mkdocs-static-i18n has set this language's site_name
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.site_name = fill(config.site_name, settings(config), where="mkdocs.yml site_name")
    if config.site_description:
        config.site_description = fill(
            config.site_description, settings(config), where="mkdocs.yml site_description"
        )
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    values = settings(config)
    values.update({name: STAND_IN + name for name in SITE_ADDRESSES if values[name].startswith("/")})
    lines = markdown.split("\n")
    offset = _front_matter_lines(page)
    for number, line in enumerate(lines):
        if "{{" in line:
            with mistakes.collected(config):  # an unknown name stays as typed, and the page still renders
                lines[number] = fill(line, values, where=f"docs/{page.file.src_uri}:{number + offset}")
    for key in ("description", "title"):
        if isinstance(page.meta.get(key), str):
            with mistakes.collected(config):
                page.meta[key] = fill(page.meta[key], values, where=f"docs/{page.file.src_uri}:{key}")
    return "\n".join(lines)


def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Each stand-in link replaced by its address on this site (``SITE_ADDRESSES``)."""
    values = settings(config)
    for name in SITE_ADDRESSES:
        content = content.replace(f'href="{STAND_IN}{name}"', f'href="{html.escape(values[name])}"')
    return content


def fill(text: str, values: dict[str, str], *, where: str) -> str:
    """Replace each ``{{ name }}`` in ``text``; an unknown name is a build error."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            known = ", ".join(f"{{{{ {key} }}}}" for key in values)
            raise PluginError(f"{where}: unknown setting '{{{{ {name} }}}}'. Use one of: {known}")
        return values[name]

    return PLACEHOLDER.sub(replace, text)


def _front_matter_lines(page: Page) -> int:
    """Line number in the source file of the first Markdown line.

    MkDocs hands hooks the Markdown without its front matter and the blank lines
    after it; count them back so an error names the line a writer sees.
    """
    source = page.file.content_string
    match = FRONT_MATTER.match(source)
    start = match.end() if match else 0
    while source.startswith("\n", start):
        start += 1
    return source.count("\n", 0, start) + 1
