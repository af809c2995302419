"""Build time with the project's hooks on and off, for the real site and a large corpus.

    bin/benchmark            (or: .venv/bin/python -m benchmarks.build)

Each build runs in a fresh interpreter and times ``mkdocs build`` alone (no
interpreter start-up), seven times, alternating on and off; the median is shown.
The corpus is the real site plus 500 generated articles per language, each with
headings, steps and one sample key.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from devtools.site_build import ROOT, copy_project

RUNS = 7
CORPUS_ARTICLES = 500

TIMED_BUILD = """
import sys, time, logging
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.disable(logging.WARNING)
config_file, site_dir, hooks_off = sys.argv[1], sys.argv[2], sys.argv[3] == "off"
overrides = {"hooks": [sys.argv[4]]} if hooks_off else {}
config = load_config(config_file, site_dir=site_dir, **overrides)
start = time.perf_counter()
build(config)
print(time.perf_counter() - start)
"""


def timed_build(project: Path, hooks: str) -> float:
    with tempfile.TemporaryDirectory() as site:
        result = subprocess.run(
            [sys.executable, "-c", TIMED_BUILD, str(project / "mkdocs.yml"), site, hooks,
             str(ROOT / "benchmarks" / "hooks_off.py")],
            cwd=project, capture_output=True, text=True, check=False,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        )
        if result.returncode != 0:
            raise SystemExit(f"build failed ({hooks}):\n{result.stderr[-3000:]}")
        return float(result.stdout.strip().splitlines()[-1])


def median_times(project: Path) -> tuple[float, float]:
    on, off = [], []
    for _ in range(RUNS):
        on.append(timed_build(project, "on"))
        off.append(timed_build(project, "off"))
    return statistics.median(on), statistics.median(off)


def make_corpus(destination: Path) -> Path:
    """The real site plus generated article pairs, each with one sample and its vector."""
    from hooks.samples import Sample, _iso  # the same derivation the build uses

    project = copy_project(destination)
    vectors_path = project / "data" / "totp-vectors.json"
    vectors = json.loads(vectors_path.read_text(encoding="utf-8"))
    time = "2026-01-01T00:00:00Z"
    for number in range(CORPUS_ARTICLES):
        account = f"reader{number}@example.com"
        sample = Sample(account=account, issuer="Tsubame", time=_parse_time(time))
        vectors["samples"].append({"account": account, "time": _iso(sample.time), "code": sample.code})
        languages = ((".md", f"記事 {number}", "手順を進めます。"), (".en.md", f"Article {number}", "Follow the step."))
        for suffix, title, step in languages:
            steps = "\n".join(f"{i}. {step}" for i in range(1, 5))
            (project / "docs" / f"bench-{number:03d}{suffix}").write_text(
                f"---\ndescription: {title}\nupdated: 2026-11-25\n---\n\n# {title}\n\n"
                f"## {title} A\n\n{steps}\n\n!!! note \"{title}\"\n    {step}\n\n"
                f"```totp-sample\naccount: {account}\ntime: {time}\n```\n\n## {title} B\n\n{step * 20}\n",
                encoding="utf-8",
            )
    vectors_path.write_text(json.dumps(vectors, ensure_ascii=False), encoding="utf-8")
    return project


def _parse_time(text: str):  # type: ignore[no-untyped-def]
    import datetime

    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def main() -> None:
    rows = []
    site_on, site_off = median_times(ROOT)
    rows.append(("real site (both languages)", site_on, site_off))
    with tempfile.TemporaryDirectory() as folder:
        corpus = make_corpus(Path(folder) / "corpus")
        pages = len(list((corpus / "docs").glob("*.md")))
        corpus_on, corpus_off = median_times(corpus)
        rows.append((f"corpus, {pages} pages ({CORPUS_ARTICLES} generated per language)", corpus_on, corpus_off))
    print(f"{'build':<52} {'hooks on':>9} {'hooks off':>9} {'ratio':>6}")
    for name, on, off in rows:
        print(f"{name:<52} {on:>8.2f}s {off:>8.2f}s {on / off:>6.2f}")


if __name__ == "__main__":
    main()
