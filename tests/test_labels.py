"""hooks/labels.py: every label an article quotes is one the reader will find on the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from hooks import labels, shared
from tests.sites import ROOT, build, build_edited, copy_project, line_of, replacing

OUTSIDE = ROOT / "writers" / "outside-labels.yml"


@pytest.fixture(scope="module")
def config() -> MkDocsConfig:
    return load_config(str(ROOT / "mkdocs.yml"))


def problems_in(text: str, locale: str, config: MkDocsConfig, where: str = "docs/x.md") -> tuple[str, ...]:
    settings = tuple(sorted(shared.settings(config).items()))
    return labels.unknown_labels(where, text, locale, labels.known_labels(config, locale), settings)


def test_every_article_quotes_only_labels_the_reader_will_find(config: MkDocsConfig) -> None:
    locales = shared.languages(config)
    found = [
        problem
        for path in sorted((ROOT / "docs").glob("*.md"))
        for problem in problems_in(path.read_text(encoding="utf-8"),
                                   shared.split_locale(path.name, locales, locales[0])[1], config,
                                   f"docs/{path.name}")
    ]
    assert found == [], "\n".join(found)


def test_the_real_site_builds_with_the_label_check(built_site: Path) -> None:
    listed = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nhooks:", 1)[1]
                            .split("\n\n", 1)[0])
    assert "hooks/labels.py" in listed
    assert (built_site / "turn-off-2fa.html").is_file() and (built_site / "en" / "turn-off-2fa.html").is_file()


def test_a_label_the_demo_does_not_show_stops_the_build_at_its_line(tmp_path: Path) -> None:
    page = "docs/turn-off-2fa.md"
    edit = replacing("「オフにする」を押します。", "「解除する」を押します。")
    result = build_edited(tmp_path, {page: edit})

    line = line_of(edit((ROOT / page).read_text(encoding="utf-8")), "「解除する」を押します。")
    assert not result.ok
    assert f"{page}:{line}: 「解除する」 is not a label the demo shows in ja" in result.output, result.output
    assert "locales/ja.toml" in result.output and "writers/outside-labels.yml" in result.output


def test_a_bold_lead_in_that_is_not_a_label_is_reported(tmp_path: Path) -> None:
    page = "docs/stolen-phone.en.md"
    lead_in = "- **You saved your secret key**: type it into your new phone."
    edit = replacing("## What a thief can and cannot do\n", f"## What a thief can and cannot do\n\n{lead_in}\n")
    result = build_edited(tmp_path, {page: edit})

    line = line_of(edit((ROOT / page).read_text(encoding="utf-8")), lead_in)
    assert not result.ok
    assert (f"{page}:{line}: **You saved your secret key** is not a label the demo shows in en"
            in result.output), result.output
    assert "take the bold off: write a lead-in as a sentence or a heading" in result.output


def test_every_slip_in_every_page_is_reported_at_once(tmp_path: Path) -> None:
    result = build_edited(tmp_path, {
        "docs/recovery-codes.md": lambda text: text + "\n「再発行する」を押します。\n",
        "docs/recovery-codes.en.md": lambda text: text + "\nSelect **Regenerate**, then **Copy all**.\n",
    })

    assert not result.ok
    for label in ("「再発行する」", "**Regenerate**", "**Copy all**"):
        assert f"{label} is not a label the demo shows" in result.output, result.output


def test_a_label_of_another_app_passes_once_it_is_listed_under_that_app(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")  # its own writers/, with the list
    page = project / "docs" / "code-rejected.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n機内モードのときは、「機内モード」をオフにします。\n",
                    encoding="utf-8")

    refused = build(project, tmp_path / "refused")
    listed = project / "writers" / OUTSIDE.name
    listed.write_text(listed.read_text(encoding="utf-8").replace("    - 一般\n", "    - 一般\n    - 機内モード\n", 1),
                      encoding="utf-8")
    accepted = build(project, tmp_path / "accepted")

    assert not refused.ok and "「機内モード」 is not a label the demo shows in ja" in refused.output
    assert accepted.ok, accepted.output


def test_the_listed_labels_of_other_apps_pass_in_their_language_only(config: MkDocsConfig) -> None:
    assert problems_in("「今すぐ同期」をタップします。", "ja", config) == ()
    assert problems_in("Tap **Sync now**.", "en", config) == ()
    assert problems_in("Tap **今すぐ同期**.", "en", config) != ()


def test_code_is_not_read_and_settings_are_filled_before_the_check(config: MkDocsConfig) -> None:
    source = (
        "---\ndescription: 「説明」\n---\n\n# 題\n\n"
        "```text\n「コードの中」\n```\n\n"
        "`「インラインの中」`を入力します。\n\n"
        "「{{ service_name }}」と「{{ service_name }}ヘルプセンター」\n"
    )

    found = problems_in(source, "ja", config)

    assert len(found) == 1, found
    assert found[0].startswith("docs/x.md:13: 「Tsubame」 is not a label the demo shows in ja")


def test_a_label_the_screen_fills_in_matches_whatever_it_holds(config: MkDocsConfig) -> None:
    assert problems_in("**Signed in as hanako@example.com.**", "en", config) == ()
    assert problems_in("件名「【T-000123】写真を受け取りました」のメールです。", "ja", config) == ()
    # A catalog text made only of placeholders ("{day} {month_name} {year}") matches nothing.
    assert problems_in("**You have neither**", "en", config) != ()


def test_every_listed_label_of_another_app_is_quoted_by_an_article(config: MkDocsConfig) -> None:
    """The list stays short and honest: a label no article quotes any more is taken off it."""
    listed = labels.outside_labels(config)
    for locale, apps in listed.items():
        quoted = {
            label
            for path in (ROOT / "docs").glob("*.md")
            if shared.split_locale(path.name, shared.languages(config), "ja")[1] == locale
            for _, label in labels.quoted(path.read_text(encoding="utf-8"), labels.quoting_of(locale).pattern, {})
        }
        unused = sorted(label for app in apps.values() for label in app if label not in quoted)
        assert unused == [], f"writers/outside-labels.yml, {locale}: no article quotes {unused}"
