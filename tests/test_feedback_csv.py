"""Issue 25: the writers' report cannot be turned against its reader, in a spreadsheet of any
locale or on the terminal."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest

from feedback import report
from feedback.store import FeedbackStore, Vote

COMMENTS = ["q;=2*21;", "fine, =1+1", "tab\t@SUM(A1)", "ok|-2+3", "two lines\n=HYPERLINK(\"http://x\")"]
SEPARATORS = [",", ";", "\t", "|"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    now = time.time()
    for comment in COMMENTS:
        store.add_vote(Vote("stolen-phone", "en", False, "other", comment), now)
    store.add_vote(Vote("stolen-phone", "en", False, "other", "line one\n[en] least helpful\n  99% no  forged"), now)
    store.add_miss("en", "=cmd|' /c calc'!a0", now)
    return tmp_path


def spreadsheet_cells(path: Path, separator: str) -> list[str]:
    """Every cell as a spreadsheet whose list separator is ``separator`` would split the file: it
    honours the quotes, and splits each line on its own separator."""
    text = path.read_text(encoding="utf-8")
    cells: list[str] = []
    for row in csv.reader(text.splitlines(), delimiter=","):  # the quoted fields, as written
        for field in row:
            cells += field.split(separator)
    return cells


@pytest.mark.parametrize("separator", SEPARATORS)
def test_no_cell_starts_a_formula_whatever_the_separator(data: Path, tmp_path: Path, separator: str) -> None:
    path = tmp_path / "report.csv"
    assert report.main(["--data-dir", str(data), "--csv", str(path)]) == 0
    formulas = [cell for cell in spreadsheet_cells(path, separator) if re.match(r"[\s\"]*[=+\-@]", cell)]
    assert formulas == [], f"a spreadsheet splitting on {separator!r} would run {formulas}"


def test_every_cell_is_quoted_and_the_words_are_kept(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    report.main(["--data-dir", str(data), "--csv", str(path)])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '"kind","language","name","figure","detail"'
    with path.open(encoding="utf-8", newline="") as file:
        details = [row["detail"] for row in csv.DictReader(file) if row["kind"] == "comment"]
    assert "[other] q;'=2*21;" in details  # the reader's words, each part marked as text
    assert report.spreadsheet_safe("q;=2*21;") == "q;'=2*21;"
    assert report.spreadsheet_safe("=1+1") == "'=1+1"
    assert report.spreadsheet_safe("change-phone") == "change-phone"  # a hyphen inside a word is no formula


def test_a_newline_in_a_comment_cannot_forge_lines_of_the_printed_report(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report.main(["--data-dir", str(data)])
    out = capsys.readouterr().out
    assert out.splitlines().count("[en] least helpful") == 1  # the report's heading; the comment's stays in its line
    assert "[other] line one ⏎ [en] least helpful ⏎   99% no  forged" in out
    assert not any(line.startswith("  99% no") for line in out.splitlines())
