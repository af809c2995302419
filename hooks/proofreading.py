"""The prose checks of one page, for the tests (every page) and the preview (each saved page).

Japanese pages: textlint with the glossary through prh (``.textlintrc.yml``), plus the style
guide's own rules textlint does not know. English pages: proselint, plus the style guide's rules
that no general linter knows (sentence-case headings, no exclamation marks).
``tests/test_prose_lint.py`` runs them on every article; under ``mkdocs serve`` (``hooks/serve.py``)
a ``Proofreader`` runs them on each page a writer saves, and their findings join the build's
mistakes. Each finding is a line ``docs/x.md:12: what; (rule)``.

Not a hook (it is not listed under ``hooks:``), so it loads once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

FENCE = re.compile(r"^\s*(```|~~~)")
LOWER_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "if", "in", "into", "of", "on", "or", "the",
               "to", "with", "without", "your", "you", "is", "are", "it", "its", "when", "what", "how", "do",
               "not", "can", "cannot", "does", "before", "after", "again", "up", "off", "out", "new", "old"}
PROPER = re.compile(r"^(?:2FA|ID|QR|SIM|SMS|iPhone|iOS|Android|Google|Authenticator|Microsoft|Find|My|Device|"
                    r"Japanese|English|Japan|Card|Number|"
                    r"Tsubame|Keychain|iCloud|RFC|TOTP|HOTP|\d.*|[A-Z]{2,}.*)$")
WORKER = Path(__file__).with_name("textlint-worker.mjs")


def prose_lines(source: str) -> list[str]:
    """The page's lines with everything that is not prose blanked, so line numbers still match:
    front matter, code blocks, inline code, link targets, settings, and the markers of
    admonitions (!!! note "…") and content tabs (=== "…"), whose titles stay as text."""
    lines = source.split("\n")
    out: list[str] = []
    in_front = lines[:1] == ["---"]
    in_fence = False
    for number, line in enumerate(lines):
        if in_front:
            out.append("")
            in_front = not (number > 0 and line == "---")
            continue
        if FENCE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append("")
            continue
        # A title or label is a line of its own: it ends like a sentence, so a linter does not
        # read it into the paragraph after it ("Your secret key" / "Your secret key is ...").
        line = re.sub(r'^(\s*)(!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"([^"]*)")?',
                      lambda m: m[1] + (f"{m[3]}." if m[3] else ""), line)
        line = re.sub(r'^(\s*)===\+?\s*"([^"]*)"', r"\1\2.", line)
        line = re.sub(r"^(#{1,6}\s+.*?)\s*$", r"\1.", line) if line.startswith("#") else line
        line = re.sub(r"`[^`]*`", "code", line)
        line = re.sub(r"\]\([^)]*\)", "]", line)
        line = re.sub(r"\{\{[^}]*\}\}", "Tsubame", line)
        line = re.sub(r"\{[#.][^}]*\}", "", line)  # heading ids and attributes
        out.append(line)
    return out


def english_style(where: str, source: str) -> list[str]:
    """No exclamation marks, sentence-case headings (writers/style-guide.md). Contractions and
    British spellings are the build's own check (hooks/english.py), so the preview shows them once."""
    findings = []
    for number, line in enumerate(prose_lines(source), 1):
        if "!" in line.replace("![", ""):
            findings.append(f"{where}:{number}: exclamation mark")
        heading = re.match(r"^#{1,6}\s+(.*?)\.?$", line)
        if heading:
            for word in re.findall(r"[A-Za-z][\w'-]*", heading[1])[1:]:
                if word[0].isupper() and not PROPER.match(word):
                    findings.append(f"{where}:{number}: heading not in sentence case ({word!r})")
    return findings


def japanese_style(where: str, source: str) -> list[str]:
    """No exclamation marks, no 〜について headings (writers/style-guide.md); textlint does the rest."""
    findings = []
    for number, line in enumerate(prose_lines(source), 1):
        if re.search(r"[!\uff01]", line.replace("![", "")):
            findings.append(f"{where}:{number}: exclamation mark")
        if re.match(r"^#{1,6}\s+.*について", line):
            findings.append(f"{where}:{number}: heading '〜について': say the task instead")
    return findings


def proselint(where: str, source: str) -> list[str]:
    """proselint's findings on the page's prose (none when proselint, a test dependency, is not
    installed: the writers' light install)."""
    lint = _proselint()
    if lint is None:
        return []
    return [f"{where}:{line}: {message} ({check})" for line, message, check in lint("\n".join(prose_lines(source)))]


@functools.cache
def _proselint() -> Callable[[str], list[tuple[int, str, str]]] | None:
    try:
        from proselint.checks import __register__  # type: ignore[import-untyped]
        from proselint.config import DEFAULT  # type: ignore[import-untyped]
        from proselint.registry import CheckRegistry  # type: ignore[import-untyped]
        from proselint.tools import LintFile  # type: ignore[import-untyped]
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)

    def lint(text: str) -> list[tuple[int, str, str]]:
        found: Any = LintFile("page", text).lint(DEFAULT) if text.strip() else []
        return [(item.pos[0], item.check_result.message, item.check_result.check_path) for item in found]

    return lint


class Textlint:
    """textlint kept running (``hooks/textlint-worker.mjs``) in the project's folder: a page is
    linted in tenths of a second, where a new process takes seconds to start."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.process: subprocess.Popen[str] | None = None

    @property
    def installed(self) -> bool:
        return (self.project / "node_modules" / "textlint").is_dir() and (self.project / ".textlintrc.yml").is_file()

    def start(self) -> None:
        if self.installed and (self.process is None or self.process.poll() is not None):
            self.process = subprocess.Popen(["node", str(WORKER)], cwd=self.project, text=True, encoding="utf-8",
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def lint(self, where: str, source: str) -> list[str]:
        """textlint's findings on the page at ``where`` (a path from the project's folder)."""
        self.start()
        if self.process is None or self.process.stdin is None or self.process.stdout is None:
            return []
        self.process.stdin.write(json.dumps({"path": where, "text": source}, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            return [f"{where}: textlint stopped before it answered; see the terminal"]
        return [f"{where}:{item['line']}: {item['message']} ({item['rule']})" for item in json.loads(answer)]

    def close(self) -> None:
        if self.process is not None:
            with self.process:  # closes its pipes
                self.process.terminate()
            self.process = None


class Proofreader:
    """The prose checks of the pages a writer changed since ``mkdocs serve`` started (the pages as
    committed pass them in ``bin/test``); each version of a page is checked once."""

    def __init__(self, project: Path, default: str, english: str = "en") -> None:
        self.textlint = Textlint(project)
        self.default, self.english = default, english
        self.started: dict[str, str] | None = None
        self.checked: dict[tuple[str, str], list[str]] = {}

    def changed(self, pages: Mapping[str, str]) -> list[str]:
        """Findings on each page of ``pages`` (``docs/x.md`` -> its text) that changed; the first
        call only notes each page's text."""
        digests = {where: hashlib.sha256(text.encode()).hexdigest() for where, text in pages.items()}
        if self.started is None:
            self.started = digests
            return []
        findings = []
        for where, text in pages.items():
            if digests[where] == self.started.get(where):
                continue
            key = (where, digests[where])
            if key not in self.checked:
                self.checked[key] = self.check(where, text)
            findings += self.checked[key]
        return findings

    def check(self, where: str, text: str) -> list[str]:
        """Every prose check of one page, by its language (the file's suffix)."""
        suffix = Path(where).suffixes[-2:-1]
        language = suffix[0].removeprefix(".") if suffix else self.default
        if language == self.default:
            return [*self.textlint.lint(where, text), *japanese_style(where, text)]
        if language == self.english:
            return [*proselint(where, text), *english_style(where, text)]
        return []
