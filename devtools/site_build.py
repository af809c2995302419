"""Building the help center, or a copy of it that a test or benchmark may edit, with the real mkdocs CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from content import catalog

ROOT = Path(__file__).resolve().parents[1]
"""The project folder."""
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "data", "locales", "writers", "package.json",
                 "package-lock.json")


@dataclass(frozen=True)
class Build:
    ok: bool
    output: str
    site: Path


def build(project: Path, site: Path, *, site_url: str | None = None) -> Build:
    """Run ``mkdocs build --strict`` on ``project`` into ``site`` (for ``site_url``, as
    ``SITE_URL=... mkdocs build`` does for production)."""
    # The hooks import content/ and otp_core/; nothing of ours is installed, so a copied
    # project finds it in this checkout (its own hooks/ first, as `python -m` puts it first).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    env.pop("SITE_URL", None)
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Build(ok=result.returncode == 0, output=result.stdout + result.stderr, site=site)


def copy_project(destination: Path) -> Path:
    """A private copy of the site's sources that a test may edit."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    if (ROOT / "node_modules").is_dir():  # MiniSearch, which the search hook copies into the site
        (destination / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return destination


def article_names() -> list[str]:
    """Every page name written in the default language (``docs/NAME.md``)."""
    return sorted(path.stem for path in (ROOT / "docs").glob("*.md") if "." not in path.stem)


def page_path(name: str, language: str) -> str:
    """URL path of a page: ``/change-phone.html``, ``/en/change-phone.html``, ``/en/``."""
    folder = catalog.home(language)
    return folder if name == "index" else f"{folder}{name}.html"
