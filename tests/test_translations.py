"""hooks/translations.py: every article exists in both languages."""

from __future__ import annotations

from pathlib import Path

from tests.sites import ROOT, article_names, build, copy_project


def test_every_article_is_written_in_japanese_and_english() -> None:
    for name in article_names():
        assert (ROOT / "docs" / f"{name}.en.md").is_file(), f"docs/{name}.en.md is missing"
    english = {path.name.removesuffix(".en.md") for path in (ROOT / "docs").glob("*.en.md")}
    assert english == set(article_names())


def test_every_article_is_built_in_both_languages(built_site: Path) -> None:
    for name in article_names():
        page = "index" if name == "index" else name
        assert (built_site / f"{page}.html").is_file()
        assert (built_site / "en" / f"{page}.html").is_file()


def test_a_missing_english_page_stops_the_build_and_names_the_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "id-selfie.en.md").unlink()

    result = build(project, tmp_path / "site")

    assert not result.ok
    assert "docs/id-selfie.en.md" in result.output
    assert "both languages" in result.output


def test_a_missing_japanese_page_stops_the_build_and_names_the_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "change-email.md").unlink()

    result = build(project, tmp_path / "site")

    assert not result.ok
    assert "docs/change-email.md" in result.output
