"""SECURITY.md: every section the code and tests cite exists, and every promise names its test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sites import ROOT

CITATION = re.compile(r'SECURITY\.md ("[^"]+"(?:\s*\([^()]*\))?(?:\s*(?:,|and)\s*"[^"]+"(?:\s*\([^()]*\))?)*)')
SOURCES = [path for folder in ("otp_core", "content", "demo", "feedback", "server", "hooks", "tests", "benchmarks")
           for path in (ROOT / folder).rglob("*")
           if path.suffix in (".py", ".js", ".html") and not {"__pycache__", "node_modules"} & set(path.parts)]


def headings() -> set[str]:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    return {match.lower() for match in re.findall(r"^#{2,3} (.+)$", text, flags=re.M)}


def citations(path: Path) -> list[str]:
    text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8").replace('"""', "'''"))
    names = []
    for match in CITATION.finditer(text):
        without_asides = re.sub(r"\([^()]*\)", "", match.group(1))
        names += [name.strip() for name in re.findall(r'"([^"]+)"', without_asides)]
    return names


def test_the_citation_reader_finds_what_the_code_cites() -> None:
    """The reader itself: it must see lists, asides and wrapped lines, or the next test proves nothing."""
    sample = ROOT / "tests" / "test_twofactor.py"
    found = citations(sample)
    assert {"brute force", "replay", "key", "pending setup", "recovery codes"} <= set(found)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_cited_section_exists(path: Path) -> None:
    missing = sorted({name for name in citations(path) if name.lower() not in headings()})
    assert missing == [], f"{path.relative_to(ROOT)} cites SECURITY.md sections that do not exist: {missing}"


def test_every_promise_names_the_test_that_proves_it() -> None:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    promises = text.split("## Promises", 1)[1].split("\n## ", 1)[0]
    for section in re.split(r"^### ", promises, flags=re.M)[1:]:
        title = section.split("\n", 1)[0]
        assert re.search(r"Tests?:", section), f"the promise {title!r} names no test"


def test_every_test_that_security_md_names_exists() -> None:
    """A renamed or deleted test would leave a promise with nothing behind it. ``::name`` after a
    file's own citation names a test in that same file."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    missing: list[str] = []
    current = ""
    for match in re.finditer(r"`((?:browser/)?test_\w+\.py)?(?:::(test_\w+))?`", text):
        file, name = match.groups()
        current = file or current
        path = ROOT / "tests" / current
        if (file or name) and not path.is_file():
            missing.append(current or f"::{name}")
        elif name and not re.search(rf"^def {name}\(", path.read_text(encoding="utf-8"), flags=re.M):
            missing.append(f"{current}::{name}")
    assert missing == []


def test_every_row_of_the_conformance_table_names_a_test() -> None:
    """Issue 21: each requirement the table lists names the test that shows the demo's behaviour
    (the test above proves that each named test exists)."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    table = text.split("## Conformance", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| Requirement")]
    assert len(rows) >= 40
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 4, row
        requirement, _, tests, deviation = cells
        assert re.match(r"(NIST \d+(\.\d+)*|ASVS \d+\.\d+\.\d+)", requirement), requirement
        assert re.search(r"`(browser/)?test_\w+\.py::test_\w+`", tests), f"no test named for: {requirement}"
        assert deviation, f"say 'none' or the deviation for: {requirement}"
