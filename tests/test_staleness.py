"""hooks/staleness.py: an English page says so when its Japanese source changed after it was
translated, the build lists it, and one command marks it brought up to date."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from hooks.staleness import source_hash
from tests.sites import ROOT, article_names, build, copy_project

NOTICE = "The Japanese version of this page was updated on"


def _updated_on(text: str, day: str) -> str:
    return re.sub(r"^updated: .*$", f"updated: {day}", text, count=1, flags=re.M)


def test_an_untouched_build_shows_no_notice(built_site: Path) -> None:
    for page in [*built_site.glob("*.html"), *(built_site / "en").glob("*.html")]:
        assert "help-stale" not in page.read_text(encoding="utf-8"), page.name


def test_every_english_page_records_the_japanese_version_it_translates() -> None:
    for name in article_names():
        english = (ROOT / "docs" / f"{name}.en.md").read_text(encoding="utf-8")
        japanese = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
        assert f"\nsource: {source_hash(japanese, home=name == 'index')}\n" in english, f"docs/{name}.en.md"


def test_a_changed_japanese_page_marks_its_twin_until_the_translator_marks_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    japanese = project / "docs" / "turn-off-2fa.md"
    text = japanese.read_text(encoding="utf-8")
    text = _updated_on(text, "2026-12-03")
    japanese.write_text(text + "\n解除する前に、復旧コードを手元に用意してください。\n", encoding="utf-8")

    stale = build(project, tmp_path / "stale")

    assert stale.ok, stale.output
    assert (
        "docs/turn-off-2fa.en.md may be out of date: docs/turn-off-2fa.md changed since it was translated "
        "(mark it: python -m hooks.staleness docs/turn-off-2fa.en.md)"
    ) in stale.output
    assert stale.output.count("may be out of date") == 1
    english = (stale.site / "en" / "turn-off-2fa.html").read_text(encoding="utf-8")
    assert f"{NOTICE} 3 December 2026. This page may not include that change yet." in english
    assert NOTICE not in (stale.site / "turn-off-2fa.html").read_text(encoding="utf-8")
    assert NOTICE not in (stale.site / "en" / "change-phone.html").read_text(encoding="utf-8")

    marked = subprocess.run(
        [sys.executable, "-m", "hooks.staleness", "docs/turn-off-2fa.en.md"], cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60,
    )
    fresh = build(project, tmp_path / "fresh")

    assert marked.returncode == 0 and "docs/turn-off-2fa.en.md: marked up to date" in marked.stdout
    assert fresh.ok and "may be out of date" not in fresh.output
    assert NOTICE not in (fresh.site / "en" / "turn-off-2fa.html").read_text(encoding="utf-8")


def test_a_change_to_the_japanese_front_matter_alone_does_not_mark_the_twin(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    japanese = project / "docs" / "turn-off-2fa.md"
    japanese.write_text(_updated_on(japanese.read_text(encoding="utf-8"), "2026-12-03"), encoding="utf-8")

    result = build(project, tmp_path / "site")

    assert result.ok and "may be out of date" not in result.output
