"""What the prose checks share: the textlint binary and the style guide's English patterns,
used on the articles (tests/test_prose_lint.py) and on the catalogs (tests/test_catalog_prose.py)."""

from __future__ import annotations

import re

from tests.sites import ROOT

TEXTLINT = ROOT / "node_modules" / ".bin" / "textlint"
CONTRACTION = re.compile(r"\b\w+(?:n't|'re|'ve|'ll|'d|'m)\b|\b(?:it|that|there|what|here|who|let)'s\b", re.I)
BRITISH = re.compile(
    r"\b(?:colou?rs?(?<!color)(?<!colors)|centre|centres|licence|practise[ds]?|organis\w+|recognis\w+|"
    r"authoris\w+|customis\w+|realis\w+|cancell(?:ed|ing)|favourite|behaviour|travelled|catalogue|"
    r"whilst|amongst|programme)\b", re.I)
