"""content/figures.py: one table of figures, read from the code that enforces them; the window is
set in one place and the articles, the catalogs and the demo all follow (issue 22)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from content import catalog, figures
from otp_core import totp
from tests.demo_client import Visitor, demo_server, key_on
from tests.sites import ROOT

WIDER = 2
"""A window of two steps either side instead of one."""

BUILD_WITH_A_WIDER_WINDOW = f"""
import sys
from otp_core import totp
totp.WINDOW_STEPS = {WIDER}
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True))
"""


@pytest.fixture
def wider_window(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(totp, "WINDOW_STEPS", WIDER)
    catalog.catalog.cache_clear()
    yield
    catalog.catalog.cache_clear()


def test_every_figure_a_catalog_names_is_filled_from_the_table() -> None:
    left = {name for language in catalog.LANGUAGES for entry in catalog.read_catalog(language).values()
            for text in (entry.values() if isinstance(entry, dict) else entry if isinstance(entry, list) else [entry])
            for name in re.findall(r"\{(\w+)\}", text)}
    assert left & set(figures.table()) == set()  # no figure is left for the page to fill


@pytest.mark.usefixtures("wider_window")
def test_the_catalogs_and_the_demo_follow_the_window(tmp_path: Path) -> None:
    drift, window = WIDER * totp.STEP_SECONDS, (2 * WIDER + 1) * totp.STEP_SECONDS
    assert figures.figures()["drift_seconds"] == str(drift) and figures.figures()["window_seconds"] == str(window)
    ja, en = catalog.read_catalog("ja")["window_fact"], catalog.read_catalog("en")["window_fact"]
    assert f"前後{drift}秒" in str(ja) and f"{window}秒分" in str(ja)
    assert f"{drift} seconds off" in str(en) and f"{window} seconds in all" in str(en)
    with demo_server(tmp_path) as (client, clock, _):
        visitor = Visitor(client, clock)
        visitor.get("/demo/?lang=en")
        visitor.sign_up()
        setup = visitor.post("/demo/2fa/setup")
        assert f"{window} seconds in all" in setup.text
        visitor.key = key_on(setup)
        page = visitor.post("/demo/2fa/confirm", {"code": visitor.code(offset_steps=WIDER)})
        assert "data-recovery-codes" in page.text  # two steps ahead: inside the wider window
        visitor.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})
        visitor.post("/demo/sign-out")
        visitor.clock.advance(totp.STEP_SECONDS * (2 * WIDER + 1))  # the confirming step is well behind
        visitor.sign_in()
        accepted = visitor.post("/demo/sign-in/code", {"code": visitor.code(offset_steps=-WIDER)})
        assert accepted.url.path == "/demo/account" and 'data-step="accepted.earlier"' in accepted.text
        assert f"about {drift} seconds behind" in accepted.text


def test_the_articles_follow_the_window(tmp_path: Path) -> None:
    """The same change in a real build: the code-rejected article states the wider window."""
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", BUILD_WITH_A_WIDER_WINDOW, str(site)], cwd=ROOT,
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    drift, window = WIDER * totp.STEP_SECONDS, (2 * WIDER + 1) * totp.STEP_SECONDS
    ja = (site / "code-rejected.html").read_text(encoding="utf-8")
    en = (site / "en" / "code-rejected.html").read_text(encoding="utf-8")
    assert f"前後{drift}秒までのコードで、合わせて{window}秒分" in ja
    assert f"up to {drift} seconds before and after it: {window} seconds in all" in en
