"""Shared fixtures: the real site built once, and the real server serving it on loopback."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from demo.storage.photo_store import PhotoStore
from demo.storage.store import Store
from server.app import create_app
from server.settings import Settings
from tests.demo_client import Clock, ShiftedClock, Visitor, demo_server
from tests.sites import ROOT, build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests first: started last, one of them would keep a process busy while the others idle."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """What tests report as ``record_property("figures", ...)``, at the end of the run: a test's own
    output is not shown from the test processes."""
    figures = [value for status in ("passed", "failed") for report in terminalreporter.stats.get(status, [])
               for name, value in getattr(report, "user_properties", []) if name == "figures"]
    if figures:
        terminalreporter.section("figures")
        for text in figures:
            terminalreporter.write_line(str(text))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once for the whole run: the first test process builds it, the others
    (pytest-xdist) wait for it and read the same folder. Nothing may write into it."""
    shared = tmp_path_factory.getbasetemp()  # this run's own folder: with -n 0, its parent is every run's
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each process's own
    with (shared / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "site.built"
        if not done.exists():
            result = build(ROOT, shared / "site")
            assert result.ok, f"the strict build of the help center failed:\n{result.output}"
            done.write_text(str(result.site), encoding="utf-8")
        return Path(done.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def server_clock() -> ShiftedClock:
    return ShiftedClock()


@pytest.fixture(scope="session")
def server_settings(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("demo")
    return Settings(host="127.0.0.1", port=0, site_dir=built_site, data_dir=folder / "data",
                    key_file=folder / "data-key", base_url="http://127.0.0.1")


@pytest.fixture(scope="session")
def server(server_settings: Settings, server_clock: ShiftedClock) -> Iterator[str]:
    """Base URL of the real server (site and demo) on 127.0.0.1, stopped after the session."""
    settings = server_settings
    config = uvicorn.Config(create_app(settings, server_clock), host=settings.host, port=0, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    port = running.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[TestClient, Clock, Settings]]:
    """The demo on a fresh data folder, with a clock the test moves."""
    with demo_server(tmp_path) as running:
        yield running


@pytest.fixture
def visitor(demo: tuple[TestClient, Clock, Settings]) -> Visitor:
    client, clock, _ = demo
    return Visitor(client, clock)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty demo database in the test's folder."""
    return Store(tmp_path / "demo.sqlite3")


@pytest.fixture
def photos(tmp_path: Path) -> PhotoStore:
    return PhotoStore(tmp_path / "selfies")
