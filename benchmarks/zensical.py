"""Zensical, Material's successor, on a copy of the project: what builds, what fails, how fast.

    .venv/bin/python -m benchmarks.zensical

Not a gate: it measures how far the move off Material is (README, "Moving off Material"). Zensical
(pinned in ``benchmarks/zensical-requirements.txt``) goes into its own virtualenv, ``.venv-zensical``,
made here on first use (never by ``bin/test``). On a copy of the project it runs ``zensical build``
on mkdocs.yml as it is, then ``python -m hooks.prebuild`` and ``zensical build`` per language; a
template that fails is noted and taken out of the copy's overrides (Zensical then uses its own) until
the build passes, so every failing template is listed. The built pages are then checked for each
feature the MkDocs build gives, and ``hooks/contract.py`` checks each adapter against Zensical's
templates: the checklist of the move.
"""

from __future__ import annotations

import hashlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from devtools.site_build import ROOT, copy_project
from devtools.site_build import build as mkdocs_build
from hooks import contract

REQUIREMENTS = ROOT / "benchmarks" / "zensical-requirements.txt"
VENV = ROOT / ".venv-zensical"
RUNS = 3
INNERMOST = re.compile(r"\(in ([\w./-]+):(\d+)\)")
NOT_RUN = (
    ("the writer checks: both languages and their structure, typed keys and figures, labels, front matter",
     "hooks/translations.py, prose.py, labels.py, article.py: MkDocs events; run `mkdocs build --strict`"),
    ("English pages marked out of date when the Japanese one changed", "page context of hooks/staleness.py"),
    ("`serve`: every mistake on every rebuild, a saved hook restarts it, 0.1 s polling",
     "hooks/serve.py patches `mkdocs serve`; Zensical has its own server"),
)
"""What the MkDocs build gives that no page shows, and so cannot be checked on Zensical's output:
nothing runs it there."""


@dataclass
class Figures:
    version: str
    as_is: str
    prebuild_seconds: float = 0.0
    prebuilt_pages: int = 0
    mkdocs_seconds: float = 0.0
    pages: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    failing: list[str] = field(default_factory=list)
    features: list[tuple[str, bool, str]] = field(default_factory=list)
    adapters: dict[str, list[str]] = field(default_factory=dict)


def zensical() -> Path:
    """The virtualenv's zensical command, installed again only when the pins change."""
    stamp = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]
    marker = VENV / ".installed"
    if not marker.is_file() or marker.read_text(encoding="utf-8") != stamp:
        print(f"setup: installing Zensical ({REQUIREMENTS.name}) into {VENV.name}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(REQUIREMENTS)], check=True)
        marker.write_text(stamp, encoding="utf-8")
    return VENV / "bin" / "zensical"


def run() -> Figures:
    command = zensical()
    version = _output([str(command), "--version"], ROOT).strip()
    templates = Path(_output([str(VENV / "bin" / "python"), "-c", "import os, zensical_ui; "
                              "print(os.path.dirname(zensical_ui.__file__))"], ROOT).strip()) / "templates"
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        as_is = subprocess.run([str(command), "build"], cwd=project, capture_output=True, text=True, check=False)
        figures = Figures(version, "builds" if as_is.returncode == 0 else _error(as_is.stderr))
        started = time.perf_counter()
        mkdocs_build(project, Path(folder) / "mkdocs-site")
        figures.mkdocs_seconds = time.perf_counter() - started
        prebuilt = project / "prebuilt"
        started = time.perf_counter()
        written = subprocess.run([sys.executable, "-m", "hooks.prebuild", str(prebuilt)], cwd=project, check=True,
                                 capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})
        figures.prebuild_seconds = time.perf_counter() - started
        figures.prebuilt_pages = sum(int(found) for found in re.findall(r": (\d+) pages", written.stdout))
        sites = {}
        for language in sorted(path.name for path in prebuilt.iterdir()):
            site = _build_language(command, project, prebuilt / language, figures, language)
            if site is not None:
                sites[language] = site
        figures.features = features(sites)
    figures.adapters = contract.theme_checks(templates)
    return figures


def _build_language(command: Path, project: Path, folder: Path, figures: Figures, language: str) -> Path | None:
    """Build one language, taking out each override template that fails; the site, or None."""
    for _ in range(20):
        result = subprocess.run([str(command), "build", "-f", "mkdocs.yml"], cwd=folder, capture_output=True,
                                text=True, check=False)
        if result.returncode == 0:
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                subprocess.run([str(command), "build", "-f", "mkdocs.yml"], cwd=folder, capture_output=True,
                               check=True)
                times.append(time.perf_counter() - started)
            figures.seconds[language] = statistics.median(times)
            figures.pages[language] = len(list((folder / "site").rglob("*.html")))
            return folder / "site"
        ours = [found for found in INNERMOST.findall(result.stderr) if (project / "overrides" / found[0]).is_file()]
        if not ours:
            figures.failing.append(f"{language}: {_error(result.stderr)}")
            return None
        template, line = ours[-1]
        figures.failing.append(f"{language}: overrides/{template}:{line}: {_error(result.stderr)}")
        (project / "overrides" / template).unlink()
    return None


def features(sites: dict[str, Path]) -> list[tuple[str, bool, str]]:
    """Each feature of the MkDocs build: whether Zensical's pages have it, and what gives it today."""
    ja, en = sites.get("ja"), sites.get("en")
    if ja is None or en is None:
        return [("both languages build", False, "see the failing templates")]
    article = _read(ja / "get-secret-key.html")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', article, re.S)
    empty = re.search(r"data-search-empty.*?</ul>", article, re.S)
    qr = re.search(r'class="help-sample__qr" src="([^"]+)"', article)
    pages = [path for site in sites.values() for path in site.rglob("*.html")]
    return [
        ("both languages, `/` and `/en/` from NAME.md and NAME.en.md", True,
         "mkdocs-static-i18n; here hooks.prebuild writes one docs folder per language"),
        ("settings filled (`{{ service_name }}`, figures)", not any("{{" in _read(page) for page in pages),
         "hooks/settings.py; here hooks.prebuild"),
        ("sample keys with QR codes", bool(qr) and (ja / qr[1]).is_file() if qr else False,
         "hooks/samples.py; here hooks.prebuild"),
        ("RFC test-vector tables", 'class="help-vectors"' in _read(ja / "test-vectors.html"),
         "hooks/vectors.py; here hooks.prebuild"),
        ("our interface words (strings.html from the catalogs)", "Help center home" in _read(en / "404.html"),
         "config.extra.help: hooks/catalog.py; here hooks.prebuild"),
        ("the home page's search and way in (home.html)", "help-hero" in _read(ja / "index.html"),
         "overrides/home.html"),
        ("language offer and hreflang links", 'data-offer-language="en"' in article and 'hreflang="en"' in article,
         "extra.alternate: mkdocs-static-i18n; here hooks.prebuild"),
        ("article footer: updated date, related articles, demo link", "help-article-footer" in article,
         "page context of hooks/article.py (no hooks under Zensical)"),
        ("Was this helpful? (in the footer)", "data-feedback" in article, "the article footer"),
        ("search answered by our engine (search-worker.js)", bool(config) and "search-worker.js" in config[1],
         "search_config filter of hooks/search.py; Zensical has its own search UI and worker"),
        ("one search index per language with the readers' vocabulary",
         (ja / "search" / "search_index.json").is_file() and (en / "search" / "search_index.json").is_file(),
         "hooks/search.py splits the built index after the build"),
        ("the empty search's list of where to start", bool(empty) and "<li>" in empty[0],
         "partials/search.html reads MkDocs' nav.pages and File"),
        ("a sitemap per language with hreflang alternates", "xhtml:link" in _read(ja / "sitemap.xml"),
         "public_url filter and static-i18n's alternates, hooks/language_templates.py"),
    ]


def lines(figures: Figures) -> list[str]:
    """The BENCHMARKS.md section's lines after its heading."""
    rows = [f"`.venv/bin/python -m benchmarks.zensical` (also part of `bin/benchmark`): Zensical {figures.version} "
            "in `.venv-zensical` (`benchmarks/zensical-requirements.txt`; 0.1.3 and 0.1.4 need zensical-ui releases "
            "the registry does not have) on a copy of the project. Not a gate: the checklist of the move off "
            "Material, each ✗ a task.\n",
            "| build | pages | time |", "|---|---|---|",
            f"| `zensical build` on `mkdocs.yml` as it is | 0 | fails: {figures.as_is} |",
            f"| `python -m hooks.prebuild OUTDIR` (both languages) | "
            f"{figures.prebuilt_pages} written | {figures.prebuild_seconds:.2f} s |"]
    rows += [f"| `zensical build -f OUTDIR/{language}/mkdocs.yml` (median of {RUNS}) | {figures.pages[language]} | "
             f"{figures.seconds[language]:.2f} s |" for language in figures.pages]
    rows.append(f"| `mkdocs build --strict`, both languages, for comparison | | {figures.mkdocs_seconds:.2f} s |")
    rows += ["", "Templates that fail under Zensical after the prebuild: "
             + ("; ".join(f"`{failure}`" for failure in figures.failing) if figures.failing else "none ✓") + ".\n",
             "| feature of the MkDocs build | under Zensical | comes from |", "|---|---|---|"]
    rows += [f"| {name} | {'✓' if ok else '✗'} | {source} |" for name, ok, source in figures.features]
    rows += [f"| {name} | ✗ | {source} |" for name, source in NOT_RUN]
    rows += ["", "| adapter (`hooks/contract.py` on Zensical's templates) | holds | first problem |", "|---|---|---|"]
    rows += [f"| {name} | {'✓' if not problems else f'✗ {len(problems)}'} | "
             f"{problems[0].replace('|', '/')[:160] if problems else ''} |"
             for name, problems in figures.adapters.items()]
    return rows


def _error(stderr: str) -> str:
    last = next((line for line in reversed(stderr.strip().splitlines()) if line.strip()), "no message")
    return last.removeprefix("RuntimeError: ").replace("|", "/")[-300:]


def _output(command: list[str], cwd: Path) -> str:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True).stdout


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def main() -> None:
    print("## Zensical, Material's successor\n")
    print("\n".join(lines(run())))


if __name__ == "__main__":
    main()
