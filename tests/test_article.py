"""hooks/article.py: dates, related articles and demo links from front matter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sites import build, build_edited, copy_project


def test_articles_show_the_last_updated_date_in_each_language(built_site: Path) -> None:
    ja = (built_site / "turn-off-2fa.html").read_text(encoding="utf-8")
    en = (built_site / "en" / "turn-off-2fa.html").read_text(encoding="utf-8")
    assert re.search(r'最終更新日:\s*<time datetime="2026-\d\d-\d\d">2026年\d+月\d+日</time>', ja)
    assert re.search(r'Last updated:\s*<time datetime="2026-\d\d-\d\d">\d+ [A-Z][a-z]+ 2026</time>', en)


def test_related_articles_link_to_pages_in_the_same_language(built_site: Path) -> None:
    en = (built_site / "en" / "turn-off-2fa.html").read_text(encoding="utf-8")
    related = en.split('id="help-related-title"')[1].split("</nav>")[0]
    links = re.findall(r'href="([^"]+)">([^<]+)</a>', related)
    assert links
    for href, title in links:
        assert not href.startswith(("/", "http")) and href.endswith(".html")
        assert (built_site / "en" / href).is_file()
        assert re.search(r"[A-Za-z]", title) and not re.search(r"[\u3040-\u30ff]", title)


def test_articles_link_to_their_demo_scenario_in_their_language(built_site: Path) -> None:
    ja = (built_site / "cannot-reset-2fa.html").read_text(encoding="utf-8")
    en = (built_site / "en" / "cannot-reset-2fa.html").read_text(encoding="utf-8")
    assert 'href="/demo/scenarios/route-c?lang=ja"' in ja
    assert 'href="/demo/scenarios/route-c?lang=en"' in en


def test_every_article_has_a_meta_description(built_site: Path) -> None:
    for path in [*built_site.glob("*.html"), *(built_site / "en").glob("*.html")]:
        if path.name == "404.html":
            continue
        html = path.read_text(encoding="utf-8")
        match = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert match and "{{" not in match.group(1), path


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("related: [no-such-article.md, turn-off-2fa.md]", "related article 'no-such-article.md' does not exist"),
        ("related: [turn-off-2fa.md]", "'related' lists 1 articles; list 2 to 4"),
        ("related: [turn-off-2fa.md, secret-key.md, id-selfie.md, change-phone.md, why-2fa.md]",
         "'related' lists 5 articles; list 2 to 4"),
        ("related: [turn-off-2fa.md, change-email.md]", "'related' lists the page itself; name other articles"),
        ("demo: route-z", "unknown demo scenario 'route-z'"),
        ("updated: last week", "front matter needs 'updated: YYYY-MM-DD'"),
    ],
)
def test_a_wrong_front_matter_field_stops_the_build_with_the_file(
    tmp_path: Path, front_matter: str, message: str
) -> None:
    project = copy_project(tmp_path / "project")
    article = project / "docs" / "change-email.md"
    key = front_matter.split(":")[0]
    text = re.sub(rf"^{key}:.*$", "", article.read_text(encoding="utf-8"), count=1, flags=re.M)
    article.write_text(text.replace("---\n", f"---\n{front_matter}\n", 1), encoding="utf-8")

    result = build(project, tmp_path / "site")

    assert not result.ok
    assert "docs/change-email.md" in result.output
    assert message in result.output


@pytest.mark.parametrize(
    ("broken", "line", "problem"),
    [
        ("updated: [2026-11-01", 3, "expected ',' or ']'"),
        ("description: Steps: in order: here", 2, "mapping values are not allowed here"),
    ],
)
def test_front_matter_that_is_not_yaml_stops_the_build_at_its_line(
    tmp_path: Path, broken: str, line: int, problem: str
) -> None:
    key = broken.split(":")[0]
    result = build_edited(tmp_path, {
        "docs/change-email.en.md": lambda text: re.sub(rf"^{key}:.*$", broken, text, count=1, flags=re.M)
    })

    assert not result.ok
    assert f"docs/change-email.en.md:{line}: the front matter is not valid YAML ({problem}" in result.output
    assert "quote a value that holds ': '" in result.output  # the fix
    assert "got None" not in result.output
