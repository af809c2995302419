"""server/health.py and the ``HOST`` setting: what an operator's process manager and load balancer rely on."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.sites import ROOT


def settings_in(folder: Path) -> Settings:
    site = folder / "site"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text("<!doctype html><title>help</title>", encoding="utf-8")
    return Settings(host="127.0.0.1", port=0, site_dir=site, data_dir=folder / "data",
                    key_file=folder / "data-key", base_url="http://127.0.0.1")


@pytest.fixture
def client_and_settings(tmp_path: Path) -> Iterator[tuple[TestClient, Settings]]:
    settings = settings_in(tmp_path)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client, settings


def sandboxes(settings: Settings) -> int:
    connection = sqlite3.connect(settings.data_dir / "demo.sqlite3")
    try:
        return int(connection.execute("SELECT count(*) FROM sandboxes").fetchone()[0])
    finally:
        connection.close()


def test_the_server_listens_on_loopback_unless_host_is_set() -> None:
    assert Settings.from_env({}).host == "127.0.0.1"
    assert Settings.from_env({"HOST": "0.0.0.0"}).host == "0.0.0.0"
    assert Settings.from_env({"HOST": " :: "}).host == "::"


def test_a_host_that_is_not_an_address_is_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match=r"HOST: 'localhost' is not an IP address \(e\.g\. 127\.0\.0\.1"):
        Settings.from_env({"HOST": "localhost"})


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_answers_are_never_cached_set_no_cookie_and_create_no_sandbox(
        client_and_settings: tuple[TestClient, Settings], path: str) -> None:
    client, settings = client_and_settings
    before = sandboxes(settings)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers and not client.cookies
    assert sandboxes(settings) == before


def test_liveness_says_ok(client_and_settings: tuple[TestClient, Settings]) -> None:
    client, _ = client_and_settings
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok\n")
    assert response.headers["content-type"].startswith("text/plain")


def test_readiness_names_each_check_that_passed(client_and_settings: tuple[TestClient, Settings]) -> None:
    client, _ = client_and_settings
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.text == "demo database: ok\nfeedback database: ok\nsite: ok\n"


def _spoil(database: Path) -> None:
    """The database replaced by a file that is none, in one step: the server's own timers may be
    reading it at this moment, and a file renamed away could be recreated, or rebuilt from its WAL."""
    for journal in database.parent.glob(f"{database.name}-*"):
        journal.unlink()
    spoiled = database.with_name(f"{database.name}.spoiled")
    spoiled.write_bytes(b"not a database\n" * 100)
    os.replace(spoiled, database)


def _lose_demo_database(settings: Settings) -> None:
    _spoil(settings.data_dir / "demo.sqlite3")


def _lose_feedback_database(settings: Settings) -> None:
    _spoil(settings.data_dir / "feedback.sqlite3")


def _lose_site_build(settings: Settings) -> None:
    (settings.site_dir / "index.html").unlink()


@pytest.mark.parametrize(("lose", "failed"), [
    (_lose_demo_database, "demo database: not answering"),
    (_lose_feedback_database, "feedback database: not answering"),
    (_lose_site_build, "site: no build (index.html missing)"),
])
def test_readiness_fails_with_503_naming_the_check_while_liveness_stays_ok(
        client_and_settings: tuple[TestClient, Settings], lose: Callable[[Settings], None], failed: str) -> None:
    client, settings = client_and_settings
    lose(settings)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert failed in response.text.splitlines()
    assert sum(line.endswith(": ok") for line in response.text.splitlines()) == 2  # the other two still pass
    assert "sqlite" not in response.text.lower()  # fixed words, never the exception's text
    assert client.get("/healthz").status_code == 200


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def test_python_m_server_listens_on_the_host_it_is_given(tmp_path: Path) -> None:
    """Another loopback address stands in for a container's: the server answers there, not on 127.0.0.1."""
    settings = settings_in(tmp_path)
    port = _free_port("127.0.0.2")
    env = {**os.environ, "HOST": "127.0.0.2", "PORT": str(port), "HELP_SITE_DIR": str(settings.site_dir),
           "DEMO_DATA_DIR": str(settings.data_dir), "DEMO_KEY_FILE": str(settings.key_file),
           "DEMO_ALLOWED_HOSTS": "127.0.0.2"}
    server = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.2:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert (response.status_code, response.text) == (200, "ok\n")
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"Help center: http://127.0.0.2:{port}/" in output
