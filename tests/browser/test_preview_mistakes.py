"""Issue 25: under ``mkdocs serve`` the mistakes of a rebuild show in the browser, on the page, all at
once with file and line, in the page's language, and go away with the next good build."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.sites import ROOT, copy_project

pytestmark = pytest.mark.long

JAPANESE = "docs/why-2fa.md"
ENGLISH = "docs/secret-key.en.md"
TYPED_KEY = "JBSWY3DPEHPK3PXPJBSWY3DP"
SCREENSHOTS = Path(os.environ.get("PREVIEW_SCREENSHOTS", "/tmp"))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``mkdocs serve`` on a copy of the project, on a free loopback port."""
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / ".textlintrc.yml", project)  # the Japanese prose rules, beside the glossary in writers/
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/en/secret-key.html")
        yield url, project
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def test_three_mistakes_in_two_files_show_on_the_pages_and_go_when_fixed(
        browser: Browser, served: tuple[str, Path]) -> None:
    url, project = served
    pages = {
        "ja": _open(browser, f"{url}/why-2fa.html", "ja-JP", PHONE),
        "en": _open(browser, f"{url}/en/secret-key.html", "en-US", DESKTOP),
    }
    originals = {path: (project / path).read_text(encoding="utf-8") for path in (JAPANESE, ENGLISH)}

    _write(project / JAPANESE, originals[JAPANESE] + f"\n{{{{ no_such_setting }}}}\n\n{TYPED_KEY}\n")
    _write(project / ENGLISH, originals[ENGLISH].replace("related: [get-secret-key.md,", "related: [no-such-page.md,"))

    setting_line = originals[JAPANESE].count("\n") + 2
    for language, page in pages.items():
        listed = page.locator(".help-mistakes li")
        expect(listed).to_have_count(3, timeout=60_000)
        items = listed.all_inner_texts()
        assert items[0].startswith("docs/secret-key.en.md related article 'no-such-page.md' does not exist")
        assert re.match(rf"docs/why-2fa\.md:{setting_line} unknown setting '\{{\{{ no_such_setting \}}\}}'", items[1])
        assert items[2].startswith(f"docs/why-2fa.md:{setting_line + 2} a secret key typed by hand")
        title = {"ja": "ビルドが止まりました", "en": "The build stopped"}[language]
        count = {"ja": "直す箇所は3件です。", "en": "3 mistakes to fix."}[language]
        expect(page.get_by_role("alert")).to_contain_text(title)
        expect(page.get_by_role("alert")).to_contain_text(count)
        expect(page.get_by_role("heading", level=2).first).to_be_in_viewport()
        page.set_viewport_size(PHONE)
        page.screenshot(path=SCREENSHOTS / f"preview-mistakes-{language}.png")

    _write(project / JAPANESE, originals[JAPANESE])
    _write(project / ENGLISH, originals[ENGLISH])

    for page in pages.values():
        expect(page.locator(".help-mistakes")).to_have_count(0, timeout=60_000)
        expect(page.locator("article h1")).to_be_visible()
        page.context.close()


def test_a_saved_pages_prose_findings_join_the_list(browser: Browser, served: tuple[str, Path]) -> None:
    """textlint with the glossary on the Japanese page, the style guide's own checks on the English one
    (hooks/proofreading.py; contractions are the build's, listed like any build mistake)."""
    url, project = served
    page = _open(browser, f"{url}/en/why-2fa.html", "en-US", PHONE)
    japanese, english = project / JAPANESE, project / "docs/why-2fa.en.md"
    lines = {path: path.read_text(encoding="utf-8").count("\n") + 2 for path in (japanese, english)}
    _write(japanese, japanese.read_text(encoding="utf-8") + "\nあなたのキーを保管します。\n")
    _write(english, english.read_text(encoding="utf-8") + "\nYou need it!\n")

    listed = page.locator(".help-mistakes li")
    expect(listed).to_have_count(2, timeout=60_000)
    assert listed.all_inner_texts() == [
        f"docs/why-2fa.en.md:{lines[english]} exclamation mark",
        f"docs/why-2fa.md:{lines[japanese]} あなた => お客さま (prh)",
    ]
    page.context.close()


def _open(browser: Browser, address: str, locale: str, viewport: dict[str, int]) -> Page:
    page = browser.new_context(locale=locale, viewport=viewport).new_page()
    page.goto(address)
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator(".help-mistakes")).to_have_count(0)
    return page


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _wait_until_up(address: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(address, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"mkdocs serve never served {address}")
