"""The reader's journeys through the demo on a 390x844 phone (issue 23), step by step: the taps from
each step's start to its end, and the largest distance between the guide's instruction and a button
the reader presses, with whether both were on one screen. Target: instruction and control on one
screen at every step (the browser tests assert it; this prints the table).

Runs the journeys of ``tests/browser/test_scenarios.py`` that go on the phone (each in one language,
as the suite runs them), with ``JOURNEY_FIGURES`` set, and reads what they wrote.

    .venv/bin/python -m benchmarks.journeys
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from devtools.site_build import ROOT

SELECT = "(ja-phone or en-phone or real_authenticator or article_on_a_phone) and not desktop"
"""The scenario tests that run on the phone (the simulated phones, a real app, the stolen-phone article)."""
COMMAND = "python -m benchmarks.journeys"


def run(folder: Path) -> tuple[list[dict[str, object]], bool]:
    env = {**os.environ, "JOURNEY_FIGURES": str(folder)}
    result = subprocess.run([str(ROOT / "bin" / "test"), "-q", "-p", "no:cacheprovider",
                             "tests/browser/test_scenarios.py", "-k", SELECT],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stdout[-3000:], file=sys.stderr)
    journeys = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]
    return journeys, result.returncode == 0


def lines(journeys: list[dict[str, object]]) -> list[str]:
    rows = [f"Measured by `{COMMAND}` on a 390x844 phone. Target: the guide's instruction and the button the "
            "reader presses on one screen at every step (the browser tests assert it).\n",
            "| journey | step | taps | instruction to control | one screen |", "|---|---|---|---|---|"]
    met = 0
    total = 0
    for journey in journeys:
        steps = journey["steps"]
        assert isinstance(steps, list)
        for figure in steps:
            total += 1
            met += bool(figure["one_screen"])
            rows.append(f"| {journey['name']} | {figure['step']} | {figure['taps']} | {figure['distance']} px | "
                        f"{'✓' if figure['one_screen'] else '✗ ' + ', '.join(figure['controls'])} |")
    rows.append(f"\nSteps with instruction and control on one screen: {met} of {total}.")
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        journeys, ok = run(Path(folder))
    print("\n".join(["## The reader's journeys on a phone\n", *lines(journeys)]))
    return 0 if ok and journeys else 1


if __name__ == "__main__":
    raise SystemExit(main())
