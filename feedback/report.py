"""The writers' report: which articles did not help, why, what readers wrote, and what they
searched for without finding anything.

    python -m feedback.report                 # the last 30 days, both languages
    python -m feedback.report --days 7 --language en
    python -m feedback.report --csv report.csv

Reads the feedback file in ``DEMO_DATA_DIR`` (``.demo-data/feedback.sqlite3``).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import re
import sqlite3
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from content import catalog
from server.settings import Settings

LEAST_HELPFUL = 5
TOP = 10
RECENT_COMMENTS = 10


@dataclass(frozen=True)
class Row:
    kind: str
    language: str
    name: str
    figure: str
    detail: str = ""


def report(db: sqlite3.Connection, *, since: str, languages: Sequence[str]) -> list[Row]:
    """Every line of the report, for the days from ``since`` (ISO date) on."""
    rows: list[Row] = []
    for language in languages:
        for article, helpful, unhelpful in db.execute(
            "SELECT article, sum(helpful), sum(unhelpful) FROM votes WHERE day >= ? AND language = ? "
            "GROUP BY article ORDER BY 1.0 * sum(unhelpful) / (sum(helpful) + sum(unhelpful)) DESC, "
            "sum(unhelpful) DESC LIMIT ?", (since, language, LEAST_HELPFUL)):
            share = unhelpful / (helpful + unhelpful)
            rows.append(Row("least helpful", language, article, f"{share:.0%} no", f"{helpful} yes, {unhelpful} no"))
        for reason, count in db.execute(
            "SELECT reason, sum(count) FROM reasons WHERE day >= ? AND language = ? GROUP BY reason "
            "ORDER BY 2 DESC LIMIT ?", (since, language, TOP)):
            rows.append(Row("reason", language, reason, str(count)))
        for day, article, reason, text in db.execute(
            "SELECT day, article, reason, text FROM comments WHERE day >= ? AND language = ? "
            "ORDER BY id DESC LIMIT ?", (since, language, RECENT_COMMENTS)):
            rows.append(Row("comment", language, article, day, f"[{reason or '-'}] {text}"))
        for query, count in db.execute(
            "SELECT query, sum(count) FROM misses WHERE day >= ? AND language = ? GROUP BY query "
            "ORDER BY 2 DESC, 1 LIMIT ?", (since, language, TOP)):
            rows.append(Row("found nothing", language, query, str(count)))
    return rows


_FORMULA = re.compile(r"(?:^|[,;\t|\r\n])[\s\"']*(?=[=+\-@\t\r])")
"""Where a formula could start: at the start of the cell, or of any part a spreadsheet may split it
into. The list separator is ``,`` or ``;`` by locale, ``\t`` or ``|`` when pasted, and a reader's
comment may hold any of them."""

NEWLINE_MARK = "⏎"
"""How a newline in a comment is printed, so a comment cannot forge lines of the report."""


def spreadsheet_safe(cell: str) -> str:
    """A cell no spreadsheet runs as a formula, whatever its list separator (OWASP: CSV injection):
    wherever a formula could start, ``'`` goes before it, which spreadsheets show as text.
    ``q;=2*21;`` becomes ``'q;'=2*21;``, safe whole or split on ``;``. ``write_csv`` also quotes
    every cell."""
    if not _FORMULA.search(cell):
        return cell
    return _FORMULA.sub(lambda match: f"{match.group()}'", cell)


def printable(text: str) -> str:
    """One line of the printed report, whatever the reader typed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", f" {NEWLINE_MARK} ")


def write_csv(path: Path, rows: Sequence[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_ALL)
        writer.writerow(["kind", "language", "name", "figure", "detail"])
        for row in rows:
            cells = (row.kind, row.language, row.name, row.figure, row.detail)
            writer.writerow([spreadsheet_safe(cell) for cell in cells])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m feedback.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=30, help="how many days back (default 30)")
    parser.add_argument("--language", choices=catalog.LANGUAGES, action="append", help="only this language")
    parser.add_argument("--csv", type=Path, help="also write the rows to this CSV file")
    parser.add_argument("--data-dir", type=Path, help="the feedback's folder (default DEMO_DATA_DIR)")
    args = parser.parse_args(argv)
    path = (args.data_dir or Settings.from_env().data_dir) / "feedback.sqlite3"
    if not path.is_file():
        print(f"no feedback yet ({path} does not exist)", file=sys.stderr)
        return 1
    since = (datetime.datetime.fromtimestamp(time.time(), datetime.UTC).date()
             - datetime.timedelta(days=args.days - 1)).isoformat()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = report(connection, since=since, languages=args.language or catalog.LANGUAGES)
    finally:
        connection.close()
    print(f"Feedback since {since} ({args.days} days)")
    heading = None
    for row in rows:
        if (row.language, row.kind) != heading:
            heading = (row.language, row.kind)
            print(f"\n[{row.language}] {row.kind}")
        print(printable(f"  {row.figure:>8}  {row.name}  {row.detail}".rstrip()))
    if not rows:
        print("  nothing in this period")
    if args.csv:
        write_csv(args.csv, rows)
        print(f"\nwrote {len(rows)} rows to {args.csv}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
