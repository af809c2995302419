"""The code as the next engineer meets it: lint and strict types clean, modules small enough to read,
and each build hook loaded once."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.sites import ROOT

LONGEST_MODULE = 300
"""Lines a module of demo/ or hooks/ may have: past this, split it by what it holds."""


@pytest.mark.parametrize("tool", [["ruff", "check", "."], ["mypy"]], ids=["ruff", "mypy"])
def test_the_linter_and_the_type_checker_find_nothing(tool: list[str]) -> None:
    """Both configured in pyproject.toml and pinned in constraints.txt."""
    result = subprocess.run([sys.executable, "-m", *tool], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_of_the_demo_or_the_hooks_is_over_300_lines() -> None:
    lengths = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
               for folder in ("demo", "hooks") for path in (ROOT / folder).rglob("*.py")}
    assert {path: lines for path, lines in lengths.items() if lines > LONGEST_MODULE} == {}
