"""Shared fixtures: the real site built once, and the real server serving it on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from demo.app import create_app
from demo.settings import Settings
from tests.sites import ROOT, build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build(ROOT, tmp_path_factory.mktemp("site"))
    assert result.ok, f"the strict build of the help center failed:\n{result.output}"
    return result.site


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """Base URL of the real server (site and demo) on 127.0.0.1, stopped after the session."""
    settings = Settings(host="127.0.0.1", port=0, site_dir=built_site)
    config = uvicorn.Config(create_app(settings), host=settings.host, port=0, log_level="warning")
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
