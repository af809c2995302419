"""What the hooks share. Not a hook itself (it is not listed under ``hooks:``), so it loads once:
MkDocs loads each listed hook file as its own module, and a hook imported by another would
exist twice, with two sets of caches. Everything that reads the project's files for more than
one hook lives here: the settings files, the one Markdown fence reader, front matter, the
language of a file, the vector file.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar, cast

import yaml
from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import YAML_RE

from content import catalog, figures

T = TypeVar("T")

SAMPLE = "totp-sample"
"""Info string of the fenced block that the sample hook fills with a generated key."""
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\s]*)")
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
"""A setting in an article: ``{{ service_name }}``."""


def project_path(config: MkDocsConfig, *parts: str) -> Path:
    """A path inside the project being built (beside its mkdocs.yml), not this checkout's."""
    return Path(config.config_file_path).parent.joinpath(*parts)


def template_cache(env: Environment, config: MkDocsConfig) -> Environment:
    """``env`` with the project's cache of compiled templates (``hooks/template_cache.py`` says why;
    also for the environments ``hooks/material.py`` makes to reach our templates' macros)."""
    folder = project_path(config, ".cache", "templates")
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


def site(config: MkDocsConfig) -> dict[str, Any]:
    """The service the pages describe, from the project's ``data/site.toml``."""
    return fresh(catalog.read_site, project_path(config, "data", "site.toml"))


def words(config: MkDocsConfig, language: str) -> dict[str, catalog.Entry]:
    """The project's catalog for ``language`` (``locales/<language>.toml``)."""
    folder = project_path(config, "locales")
    return fresh(catalog.read_catalog, folder / f"{language}.toml", language, folder)


def settings(config: MkDocsConfig) -> dict[str, str]:
    """Every name a writer may use in an article (``{{ name }}``), with the value it stands for."""
    site_data = site(config)
    language = config.theme.get("language", catalog.DEFAULT_LANGUAGE)
    return {
        "service_name": str(site_data["service_name"]),
        "support_email": str(site_data["support_email"]),
        "site_name": str(words(config, language)["help.site_name"]).format(service=site_data["service_name"]),
        "reset_business_days": str(site_data["reset_business_days"]),
        "first_reply_business_days": str(site_data["first_reply_business_days"]),
        "withdrawal_hold_hours": str(site_data["withdrawal_hold_hours"]),
        "contact_form_url": contact_form_url(config, language),
        "official_domain": str(site_data["official_domain"]),  # where the real sign-in page is
        "notice_email": str(site_data["notice_email"]),  # who sends the security notifications
        **figures.figures(),  # the one table: every figure the code enforces
    }


def contact_form_url(config: MkDocsConfig, language: str) -> str:
    """The contact form in ``language``: ``data/site.toml``'s, or the demo's support form."""
    address = str(site(config).get("contact_form_url") or f"{config.extra['demo_url']}support?lang={{lang}}")
    return address.replace("{lang}", language)


def vocabulary(config: MkDocsConfig) -> list[list[str]]:
    """Groups of words readers use for the same thing (``data/vocabulary.toml``), for the search."""
    return fresh(_read_vocabulary, project_path(config, "data", "vocabulary.toml"))


def _read_vocabulary(path: Path) -> list[list[str]]:
    with path.open("rb") as file:
        return [[str(word) for word in group] for group in tomllib.load(file)["groups"]]


def fresh(read: Callable[..., T], path: Path, *args: Any) -> T:
    """``read(*args)`` (``read(path)`` without args), read again only when ``path`` changes:
    ``mkdocs serve`` keeps this module for its whole run, and a writer's saved setting must
    show on the next rebuild."""
    return cast(T, _read_once(read, path, path.stat().st_mtime_ns, args or (path,)))


@functools.lru_cache(maxsize=32)
def _read_once(read: Callable[..., T], path: Path, mtime_ns: int, args: tuple[Any, ...]) -> T:
    return read(*args)


def languages(config: MkDocsConfig) -> list[str]:
    """The languages mkdocs.yml's i18n plugin lists, the default first (as the catalogs order them)."""
    return [language.locale for language in config.plugins["i18n"].config.languages]


def built_languages(config: MkDocsConfig) -> list[str]:
    """The languages a build writes: mkdocs-static-i18n builds each one in turn."""
    return [language.locale for language in config.plugins["i18n"].config.languages if language.build]


def split_locale(src_uri: str, locales: list[str], default: str) -> tuple[str, str]:
    """``change-phone.en.md`` -> ``("change-phone", "en")``; no suffix is the default language."""
    stem = PurePosixPath(src_uri).with_suffix("").as_posix()
    for locale in locales:
        if stem.endswith(f".{locale}"):
            return stem.removesuffix(f".{locale}"), locale
    return stem, default


def twin_path(name: str, locale: str, default: str) -> str:
    return f"{name}.md" if locale == default else f"{name}.{locale}.md"


# The one reader of fenced blocks ---------------------------------------------------------------


def markdown_lines(source: str) -> Iterator[tuple[int, str, str | None]]:
    """Each line after the front matter: its number in the file, its text, and the info string
    of the fenced code block it is inside (``""`` when none was given).

    Any fence CommonMark accepts counts: three or more backticks or tildes, indented (inside
    a content tab or an admonition) or not, closed by the same character at least as long.
    A fence's opening and closing lines count as outside the block (``None``), so a block's
    marker is read on the line where the writer typed it.
    """
    match = YAML_RE.match(source)
    start = match.end() if match else 0
    fence = info = ""
    for number, text in enumerate(source[start:].split("\n"), source.count("\n", 0, start) + 1):
        found = FENCE.match(text)
        if not fence:
            fence, info = (found["fence"], found["info"]) if found else ("", "")
            yield number, text, None
        elif found and not found["info"] and found["fence"][0] == fence[0] and len(found["fence"]) >= len(fence):
            fence = ""
            yield number, text, None
        else:
            yield number, text, info


@dataclass(frozen=True)
class Block:
    """A fenced block: where it opens and closes (file line numbers), its indent and its lines."""

    info: str
    first: int
    last: int
    indent: str
    body: tuple[str, ...]


def fenced_blocks(source: str, info: str, where: str) -> list[Block]:
    """Every fenced block with ``info``; one left open stops the build with its line."""
    blocks: list[Block] = []
    opened: tuple[int, str] | None = None
    body: list[str] = []
    for number, text, inside in markdown_lines(source):
        if inside == info:
            body.append(text)
        elif inside is None and opened is None:
            found = FENCE.match(text)
            if found and found["info"] == info:
                opened, body = (number, found["indent"]), []
        elif inside is None and opened is not None:
            indent = opened[1]
            blocks.append(Block(info, opened[0], number, indent, tuple(line.removeprefix(indent) for line in body)))
            opened = None
    if opened is not None:
        raise PluginError(f"{where}:{opened[0]}: the ```{info}``` block is never closed; end it with a fence line")
    return blocks


# Front matter ---------------------------------------------------------------------------------


def front_matter(source: str, where: str) -> dict[str, Any]:
    """The page's front matter; a YAML mistake stops the build with the line and the fix. Several
    hooks read it for each language's build, so each page's text is parsed once (a copy each)."""
    return copy.deepcopy(_front_matter(source, where))


@functools.lru_cache(maxsize=512)
def _front_matter(source: str, where: str) -> dict[str, Any]:
    match = YAML_RE.match(source)
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        # Where the broken value starts (an unclosed bracket or quote), else where YAML gave up;
        # the marks count from 0 at the line after the opening ---.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = f":{mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).split("\n")[0]
        raise PluginError(
            f"{where}{line}: the front matter is not valid YAML ({problem}); write 'name: value' lines, "
            "and quote a value that holds ': ' or starts with a quote or a bracket"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PluginError(f"{where}:2: the front matter must be 'name: value' lines")
    return data


# The vector file ------------------------------------------------------------------------------


def vectors_file(config: MkDocsConfig) -> Path:
    return project_path(config, "data", "totp-vectors.json")


def load_vectors(path: Path) -> dict[str, Any]:
    """The vector file, parsed once per version of it; a JSON mistake names file and line."""
    return fresh(_parse_vectors, path)


def sample_codes(path: Path) -> dict[tuple[str, str], str]:
    """The worked examples the file lists, by (account, UTC time): each sample's expected code."""
    return {(entry["account"], entry["time"]): entry["code"] for entry in load_vectors(path)["samples"]}


def _parse_vectors(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PluginError(
            f"data/{path.name}:{error.lineno}: not valid JSON ({error.msg}, column {error.colno}); "
            "a trailing comma after the last item is a common slip"
        ) from None
    return data


# The home page's lists ------------------------------------------------------------------------

HOME = "index"
"""The home page's name: ``docs/index.md`` and its twins, the map of every article."""
HOME_ENTRY = re.compile(r"^\s*[-*+]\s+\[[^\]]*\]\((?P<target>[^)#\s]+\.md)(?P<anchor>#[^)\s]*)?\)")
"""An entry of the home page's lists: ``- [Title](page.md#section)`` and when to read it."""


def home_entries(source: str) -> list[tuple[int, str]]:
    """The home page's entries in order: (line, ``page.md`` or ``page.md#section``)."""
    return [(number, found["target"] + (found["anchor"] or ""))
            for number, text, fence in markdown_lines(source)
            if fence is None and (found := HOME_ENTRY.match(text))]
