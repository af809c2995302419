"""hooks/prebuild.py: what the hooks generate, written for a build without hooks (Zensical), is what
the hook build shows: the same sample QR codes, the same figures and test-vector tables."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.sites import ROOT, article_names, copy_project

FIGURE = re.compile(r'<figure class="help-sample".*?</figure>', re.S)
VECTORS = re.compile(r'<div class="help-vectors">.*?</div>', re.S)


def prebuild(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hooks.prebuild", str(out)], cwd=project, capture_output=True,
                          text=True, check=False, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("prebuilt")
    result = prebuild(ROOT, out)
    assert result.returncode == 0, result.stderr
    pages = str(len(article_names()))  # every article, in each language
    assert re.findall(r": (\d+) pages", result.stdout) == [pages, pages]
    return out


def svgs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.glob("*.svg")}


def test_it_draws_the_same_sample_qr_codes_as_the_hook_build(built_site: Path, prebuilt: Path) -> None:
    drawn = svgs(built_site / "assets" / "samples")
    assert drawn
    assert svgs(prebuilt / "ja" / "docs" / "assets" / "samples") == drawn
    assert svgs(prebuilt / "en" / "docs" / "assets" / "samples") == drawn


@pytest.mark.parametrize("language", ["ja", "en"])
def test_it_writes_the_same_vector_tables_and_sample_figures_as_the_hook_build(
        built_site: Path, prebuilt: Path, language: str) -> None:
    site = built_site / ("en" if language == "en" else "")
    docs = prebuilt / language / "docs"
    assert VECTORS.findall((docs / "test-vectors.md").read_text(encoding="utf-8")) == VECTORS.findall(
        (site / "test-vectors.html").read_text(encoding="utf-8"))
    for page in ("get-secret-key", "set-up-2fa", "new-device-with-key"):
        built = FIGURE.findall((site / f"{page}.html").read_text(encoding="utf-8"))
        written = FIGURE.findall((docs / f"{page}.md").read_text(encoding="utf-8"))
        assert built, page
        # the hook build puts English pages in /en/, so their QR codes are one folder up
        assert [figure.replace('src="../assets/', 'src="assets/') for figure in built] == written


def test_every_setting_is_filled_and_each_language_has_its_own_config(prebuilt: Path) -> None:
    pages = list((prebuilt / "en" / "docs").glob("*.md")) + list((prebuilt / "ja" / "docs").glob("*.md"))
    assert [page.name for page in pages if "{{" in page.read_text(encoding="utf-8")] == []
    assert "Tsubame" in (prebuilt / "en" / "docs" / "why-2fa.md").read_text(encoding="utf-8")
    config = yaml.safe_load((prebuilt / "en" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (prebuilt / "en" / config["INHERIT"]).resolve() == ROOT / "mkdocs.yml"
    assert (prebuilt / "en" / config["theme"]["custom_dir"]).resolve() == ROOT / "overrides"
    assert config["theme"]["language"] == "en" and config["site_name"] == "Tsubame Help Center"
    assert {"Getting started": ["why-2fa.md", "secret-key.md", "get-secret-key.md", "set-up-2fa.md",
                                "sync-and-passkeys.md"]} in config["nav"]
    assert set(config["extra"]["help"]["catalog"]) == {"ja", "en"}
    assert [alt["link"] for alt in config["extra"]["alternate"]] == ["/", "/en/"]


def test_a_wrong_vector_or_an_unknown_setting_stops_it_as_it_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    vectors = project / "data" / "totp-vectors.json"
    vectors.write_text(vectors.read_text(encoding="utf-8").replace('"755224"', '"755225"', 1), encoding="utf-8")
    result = prebuild(project, tmp_path / "out")
    assert result.returncode != 0 and "test vector mismatch" in result.stderr, result.stderr
    vectors.write_text(vectors.read_text(encoding="utf-8").replace('"755225"', '"755224"', 1), encoding="utf-8")
    page = project / "docs" / "why-2fa.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ sevice_name }}\n", encoding="utf-8")
    result = prebuild(project, tmp_path / "out")
    line = len(page.read_text(encoding="utf-8").split("\n")) - 1
    assert result.returncode != 0, result.stdout
    assert f"docs/why-2fa.en.md:{line}: unknown setting '{{{{ sevice_name }}}}'" in result.stderr
