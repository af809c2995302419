"""pyproject.toml: what installing the project brings, and what it leaves out."""

from __future__ import annotations

import importlib.metadata
import re
import sysconfig
from pathlib import Path

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
