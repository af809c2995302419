"""hooks/search.py: one search index per language, with that language's settings."""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import material
import pytest

from hooks.search import search_config


def index(site: Path, folder: str = "") -> dict:
    return json.loads((site / folder / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_the_japanese_index_holds_japanese_pages_only(built_site: Path) -> None:
    ja = index(built_site)
    assert ja["config"]["lang"] == ["ja"]
    locations = {doc["location"].split("#")[0] for doc in ja["docs"]}
    assert "secret-key.html" in locations
    assert not any(location.startswith("en/") for location in locations)
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", doc["title"]) for doc in ja["docs"] if "#" not in doc["location"])


def test_the_english_index_holds_english_pages_only_relative_to_en(built_site: Path) -> None:
    en = index(built_site, "en")
    assert en["config"]["lang"] == ["en"]
    assert en["config"]["pipeline"] == ["stopWordFilter"]  # Material's English setting: no stemmer
    for doc in en["docs"]:
        assert not doc["location"].startswith("en/")
        assert not re.search(r"[\u3040-\u30ff]", doc["title"]), doc["location"]
    assert (built_site / "en" / "secret-key.html").is_file()
    assert "secret-key.html" in {doc["location"] for doc in en["docs"]}


def test_the_home_page_category_lists_are_not_search_results(built_site: Path) -> None:
    for folder in ("", "en"):
        assert not any(doc["location"].startswith("index.html") for doc in index(built_site, folder)["docs"])


def test_the_readers_vocabulary_reaches_both_indexes(built_site: Path) -> None:
    for folder in ("", "en"):
        groups = index(built_site, folder)["config"]["vocabulary"]
        assert any({"2段階認証", "二段階認証", "2fa"} <= set(group) for group in groups)
        assert any({"スマホ", "スマートフォン", "phone"} <= set(group) for group in groups)


def test_each_article_carries_its_description_and_boost_for_the_search(built_site: Path) -> None:
    docs = {doc["location"]: doc for doc in index(built_site, "en")["docs"]}
    assert docs["stolen-phone.html"]["summary"].startswith("Your phone was stolen?")
    assert "summary" not in docs["stolen-phone.html#move"]  # sections have their heading instead
    assert docs["change-phone.html"]["boost"] > 1 and "boost" not in docs["stolen-phone.html"]


def test_each_language_points_its_search_at_its_own_index(built_site: Path) -> None:
    for page, base in [("secret-key.html", "./"), ("en/secret-key.html", "../en/")]:
        html = (built_site / page).read_text(encoding="utf-8")
        app = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
        assert app["base"] == base
        worker = app["search"]
        assert worker.endswith("assets/javascripts/workers/search-worker.js")
        assert (built_site / Path(page).parent / worker).resolve().is_file()
        assert (built_site / Path(page).parent / Path(worker).parent / "search-engine.js").resolve().is_file()


def test_search_config_refuses_a_page_without_materials_config() -> None:
    with pytest.raises(ValueError, match="__config"):
        search_config("<html></html>", "./")


MATERIAL_SPOKEN = "9.8.2"
"""The Material for MkDocs whose search worker protocol search-worker.js speaks."""


def test_material_is_the_version_our_search_worker_speaks() -> None:
    """The one contract with Material's internals (issue 12): its search worker's messages and
    the __config our filter rewrites. An upgrade must be checked against it, not trusted."""
    version = importlib.metadata.version("mkdocs-material")
    assert version == MATERIAL_SPOKEN, (
        f"Material for MkDocs is now {version}, but overrides/assets/javascripts/workers/search-worker.js "
        f"speaks the search worker protocol of {MATERIAL_SPOKEN}: messages SETUP 0, READY 1, QUERY 2, RESULT 3, "
        "results {items: [[article, ...sections]]} with score and terms. Compare Material's "
        "src/templates/assets/javascripts/integrations/search/worker/message and search/_/index.ts, and its "
        "partials/search.html with overrides/partials/search.html; run tests/browser/test_search.py; then "
        "update MATERIAL_SPOKEN."
    )
    bundle = next(Path(material.__file__).parent.glob("templates/assets/javascripts/bundle.*.min.js"))
    assert "search/search_index.json" in bundle.read_text(encoding="utf-8"), "Material no longer fetches the index"
