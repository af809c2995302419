"""What the prose checks share: the textlint binary and the style guide's English patterns (from
hooks/proofreading.py, which the preview runs too), used on the articles (tests/test_prose_lint.py)
and on the catalogs (tests/test_catalog_prose.py)."""

from __future__ import annotations

from pathlib import Path

from content import catalog
from hooks.proofreading import BRITISH, CONTRACTION
from tests.sites import ROOT

__all__ = ["BRITISH", "CONTRACTION", "TEXTLINT", "pages_in"]

TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
"""The Japanese linter: for the default language's pages only (``pages_in(catalog.DEFAULT_LANGUAGE)``)."""


def pages_in(language: str, project: Path = ROOT) -> list[Path]:
    """The project's articles written in ``language``: ``docs/NAME.md`` in the default language,
    ``docs/NAME.<language>.md`` in each other one (a language with a catalog in ``locales/``), so a
    linter for one language never reads another's pages."""
    docs = project / "docs"
    translated = tuple(f".{code}.md" for code in catalog.languages(project / "locales")[1:])
    if language == catalog.DEFAULT_LANGUAGE:
        return sorted(path for path in docs.glob("*.md") if not path.name.endswith(translated))
    return sorted(docs.glob(f"*.{language}.md"))
