"""pyproject.toml: what installing the project brings, and what it leaves out."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import demo
import hooks
import otp_core
from tests.sites import ROOT

SITE_PACKAGES = sysconfig.get_paths()["purelib"]
DISTRIBUTION = next(importlib.metadata.distributions(name="twofactor-help", path=[SITE_PACKAGES]))
"""The project as pip installed it (not the egg-info setuptools leaves in the checkout)."""
SERVER_ONLY = {"fastapi", "uvicorn", "cryptography", "argon2-cffi", "phonenumbers", "pillow"}


def test_none_of_our_folders_is_installed_into_site_packages() -> None:
    """``demo``, ``hooks`` and ``otp_core`` are generic names: installed, they would shadow or be
    shadowed by another project's. They run from the checkout."""
    ours = {"otp_core", "content", "demo", "feedback", "server", "hooks", "devtools", "benchmarks", "tests"}
    installed = {Path(str(file)).parts[0] for file in DISTRIBUTION.files or []}
    top_level = set((DISTRIBUTION.read_text("top_level.txt") or "").split())  # what an editable install maps
    assert installed.isdisjoint(ours) and top_level.isdisjoint(ours)
    assert Path(demo.__file__).resolve().parents[1] == ROOT
    assert Path(hooks.__file__).resolve().parents[1] == ROOT
    assert Path(otp_core.__file__).resolve().parents[1] == ROOT


def test_the_plain_install_is_the_site_build_only() -> None:
    plain = {
        re.split(r"[ ;<>=!~\[]", requirement)[0].lower()
        for requirement in DISTRIBUTION.requires or []
        if "extra ==" not in requirement
    }
    assert {"mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pyotp", "qrcode"} <= plain
    assert plain.isdisjoint(SERVER_ONLY | {"pytest", "playwright"})


def test_python_311_and_later_are_accepted() -> None:
    assert DISTRIBUTION.metadata["Requires-Python"] == ">=3.11"


@pytest.mark.long
def test_the_mkdocs_command_of_the_environment_builds_from_any_folder(tmp_path: Path) -> None:
    """Issue 25: ``mkdocs build`` with the environment activated is the first command a MkDocs writer
    types; the console script does not put the working folder on the path, as ``python -m`` does."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    result = subprocess.run(command, cwd=tmp_path, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": ""},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "site" / "en" / "change-phone.html").is_file()
