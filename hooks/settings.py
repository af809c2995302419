"""Settings the articles quote: ``{{ service_name }}``, ``{{ key_length }}`` and friends.

Writers never type the service name or a figure such as the key length: the same
value the demo uses is put in at build time, so the pages cannot drift from it.
An unknown name stops the build with the file and line.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from demo import catalog, limits
from hooks import shared
from otp_core import keys, recovery_codes, totp

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.S)


def settings(config: MkDocsConfig) -> dict[str, str]:
    """Every name a writer may use, with the value it stands for."""
    site = shared.site(config)
    language = config.theme.get("language", catalog.DEFAULT_LANGUAGE)
    return {
        "service_name": str(site["service_name"]),
        "support_email": str(site["support_email"]),
        "site_name": str(shared.words(config, language)["help.site_name"]).format(service=site["service_name"]),
        "key_length": str(keys.KEY_LENGTH),
        "digits": str(totp.DIGITS),
        "step_seconds": str(totp.STEP_SECONDS),
        "window_seconds": str(totp.WINDOW_SECONDS),
        "setup_minutes": str(limits.PENDING_SECONDS // 60),
        "lock_after": str(limits.LOCK_AFTER),
        "recovery_code_count": str(recovery_codes.RECOVERY_CODE_COUNT),
        "reset_business_days": str(site["reset_business_days"]),
        "photo_mb": catalog.figures()["photo_mb"],
        "photo_megapixels": catalog.figures()["photo_megapixels"],
        "step_up_minutes": catalog.figures()["step_up_minutes"],
        "recovery_length": catalog.figures()["recovery_length"],
    }


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
    lines = markdown.split("\n")
    offset = _front_matter_lines(page)
    for number, line in enumerate(lines):
        if "{{" in line:
            lines[number] = fill(line, values, where=f"docs/{page.file.src_uri}:{number + offset}")
    for key in ("description", "title"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = fill(page.meta[key], values, where=f"docs/{page.file.src_uri}:{key}")
    return "\n".join(lines)


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
