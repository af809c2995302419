"""hooks/settings.py: articles quote the service's settings, never a typed copy."""

from __future__ import annotations

import re
from pathlib import Path

from otp_core import keys
from tests.sites import ROOT, build, copy_project


def test_pages_show_the_configured_service_name_and_key_length(built_site: Path) -> None:
    page = (built_site / "new-device-with-key.html").read_text(encoding="utf-8")
    english = (built_site / "en" / "new-device-with-key.html").read_text(encoding="utf-8")

    assert "Tsubame" in page and "Tsubame" in english
    assert f"{keys.KEY_LENGTH}" in page and f"{keys.KEY_LENGTH}-character" in english
    assert "{{" not in page and "{{" not in english


def test_no_page_keeps_a_placeholder(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        assert "{{" not in path.read_text(encoding="utf-8"), path


def test_the_service_name_is_one_setting(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "data" / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('service_name = "Tsubame"', 'service_name = "Hibari"'))

    result = build(project, tmp_path / "site")

    assert result.ok, result.output
    home = (result.site / "index.html").read_text(encoding="utf-8")
    article = (result.site / "en" / "secret-key.html").read_text(encoding="utf-8")
    assert "Hibariヘルプセンター" in home and "Hibari" in article
    assert "Tsubame" not in home + article


def test_an_unknown_setting_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    article = project / "docs" / "secret-key.en.md"
    lines = article.read_text(encoding="utf-8").split("\n")
    lines.insert(12, "Keep it for {{ sevice_name }}.")
    article.write_text("\n".join(lines), encoding="utf-8")

    result = build(project, tmp_path / "site")

    assert not result.ok
    assert re.search(r"docs/secret-key\.en\.md:13: unknown setting '\{\{ sevice_name \}\}'", result.output)
    assert "{{ service_name }}" in result.output  # the fix: the names that exist


def test_source_prose_never_types_the_key_length_or_service_name() -> None:
    for path in (ROOT / "docs").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "Tsubame" not in text, f"{path.name}: write {{{{ service_name }}}}"
        assert not re.search(r"\b32\s*(文字|桁|characters?)", text), f"{path.name}: write {{{{ key_length }}}}"


def test_the_articles_link_the_contact_form_of_the_setting_in_each_language(built_site: Path, tmp_path: Path) -> None:
    """Empty, the setting is the demo's support form; the real service's form replaces it everywhere."""
    links = {language: (ROOT / "docs" / source).read_text(encoding="utf-8").count("({{ contact_form_url }})")
             for language, source in (("ja", "cannot-reset-2fa.md"), ("en", "cannot-reset-2fa.en.md"))}
    assert links["ja"] == links["en"] >= 3
    for language, path in (("ja", "cannot-reset-2fa.html"), ("en", "en/cannot-reset-2fa.html")):
        page = (built_site / path).read_text(encoding="utf-8")
        assert page.count(f'href="/demo/support?lang={language}"') == links[language]
    project = copy_project(tmp_path / "project")
    config = project / "data" / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'contact_form_url = ""', 'contact_form_url = "https://tsubame.example/{lang}/contact"'))

    result = build(project, tmp_path / "site")

    assert result.ok, result.output
    for language, path in (("ja", "cannot-reset-2fa.html"), ("en", "en/cannot-reset-2fa.html")):
        page = (result.site / path).read_text(encoding="utf-8")
        assert page.count(f'href="https://tsubame.example/{language}/contact"') == links[language]
        assert "/demo/support" not in page
