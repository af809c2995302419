"""Lighthouse on every page of the help center, as a phone sees it: performance,
accessibility, best practices and SEO, each out of 100.

The site is built as for production (``SITE_URL`` set to where it is served, so the
canonical and hreflang addresses are absolute) and served by the project's own server, with
its headers and compression. Lighthouse runs in its default mobile mode (a mid-range phone,
slow 4G and a CPU slowed four times, simulated) in Debian's Chromium, one page at a time,
RUNS times a page; a page's figures are the medians, as Lighthouse's authors advise for a
score that moves from run to run. Lighthouse itself is pinned in
``benchmarks/lighthouse/package.json`` (installed here on first use; it is not needed to
build or test) and driven by ``benchmarks/lighthouse/run.mjs``.

    .venv/bin/python -m benchmarks.lighthouse              # every page
    .venv/bin/python -m benchmarks.lighthouse /en/ /turn-off-2fa.html
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from content import catalog, scenarios

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "benchmarks" / "lighthouse"
RUNNER = FOLDER / "run.mjs"
RUNS = 3
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-background-networking --disable-component-update " \
               "--disable-sync --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class Report:
    path: str
    scores: dict[str, int]
    metrics: dict[str, float]
    """First and largest contentful paint (ms), total blocking time (ms), layout shift."""
    below_full: list[str]
    """The audits that cost points in any run: ``category: audit (score)``."""


def main(argv: list[str]) -> int:
    reports = run(argv or None)
    print(table(reports))
    return 0 if all(set(report.scores.values()) == {100} for report in reports) else 1


def run(paths: list[str] | None = None) -> list[Report]:
    _install()
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        site = Path(folder) / "site"
        _build(site, f"http://127.0.0.1:{port}/")
        server = _serve(site, Path(folder), port)
        try:
            return audit(f"http://127.0.0.1:{port}", paths or every_page(site))
        finally:
            server.terminate()
            server.wait(timeout=30)


def every_page(site: Path) -> list[str]:
    """Each article and home page in both languages (not the 404 pages or assets), and the
    demo's pages a reader lands on from an article: its home and each scenario."""
    pages = [path.relative_to(site).as_posix() for path in site.rglob("*.html")]
    keep = sorted(page for page in pages if not page.startswith("assets/") and not page.endswith("404.html"))
    demo = [f"/demo/{page}?lang={language}" for language in catalog.LANGUAGES
            for page in ["", *(f"scenarios/{scenario}" for scenario in scenarios.ids())]]
    return ["/" + page.removesuffix("index.html") for page in keep] + demo


def audit(origin: str, paths: list[str], runs: int = RUNS) -> list[Report]:
    """Each page's median over ``runs`` audits, in one Chromium."""
    result = subprocess.run(
        ["node", str(RUNNER), str(runs), *(origin + path for path in paths)],
        env={**os.environ, "CHROME_PATH": CHROMIUM, "CHROME_FLAGS": CHROME_FLAGS},
        check=True, capture_output=True, text=True, timeout=120 * runs * len(paths),
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    reports = []
    for index, path in enumerate(paths):
        own = lines[index * runs:(index + 1) * runs]
        reports.append(Report(
            path=path,
            scores={name: round(statistics.median(run["scores"][name] for run in own)) for name in CATEGORIES},
            metrics={name: statistics.median(run["metrics"][name] for run in own) for name in own[0]["metrics"]},
            below_full=sorted({lost for run in own for lost in run["lost"]}),
        ))
    return reports


def table(reports: list[Report]) -> str:
    lines = ["| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |",
             "|---|---|---|---|---|---|---|---|---|"]
    for report in reports:
        scores = " | ".join(str(report.scores[name]) for name in CATEGORIES)
        metrics = report.metrics
        lines.append(f"| `{report.path}` | {scores} | {metrics['fcp_ms']:.0f} ms | {metrics['lcp_ms']:.0f} ms | "
                     f"{metrics['tbt_ms']:.0f} ms | {metrics['cls']:.3f} |")
    for report in reports:
        if report.below_full and set(report.scores.values()) != {100}:  # why a category is short
            lines.append(f"\n`{report.path}`, points lost in some run: {'; '.join(report.below_full)}")
    return "\n".join(lines)


def _install() -> None:
    if not (FOLDER / "node_modules" / "lighthouse").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER, check=True)


def _build(site: Path, site_url: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url},
        check=True, capture_output=True, timeout=300,
    )


def _serve(site: Path, folder: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "server"], cwd=ROOT,
        env={**os.environ, "PORT": str(port), "HELP_SITE_DIR": str(site), "DEMO_DATA_DIR": str(folder / "data"),
             "DEMO_KEY_FILE": str(folder / "key"), "DEMO_BASE_URL": f"http://127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
