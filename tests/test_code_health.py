"""The code as the next engineer meets it: lint and strict types clean, modules small enough to read,
and each build hook loaded once."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.sites import ROOT

LONGEST_MODULE = 300
PACKAGES = ("otp_core", "content", "demo", "feedback", "server", "hooks", "devtools", "benchmarks")
"""Lines a module of otp_core/, demo/ or hooks/ may have: past this, split it by what it holds."""


@pytest.mark.parametrize("tool", [["ruff", "check", "."], ["mypy"]], ids=["ruff", "mypy"])
def test_the_linter_and_the_type_checker_find_nothing(tool: list[str]) -> None:
    """Both configured in pyproject.toml and pinned in constraints.txt."""
    result = subprocess.run([sys.executable, "-m", *tool], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_of_ours_is_over_300_lines() -> None:
    lengths = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
               for folder in PACKAGES for path in (ROOT / folder).rglob("*.py")}
    assert {path: lines for path, lines in lengths.items() if lines > LONGEST_MODULE} == {}


LOADED_HOOKS = """
import collections, json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[1]))
files = collections.Counter(
    str(Path(module.__file__).resolve().relative_to(Path.cwd())) for module in list(sys.modules.values())
    if getattr(module, "__file__", None) and Path(module.__file__).resolve().parent == Path.cwd() / "hooks")
print(json.dumps(files))
"""


def test_a_build_loads_each_hook_module_once(tmp_path: Path) -> None:
    """A hook module imported by another under a second name would run twice, with two caches."""
    result = subprocess.run([sys.executable, "-c", LOADED_HOOKS, str(tmp_path / "site")], cwd=ROOT,
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    listed = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nhooks:", 1)[1]
                            .split("\n\n", 1)[0].replace("  - ", "- "))
    assert set(listed) <= set(loaded), "every listed hook ran"
    assert {name: count for name, count in loaded.items() if count != 1} == {}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_benchmarks_do_not_depend_on_the_tests() -> None:
    imports = {str(path.relative_to(ROOT)): sorted(name for name in imported_modules(path) if name.startswith("tests"))
               for path in (ROOT / "benchmarks").glob("*.py")}
    assert {path: names for path, names in imports.items() if names} == {}


def test_tests_share_helpers_through_helper_modules_not_test_files() -> None:
    imports = {str(path.relative_to(ROOT)): sorted(name for name in imported_modules(path)
                                                   if name.rsplit(".", 1)[-1].startswith("test_"))
               for path in (ROOT / "tests").rglob("*.py")}
    assert {path: names for path, names in imports.items() if names} == {}
