"""The real server (``python -m server``) in its own process on a free loopback port, stopped by its caller."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from devtools.site_build import ROOT


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    data_dir: Path

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        if self.process.stderr:
            self.process.stderr.close()


def start_server(site: Path, folder: Path) -> Server:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PORT": str(port), "HELP_SITE_DIR": str(site), "DEMO_DATA_DIR": str(folder / "data"),
           "DEMO_KEY_FILE": str(folder / "data-key")}
    process = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/demo/openapi.json", timeout=1).status_code == 200:
                return Server(url, process, folder / "data")
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start: {process.stderr.read().decode() if process.stderr else ''}")
