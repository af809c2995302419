"""Issue 13: the articles read as one careful writer's, checked by the field's own tools.

Japanese pages (docs/NAME.md): textlint with preset-ja-technical-writing and the glossary
(writers/glossary.yml through prh), configured in .textlintrc.yml. English pages
(docs/NAME.en.md): proselint, plus the style guide's own rules that no general linter
knows (no contractions, American spelling, sentence-case headings). Each finding is
reported as file:line so a writer can go straight to it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks import proofreading
from tests.prose_checks import CONTRACTION, TEXTLINT, pages_in
from tests.sites import ROOT

DOCS = ROOT / "docs"
JAPANESE = pages_in("ja")
ENGLISH = pages_in("en")


def prose_lines(path: Path) -> list[str]:
    """The page's lines with everything that is not prose blanked (hooks/proofreading.py)."""
    return proofreading.prose_lines(path.read_text(encoding="utf-8"))


def test_the_japanese_pages_pass_textlint_and_the_glossary() -> None:
    assert TEXTLINT.exists(), "textlint is not installed: run bin/test (its set-up runs npm ci)"
    result = subprocess.run([str(TEXTLINT), "--format", "json", *map(str, JAPANESE)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    findings = [
        f"docs/{Path(item['filePath']).name}:{message['line']}: {message['message'].splitlines()[0]} "
        f"({message['ruleId']})"
        for item in json.loads(result.stdout or "[]") for message in item["messages"]
    ]
    assert findings == [], "\n" + "\n".join(findings)


def test_the_english_pages_pass_proselint(tmp_path: Path) -> None:
    proselint = Path(sys.executable).with_name("proselint")
    assert proselint.exists() or shutil.which("proselint"), "proselint is not installed (pyproject test extra)"
    copies = []
    for path in ENGLISH:
        copy = tmp_path / path.name
        copy.write_text("\n".join(prose_lines(path)), encoding="utf-8")
        copies.append(copy)
    result = subprocess.run([str(proselint), "check", "--output-format", "json", *map(str, copies)],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    report = json.loads(result.stdout or "{}")
    findings = [
        f"docs/{Path(name).name}:{item['pos'][0]}: {item['message']} ({item['check_path']})"
        for name, file in (report.get("result") or {}).items() for item in (file.get("diagnostics") or [])
    ]
    assert findings == [], "\n" + "\n".join(findings)


def test_the_english_pages_follow_the_style_guide() -> None:
    """No contractions, American spelling, sentence-case headings (writers/style-guide.md)."""
    findings = [finding for path in ENGLISH
                for finding in proofreading.english_style(f"docs/{path.name}", path.read_text(encoding="utf-8"))]
    assert findings == [], "\n" + "\n".join(findings)


def test_the_japanese_pages_follow_the_style_guide() -> None:
    """No exclamation marks, no 〜について headings (writers/style-guide.md); textlint does the rest."""
    findings = [finding for path in JAPANESE
                for finding in proofreading.japanese_style(f"docs/{path.name}", path.read_text(encoding="utf-8"))]
    assert findings == [], "\n" + "\n".join(findings)


@pytest.mark.parametrize("text", ["Don't do that.", "It's fine.", "You'll see it.", "We can't."])
def test_the_contraction_check_finds_contractions(text: str) -> None:
    assert CONTRACTION.search(text)


def test_the_prose_reader_keeps_line_numbers_and_drops_markup(tmp_path: Path) -> None:
    page = tmp_path / "x.en.md"
    page.write_text('---\ndescription: x\n---\n\n!!! warning "Before you start"\n    Open `Settings`.\n'
                    '```totp-sample\naccount: a\n```\n=== "Browser"\n', encoding="utf-8")
    lines = prose_lines(page)
    assert lines[:3] == ["", "", ""] and lines[4] == "Before you start." and lines[5] == "    Open code."
    assert lines[6:9] == ["", "", ""] and lines[9] == "Browser."


def test_the_npm_lock_file_names_no_download_address() -> None:
    """Issue 13: installing stays possible without naming a registry host in the repository."""
    assert "omit-lockfile-registry-resolved=true" in (ROOT / ".npmrc").read_text(encoding="utf-8")
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for name, entry in lock["packages"].items():
        if entry.get("link"):  # our own rule, linked from writers/: a folder of the repository
            assert (ROOT / entry["resolved"]).is_dir() and entry["resolved"].startswith("writers/"), name
            continue
        assert "resolved" not in entry, name
        assert not str(entry.get("version", "")).startswith(("http", "git")), name
    spec = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert all(re.fullmatch(r"\d+\.\d+\.\d+|file:writers/[\w-]+", version) for version in spec.values()), \
        "pin exact versions"
