"""Everything that leans on Material for MkDocs' internals, listed in one place and pinned to
the version it was checked against (Material reaches end of life in May 2027; README,
"Moving off Material", says what a move needs).

Material's documented extension points (template blocks, ``extra``, palette options) are
not internals; INTERNALS lists what is.
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import material

MATERIAL_SPOKEN = "9.8.2"
"""The Material for MkDocs every entry of INTERNALS was checked against."""

INTERNALS = {
    "overrides/assets/javascripts/workers/search-worker.js":
        "speaks Material's search worker messages (SETUP 0, READY 1, QUERY 2, RESULT 3; results "
        "{items: [[article, ...sections]]} with score and terms): compare Material's "
        "src/templates/assets/javascripts/integrations/search/worker/message and search/_/index.ts",
    "hooks/search.py":
        "rewrites the page's __config script (search worker and index) and splits the search "
        "plugin's search_index.json per language",
    "overrides/partials/search.html": "is Material's partials/search.html with our additions: diff the two",
    "server/site.py":
        "allows Material's inline scripts (partials/javascripts/) and <style> blocks (partials/icons.html) "
        "by their hashes, and relies on its bundle setting styles through the CSSOM (no style attributes); "
        "tests/browser/test_content_security.py finds out when not",
    "overrides/main.html":
        "replaces the site_meta block (canonical and absolute hreflang links): compare with base.html's; "
        "adds defer to the scripts block's <script src=...> tags (Material's bundle must still run "
        "after the page is parsed)",
    "overrides/assets/stylesheets/help.css":
        "keeps the place of the header's search button (.md-header__button[for=__search]), which "
        "Material hides under .no-js until its bundle runs",
    "demo/web/look.py": "links the built site's main.*.min.css and palette.*.min.css, and the demo uses md-* classes",
}

BLOCKS = ("site_meta", "header", "content", "config", "extrahead")
"""The blocks of Material's base.html that overrides/main.html fills."""

MATERIAL = Path(material.__file__).parent / "templates"
ROOT = Path(__file__).resolve().parents[1]


def test_material_is_the_version_our_internals_were_checked_against() -> None:
    version = importlib.metadata.version("mkdocs-material")
    checklist = "\n".join(f"  {path}: {what}" for path, what in INTERNALS.items())
    assert version == MATERIAL_SPOKEN, (
        f"Material for MkDocs is now {version}; check each use of its internals against it, run "
        f"tests/browser/test_search.py, then set MATERIAL_SPOKEN:\n{checklist}"
    )


def test_every_listed_file_exists() -> None:
    assert [path for path in INTERNALS if not (ROOT / path).is_file()] == []



def test_the_blocks_and_scripts_we_rely_on_are_in_materials_base_template() -> None:
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert [block for block in BLOCKS if not re.search(rf"{{% block {block} %}}", base)] == []
    assert 'id="__config"' in base, "hooks/search.py rewrites this script"
    bundle = next((MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert "search/search_index.json" in bundle.read_text(encoding="utf-8"), "Material no longer fetches the index"
    assert (MATERIAL / "partials" / "search.html").is_file()
