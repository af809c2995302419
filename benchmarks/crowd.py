"""The full crowd of SECURITY.md "Under load and faults": 200 readers at once against the real
server in its own process, each signing up, setting up 2FA, sending the same code twice at once
and filing a support request. The suite runs a smaller crowd (tests/test_reliability.py); this
one is timed and written to BENCHMARKS.md.

    .venv/bin/python -m benchmarks.crowd
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from devtools.crowd import Verdict, crowd, judge, run_apart
from devtools.server import start_server
from devtools.site_build import ROOT, build

CLIENTS = 200


@dataclass(frozen=True)
class CrowdRun:
    seconds: float
    verdict: Verdict


def measure(site: Path) -> CrowdRun:
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(site, Path(folder))
        try:
            started = time.monotonic()
            outcomes = run_apart(crowd(server.url, CLIENTS))
            seconds = time.monotonic() - started
        finally:
            server.stop()
        return CrowdRun(seconds, judge(outcomes, server.data_dir / "demo.sqlite3"))


def lines(run: CrowdRun) -> list[str]:
    verdict = run.verdict
    mark = "✓" if verdict.kept else "✗"
    return [
        f"{verdict.clients} readers at once, each through sign-up, setup, the same code twice at once and a "
        f"support request: {run.seconds:.1f} s. {mark} 5xx answers: {verdict.server_errors}; client errors: "
        f"{len(verdict.errors)}; readers who could not finish: {verdict.incomplete}; codes accepted other than "
        f"once: {verdict.codes_accepted_twice_or_never}; confirmed setups lost: {len(verdict.lost_setups)}; "
        f"tickets lost: {len(verdict.lost_tickets)}.\n",
    ]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        built = build(ROOT, Path(folder) / "site")
        print("\n".join(lines(measure(built.site))))
