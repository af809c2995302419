"""mkdocs.yml and bin/serve: MkDocs' own warnings (links, anchors, the nav) stop the build,
visibly, in the README's serve command and in the tests' build alike."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

from tests.sites import ROOT, build_edited, copy_project, replacing

QUESTIONS = "## Three questions {#questions}\n"
"""A heading of change-phone.en.md the edits below write after."""
BROKEN_LINK = replacing(QUESTIONS, QUESTIONS + "\nSee [the old page](moved-away.md).\n")
LINK_WARNING = "Doc file 'change-phone.en.md' contains a link 'moved-away.md', but the target is not found"


def test_a_broken_link_stops_the_build_the_tests_run(tmp_path: Path) -> None:
    result = build_edited(tmp_path, {"docs/change-phone.en.md": BROKEN_LINK})

    assert not result.ok
    assert LINK_WARNING in result.output


def test_a_broken_link_stops_the_readme_serve_command_before_it_serves(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for part in ("bin", "pyproject.toml", "constraints.txt"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
    # Already set up (this interpreter's virtualenv, the linters and MiniSearch in the node_modules
    # copy_project links): the stamps match, nothing installs.
    (project / ".venv").symlink_to(sys.prefix)
    page = project / "docs" / "change-phone.en.md"
    page.write_text(BROKEN_LINK(page.read_text(encoding="utf-8")), encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    # Were the build to pass, bin/serve would go on serving and the timeout would fail the test.
    result = subprocess.run(
        [str(project / "bin" / "serve")],
        env={**_without("VENV", "PYTHON"), "PORT": str(port), "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=180,
    )

    assert result.returncode != 0
    assert LINK_WARNING in result.stdout + result.stderr
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


def _without(*names: str) -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in names}


def test_a_link_to_a_missing_heading_stops_the_build(tmp_path: Path) -> None:
    result = build_edited(tmp_path, {"docs/change-phone.en.md": replacing(
        QUESTIONS, QUESTIONS + "\nSee [below](turn-off-2fa.md#no-such-heading).\n"
    )})

    assert not result.ok
    assert "does not contain an anchor '#no-such-heading'" in result.output


def test_a_page_left_out_of_the_nav_stops_the_build(tmp_path: Path) -> None:
    page = textwrap.dedent("""\
        ---
        description: {title}
        updated: 2026-11-01
        related: [change-phone.md, turn-off-2fa.md]
        ---

        # {title}

        {body}
        """)
    result = build_edited(tmp_path, {
        "docs/extra.md": lambda _: page.format(title="予備のページ", body="本文です。"),
        "docs/extra.en.md": lambda _: page.format(title="A spare page", body="Text."),
        # on both home pages, which every article must be (hooks/home_lists.py)
        "docs/index.md": lambda text: text + "\n- [予備のページ](extra.md)\uff1a予備が要るとき\n",
        "docs/index.en.md": lambda text: text + "\n- [A spare page](extra.md): when you need a spare\n",
    })

    assert not result.ok
    assert 'exist in the docs directory, but are not included in the "nav" configuration' in result.output
    assert "  - extra.md" in result.output


REBUILD_TWICE = """
import logging, sys
from mkdocs.__main__ import _enable_warnings
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(message)s")
_enable_warnings()  # what the mkdocs command line sets up, its duplicate filter included
for attempt in (1, 2):  # mkdocs serve rebuilding after each save
    try:
        build(load_config("mkdocs.yml", site_dir=sys.argv[1]))
    except Abort:
        print(f"build {attempt} aborted", file=sys.stderr)
"""


def test_a_mistake_left_in_is_reported_again_on_every_rebuild(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "turn-off-2fa.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe code changes every 30 seconds.\n", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-c", REBUILD_TWICE, str(tmp_path / "site")], cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=180,
    )

    assert result.stderr.count("build 1 aborted") == 1 and "build 2 aborted" in result.stderr
    assert result.stderr.count("write {{ step_seconds }} instead of '30 seconds'") == 2, result.stderr



WATCHED_EDITS = [
    ("data/site.toml", replacing('service_name = "Tsubame"', 'service_name = "Hibari"'), "Hibari"),
    ("locales/en.toml", replacing('"Was this article helpful?"', '"Did this article help?"'), "Did this article help?"),
    ("overrides/partials/article-footer.html", lambda text: text + "<!-- edited override -->\n", "edited override"),
    ("hooks/serve.py", lambda text: text + HOOK_EDIT, "edited hook"),
]
HOOK_EDIT = """

def on_post_page(output: str, **_: object) -> str:
    return output + "<!-- edited hook -->"
"""


def test_mkdocs_serve_rebuilds_when_data_locales_overrides_or_hooks_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    page = f"http://127.0.0.1:{port}/en/change-phone.html"
    try:
        _wait_until_served(page, "Was this article helpful?")
        for path, edit, shown in WATCHED_EDITS:
            file = project / path
            file.write_text(edit(file.read_text(encoding="utf-8")), encoding="utf-8")
            assert _wait_until_served(page, shown), f"a saved {path} never reached the served page"
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def _wait_until_served(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False
