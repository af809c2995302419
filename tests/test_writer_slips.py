"""Issue 25: the writer's slips that passed every check stop the build (or textlint) with the file,
the line and the fix. Each build makes several slips of one check at once, and every one of them
must be reported: a check lists all its findings, not the first."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks.staleness import source_hash
from tests.prose_checks import TEXTLINT
from tests.sites import ROOT, build, build_edited, copy_project, line_of, replacing


def textlint(text: str) -> list[str]:
    """What textlint, with the project's configuration, says of ``text`` as a Japanese page."""
    result = subprocess.run([str(TEXTLINT), "--format", "json", "--stdin", "--stdin-filename", "x.md"],
                            input=text, cwd=ROOT, capture_output=True, text=True, timeout=120)
    return [f"{message['line']}: {message['message']} ({message['ruleId']})"
            for item in json.loads(result.stdout or "[]") for message in item["messages"]]


@pytest.mark.parametrize(("text", "ending"), [
    ("設定を開きます。\n\nこの操作は大事だ。\n", "大事だ"),
    ("設定を開きます。\n\nキーを控えるのである。\n", "である"),
    ("設定を開きます。\n\n「次へ」を押す。\n", "を押す"),
    ("設定を開きます。\n\n画面に認証コードが表示される。\n", "表示される"),
    ("設定を開きます。\n\nこれで設定が完了した。\n", "完了した"),
    ("設定を開きます。\n\nこのコードはもう使えない。\n", "使えない"),
    ("1. 設定を開きます。\n2. 「次へ」をタップする。\n", "タップする"),
])
def test_a_sentence_in_the_plain_form_among_desu_masu_is_caught_at_its_line(text: str, ending: str) -> None:
    findings = textlint(text)

    line = len(text.rstrip("\n").split("\n"))
    assert any(finding.startswith(f"{line}: ") and ending in finding for finding in findings), findings


@pytest.mark.parametrize("text", [
    "設定を開きます。次へ進みました。コードは使えません。写真を送ってください。届くでしょう。移しましょう。",
    "届いたら、リンクを開きますか。",
    "次の場合です。\n\n- 認証アプリを開けない\n- シークレットキーを控えていない\n",
    "## キーを表示する\n\n設定を開きます。\n",
    "次に読む\uff1a[2段階認証を設定する](set-up-2fa.md)\n",  # the full-width colon
])
def test_desu_masu_sentences_fragments_and_headings_pass_the_register_rule(text: str) -> None:
    assert [finding for finding in textlint(text) if "polite-endings" in finding] == []


TITLE_JA = "# 2段階認証を解除する\n"
LONG_JA = "# " + "2段階認証を解除する前に確かめておきたいことと解除したあとに必ず行うことのすべての手順" + "\n"
LONG_EN = "# Turn off two-factor authentication, and everything to check before and after you do so on every device\n"


def test_heading_slips_stop_the_build_all_at_once_with_file_line_and_fix(tmp_path: Path) -> None:
    pages = {name: (ROOT / "docs" / name).read_text(encoding="utf-8")
             for name in ("turn-off-2fa.md", "turn-off-2fa.en.md", "why-2fa.en.md", "set-up-2fa.md",
                          "change-email.en.md")}
    result = build_edited(tmp_path, {
        "docs/turn-off-2fa.md": lambda text: replacing("## 解除する {#steps}", "## 解除する")(
            replacing(TITLE_JA, LONG_JA)(text)),
        "docs/turn-off-2fa.en.md": replacing("# Turn off two-factor authentication\n", LONG_EN),
        "docs/why-2fa.en.md": replacing("## Get started {#get-started}",
                                        "## Be ready if your phone stops working {#get-started}"),
        "docs/change-email.en.md": replacing("{#hear-from-support}", "{#be-ready}"),
    })

    assert not result.ok
    expected = [
        f"docs/turn-off-2fa.md:{line_of(pages['turn-off-2fa.md'], TITLE_JA.strip())}: the title takes 85 columns, "
        "more than 64",
        f"docs/turn-off-2fa.md:{line_of(pages['turn-off-2fa.md'], '## 解除する {#steps}')}: the heading '解除する' "
        "has no id; end it with {#english-id-of-its-twin} (the same id in every language)",
        f"docs/turn-off-2fa.en.md:{line_of(pages['turn-off-2fa.en.md'], '# Turn off two-factor')}: the title "
        "takes 102 columns, more than 64",
        f"docs/why-2fa.en.md:{line_of(pages['why-2fa.en.md'], '## Get started')}: the heading 'Be ready if your "
        f"phone stops working' repeats line {line_of(pages['why-2fa.en.md'], '## Be ready')}",
        f"docs/change-email.en.md:{line_of(pages['change-email.en.md'], '{#hear-from-support}')}: the heading's id "
        f"is #be-ready but docs/change-email.md:",
    ]
    for line in expected:
        assert line in result.output, f"{line!r} not in\n{result.output}"


def test_a_heading_keeps_its_id_when_a_heading_is_added_above_it(tmp_path: Path) -> None:
    """A link to change-email.html#steps (from another article, a mail, a bookmark) still lands on
    the steps once a section is written above them, in both languages."""
    result = build_edited(tmp_path, {
        "docs/change-email.md": replacing("## 変更の手順 {#steps}",
                                          "## 変更する前に {#before}\n\n準備します。\n\n## 変更の手順 {#steps}"),
        "docs/change-email.en.md": replacing("## Change your email address {#steps}",
                                             "## Before you change it {#before}\n\nGet ready.\n\n"
                                             "## Change your email address {#steps}"),
    })

    assert result.ok, result.output
    for page, words in (("change-email.html", "変更の手順"), ("en/change-email.html", "Change your email address")):
        html = (result.site / page).read_text(encoding="utf-8")
        ids = {re.sub(r"<[^>]+>", "", text): id_ for id_, text in re.findall(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', html)}
        assert ids[words] == "steps", ids


def _appended(page: str, lines: list[str]) -> tuple[Callable[[str], str], list[int]]:
    """An edit adding ``lines`` as paragraphs at the end of ``page``, and the line numbers they get."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    first = text.rstrip("\n").count("\n") + 3
    numbers = [first + 2 * i for i in range(len(lines))]
    return (lambda old: old.rstrip("\n") + "\n\n" + "\n\n".join(lines) + "\n"), numbers


def test_english_slips_stop_the_build_all_at_once(tmp_path: Path) -> None:
    edit, lines = _appended("why-2fa.en.md", [
        "この手順はまだ翻訳されていません。",
        "Don\u2019t share the code.",
        "Tap the grey button.",
        "We apologise for the wait, and for travelling so far.",
        "On au, open 迷惑メールフィルター and choose 日本語.",  # another app's label and a language's name stay
    ])
    result = build_edited(tmp_path, {"docs/why-2fa.en.md": edit})

    assert not result.ok
    where = "docs/why-2fa.en.md"
    for line in (
        f"{where}:{lines[0]}: Japanese text 'この手順はまだ翻訳されていません。' left in a page in en; translate it",
        f"{where}:{lines[1]}: the contraction 'Don\u2019t'; write it out",
        f"{where}:{lines[2]}: British spelling 'grey'; write 'gray'",
        f"{where}:{lines[3]}: British spelling 'apologise'; write 'apologize'",
        f"{where}:{lines[3]}: British spelling 'travelling'; write 'traveling'",
    ):
        assert line in result.output, f"{line!r} not in\n{result.output}"
    assert f"{where}:{lines[4]}:" not in result.output


def test_figures_spelled_out_or_full_width_stop_the_build_with_the_setting(tmp_path: Path) -> None:
    ja, ja_lines = _appended("turn-off-2fa.md", ["コードは\uff13\uff10秒ごとに変わります。"])
    en, en_lines = _appended("turn-off-2fa.en.md", ["Enter the six-digit code.",
                                                     "The code changes every half a minute."])
    result = build_edited(tmp_path, {"docs/turn-off-2fa.md": ja, "docs/turn-off-2fa.en.md": en})

    assert not result.ok
    for line in (
        f"docs/turn-off-2fa.md:{ja_lines[0]}: write {{{{ step_seconds }}}} instead of '\uff13\uff10秒'",
        f"docs/turn-off-2fa.en.md:{en_lines[0]}: write {{{{ digits }}}} instead of 'six-digit'",
        f"docs/turn-off-2fa.en.md:{en_lines[1]}: write {{{{ step_seconds }}}} instead of 'half a minute'",
    ):
        assert line in result.output, f"{line!r} not in\n{result.output}"


def test_an_admonition_of_another_type_than_its_twins_stops_the_build(tmp_path: Path) -> None:
    result = build_edited(tmp_path, {
        "docs/change-phone-number.en.md": replacing('!!! warning "Move 2FA', '!!! note "Move 2FA'),
        "docs/cannot-reset-2fa.en.md": replacing('!!! tip "Try your', '!!! warning "Try your'),
    })

    assert not result.ok
    for page, typed, original in (("change-phone-number", "note", "warning"), ("cannot-reset-2fa", "warning", "tip")):
        text = (ROOT / "docs" / f"{page}.en.md").read_text(encoding="utf-8")
        line = line_of(text, {"change-phone-number": "Move 2FA before", "cannot-reset-2fa": "Try your"}[page])
        expected = (f"docs/{page}.en.md:{line}: the admonition is a {typed!r} but docs/{page}.md:")
        assert expected in result.output, result.output
        assert f"is a {original!r}; use the same type in both languages" in result.output


def test_an_inline_style_stops_the_build_at_its_source_line(tmp_path: Path) -> None:
    ja, ja_lines = _appended("change-email.md", ['<span style="color: red">重要です。</span>'])
    en, en_lines = _appended("change-email.en.md", ['Important. { style="color: red" }'])
    result = build_edited(tmp_path, {"docs/change-email.md": ja, "docs/change-email.en.md": en})

    assert not result.ok
    assert f"docs/change-email.md:{ja_lines[0]}: an inline style (<span style=…) is dropped" in result.output
    assert f"docs/change-email.en.md:{en_lines[0]}: an inline style" in result.output
    assert "give the element a class" in result.output


def test_an_article_left_off_the_home_page_stops_the_build(tmp_path: Path) -> None:
    ja_entry = "- [本人確認用のIDセルフィーを撮影する](id-selfie.md)\uff1aサポートから本人確認の写真を求められたとき\n"
    en_entry = ("- [Take an ID selfie for identity verification](id-selfie.md): when support asks for a photo to "
                "confirm who you are\n")
    email_en = "- [Change your registered email address](change-email.md): when your email address has changed\n"
    result = build_edited(tmp_path, {
        "docs/index.md": replacing(ja_entry, ""),
        "docs/index.en.md": lambda text: replacing(email_en, "")(replacing(en_entry, "")(text)),
    })

    assert not result.ok
    assert re.search(r"docs/index\.md:\d+: the home page has no entry for id-selfie\.md; add", result.output)
    assert re.search(r"docs/index\.en\.md:\d+: the home page has no entry for id-selfie\.md", result.output)
    assert re.search(r"docs/index\.en\.md:\d+: the home page has no entry for change-email\.md", result.output)
    assert re.search(r"docs/index\.en\.md:\d+: no entry for change-email\.md near here \(docs/index\.md:\d+ has "
                     r"one\); list the same entries in the same order in every language", result.output)


NEW_JA = """---
description: 新しい記事の説明です。
updated: 2026-12-10
related: [change-phone.md, turn-off-2fa.md]
---

# 新しい記事

新しい記事の本文です。

## 手順 {#steps}

1. 設定を開きます。
"""
NEW_EN_BODY = """# A new article

The body of the new article.

## Steps {#steps}

1. Open the settings.
"""


def test_a_new_article_starts_marked_and_its_home_entries_leave_the_english_home_up_to_date(tmp_path: Path) -> None:
    """The README's steps for a new article: write the Japanese page, start the English one with
    --new (the build then lists every line still in Japanese), translate it, add the entries."""
    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    (docs / "new-article.md").write_text(NEW_JA, encoding="utf-8")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(replacing("      - why-2fa.md\n", "      - why-2fa.md\n      - new-article.md\n")(
        mkdocs.read_text(encoding="utf-8")), encoding="utf-8")
    for page, entry in (("index.md", "- [新しい記事](new-article.md)\uff1a新しい記事を読みたいとき\n"),
                        ("index.en.md", "- [A new article](new-article.md): when you want to read it\n")):
        text = (docs / page).read_text(encoding="utf-8")
        anchor = line_of(text, "(why-2fa.md)")
        lines = text.split("\n")
        (docs / page).write_text("\n".join([*lines[:anchor], entry.rstrip("\n"), *lines[anchor:]]), encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    created = subprocess.run([sys.executable, "-m", "hooks.staleness", "--new", "docs/new-article.en.md"], cwd=project,
                             env=env, capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    english = docs / "new-article.en.md"

    untranslated = build(project, tmp_path / "untranslated")

    assert not untranslated.ok
    assert ("docs/new-article.en.md:2: Japanese text '新しい記事の説明です。' left in a page in en"
            in untranslated.output)
    assert "docs/new-article.en.md:8: Japanese text '新しい記事'" in untranslated.output

    front = english.read_text(encoding="utf-8").split("---\n")[1]
    english.write_text("---\n" + front.replace("新しい記事の説明です。", "A new article.") + "---\n\n" + NEW_EN_BODY,
                       encoding="utf-8")
    translated = build(project, tmp_path / "translated")

    assert translated.ok, translated.output
    assert "may be out of date" not in translated.output
    for page in ("new-article.html", "index.html"):
        assert "help-stale" not in (translated.site / "en" / page).read_text(encoding="utf-8"), page


def test_the_home_page_hash_follows_its_text_but_not_its_entries() -> None:
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    entry = "- [新しい記事](new-article.md)\uff1a新しい記事を読みたいとき\n"
    with_entry = home.replace("## はじめに {#getting-started}\n\n", "## はじめに {#getting-started}\n\n" + entry)
    reworded = home.replace("## はじめに {#getting-started}", "## 最初に {#getting-started}")

    assert with_entry != home and reworded != home
    assert source_hash(with_entry, home=True) == source_hash(home, home=True)
    assert source_hash(reworded, home=True) != source_hash(home, home=True)
    assert source_hash(with_entry) != source_hash(home)  # an article's lists still count


def test_new_refuses_a_page_that_exists(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("---\nupdated: 2026-01-01\n---\n\n# x\n", encoding="utf-8")
    (tmp_path / "x.en.md").write_text("---\n---\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "hooks.staleness", "--new", str(tmp_path / "x.en.md")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "already exists; to mark it up to date, leave out --new" in result.stderr
