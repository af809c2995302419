"""The articles a vote may name: the pages of the built site, read again when a build changes it.

A new article's "Was this helpful?" must be accepted as soon as the build that adds it is served,
without a restart. Listing the folder on every vote would cost a directory scan per post; instead
the list is kept until the site's ``sitemap.xml`` (written last by every build, one per language)
or the folder itself changes: two ``stat`` calls a vote.
"""

from __future__ import annotations

import os
from pathlib import Path

_NOT_ARTICLES = frozenset({"index", "404"})


def articles_of(site_dir: Path) -> frozenset[str]:
    """The article names of the built site: its default language's pages but the home and 404."""
    return frozenset(path.stem for path in site_dir.glob("*.html") if path.stem not in _NOT_ARTICLES)


class Articles:
    """``articles_of(site_dir)``, cached until the build changes."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._seen: tuple[int, ...] | None = None
        self._names: frozenset[str] = frozenset()

    def names(self) -> frozenset[str]:
        seen = self._version()
        if seen != self._seen or not self._names:
            self._names, self._seen = articles_of(self.site_dir), seen
        return self._names

    def _version(self) -> tuple[int, ...]:
        """What changes when a build writes the site, or a new one is switched in under the same name."""
        marks: list[int] = []
        for path in (self.site_dir, self.site_dir / "sitemap.xml"):
            try:
                stat = os.stat(path)
            except OSError:
                marks += [0, 0]
                continue
            marks += [stat.st_ino, stat.st_mtime_ns]
        return tuple(marks)
