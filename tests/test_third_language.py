"""A third language by configuration alone (README, "Add a language"): a copy of the project with a
test-only language ``xx`` (its catalog made from English's, listed in mkdocs.yml, English pages
copied as ``docs/*.xx.md``) builds, serves ``/xx/`` with a switch to all three languages, and the
tools treat its pages as a translation, not as Japanese."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import material as material_theme
import pytest
import yaml

from content import catalog
from tests.prose_checks import pages_in
from tests.sites import ROOT, Build, article_names, build, copy_project

pytestmark = pytest.mark.long
CODE, NAME = "xx", "Testish"
ENGLISH_BLOCK = re.compile(r"^        - locale: en\n(?:^         .*\n)+", re.M)
"""mkdocs.yml's entry for English under the i18n plugin's languages."""


def add_language(project: Path) -> None:
    """What README's "Add a language" asks of a writer, done for ``xx``."""
    english = (project / "locales" / "en.toml").read_text(encoding="utf-8")
    (project / "locales" / f"{CODE}.toml").write_text(
        re.sub(r'^"language_name" = .*$', f'"language_name" = "{NAME}"', english, count=1, flags=re.M),
        encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = ENGLISH_BLOCK.search(text)
    assert block, "mkdocs.yml's English entry moved; update the test"
    ours = block[0].replace("locale: en", f"locale: {CODE}").replace("name: English", f"name: {NAME}")
    config.write_text(text[:block.end()] + ours + text[block.end():], encoding="utf-8")
    for page in (project / "docs").glob("*.en.md"):
        shutil.copy(page, page.with_name(page.name.replace(".en.md", f".{CODE}.md")))
    outside = project / "writers" / "outside-labels.yml"
    labels = yaml.safe_load(outside.read_text(encoding="utf-8"))
    outside.write_text(yaml.safe_dump({**labels, CODE: labels["en"]}, allow_unicode=True), encoding="utf-8")
    # Material has no words of its own for a made-up language (it has them for ko, zh and 60 more).
    partials = project / "overrides" / "partials" / "languages"
    partials.mkdir(parents=True, exist_ok=True)
    english = Path(material_theme.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    (partials / f"{CODE}.html").write_text(
        english.read_text(encoding="utf-8").replace('"language": "en"', f'"language": "{CODE}"'), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = tmp_path_factory.mktemp("third-language")
    project = copy_project(folder / "project")
    add_language(project)
    return build(project, folder / "site")


def test_the_site_builds_with_a_third_language_from_configuration_alone(built: Build) -> None:
    assert built.ok, built.output[-3000:]
    missing = [name for name in [*article_names(), "404"] if not (built.site / CODE / f"{name}.html").is_file()]
    assert missing == []
    page = (built.site / CODE / "change-phone.html").read_text(encoding="utf-8")
    assert f'<html lang="{CODE}"' in page


def test_the_language_switch_offers_all_three_languages(built: Build) -> None:
    assert built.ok, built.output[-3000:]
    for folder in ("", "en/", f"{CODE}/"):
        page = (built.site / f"{folder}change-phone.html").read_text(encoding="utf-8")
        switch = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link">\s*([^<]*?)\s*</a>', page)
        assert [(language, name) for _, language, name in switch] == [("ja", "日本語"), ("en", "English"),
                                                                     (CODE, NAME)], folder
        for link, _, _ in switch:
            assert (built.site / folder / link).resolve().is_file(), f"{folder}change-phone.html links {link}"


def test_the_staleness_tool_marks_a_page_of_the_third_language(built: Build) -> None:
    project = built.site.parent / "project"
    page = project / "docs" / f"change-phone.{CODE}.md"
    page.write_text(re.sub(r"^source: .*\n", "", page.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "hooks.staleness", f"docs/{page.name}"], cwd=project,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"docs/{page.name}: marked up to date" in result.stdout
    assert re.search(r"^source: [0-9a-f]{12}$", page.read_text(encoding="utf-8"), re.M)


def test_the_japanese_linter_reads_no_page_of_the_third_language(built: Build) -> None:
    project = built.site.parent / "project"
    japanese = pages_in(catalog.DEFAULT_LANGUAGE, project)
    assert project / "docs" / "change-phone.md" in japanese
    assert [page.name for page in japanese if not re.fullmatch(r"[\w-]+\.md", page.name)] == []
    assert len(pages_in(CODE, project)) == len(pages_in("en", project)) == len(japanese)


def test_the_catalogs_of_a_project_are_its_languages(built: Build) -> None:
    """The demo and the server read ``locales/``: a catalog there is a language they serve (?lang=xx)."""
    locales = built.site.parent / "project" / "locales"
    assert catalog.languages(locales) == ("ja", "en", CODE)
    assert catalog.read_catalog(CODE, locales)["language_name"] == NAME
    assert catalog.languages(ROOT / "locales") == catalog.LANGUAGES
