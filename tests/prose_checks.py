"""What the prose checks share: the textlint binary and the style guide's English patterns,
used on the articles (tests/test_prose_lint.py) and on the catalogs (tests/test_catalog_prose.py).
The patterns are the build's own (hooks/english.py, writers/american-spelling.yml): one list."""

from __future__ import annotations

from hooks.english import CONTRACTION, SPELLING, british_pattern, read_spellings
from tests.sites import ROOT

TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
BRITISH = british_pattern(tuple(sorted(read_spellings(ROOT.joinpath(*SPELLING)).items())))

__all__ = ["BRITISH", "CONTRACTION", "TEXTLINT"]
