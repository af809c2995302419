"""hooks/search.py: one search index per language, with that language's settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hooks.search import MINISEARCH_SITE, minisearch_source, search_config
from tests.sites import ROOT, build, copy_project

WORKERS = ROOT / "overrides" / "assets" / "javascripts" / "workers"


def index(site: Path, folder: str = "") -> dict:
    return json.loads((site / folder / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_the_japanese_index_holds_japanese_pages_only(built_site: Path) -> None:
    ja = index(built_site)
    assert ja["config"]["lang"] == ["ja"]
    locations = {doc["location"].split("#")[0] for doc in ja["docs"]}
    assert "secret-key.html" in locations
    assert not any(location.startswith("en/") for location in locations)
    pages = [doc for doc in ja["docs"] if "#" not in doc["location"]]
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", doc["title"]) for doc in pages)


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


def test_the_site_carries_the_pinned_minisearch_beside_the_worker(built_site: Path) -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/minisearch"]["version"]
    assert json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["minisearch"] == pinned
    shipped = (built_site / MINISEARCH_SITE).read_bytes()
    assert shipped == (ROOT / "node_modules" / "minisearch" / "dist" / "umd" / "index.js").read_bytes()
    assert b"global.MiniSearch = factory()" in shipped  # the UMD file: a classic worker can load it
    worker = (built_site / "assets" / "javascripts" / "workers" / "search-worker.js").read_text(encoding="utf-8")
    assert 'importScripts("minisearch.js"' in worker


def write_project(folder: Path, pinned: str, installed: str | None) -> Path:
    lock = {"packages": {"node_modules/minisearch": {"version": pinned}}}
    (folder / "package-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    if installed:
        package = folder / "node_modules" / "minisearch"
        (package / "dist" / "umd").mkdir(parents=True)
        (package / "package.json").write_text(json.dumps({"version": installed}), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("installed", "problem"), [
    (None, "MiniSearch 7.2.0 (package-lock.json) is not installed in node_modules/"),
    ("7.1.0", "node_modules/ holds MiniSearch 7.1.0, but package-lock.json pins 7.2.0"),
    ("7.2.0", ""),
])
def test_minisearch_is_used_only_at_the_version_the_lock_pins(tmp_path: Path, installed: str | None,
                                                               problem: str) -> None:
    source, said = minisearch_source(write_project(tmp_path, "7.2.0", installed))
    assert said == problem
    assert (source is not None) == (installed == "7.2.0")


def test_a_build_without_minisearch_stops_and_says_how_to_install_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "node_modules").unlink()
    result = build(project, tmp_path / "site")
    assert not result.ok
    assert "MiniSearch 7.2.0 (package-lock.json) is not installed in node_modules/" in result.output
    assert "Run `npm ci`" in result.output


@pytest.mark.parametrize("script", sorted(path.name for path in WORKERS.glob("*.js")))
def test_each_search_script_is_short_enough_to_read(script: str) -> None:
    assert len((WORKERS / script).read_text(encoding="utf-8").splitlines()) <= 300
