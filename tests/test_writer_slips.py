"""Issue 25: the writer's slips that passed every check stop the build (or textlint) with the file,
the line and the fix. Each build makes several slips of one check at once, and every one of them
must be reported: a check lists all its findings, not the first."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.prose_checks import TEXTLINT
from tests.sites import ROOT, build_edited, line_of, replacing


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
