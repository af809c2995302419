"""README "Backups": the documented commands, run as written, make a private backup that restores,
and a restore keeps ``key-check``, so a wrong key stops the start as it does for the live folder.

The README's paths are swapped for temporary ones; nothing else in the commands changes.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from demo.rules.sandboxes import new_sandbox
from demo.storage.store import Store
from server.app import create_app
from server.settings import Settings
from tests.sites import ROOT

MARKER = "<!-- tests/test_backup_restore.py runs this block -->"
NOW = 1_800_000_000.0

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None and os.environ.get("CI") != "true",
                                reason="the documented backup uses the sqlite3 command (Debian: sqlite3)")


def documented_blocks() -> list[str]:
    """The shell blocks the README marks as run here: backup, restore, start, start with a wrong key."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(re.escape(MARKER) + r"\s*```sh\n(.*?)```", readme, flags=re.DOTALL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def modes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_mode & 0o777 for path in folder.rglob("*")}


def rows(database: Path, table: str) -> int:
    connection = sqlite3.connect(database)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def test_the_documented_backup_restores_and_a_wrong_key_stops_the_restored_start(tmp_path: Path) -> None:
    blocks = documented_blocks()
    assert len(blocks) == 4, "README 'Backups': backup, restore, start with another key, start with the key"
    backup_block, restore_block, wrong_key_block, start_block = blocks

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>help</title>", encoding="utf-8")
    live = Settings(host="127.0.0.1", port=0, site_dir=site, data_dir=tmp_path / "lib" / "data",
                    key_file=tmp_path / "etc" / "data-key", base_url="http://127.0.0.1")
    create_app(live)  # the live folder as the server leaves it: databases, key-check, selfies/
    new_sandbox(Store(live.data_dir / "demo.sqlite3"), NOW)
    port = free_port()
    paths = {
        ".venv/bin/python": sys.executable,
        "/var/lib/help-center/data": str(live.data_dir),
        "/var/backups/help-center": str(tmp_path / "backups"),
        "/var/tmp/help-center-restore": str(tmp_path / "restore"),
        "/var/tmp/wrong-key": str(tmp_path / "wrong-key"),
        "/etc/help-center/data-key": str(live.key_file),
        "/opt/help-center": str(ROOT),
        "PORT=8001": f"PORT={port}",
    }
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("DEMO_", "HOST", "PORT", "TRUSTED_PROXIES", "FEEDBACK_"))}
    env["HELP_SITE_DIR"] = str(site)

    def as_here(block: str) -> str:
        unknown = block
        for documented in paths:
            unknown = unknown.replace(documented, "")
        assert not re.search(r"/(var|etc|opt)/", unknown), f"a path this test does not map:\n{block}"
        for documented, here in paths.items():
            block = block.replace(documented, here)
        return block

    def run(block: str) -> None:
        subprocess.run(["bash", "-euc", as_here(block)], env=env, check=True, timeout=60)

    saved_umask = os.umask(0o022)  # the usual umask: the commands must make the backup private themselves
    try:
        run(backup_block)
        backup = (tmp_path / "backups" / "latest").resolve()
        assert sorted(path.name for path in backup.iterdir()) == [
            "demo.sqlite3", "feedback.sqlite3", "key-check", "selfies"]  # and never the key
        assert backup.stat().st_mode & 0o777 == 0o700
        expected = {name: 0o700 if name == "selfies" else 0o600 for name in modes(backup)}
        assert modes(backup) == expected

        run(restore_block)
    finally:
        os.umask(saved_umask)
    restored = tmp_path / "restore"
    assert rows(restored / "demo.sqlite3", "sandboxes") == 1

    refused = _start(as_here(wrong_key_block), env)
    try:
        output, _ = refused.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the restored folder started with a wrong key: key-check did not come back with the data")
    finally:
        _stop(refused)  # a start that was not refused would still be running
    assert refused.returncode == 1, output
    assert f"demo not started: the data key file does not open the data in {restored}" in output
    assert rows(restored / "demo.sqlite3", "sandboxes") == 1  # the refused start wrote nothing over it

    server = _start(as_here(start_block), env)
    try:
        response = _ready(f"http://127.0.0.1:{port}/readyz", server)
        assert response.status_code == 200, response.text
        assert response.text == "demo database: ok\nfeedback database: ok\nsite: ok\n"
    finally:
        _stop(server)


def _start(block: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(["bash", "-euc", block], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=10)


def _ready(url: str, server: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if server.poll() is not None:
                output = server.stdout.read() if server.stdout else ""
                raise AssertionError(f"the restored server did not start:\n{output}") from None
            assert time.monotonic() < deadline, "the restored server did not answer within 30 s"
            time.sleep(0.1)
