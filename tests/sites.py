"""Building the help center for a test: the project's own build (devtools/site_build.py), and copies a
test edits to see a writer's mistake caught."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from devtools.site_build import PROJECT_PARTS, ROOT, Build, article_names, build, copy_project, page_path

__all__ = ["PROJECT_PARTS", "ROOT", "Build", "article_names", "build", "build_edited", "copy_project", "line_of",
           "page_path", "replacing"]


def build_edited(tmp_path: Path, edits: dict[str, Callable[[str], str]]) -> Build:
    """Build a copy of the project after changing each file in ``edits`` (a path from the
    project's folder) with its function: the writer's slip a test makes."""
    project = copy_project(tmp_path / "project")
    for path, edit in edits.items():
        file = project / path
        file.write_text(edit(file.read_text(encoding="utf-8") if file.exists() else ""), encoding="utf-8")
    return build(project, tmp_path / "site")


def replacing(old: str, new: str) -> Callable[[str], str]:
    """An edit that replaces the one ``old`` in a file by ``new`` (and fails if ``old`` moved)."""

    def edit(text: str) -> str:
        assert text.count(old) == 1, f"{old!r} is no longer in the file once; update the test"
        return text.replace(old, new)

    return edit


def line_of(text: str, wanted: str) -> int:
    """The number of the first line of ``text`` holding ``wanted``."""
    return next(number for number, line in enumerate(text.split("\n"), start=1) if wanted in line)
