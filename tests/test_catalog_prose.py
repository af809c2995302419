"""Issue 24: the demo's and templates' words pass the same checks as the articles.

``locales/ja.toml`` goes through textlint with the articles' configuration (.textlintrc.yml:
preset-ja-technical-writing and the glossary through prh); ``locales/en.toml`` through
proselint and the style guide's own checks (tests/test_prose_lint.py). A finding names the
catalog key. The planted tests run the same check on a copy with one bad sentence, so the
check is shown to catch what it is for.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from content.catalog import LOCALES
from tests.catalog_text import CatalogPage, page
from tests.prose_checks import BRITISH, CONTRACTION, TEXTLINT
from tests.sites import ROOT


def textlint(catalog: CatalogPage, tmp_path: Path) -> list[str]:
    """textlint's findings on the catalog's sentences, as "key: message (rule)"."""
    assert TEXTLINT.exists(), "textlint is not installed: run bin/test (its set-up runs npm ci)"
    result = subprocess.run([str(TEXTLINT), "--format", "json", "--stdin", "--stdin-filename", "catalog.md"],
                            input=catalog.text, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return [f"{catalog.where.get(message['line'], message['line'])}: {message['message'].splitlines()[0]} "
            f"({message['ruleId']})"
            for item in json.loads(result.stdout or "[]") for message in item["messages"]
            if not _checklist_command(str(catalog.where.get(message["line"], "")), message["ruleId"])]


def _checklist_command(key: str, rule: str) -> bool:
    """The demo's scenario checklists (``scenario.<id>.steps``) are terse commands, written in the
    plain form like the articles' headings; the articles' register rule (polite-endings) is not
    asked of them."""
    return rule == "polite-endings" and bool(re.fullmatch(r"scenario\.[\w-]+\.steps", key))


def own_checks_ja(catalog: CatalogPage) -> list[str]:
    """What the glossary cannot say: links say where they go (never 「こちら」), no exclamation."""
    findings = []
    for number, line in enumerate(catalog.text.split("\n"), 1):
        if "こちら" in line:
            findings.append(f"{catalog.where[number]}: 「こちら」: say where the link goes")
        if re.search("[!\uff01]", line):  # ! and the full-width one
            findings.append(f"{catalog.where[number]}: exclamation mark")
    return findings


def proselint(catalog: CatalogPage, tmp_path: Path) -> list[str]:
    binary = Path(sys.executable).with_name("proselint")
    assert binary.exists() or shutil.which("proselint"), "proselint is not installed (pyproject test extra)"
    copy = tmp_path / "catalog.en.md"
    copy.write_text(catalog.text, encoding="utf-8")
    result = subprocess.run([str(binary), "check", "--output-format", "json", str(copy)],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    report = json.loads(result.stdout or "{}")
    return [f"{catalog.where.get(item['pos'][0], item['pos'][0])}: {item['message']} ({item['check_path']})"
            for file in (report.get("result") or {}).values() for item in (file.get("diagnostics") or [])]


def own_checks_en(catalog: CatalogPage) -> list[str]:
    findings = []
    for number, line in enumerate(catalog.text.split("\n"), 1):
        findings += [f"{catalog.where[number]}: contraction {m[0]!r}" for m in CONTRACTION.finditer(line)]
        findings += [f"{catalog.where[number]}: British spelling {m[0]!r}" for m in BRITISH.finditer(line)]
        if "!" in line:
            findings.append(f"{catalog.where[number]}: exclamation mark")
        if re.search(r"\b(?:click here|here)\b[.:]?\s*$", line, re.I):
            findings.append(f"{catalog.where[number]}: 'here': say where the link goes")
    return findings


def test_the_japanese_catalog_passes_textlint_and_the_glossary(tmp_path: Path) -> None:
    catalog = page("ja")
    findings = textlint(catalog, tmp_path) + own_checks_ja(catalog)
    assert findings == [], "\n" + "\n".join(findings)


def test_the_english_catalog_passes_proselint_and_the_style_guide(tmp_path: Path) -> None:
    catalog = page("en")
    findings = proselint(catalog, tmp_path) + own_checks_en(catalog)
    assert findings == [], "\n" + "\n".join(findings)


def planted(tmp_path: Path, language: str, key: str, sentence: str) -> CatalogPage:
    """The catalog of ``language`` with one more sentence, read from a copy."""
    folder = tmp_path / "locales"
    folder.mkdir()
    text = (LOCALES / f"{language}.toml").read_text(encoding="utf-8")
    (folder / f"{language}.toml").write_text(f"{text}\n{json.dumps(key)} = {json.dumps(sentence)}\n",
                                             encoding="utf-8")
    return page(language, folder)


@pytest.mark.parametrize(("sentence", "rule"), [
    ("身分証を顔の横に持って撮ってください。", "prh"),
    ("お客様に通知しました。", "prh"),
    ("このデモでは、あなたがサポート担当者です。", "prh"),
    ("{service} のアカウントで2段階認証がオンになりました。", "ja-space-between-half-and-full-width"),
    ("ご自身で戻る方法があります。", "prh"),
    ("心当たりがない場合と、身に覚えのない場合。", "prh"),
])
def test_a_demo_string_that_breaks_the_glossary_fails(tmp_path: Path, sentence: str, rule: str) -> None:
    findings = textlint(planted(tmp_path, "ja", "planted", sentence), tmp_path)
    assert any(line.startswith("planted:") and rule in line for line in findings), findings


def test_a_link_that_says_kochira_fails(tmp_path: Path) -> None:
    findings = own_checks_ja(planted(tmp_path, "ja", "planted", "詳しくはこちら"))
    assert [line for line in findings if line.startswith("planted:")] == [
        "planted: 「こちら」: say where the link goes"]


def test_an_english_string_with_a_contraction_fails(tmp_path: Path) -> None:
    findings = own_checks_en(planted(tmp_path, "en", "planted", "You can't sign in."))
    assert [line for line in findings if line.startswith("planted:")] == ["planted: contraction \"can't\""]
