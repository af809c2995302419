"""The house's shape, as the README's "How it fits together" states it: four wings that import
downward only, no cycles, hooks that need only ``content/`` and ``otp_core/``, one module that
sets response headers, and a site that builds with the writers' light install (issue 22)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from tests.sites import ROOT

LAYERS = {
    "otp_core": 0, "content": 1, "server.settings": 1, "demo.storage": 2, "demo.rules": 3, "demo.web": 4,
    "feedback": 4, "hooks": 2, "server": 5,
}
"""A module may import modules of its own layer or below. Longest prefix wins: ``server.settings``
(plain settings read from the environment) sits low, the rest of ``server`` on top."""
WINGS_APART = {("demo", "feedback"), ("feedback", "demo"), ("hooks", "demo"), ("hooks", "server"),
               ("hooks", "feedback"), ("content", "demo"), ("content", "server"), ("content", "feedback")}
"""Wings that never import each other, whatever their layers."""
HEADERS = re.compile(r"Content-Security-Policy|Cache-Control|X-Frame-Options|Referrer-Policy|X-Content-Type-Options",
                     re.I)


def modules() -> dict[str, Path]:
    found = {}
    for package in ("otp_core", "content", "demo", "feedback", "server", "hooks"):
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, name: str, ours: set[str]) -> set[str]:
    """The modules of ours that ``path`` imports at its top level or in a function."""
    found = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*kept, base] if base else kept)
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in ours else base for alias in node.names}
    return {target for target in found if target in ours}


def layer(name: str) -> int:
    prefix = max((key for key in LAYERS if name == key or name.startswith(key + ".")), key=len)
    return LAYERS[prefix]


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, name, set(found)) - {name} for name, path in found.items()}


def test_no_module_imports_upward_or_across_wings() -> None:
    wrong = sorted(f"{name} -> {target}" for name, targets in graph().items() for target in targets
                   if layer(target) > layer(name) or (name.split(".")[0], target.split(".")[0]) in WINGS_APART)
    assert wrong == []


def test_the_imports_have_no_cycle() -> None:
    edges = graph()
    state: dict[str, int] = defaultdict(int)  # 0 unseen, 1 on the path, 2 done
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges.get(name, ())):
            if state[target] == 1:
                cycles.append([*path[path.index(target):], target])
            elif state[target] == 0:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(edges):
        if state[name] == 0:
            visit(name, [name])
    assert cycles == []


def test_the_hooks_import_only_content_and_the_otp_core() -> None:
    edges = graph()
    used = {target.split(".")[0] for name, targets in edges.items() if name.startswith("hooks") for target in targets}
    assert used <= {"hooks", "content", "otp_core"}


def test_one_module_sets_the_response_headers() -> None:
    """Every policy (CSP, caching, nosniff, referrer, framing) is written in server/headers.py."""
    writers = sorted(str(path.relative_to(ROOT)) for path in modules().values()
                     if HEADERS.search(path.read_text(encoding="utf-8")) and path != ROOT / "server" / "headers.py"
                     and not path.is_relative_to(ROOT / "hooks"))
    assert writers == []


def test_the_rule_above_sees_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a storage module importing the web layer is caught."""
    probe = ROOT / "demo" / "storage" / "probe_upward.py"
    probe.write_text("from demo.web import context\n", encoding="utf-8")
    try:
        assert "demo.web.context" in graph()["demo.storage.probe_upward"]
        assert layer("demo.web.context") > layer("demo.storage.probe_upward")
    finally:
        probe.unlink()


BLOCKED_BUILD = """
import importlib.abc, sys
SERVER_ONLY = ("demo", "server", "feedback", "fastapi", "starlette", "uvicorn", "cryptography", "argon2", "PIL",
               "phonenumbers", "multipart", "pytest", "playwright")
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in SERVER_ONLY:
            raise ImportError(f"the writers' light install has no {name}")
        return None
sys.meta_path.insert(0, Blocker())
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True))
"""


def test_the_site_builds_with_the_writers_light_install(tmp_path: Path) -> None:
    """README: a writer who needs only the site installs the plain project (MkDocs, Material,
    static-i18n, pyotp, qrcode). The build runs with every package of the demo's and the tests'
    extras, and our own server wings, refused at import."""
    result = subprocess.run([sys.executable, "-c", BLOCKED_BUILD, str(tmp_path / "site")], cwd=ROOT,
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "en" / "index.html").is_file()
