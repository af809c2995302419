"""What the prose checks share: the textlint binary and the style guide's English patterns (from
hooks/proofreading.py, which the preview runs too), used on the articles (tests/test_prose_lint.py)
and on the catalogs (tests/test_catalog_prose.py)."""

from __future__ import annotations

from hooks.proofreading import BRITISH, CONTRACTION
from tests.sites import ROOT

__all__ = ["BRITISH", "CONTRACTION", "TEXTLINT"]

TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
