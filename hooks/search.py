"""One search index per language, so each language searches its own pages only.

mkdocs-static-i18n builds every language into one site and writes a single index
holding both languages, configured with both lunr languages at once: English
pages then list Japanese results and both pipelines spoil each other's terms.
After the last language is built this hook splits that index into
``search/search_index.json`` (Japanese) and ``en/search/search_index.json``, each
with Material's own search settings for its language, and the ``search_config``
filter points each page's search at its language's index and at
``search-worker.js``, which teaches Material's worker to match Japanese words
inside compounds (see that file).
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

INDEX = "search/search_index.json"
WORKER = "search-worker.js"
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["search_config"] = search_config
    return env


@event_priority(-110)  # after mkdocs-static-i18n has written the combined index
def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    combined = json.loads((site / INDEX).read_text(encoding="utf-8"))
    env = config.theme.get_env()
    synonyms = config.extra.get("search", {}).get("synonyms", [])
    for language in config.plugins["i18n"].config.languages:
        prefix = language.link.lstrip("/")
        docs = [
            {**doc, "location": doc["location"].removeprefix(prefix)}
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
                "synonyms": synonyms,
            },
            "docs": docs,
        }
        path = site / prefix / INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def search_config(script: str, language_root: str) -> str:
    """Rewrite Material's ``__config`` so search uses this language's index and our worker.

    ``base`` becomes the language's root (Material fetches ``base/search/...`` and
    resolves result links against it); ``search`` becomes ``search-worker.js``,
    which loads Material's worker named in its ``engine`` parameter.
    """

    def rewrite(match: re.Match[str]) -> str:
        app: dict[str, Any] = json.loads(match.group(2))
        app["base"] = language_root
        folder, engine = posixpath.split(app["search"])
        app["search"] = f"{posixpath.join(folder, WORKER)}?engine={engine}"
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
