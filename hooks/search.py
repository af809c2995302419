"""One search index per language, so each language searches its own pages only.

mkdocs-static-i18n builds every language into one site and writes a single index
holding both languages, configured with both lunr languages at once: English
pages then list Japanese results and both pipelines spoil each other's terms.
After the last language is built this hook splits that index into
``search/search_index.json`` (Japanese) and ``en/search/search_index.json``, each
with Material's own search settings for its language, and the ``search_config``
filter points each page's search at its language's index and at
``search-worker.js``, which answers Material's search with our engine on MiniSearch:
readers' vocabulary (``data/vocabulary.toml``), folding, Japanese character pairs, prefix
and typo matching (see ``search-engine.js``).

MiniSearch itself is the npm package pinned in ``package-lock.json``: ``on_files`` copies
its prebuilt file from ``node_modules/`` into the site beside the worker. Without it (``npm
ci`` not run, or another version installed), ``mkdocs build`` stops with the fix, and
``mkdocs serve`` says so and goes on: its search box then answers that search is unavailable.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from hooks import shared

INDEX = "search/search_index.json"
WORKER = "search-worker.js"
MINISEARCH = "minisearch"
MINISEARCH_FILE = "dist/umd/index.js"
"""MiniSearch's prebuilt UMD file: a classic script, as Material's classic search worker needs."""
MINISEARCH_SITE = "assets/javascripts/workers/minisearch.js"
log = logging.getLogger("mkdocs.hooks.search")
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


SUMMARIES: dict[str, str] = {}
"""Each page's description by its URL, gathered during the build (both languages' builds)."""
SERVING: dict[str, bool] = {"serve": False}
"""Whether this process is ``mkdocs serve`` (MkDocs tells hooks once, in on_startup)."""


def on_startup(*, command: str, dirty: bool) -> None:
    SERVING["serve"] = command == "serve"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Put MiniSearch's prebuilt file beside the search worker, or say why it is missing."""
    source, problem = minisearch_source(shared.project_path(config))
    if source is None:
        message = (f"search: {problem}, so this site's search box can only say that search is unavailable. "
                   "Run `npm ci` (Node.js and npm; `npm ci --omit=dev` installs MiniSearch alone), then build again")
        if SERVING["serve"]:
            log.info(message)
        else:
            log.warning(message)
        return files
    if files.get_file_from_path(MINISEARCH_SITE) is None:
        files.append(File.generated(config, MINISEARCH_SITE, abs_src_path=str(source)))
    return files


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


def minisearch_source(project: Path) -> tuple[Path | None, str]:
    """MiniSearch's file in ``node_modules/``, if it is the version ``package-lock.json`` pins."""
    lock = json.loads((project / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"][f"node_modules/{MINISEARCH}"]["version"]
    package = project / "node_modules" / MINISEARCH
    try:
        installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except FileNotFoundError:
        return None, f"MiniSearch {pinned} (package-lock.json) is not installed in node_modules/"
    if installed != pinned:
        return None, f"node_modules/ holds MiniSearch {installed}, but package-lock.json pins {pinned}"
    return package / MINISEARCH_FILE, ""


def _language_of(location: str, config: MkDocsConfig) -> str:
    default = ""
    for language in config.plugins["i18n"].config.languages:
        if language.default:
            default = language.locale
        elif location.startswith(language.link.lstrip("/")):
            return str(language.locale)
    return default
