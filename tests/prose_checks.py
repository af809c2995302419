"""What the prose checks share: the textlint binary and the style guide's English patterns,
used on the articles (tests/test_prose_lint.py) and on the catalogs (tests/test_catalog_prose.py)."""

from __future__ import annotations

import re
from pathlib import Path

from content import catalog
from tests.sites import ROOT

TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
"""The Japanese linter: for the default language's pages only (``pages_in(catalog.DEFAULT_LANGUAGE)``)."""
CONTRACTION = re.compile(r"\b\w+(?:n't|'re|'ve|'ll|'d|'m)\b|\b(?:it|that|there|what|here|who|let)'s\b", re.I)
BRITISH = re.compile(
    r"\b(?:colou?rs?(?<!color)(?<!colors)|centre|centres|licence|practise[ds]?|organis\w+|recognis\w+|"
    r"authoris\w+|customis\w+|realis\w+|cancell(?:ed|ing)|favourite|behaviour|travelled|catalogue|"
    r"whilst|amongst|programme)\b", re.I)


def pages_in(language: str, project: Path = ROOT) -> list[Path]:
    """The project's articles written in ``language``: ``docs/NAME.md`` in the default language,
    ``docs/NAME.<language>.md`` in each other one (a language with a catalog in ``locales/``), so a
    linter for one language never reads another's pages."""
    docs = project / "docs"
    translated = tuple(f".{code}.md" for code in catalog.languages(project / "locales")[1:])
    if language == catalog.DEFAULT_LANGUAGE:
        return sorted(path for path in docs.glob("*.md") if not path.name.endswith(translated))
    return sorted(docs.glob(f"*.{language}.md"))
