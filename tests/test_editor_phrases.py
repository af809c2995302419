"""The editor's phrases (issue 24) are prh rules in writers/glossary.yml: each is caught again,
and the forms the style guide chooses pass. tests/test_prose_lint.py runs the same rules over
every article."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.prose_checks import TEXTLINT
from tests.sites import ROOT


def prh(text: str) -> list[str]:
    """The words prh flags in ``text``, as "flagged => expected"."""
    result = subprocess.run([str(TEXTLINT), "--format", "json", "--stdin", "--stdin-filename", "x.md"],
                            input=text, cwd=ROOT, capture_output=True, text=True, timeout=120)
    return [message["message"] for item in json.loads(result.stdout or "[]") for message in item["messages"]
            if message["ruleId"] == "prh"]


@pytest.mark.parametrize(("text", "expected"), [
    ("ご自身で戻る方法です。", "ご自身で戻る => ご自身で復旧する"),
    ("自分で戻れます。", "自分で戻れます => 自分で復旧できます"),
    ("次の点を受け入れることになります。", "を受け入れることになります => に注意が必要です"),
    ("アドレスが違う合図です。", "合図です => おそれがあります"),
    ("偽の画面に出会った方へ。", "出会った => 見かけた"),
    ("今のパスワードを入力します。", "今 => いま"),
    ("現在の認証コードです。", "現在 => いま"),
    ("認証アプリを入れます。", "アプリを入れま => アプリをインストールしま"),
    ("キーを入れてください。", "キーを入れて => キーを入力して"),
    ("身に覚えのないメールです。", "身に覚え => 心当たり"),
])
def test_an_editor_phrase_is_caught(text: str, expected: str) -> None:
    assert prh(text) == [expected]


@pytest.mark.parametrize("text", ["今後表示しません。", "今回の手続きです。", "「今すぐ同期」をタップします。",
                                  "心当たりがないときは、パスワードを変更します。", "いまのパスワードです。",
                                  "リカバリーコードは新しいセットに入れ替わりました。"])
def test_the_chosen_forms_pass(text: str) -> None:
    assert prh(text) == []

