"""How long the whole test suite takes on this machine, and where the time goes.

Runs the README's test command (``bin/test``) as CI does, times it from start to end, and
reads pytest's own summary and its slowest tests. A figure to watch, not a test: the suite
asserts what readers see, and its speed is reported here (target: under four minutes).

    .venv/bin/python -m benchmarks.suite
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass

from devtools.site_build import ROOT

TARGET_SECONDS = 4 * 60
SLOWEST = 12


@dataclass(frozen=True)
class SuiteRun:
    seconds: float
    summary: str
    """pytest's summary line: ``1035 passed in 590.1s (0:09:50)``."""
    slowest: list[tuple[float, str]]
    """The slowest test phases: seconds and ``setup/call/teardown path::name``."""
    ok: bool


def run() -> SuiteRun:
    started = time.monotonic()
    result = subprocess.run([str(ROOT / "bin" / "test"), "-q", "-p", "no:cacheprovider", f"--durations={SLOWEST}"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    output = result.stdout
    summary = next((line.strip("= ") for line in reversed(output.splitlines())
                    if re.search(r"\d+ (passed|failed)", line) and " in " in line), "")
    slowest = [(float(found[0]), found[1]) for found in re.findall(r"^(\d+\.\d+)s (\w+ +\S+)$", output, flags=re.M)]
    return SuiteRun(seconds, summary, slowest, result.returncode == 0)


def lines(suite: SuiteRun) -> list[str]:
    verdict = "✓" if suite.seconds < TARGET_SECONDS else "✗"
    rows = [f"`bin/test` from start to end (set-up included): **{suite.seconds / 60:.1f} min** "
            f"(target under {TARGET_SECONDS // 60} min {verdict}); pytest: {suite.summary}"
            f"{'' if suite.ok else ' (the run failed)'}.\n",
            "| slowest test phases | seconds |", "|---|---|"]
    rows += [f"| `{name}` | {seconds:.1f} |" for seconds, name in suite.slowest]
    return rows


def main() -> int:
    suite = run()
    print("\n".join(["## The test suite\n", *lines(suite)]))
    return 0 if suite.ok else 1


if __name__ == "__main__":
    sys.exit(main())
