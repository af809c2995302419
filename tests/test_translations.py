"""hooks/translations.py: every article exists in both languages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from hooks.translations import KINDS, structure
from tests.sites import ROOT, article_names, build, build_edited, copy_project, line_of, replacing


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


STRUCTURE_BREAKS = [
    pytest.param(
        "turn-off-2fa.en.md",
        "3. Save the new secret key shown during setup.\n",
        "3. Save the new secret key shown during setup.\n5. Tell support you are done.\n",
        "5. Tell support you are done.",
        r"has (\d+) numbered steps, docs/turn-off-2fa\.md has (\d+); make the two versions match "
        r"\(add or remove the step\)",
        id="extra step",
    ),
    pytest.param(
        "turn-off-2fa.md",
        "## 解除したあと {#after}\n",
        "",
        "## After you turn it off {#after}",
        r"has (\d+) level-2 headings, docs/turn-off-2fa\.md has (\d+); make the two versions match "
        r"\(add or remove the ## heading\)",
        id="missing heading",
    ),
    pytest.param(
        "turn-off-2fa.md",
        '!!! note "認証コードを表示できないとき"\n    古いスマートフォンをなくした',
        "古いスマートフォンをなくした",
        '!!! note "If you cannot get a code"',
        r"has (\d+) admonitions, docs/turn-off-2fa\.md has (\d+); make the two versions match "
        r"\(add or remove the !!! or \?\?\? admonition\)",
        id="missing admonition",
    ),
    pytest.param(
        "set-up-2fa.en.md",
        "## Add the key and confirm {#add-key}\n",
        '=== "Desktop app"\n\n    Use the browser steps.\n\n## Add the key and confirm {#add-key}\n',
        '=== "Desktop app"',
        r"has (\d+) content tabs, docs/set-up-2fa\.md has (\d+); make the two versions match "
        r'\(add or remove the === "…" tab\)',
        id="extra tab",
    ),
]


@pytest.mark.parametrize(("article", "old", "new", "reported", "message"), STRUCTURE_BREAKS)
def test_a_translation_with_a_different_structure_stops_the_build_at_the_difference(
    tmp_path: Path, article: str, old: str, new: str, reported: str, message: str
) -> None:
    project = copy_project(tmp_path / "project")
    _replace(project / "docs" / article, old, new)
    english = project / "docs" / f"{article.split('.')[0]}.en.md"  # the version with one more
    line = _line_of(english, reported)

    result = build(project, tmp_path / "site")

    assert not result.ok
    found = re.search(rf"docs/{re.escape(english.name)}:{line}: {message}", result.output)
    assert found, result.output
    assert int(found[1]) == int(found[2]) + 1


def test_a_sample_in_one_language_only_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    article = project / "docs" / "change-phone.en.md"
    _replace(
        article,
        "## Three questions {#questions}\n",
        "```totp-sample\naccount: hanako@example.com\ntime: 2026-11-25T09:00:00Z\n```\n\n"
        "## Three questions {#questions}\n",
    )

    result = build(project, tmp_path / "site")

    assert not result.ok
    line = _line_of(article, "```totp-sample")
    assert (
        f"docs/change-phone.en.md:{line}: has 1 totp-sample block, docs/change-phone.md has 0; "
        "make the two versions match (add or remove the ```totp-sample``` block)"
    ) in result.output


def test_code_blocks_and_front_matter_are_not_structure() -> None:
    source = (
        "---\ndescription: x\n# a YAML comment\n---\n\n# Title\n\n"
        "```sh\n# a shell comment\n1. not a step\n!!! not a warning\n```\n\n"
        '=== "Browser"\n\n    1. Sign in.\n\n    ```text\n    === "not a tab"\n    ```\n\n'
        "!!! note\n    2. Still a step.\n\n```totp-sample\naccount: a@example.com\n```\n"
    )

    found = [(item.kind, item.line) for item in structure(source) if item.kind in KINDS]

    assert found == [
        ("h1", 6),
        ("tab", 14),
        ("step", 16),
        ("admonition", 22),
        ("step", 23),
        ("sample", 25),
    ]


def test_each_real_article_has_the_same_structure_in_both_languages() -> None:
    for name in article_names():
        japanese = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
        english = (ROOT / "docs" / f"{name}.en.md").read_text(encoding="utf-8")
        counts = [
            Counter(item.kind for item in structure(text) if item.kind in KINDS)
            for text in (japanese, english)
        ]
        assert counts[0] == counts[1], f"docs/{name}.md and docs/{name}.en.md differ"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} no longer has {old!r} once; update the test"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if line.strip() == text)


def test_a_sample_for_another_account_in_one_language_names_both_lines(tmp_path: Path) -> None:
    result = build_edited(tmp_path, {
        "docs/set-up-2fa.en.md": replacing("account: hanako@example.com", "account: taro@example.com")
    })

    english = line_of((ROOT / "docs" / "set-up-2fa.en.md").read_text(encoding="utf-8"), "```totp-sample")
    japanese = line_of((ROOT / "docs" / "set-up-2fa.md").read_text(encoding="utf-8"), "```totp-sample")
    assert not result.ok
    assert (
        f"docs/set-up-2fa.en.md:{english}: this sample shows 'account: taro@example.com time: "
        f"2026-11-26T09:00:00Z' but docs/set-up-2fa.md:{japanese} shows 'account: hanako@example.com"
    ) in result.output
    assert "use the same account and time in both languages" in result.output
    # Every mistake is reported at once (hooks/mistakes.py): the other account's worked example, which
    # the vector file lacks, is listed too, beside the line that names the two samples.
    assert "the sample for taro@example.com shows" in result.output


@pytest.mark.parametrize(
    ("page", "label", "allowed"),
    [("set-up-2fa.en.md", "iOS app", "iPhone"), ("set-up-2fa.md", "iOSアプリ", "iPhoneアプリ")],
)
def test_a_content_tab_outside_the_three_labels_stops_the_build(
    tmp_path: Path, page: str, label: str, allowed: str
) -> None:
    result = build_edited(tmp_path, {f"docs/{page}": replacing(f'=== "{label}"', f'=== "{allowed}"')})

    line = line_of((ROOT / "docs" / page).read_text(encoding="utf-8"), f'=== "{label}"')
    assert not result.ok
    assert f"docs/{page}:{line}: the content tab '{allowed}' is not one of " in result.output
    assert f"'{label}'" in result.output and "help.tabs in locales/" in result.output
