"""Issue 25: the preview proofreads each page a writer saves (hooks/proofreading.py): textlint with
the glossary for Japanese, proselint and the style guide for English, with file and line; pages
left as they were when ``mkdocs serve`` started are not checked again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hooks.proofreading import Proofreader
from tests.sites import ROOT

JAPANESE = "docs/why-2fa.md"
ENGLISH = "docs/why-2fa.en.md"


@pytest.fixture(scope="module")
def proofreader() -> Iterator[Proofreader]:
    reader = Proofreader(ROOT, default="ja")
    yield reader
    reader.textlint.close()


def test_only_saved_pages_are_proofread_with_file_and_line(proofreader: Proofreader) -> None:
    pages = {path: (ROOT / path).read_text(encoding="utf-8") for path in (JAPANESE, ENGLISH, "docs/phishing.md")}
    assert proofreader.changed(pages) == []  # the pages as serve found them
    lines = {path: text.count("\n") + 2 for path, text in pages.items()}
    pages[JAPANESE] += "\nあなたのキーを保管します。\n"
    pages[ENGLISH] += "\nYou need a printer!\n"

    found = proofreader.changed(pages)

    assert f"{JAPANESE}:{lines[JAPANESE]}: あなた => お客さま (prh)" in found
    assert f"{ENGLISH}:{lines[ENGLISH]}: exclamation mark" in found
    assert not [finding for finding in found if finding.startswith("docs/phishing.md")]


def test_a_page_saved_again_is_linted_by_the_running_textlint(proofreader: Proofreader) -> None:
    """The worker stays up between saves (its speed is benchmarks.preview's figure, not a test's)."""
    text = (ROOT / JAPANESE).read_text(encoding="utf-8")
    assert proofreader.check(JAPANESE, text) == []
    assert proofreader.check(JAPANESE, text + "\nあなたのキーです。\n") != []
    assert proofreader.check(JAPANESE, text + "\n確認します。\n") == []
