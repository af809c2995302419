"""feedback/report.py: the writers' report, on the terminal and as CSV."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from feedback import report
from feedback.store import FeedbackStore, Vote


@pytest.fixture
def data(tmp_path: Path) -> Path:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    now = time.time()
    for helpful in (True, False, False):
        store.add_vote(Vote("code-rejected", "en", helpful, "hard_to_follow" if not helpful else None), now)
    store.add_vote(Vote("change-phone", "en", True), now)
    store.add_vote(Vote("stolen-phone", "ja", False, "other", "=HYPERLINK(\"http://x\")"), now)
    store.add_vote(Vote("stolen-phone", "en", False, None, "old"), now - 60 * 86400)  # outside 30 days
    for _ in range(3):
        store.add_miss("en", "daylight saving", now)
    store.add_miss("ja", "ガラケー", now)
    return tmp_path


def test_the_report_lists_what_did_not_help_why_comments_and_searches_that_found_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report.main(["--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    english = out[out.index("[en] least helpful"):]
    assert english.index("code-rejected") < english.index("change-phone")  # 2 of 3 said no
    assert "67% no  code-rejected  1 yes, 2 no" in out
    assert "2  hard_to_follow" in out
    assert '[other] =HYPERLINK("http://x")' in out
    assert "3  daylight saving" in out and "1  ガラケー" in out
    assert "old" not in out  # older than the period


def test_days_and_language_narrow_the_report(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report.main(["--data-dir", str(data), "--days", "90", "--language", "en"])
    out = capsys.readouterr().out
    assert "[ja]" not in out and "stolen-phone" in out and "[none] old" not in out


def test_the_csv_cannot_run_as_a_spreadsheet_formula(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    report.main(["--data-dir", str(data), "--csv", str(path)])
    with path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    comment = next(row for row in rows if row["kind"] == "comment" and row["language"] == "ja")
    assert comment["detail"] == "[other] =HYPERLINK(\"http://x\")"  # starts with "[": safe as it is
    assert report.spreadsheet_safe("=1+1") == "'=1+1" and report.spreadsheet_safe("@x") == "'@x"
    assert {row["kind"] for row in rows} == {"least helpful", "reason", "comment", "found nothing"}


def test_without_feedback_the_report_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report.main(["--data-dir", str(tmp_path / "nothing")]) == 1
    assert "no feedback yet" in capsys.readouterr().err
