"""``bin/benchmark``: every figure the project promises, printed and written to BENCHMARKS.md.

Not part of the test run. Needs the README's set-up (``.venv``) and Debian's Chromium.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import build, crowd, journeys, lighthouse, pages, preview, rebuild, search, suite, uploads, zensical
from devtools.server import start_server
from devtools.site_build import ROOT
from devtools.site_build import build as build_site


def main() -> None:
    lines = [f"# Benchmarks\n\nMeasured {datetime.date.today().isoformat()} on this machine "
             f"({os.cpu_count()} cores) by `bin/benchmark`.\n"]
    site_on, site_off = build.median_times(ROOT)
    lines += ["## Build\n", "| build | hooks on | hooks off | ratio | target |", "|---|---|---|---|---|",
              f"| real site, both languages (cold) | {site_on:.2f} s | {site_off:.2f} s | {site_on / site_off:.2f} | |"]
    with tempfile.TemporaryDirectory() as folder:
        corpus = build.make_corpus(Path(folder) / "corpus")
        count = len(list((corpus / "docs").glob("*.md")))
        corpus_on, corpus_off = build.median_times(corpus)
    ratio = corpus_on / corpus_off
    lines.append(f"| corpus, {count} pages | {corpus_on:.2f} s | {corpus_off:.2f} s | {ratio:.2f} | ratio ≤ 1.30 "
                 f"{'✓' if ratio <= 1.3 else '✗'} |")
    rebuilds = rebuild.rebuild_seconds()
    median = statistics.median(rebuilds)
    lines.append(f"| rebuild after saving one article under `mkdocs serve`, served HTML changed (median of "
                 f"{len(rebuilds)}) | {median:.2f} s | | | |")
    load = preview.load_average()
    shown = statistics.median(preview.save_to_browser_seconds())
    lines.append(f"| save to browser: a Japanese article saved, its textlint run, Chromium showing the new sentence "
                 f"(median of 5, load {load:.1f}) | {shown:.2f} s | | | < 1 s "
                 f"{'✓' if shown < preview.TARGET_SECONDS else '✗ (see below)'} |")
    print("\n".join(lines), flush=True)

    with tempfile.TemporaryDirectory() as folder:
        built = build_site(ROOT, Path(folder) / "site")
        server = start_server(built.site, Path(folder))
        try:
            figures = pages.all_pages(server.url)
            searches = search.figures(server.url, built.site)
            load = subprocess.run([sys.executable, "-m", "benchmarks.demo_load", server.url], cwd=ROOT,
                                  capture_output=True, text=True, check=True)
            rss = _rss_kib(server.process.pid)
        finally:
            server.stop()
        uploaded = uploads.measure(built.site)  # its own server: the load above does not count
        crowded = crowd.measure(built.site)  # and its own again
    lines += ["\n## Article pages on a phone (first load, mobile emulation, CPU ÷4)\n",
              "| page | transferred (gzip) | requests | LCP | TBT |", "|---|---|---|---|---|"]
    for page in figures:
        mark = "✓" if page.bytes <= pages.BUDGET_BYTES else "✗ over 100 KB"
        lines.append(f"| `{page.path}` | {page.bytes / 1024:.1f} KB {mark} | {page.requests} | "
                     f"{page.lcp_ms:.0f} ms | {page.tbt_ms:.0f} ms |")
    lines += ["\n## Search on a phone (cold cache, mobile emulation, CPU ÷4)\n",
              "| language | index | index (gzip) | typing to first result (median of 3 queries) |", "|---|---|---|---|"]
    for figure in searches:
        lines.append(f"| {figure.language} | {figure.index_bytes / 1024:.0f} KB | "
                     f"{figure.index_gzip_bytes / 1024:.0f} KB | "
                     f"{figure.first_result_ms:.0f} ms |")
    reports = lighthouse.run()
    perfect = sum(set(report.scores.values()) == {100} for report in reports)
    lines += ["\n## Lighthouse on every page (mobile: simulated slow 4G, CPU ÷4; production build)\n",
              f"{perfect} of {len(reports)} pages score 100 in all four categories "
              f"{'✓' if perfect == len(reports) else '✗'}.\n", lighthouse.table(reports)]
    print("\n".join(lines[-3:]), flush=True)
    rows = json.loads(load.stdout)
    trivial = rows[0]
    lines += ["\n## Demo service on loopback (20 concurrent clients, load generator in its own process)\n",
              "| endpoint | requests/s | p50 | p99 | vs trivial: throughput | p50 |", "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['name']} | {row['rps']:.0f} | {row['p50_ms']:.1f} ms | {row['p99_ms']:.1f} ms | "
                     f"{row['rps'] / trivial['rps']:.2f} | {row['p50_ms'] / trivial['p50_ms']:.1f}× |")
    lines.append(f"\nServer memory after the load: {rss / 1024:.0f} MiB resident.\n")
    if shown >= preview.TARGET_SECONDS:
        lines.append("Save to browser over target: static-i18n rebuilds both languages on every save; the build "
                     f"itself is {site_on:.2f} s of it ({site_off:.2f} s with the hooks off), the rest is "
                     "MkDocs' file watcher, the saved page's prose checks and the browser's reload. `--dirty` does "
                     "not work with static-i18n.\n")
    lines.append("Sign-in with a code: each account may use one code per time step (the replay rule), so "
                 "every client first enrols a pool of accounts, untimed, then signs each in once; the "
                 "figure includes the password check (argon2id, about 40 ms of CPU).\n")
    lines += ["## ID-selfie uploads\n", *uploads.lines(uploaded)]
    lines += ["\n## Demo service under a crowd\n", *crowd.lines(crowded)]
    lines += ["\n## Zensical, Material's successor\n", *zensical.lines(zensical.run())]
    lines += ["\n## The test suite\n", *suite.lines(suite.run())]
    with tempfile.TemporaryDirectory() as folder:
        lines += ["\n## The reader's journeys on a phone\n", *journeys.lines(journeys.run(Path(folder))[0])]
    lines += kept_section("## Search quality")
    text = "\n".join(lines) + "\n"
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)


def kept_section(heading: str) -> list[str]:
    """A section of BENCHMARKS.md written by hand, kept as it is: figures of an engine that is gone
    cannot be measured again."""
    before = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    start = "\n" + heading
    if start not in before:
        return []
    section = before.split(start, 1)[1].split("\n## ", 1)[0].rstrip()
    return [start + section]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    main()
