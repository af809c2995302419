"""``python -m hooks.prebuild OUTDIR``: what the hooks generate, as files a build without hooks can use.

Zensical, Material's successor, reads mkdocs.yml but runs no MkDocs hooks and has no plugin API
(README, "Moving off Material"). This command writes, for each language, ``OUTDIR/<language>/``:

- ``docs/``: the language's articles as the hooks hand them to Markdown (``NAME.md``, the English
  one from ``NAME.en.md``): settings filled (``{{ service_name }}``), the RFC test-vector tables and
  each sample's figure in place of their fenced blocks, the QR codes in ``docs/assets/samples/``,
  and the other files of ``docs/`` as they are;
- ``mkdocs.yml``: the project's, inherited, for this language: its name, its menu titles, no
  plugins or hooks, and ``extra.help`` (the template data of ``hooks/catalog.py``) and
  ``extra.alternate`` (the language selector), which the templates read.

``zensical build -f OUTDIR/<language>/mkdocs.yml`` then builds the language into
``OUTDIR/<language>/site``. Every piece comes from the hooks' own functions (``settings.fill``,
``samples.figure``, ``samples.qr_codes``, ``vectors.vector_tables``, ``catalog.template_data``),
so the pages say what the MkDocs build says. (The hook puts a figure in after Markdown; here it
is raw HTML in the Markdown, which Python-Markdown keeps as it is at the top level, where every
sample is today, but wraps in a paragraph inside a content tab or an admonition.)

Not written here: the writer checks (run
``mkdocs build --strict``), the per-page context of ``article.py``, ``staleness.py`` and
``language_templates.py``, and the search index per language, which ``hooks/search.py`` splits
from a built index after the build.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from hooks import catalog, mistakes, palette, samples, settings, shared, vectors


def write(config: MkDocsConfig, out: Path) -> dict[str, int]:
    """Write every language's folder into ``out``; returns the pages written per language."""
    wrong = vectors.mismatches(shared.load_vectors(shared.vectors_file(config)))
    if wrong:
        raise PluginError(f"data/{shared.vectors_file(config).name}: test vector mismatch: " + "; ".join(wrong))
    written = {}
    for language in config.plugins["i18n"].config.languages:
        config.theme["language"] = language.locale  # as mkdocs-static-i18n sets it for each language's build
        folder = out / language.locale
        shutil.rmtree(folder, ignore_errors=True)
        written[language.locale] = write_docs(config, language.locale, folder / "docs")
        text = yaml.safe_dump(language_config(config, language, folder), allow_unicode=True, sort_keys=False)
        (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    mistakes.report(config)  # what the checks added on the way (a sample's code missing from the vector file)
    return written


def write_docs(config: MkDocsConfig, locale: str, docs: Path) -> int:
    """The language's pages and the files beside them; returns how many pages."""
    source = Path(config.docs_dir)
    locales = shared.languages(config)
    values = shared.settings(config)
    pages = 0
    qr_wanted: dict[str, str] = {}
    for path in sorted(item for item in source.rglob("*") if item.is_file()):
        relative = path.relative_to(source).as_posix()
        target = docs / relative
        if not relative.endswith(".md"):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            continue
        name, page_locale = shared.split_locale(relative, locales, locales[0])
        if page_locale != locale:
            continue
        text, wanted = page_text(path.read_text(encoding="utf-8"), f"docs/{relative}", f"{name}.html", config, values)
        target = docs / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        qr_wanted.update(wanted)
        pages += 1
    for qr_path, svg in zip(qr_wanted, samples.qr_codes(list(qr_wanted.values())), strict=True):
        (docs / qr_path).parent.mkdir(parents=True, exist_ok=True)
        (docs / qr_path).write_text(svg, encoding="utf-8")
    return pages


def page_text(source: str, where: str, url: str, config: MkDocsConfig,
              values: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The page as the hooks hand it to Markdown, and the QR codes it shows (path -> otpauth URI)."""
    lines = [settings.fill(line, values, where=f"{where}:{number}") if "{{" in line else line
             for number, line in enumerate(source.split("\n"), start=1)]
    found = samples.page_samples(source, where, config)
    blocks = shared.fenced_blocks(source, shared.SAMPLE, where)  # the same lines: filling adds none
    for block, sample in reversed(list(zip(blocks, found, strict=True))):
        html = samples.figure(sample, where, url, config)
        lines[block.first - 1 : block.last] = ["", *(block.indent + line for line in html.split("\n")), ""]
    return vectors.vector_tables("\n".join(lines), config), {sample.qr_path: sample.uri for sample in found}


def language_config(config: MkDocsConfig, language: Any, folder: Path) -> dict[str, Any]:
    """The build config of one language: the project's mkdocs.yml (INHERIT) with what the i18n
    plugin and the hooks would have set."""
    values = shared.settings(config)
    project = Path(config.config_file_path)
    custom_dir = Path(config.theme.dirs[0])  # theme.custom_dir comes first
    description = language.site_description or config.site_description or ""
    return {
        "INHERIT": os.path.relpath(project, folder),
        "site_name": settings.fill(language.site_name or config.site_name, values, where="mkdocs.yml site_name"),
        "site_description": settings.fill(description, values, where="mkdocs.yml site_description"),
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"language": language.locale, "custom_dir": os.path.relpath(custom_dir, folder),
                  "palette": palette.named_toggles(copy.deepcopy(config.theme.get("palette") or []), language.locale,
                                                   shared.words(config, language.locale))},
        "plugins": ["search"],
        "hooks": [],
        "watch": [],  # the project's folders are relative to its own mkdocs.yml
        "nav": _translated(config.nav or [], language.nav_translations or {}),
        "extra": {
            "help": catalog.template_data(config),
            "alternate": [{"name": other.name, "link": other.link, "lang": other.locale}
                          for other in config.plugins["i18n"].config.languages],
        },
    }


def _translated(nav: list[Any], titles: dict[str, str]) -> list[Any]:
    """The menu with its section titles in the language (static-i18n's nav_translations)."""
    return [{titles.get(key, key): _translated(value, titles) if isinstance(value, list) else value
             for key, value in item.items()} if isinstance(item, dict) else item for item in nav]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hooks.prebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="where each language's folder is written")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the project's mkdocs.yml")
    args = parser.parse_args(argv)
    config = load_config(args.config_file)
    try:
        written = write(config, args.outdir.resolve())
    except PluginError as error:
        raise SystemExit(str(error)) from None
    for locale, pages in written.items():
        print(f"{args.outdir / locale}: {pages} pages; build with zensical build -f {args.outdir / locale}/mkdocs.yml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
