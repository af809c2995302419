"""One search index per language, so each language searches its own pages only.

mkdocs-static-i18n builds every language into one site and writes a single index
holding both languages, configured with both lunr languages at once: English
pages then list Japanese results and both pipelines spoil each other's terms.
After the last language is built this hook splits that index into
``search/search_index.json`` (Japanese) and ``en/search/search_index.json``, each
with Material's own search settings for its language, and the ``search_config``
filter points each page's search at its language's index and at
``search-worker.js``, which answers Material's search with our own engine:
readers' vocabulary (``data/vocabulary.toml``), folding, partial and typo matching
(see ``search-engine.js``).
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from hooks import shared

INDEX = "search/search_index.json"
WORKER = "search-worker.js"
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


SUMMARIES: dict[str, str] = {}
"""Each page's description by its URL, gathered during the build (both languages' builds)."""


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["search_config"] = search_config
    return env


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Keep the page's description: the search weighs it between the title and the body."""
    if isinstance(page.meta.get("description"), str):
        SUMMARIES[page.url] = page.meta["description"]
    return context


@event_priority(-110)  # after mkdocs-static-i18n has written the combined index
def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    combined = json.loads((site / INDEX).read_text(encoding="utf-8"))
    env = config.theme.get_env()
    vocabulary = shared.vocabulary(config)
    for language in config.plugins["i18n"].config.languages:
        prefix = language.link.lstrip("/")
        docs = [
            {**doc, "location": doc["location"].removeprefix(prefix),
             **({"summary": SUMMARIES[doc["location"]]} if doc["location"] in SUMMARIES else {})}
            for doc in combined["docs"]
            if _language_of(doc["location"], config) == language.locale
        ]
        if not docs:
            continue
        translate = env.get_template(f"partials/languages/{language.locale}.html").module.t  # type: ignore[attr-defined]
        index = {
            "config": {
                "lang": [language.locale],
                "separator": translate("search.config.separator"),
                "pipeline": [step for step in re.split(r"\s*,\s*", translate("search.config.pipeline")) if step],
                "fields": combined["config"]["fields"],
                "vocabulary": vocabulary,
            },
            "docs": docs,
        }
        path = site / prefix / INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def search_config(script: str, language_root: str) -> str:
    """Rewrite Material's ``__config`` so search uses this language's index and our worker.

    ``base`` becomes the language's root (Material fetches ``base/search/...`` and
    resolves result links against it); ``search`` becomes our ``search-worker.js``.
    """

    def rewrite(match: re.Match[str]) -> str:
        app: dict[str, Any] = json.loads(match.group(2))
        app["base"] = language_root
        folder = posixpath.dirname(app["search"])
        app["search"] = posixpath.join(folder, WORKER)
        data = json.dumps(app, ensure_ascii=False).replace("<", "\\u003c")
        return match.group(1) + data + match.group(3)

    rewritten, count = CONFIG_SCRIPT.subn(rewrite, script)
    if count != 1:
        raise ValueError("Material's __config script was not found; check the theme version")
    return rewritten


def _language_of(location: str, config: MkDocsConfig) -> str:
    default = ""
    for language in config.plugins["i18n"].config.languages:
        if language.default:
            default = language.locale
        elif location.startswith(language.link.lstrip("/")):
            return str(language.locale)
    return default
