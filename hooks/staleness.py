"""When a Japanese article changes, its English twin says it may be out of date until a
translator marks it brought up to date.

Japanese is the source language. Each English page records, in its front matter, which
version of its Japanese twin it translates (``source: <hash>``, a hash of the Japanese page
after its front matter), so a build without git history still knows. When the hashes
differ, the English page shows a notice with the date the Japanese page was updated, and the
build lists each stale pair. A translator marks a twin up to date with

    python -m hooks.staleness docs/change-phone.en.md      # or --all
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from content import catalog
from hooks.shared import front_matter, languages, project_path, split_locale, twin_path

log = logging.getLogger("mkdocs.hooks.staleness")
FIELD = "source"


def source_hash(source: str) -> str:
    """What a translation follows: the Japanese page's text after its front matter."""
    match = YAML_RE.match(source)
    body = source[match.end():] if match else source
    return hashlib.sha256(body.strip().encode()).hexdigest()[:12]


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    locales = languages(config)
    default = locales[0]
    for file in files.documentation_pages():
        name, locale = split_locale(file.src_uri, locales, default)
        if locale == default or config.theme["language"] != default:
            continue  # listed once, in the default language's build
        original = project_path(config, "docs", twin_path(name, default, default))
        if original.is_file() and stale_since(file, original):
            log.info(f"docs/{file.src_uri} may be out of date: docs/{original.name} changed since it was "
                     f"translated (mark it: python -m hooks.staleness docs/{file.src_uri})")
    return files


def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    locales = languages(config)
    name, locale = split_locale(page.file.src_uri, locales, locales[0])
    if locale == locales[0]:
        return context
    original = project_path(config, "docs", twin_path(name, locales[0], locales[0]))
    if original.is_file():
        context["stale_since"] = stale_since(page.file, original)
    return context


def stale_since(translation: File, original: Path) -> Any:
    """The original's ``updated`` date when the translation follows another version of it."""
    recorded = front_matter(translation.content_string, f"docs/{translation.src_uri}").get(FIELD)
    source = original.read_text(encoding="utf-8")
    if recorded == source_hash(source):
        return None
    return front_matter(source, f"docs/{original.name}").get("updated") or "?"


def mark(path: Path) -> bool:
    """Record in ``path`` (a translated page) the version of its Japanese twin it now follows."""
    name = path.name.removesuffix(".md")
    original = path.with_name(f"{name.rsplit('.', 1)[0]}.md")
    text = path.read_text(encoding="utf-8")
    line = f"{FIELD}: {source_hash(original.read_text(encoding='utf-8'))}"
    match = YAML_RE.match(text)
    if not match:
        raise SystemExit(f"{path}: no front matter to record the source in")
    head = text[: match.end()]
    if re.search(rf"^{FIELD}: .*$", head, re.M):
        new_head = re.sub(rf"^{FIELD}: .*$", line, head, count=1, flags=re.M)
    else:
        new_head = re.sub(r"\n(---|\.\.\.)\s*\n?$", f"\n{line}\n\\1\n", head, count=1)
    path.write_text(new_head + text[match.end():], encoding="utf-8")
    return new_head != head


def translation_suffixes(locales: Path = Path("locales")) -> tuple[str, ...]:
    """The endings of translated pages, one a language with a catalog besides the default:
    ``(".en.md",)``, and ``".ko.md"`` once ``locales/ko.toml`` is there."""
    return tuple(f".{code}.md" for code in catalog.languages(locales)[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.staleness", description="Mark translated pages as "
                                     "translating the current version of their Japanese twin.")
    parser.add_argument("pages", nargs="*", type=Path, help="docs/NAME.<language>.md files (docs/NAME.en.md)")
    parser.add_argument("--all", action="store_true", help="every translated page in docs/")
    args = parser.parse_args(argv)
    suffixes = translation_suffixes()
    pages = sorted(page for page in Path("docs").glob("*.*.md") if page.name.endswith(suffixes)) if args.all \
        else args.pages
    if not pages:
        parser.error("name the translated pages to mark, or --all")
    for page in pages:
        if not page.name.endswith(suffixes):
            parser.error(f"{page}: only a translation (NAME.<language>.md, one of {', '.join(suffixes)}, "
                         "a language with a catalog in locales/) follows a source")
        print(f"{page}: {'marked up to date' if mark(page) else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
