"""What each adapter of ``hooks/material.py`` assumes about a theme, checked against an installed one.

``tests/test_material_contract.py`` runs every check against the installed Material for MkDocs and
fails when an assumption no longer holds; ``benchmarks/zensical.py`` runs the theme checks against
Zensical's templates, which lists what a move off Material must port. Each check returns the
problems it found, in words that say what to change; none means the assumption holds.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import tempfile
from pathlib import Path

from hooks import material

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "overrides"
WORKER = OVERRIDES / "assets" / "javascripts" / "workers" / "search-worker.js"
MD_NAME = re.compile(r"(?<![\w-])md-[a-z][\w-]*[a-z0-9]")
"""A name of Material's page or stylesheet: a class (``md-search__input``), a custom property
(``--md-primary-fg-color``) or a data attribute (``data-md-component``)."""
OUR_PAGES = ("overrides/**/*.html", "overrides/assets/javascripts/*.js", "overrides/assets/stylesheets/*.css",
             "demo/templates/*.html", "demo/static/*.js", "demo/static/*.css")
"""Our files that may use Material's names: templates, scripts and stylesheets (not the search
worker, which sees no page)."""


def theme_checks(templates: Path) -> dict[str, list[str]]:
    """Every assumption about the theme whose templates are in ``templates``, by adapter."""
    return {
        "blocks overrides/ fills": missing_blocks(templates),
        "the __config rewrite": app_config_problems(templates),
        "the search protocol": search_protocol_problems(templates),
        "copied partials": copied_partial_problems(templates),
        "DOM hooks (md-* names)": missing_names(templates),
    }


def missing_blocks(templates: Path) -> list[str]:
    base = _read(templates / "base.html")
    return [f"base.html has no block {block} (overrides/main.html, home.html fill it)"
            for block in material.BLOCKS if not re.search(rf"{{%-?\s*block {block}\s*-?%}}", base)]


def app_config_problems(templates: Path) -> list[str]:
    base = _read(templates / "base.html")
    if 'id="__config"' not in base:
        return ['base.html writes no <script id="__config">: material.app_config has nothing to read']
    block = base[base.index('id="__config"'):]
    return [f"the __config script has no {key!r} (material.APP_CONFIG_KEYS)"
            for key in material.APP_CONFIG_KEYS if f'"{key}":' not in block.split("</script>", 1)[0]]


def search_protocol_problems(templates: Path) -> list[str]:
    """Material's search worker messages, read from its bundle's TypeScript source (the source map),
    against material.SEARCH_MESSAGES and the numbers our worker answers to."""
    problems = []
    bundles = sorted((templates / "assets" / "javascripts").glob("bundle.*.min.js"))
    if not bundles or material.SEARCH_INDEX not in _read(bundles[-1]):
        problems.append(f"the theme's bundle does not fetch {material.SEARCH_INDEX} (material.SEARCH_INDEX)")
    messages = theme_search_messages(templates)
    if messages != material.SEARCH_MESSAGES:
        problems.append(f"the theme's search worker messages are {messages or 'not found'}, "
                        f"not {material.SEARCH_MESSAGES} (integrations/search/worker/message)")
    ours = dict(re.findall(r"const (SETUP|READY|QUERY|RESULT) = (\d+);", _read(WORKER)))
    answered = tuple(name for name, _ in sorted(ours.items(), key=lambda item: int(item[1])))
    if answered != material.SEARCH_MESSAGES or sorted(map(int, ours.values())) != list(range(len(ours))):
        problems.append(f"search-worker.js numbers the messages {ours}, not {material.SEARCH_MESSAGES} from 0")
    return problems


def theme_search_messages(templates: Path) -> tuple[str, ...]:
    """The members of the theme's SearchMessageType, in order (their numbers, from 0)."""
    for source_map in sorted((templates / "assets" / "javascripts").glob("bundle.*.min.js.map")):
        data = json.loads(_read(source_map))
        for name, text in zip(data.get("sources", []), data.get("sourcesContent", []), strict=False):
            if name.endswith("search/worker/message/index.ts") and text:
                found = re.search(r"enum SearchMessageType \{(.*?)\}", text, re.S)
                body = re.sub(r"/\*.*?\*/", "", found[1], flags=re.S) if found else ""
                return tuple(member.strip() for member in body.split(",") if member.strip())
    return ()


def copied_partial_problems(templates: Path) -> list[str]:
    """Each copied partial against the theme's: the theme's must still be the file we copied."""
    problems = []
    for partial, (digest, changed) in material.COPIED_PARTIALS.items():
        theme = templates / partial
        if not theme.is_file():
            problems.append(f"{partial}: the theme has no such partial; our copy overrides nothing")
            continue
        ours = {line.strip() for line in _read(OVERRIDES / partial).splitlines()}
        lacking = [line.strip() for line in _template_lines(_read(theme))
                   if line.strip() not in ours and line.strip() not in changed]
        shown = " | ".join(lacking[:6]) + (" | …" if len(lacking) > 6 else "")
        if hashlib.sha256(theme.read_bytes()).hexdigest() != digest:
            problems.append(
                f"{partial}: the theme's partial is not the one overrides/{partial} was copied from; "
                f"{len(lacking)} of its lines are not in our copy (port the change, then update "
                f"material.COPIED_PARTIALS): {shown}")
        elif lacking:
            problems.append(f"overrides/{partial} has lost lines of the theme's partial that "
                            f"material.COPIED_PARTIALS does not list as changed: {shown}")
    return problems


def missing_names(templates: Path) -> list[str]:
    """Every md-* name our templates, scripts and stylesheets use must be one the theme has."""
    theme = "\n".join(_read(path) for pattern in ("**/*.html", "assets/javascripts/bundle.*.min.js",
                                                  "assets/stylesheets/**/*.css")
                      for path in sorted(templates.glob(pattern)))
    known = set(MD_NAME.findall(theme))
    used: dict[str, set[str]] = {}
    for pattern in OUR_PAGES:
        for path in sorted(ROOT.glob(pattern)):
            for name in MD_NAME.findall(_read(path)):
                used.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return [f"{name} is not in the theme (used by {', '.join(sorted(files))})"
            for name, files in sorted(used.items()) if name not in known]


SHARED_FILTERS = frozenset({
    "attr", "capitalize", "d", "default", "dictsort", "e", "escape", "first", "float", "groupby", "indent",
    "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr",
    "replace", "reverse", "round", "safe", "select", "selectattr", "sort", "string", "sum", "title", "tojson",
    "trim", "unique", "upper", "urlencode",
    "url", "script_tag",  # the theme's own, in MkDocs and Zensical alike
})
"""Filters that Jinja2 (with MkDocs) and MiniJinja (with Zensical) both have."""
JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def python_only_constructs(folder: Path = OVERRIDES) -> list[str]:
    """What in our templates only Jinja2 renders: a method call on a value (``.format()``,
    ``.get()``, ``.items()``; MiniJinja's values have none) other than a macro of an imported
    template, or a filter MiniJinja lacks that no ``"name" is filter`` guards."""
    problems = []
    templates = sorted([*folder.rglob("*.html"), *folder.glob("*.xml")])
    imported = {"self", "loop", "lang"}  # lang: the theme's base.html imports its language partial so
    for path in templates:  # a template's imports reach the templates that extend or include it
        imported |= set(re.findall(r"\{%-?\s*import\s+\S+\s+as\s+(\w+)", _read(path)))
    for path in templates:
        text = _read(path)
        where = path.relative_to(folder.parent)
        for tag in JINJA_TAG.findall(re.sub(r"\{#.*?#\}", "", text, flags=re.S)):
            tag = re.sub(r"\"[^\"]*\"|'[^']*'", '""', tag)  # no method or filter inside a string
            for owner, method in re.findall(r"([\w\]\)\"']+)\s*\.\s*(\w+)\s*\(", tag):
                if owner not in imported:
                    problems.append(f"{where}: .{method}() on {owner}: MiniJinja has no Python methods")
            for name in re.findall(r"\|\s*(\w+)", tag):
                if name not in SHARED_FILTERS and f'"{name}" is filter' not in text:
                    problems.append(f"{where}: the filter {name} is not MiniJinja's; guard it with "
                                    f'{{% if "{name}" is filter %}}')
    return problems


def scripts_outside_the_dom_adapter() -> list[str]:
    """Our page scripts read Material's page only through the DOM adapter (material.DOM_ADAPTER)."""
    adapter = OVERRIDES / material.DOM_ADAPTER
    return [f"{path.relative_to(ROOT)} names {', '.join(sorted(set(MD_NAME.findall(_read(path)))))}; "
            f"read Material's page through {adapter.relative_to(ROOT)}"
            for path in sorted(adapter.parent.glob("*.js"))
            if path != adapter and MD_NAME.search(_read(path))]


def serve_problems() -> list[str]:
    """What material.forget_reported_messages, poll_every and rebuild_through assume of MkDocs."""
    from mkdocs import __main__ as command_line
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.utils import DuplicateFilter

    problems = []
    if "DuplicateFilter" not in inspect.getsource(command_line):
        problems.append("MkDocs' command line no longer filters repeated messages: forget_reported_messages "
                        "has nothing to clear (drop it, or find the new filter)")
    if not isinstance(getattr(DuplicateFilter(), "msgs", None), set):
        problems.append("DuplicateFilter keeps no .msgs set: forget_reported_messages cannot clear it")
    with tempfile.TemporaryDirectory() as folder:
        server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=folder)
        watched, other = Path(folder, "docs"), Path(folder, "theme")
        watched.mkdir()
        server.watch(str(watched))
        kept = material.poll_every(server, 0.1, [str(watched), str(other)])
        paths = {emitter.watch.path for emitter in server.observer.emitters}
        if kept != [str(watched)] or paths != {str(watched)}:
            problems.append(f"poll_every kept {kept} and the new observer watches {paths}: mkdocs serve's "
                            "watch/unwatch changed")
        if getattr(server.observer, "timeout", None) != 0.1:
            problems.append("LiveReloadServer.observer is no longer the observer serve starts")
        calls: list[str] = []
        material.rebuild_through(server, lambda builder: calls.append("wrapper"))
        server.builder()
        if calls != ["wrapper"] or "self.builder()" not in inspect.getsource(LiveReloadServer._build_loop):
            problems.append("mkdocs serve no longer rebuilds through LiveReloadServer.builder: rebuild_through "
                            "(the mistakes shown in the browser) must find the new way")
        server.server_close()
    return problems


def _template_lines(text: str) -> list[str]:
    """A template's lines without its Jinja comments (a copy's header says why it was copied)."""
    return [line for line in re.sub(r"\{#.*?#\}", "", text, flags=re.S).splitlines() if line.strip()]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""
