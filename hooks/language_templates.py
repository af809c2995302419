"""Theme pages rendered once per language (``404.html``, ``sitemap.xml``) land in its folder.

MkDocs renders the theme's static templates into the site root on every language
build, so the last language would overwrite the first: the Japanese 404 page
would be English, and one sitemap would list both languages' URLs although a
sitemap may only list URLs below its own folder. Each non-default language's
rendering is written into that language's folder (``/en/404.html``,
``/en/sitemap.xml``) instead; the root keeps the default language's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

PER_LANGUAGE = ("404.html", "sitemap.xml")


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["public_url"] = public_url
    return env


def public_url(link: str, site_url: str) -> str:
    """The address search engines should index for a page, on site_url (SITE_URL in
    production): ``/en/change-phone.html`` (a language's link as mkdocs-static-i18n writes
    it, already below site_url's path), ``en/change-phone.html`` (a file's URL) or an
    absolute address. A folder's home is its folder: ``.../en/``, never ``.../en/index.html``.
    """
    return urljoin(site_url, link).removesuffix("index.html")


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name not in PER_LANGUAGE or not output_content.strip():
        return output_content
    folder = language_folder(config)
    if not folder:
        return output_content
    path = Path(config.site_dir, folder, template_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output_content, encoding="utf-8")
    return ""  # MkDocs skips writing a template that renders empty


def language_folder(config: MkDocsConfig) -> str:
    """The folder of the language being built: ``""`` for the default, ``"en"`` for English."""
    current = config.theme["language"]
    for language in config.plugins["i18n"].config.languages:
        if language.locale == current:
            return str(language.link).strip("/")
    raise ValueError(f"theme language {current!r} is not one of the i18n languages")


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    return _add_language(context, config)


def on_template_context(
    context: dict[str, Any], *, template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    return _add_language(context, config)


def _add_language(context: dict[str, Any], config: MkDocsConfig) -> dict[str, Any]:
    """Give templates ``language_root`` (this language's home, relative like ``base_url``,
    absolute on 404 pages) and ``default_language`` (the hreflang x-default)."""
    folder = language_folder(config)
    context["language_root"] = f"{context['base_url'].rstrip('/')}/{folder + '/' if folder else ''}"
    context["default_language"] = next(
        lang.locale for lang in config.plugins["i18n"].config.languages if lang.default
    )
    return context
